# ingest-fast: ingest reads most lines without jansson (eventfast.c);
# every line it does not take goes the old way.  Accepted events are
# stored byte for byte as written (escapes, unicode, spacing, numbers);
# every rejection names the same line, column and reason as before.  The
# expected stderr was written by the jansson-only ingest.
. "$CASE_DIR/lib.sh"
H='"eventTime":"2026-01-01T00:00:00Z","producer":"https://x.org/p","schemaURL":"https://x.org/s"'
R='"run":{"runId":"0190e0a4-1d2f-7c3a-9a1b-2b3c4d5e6f70"}'
J='"job":{"namespace":"n","name":"j"}'
F='{"_producer":"a:b","_schemaURL":"a:b"}'
{
	# the bench's shape, then facets, reals, escapes, raw unicode, space
	printf '{"eventType":"COMPLETE",%s,%s,%s,"inputs":[{"namespace":"s3://lake","name":"d1"}],"outputs":[{"namespace":"s3://lake","name":"d2"}]}\n' "$H" "$R" "$J"
	printf '{%s,%s,"job":{"namespace":"n","name":"j","facets":{"sql":%s}},"outputs":[{"namespace":"n","name":"e","facets":{"version":{"_producer":"a:b","_schemaURL":"a:b","datasetVersion":"v7"}},"outputFacets":{"s":{"_producer":"a:b","_schemaURL":"a:b","rows":12345678901234567,"r":-1.5e-3,"n":null,"b":[true,false,{}]}}}]}\n' "$H" "$R" "$F"
	printf ' { %s , %s , "job" : { "namespace" : "caf\303\251" , "name" : "\\u00e9\\n\\"q\\"" } , "x":"\\ud83d\\ude00\\u0000" }\t\r\n' "$H" "$R"
	printf '\n'
	printf '{%s,%s,"run":{"runId":"0190e0a4-1d2f-7c3a-9a1b-2b3c4d5e6f71","facets":{"gone":{"_deleted":true}}}}\n' "$H" "$J"
} >good.jsonl
lg ingest good.jsonl; echo "exit $?"
# stored as written: the lines minus the blank one and the '\r'
tr -d '\r' <good.jsonl | grep -v '^$' | cmp - .lineage/events.jsonl && echo "stored byte for byte"
lg verify
cp .lineage/events.jsonl before.jsonl
bad() { # bad LINE: good.jsonl plus LINE must fail with the old message
	{ cat good.jsonl; printf '%s\n' "$1"; } >in.jsonl
	lg ingest in.jsonl; echo "exit $?"
	cmp -s before.jsonl .lineage/events.jsonl || echo "log changed"
}
# not JSON, or not what jansson takes
bad '{"a":1,}'
bad '{"a" 1}'
bad '{"a":01}'
bad '{"a":1.}'
bad '{"a":truex}'
bad '{} x'
bad '[1]'
bad "$(printf '{"a":"\001"}')"
bad '{"a":"\x"}'
bad '{"a":"\ud800"}'
bad '{"a":"\udc00"}'
bad '{"a\u0000":1}'
bad "$(printf '{"a":"\355\240\200"}')"
bad '{"a":1,"\u0061":2}'
bad '{"o":{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"a":10}}'
bad '{"a":9223372036854775808}'
bad '{"a":-9223372036854775809}'
bad '{"a":1e309}'
bad "{\"a\":$(printf '%02049d' 0 | sed 's/0/[/g')$(printf '%02049d' 0 | sed 's/0/]/g')}"
# events the check refuses, however they are spelled
bad "{\"eventType\":\"START\\u0000x\",$H,$R,\"job\":{\"namespace\":\"n\"}}"
bad "{\"eventType\":\"BEGIN\",$H,$R,$J}"
bad "{$H,\"run\":{\"runId\":\"0190e0a4-1d2f-7c3a-9a1b-2b3c4d5e6f7\\u0030\"},\"job\":{\"name\":\"j\"}}"
bad "{$H,$R,\"job\":{\"namespace\":\"n\",\"name\":1}}"
bad "{$H,$R,$J,\"inputs\":[{\"namespace\":\"n\",\"name\":\"d\",\"inputFacets\":{\"q\":{\"_deleted\":false}}}]}"
bad "{$H,$R,$J,\"outputs\":[{\"namespace\":\"n\",\"name\":\"d\"},7]}"
bad "{$H,$R,$J,$R}"
# an escape in a checked string is left to jansson, which decodes it:
# "a\u003ab" is "a:b", a URI
printf '{"eventTime":"2026-01-01T00:00:00Z","producer":"a\\u003ab","schemaURL":"a:b",%s,%s}\n' "$R" "$J" >esc.jsonl
lg ingest esc.jsonl; echo "exit $?"
tail -n 1 .lineage/events.jsonl | cmp - esc.jsonl && echo "stored as written"
cp .lineage/events.jsonl before.jsonl
# a file over 1 MiB (threads): the first bad line is named, even one
# the fast path would have taken had it come first
i=0
while [ $i -lt 5000 ]; do
	[ $i -eq 3000 ] && printf '{"eventType":"START",%s,%s,"job":{"namespace":"k","name":"j","facets":{"x":{"_producer":"a:b"}}}}\n' "$H" "$R"
	[ $i -eq 4000 ] && echo '{"eventType":"START","oops":'
	printf '{"eventType":"COMPLETE",%s,"run":{"runId":"00000000-0000-4000-8000-%012d"},"job":{"namespace":"k","name":"j%d"},"inputs":[{"namespace":"k","name":"d%d"}],"outputs":[{"namespace":"k","name":"d%d"}],"pad":"%0150d"}\n' "$H" $i $i $i $((i + 1)) 0
	i=$((i + 1))
done >big.jsonl
lg ingest big.jsonl; echo "exit $?"
cmp -s before.jsonl .lineage/events.jsonl || echo "log changed"
grep -v 'oops\|"x":{"_producer":"a:b"}' big.jsonl >ok.jsonl
lg ingest ok.jsonl; echo "exit $?"
lg verify
lg upstream dataset:k:d4999 --depth 2 --format text
