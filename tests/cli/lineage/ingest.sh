# ingest: events of other producers are checked and appended all or
# nothing; a bad one is named with its file, line and what is wrong, and
# the log is left as it was.
. "$CASE_DIR/lib.sh"
F=$top_srcdir/tests/cli/lineage/fixtures/spark.jsonl
lg ingest "$F"; echo "exit $?"
lg upstream dataset:s3://lake:clean/visits --format text
cp .lineage/events.jsonl before.jsonl
bad() { # bad NAME: ingest good lines plus bad.jsonl, expect exit 2 and no change
	cat "$F" bad.jsonl >in.jsonl
	lg ingest in.jsonl; echo "exit $?"
	cmp -s before.jsonl .lineage/events.jsonl || echo "log changed"
}
sed 's/"eventType":"START"/"eventType":"BEGIN"/' "$F" | head -n 1 >bad.jsonl; bad
sed 's/"runId":"[^"]*"/"runId":"r1"/' "$F" | head -n 1 >bad.jsonl; bad
sed 's/"eventTime":"[^"]*"/"eventTime":"yesterday"/' "$F" | head -n 1 >bad.jsonl; bad
sed 's/"producer":"[^"]*"/"producer":"not a uri"/' "$F" | head -n 1 >bad.jsonl; bad
sed 's/"job":{"namespace":"spark",/"job":{/' "$F" | head -n 1 >bad.jsonl; bad
sed 's/"_producer":"[^"]*",//' "$F" | tail -n 1 >bad.jsonl; bad
printf '{"eventTime":"2026-01-01T00:00:00Z","producer":"a:b","schemaURL":"a:b","dataset":{"namespace":"n","name":"x"}}\n' >bad.jsonl; bad
printf '{"eventType":"START",\n' >bad.jsonl; bad
printf '[1]\n' >bad.jsonl; bad
printf '{"a":"\377"}\n' >bad.jsonl; bad
printf '{"a":1,"a":2}\n' >bad.jsonl; bad
lg ingest no-such.jsonl; echo "exit $?"
lg ingest - <"$F"; echo "exit $?"
lg verify
# a file over 1 MiB is checked on several threads: the first bad line
# is still the one named, and nothing is appended
i=0
while [ $i -lt 6000 ]; do
	[ $i -eq 4000 ] && echo '{"eventType":"START","oops":'
	[ $i -eq 5000 ] && echo '[5000]'
	printf '{"eventType":"COMPLETE","eventTime":"2026-01-01T00:00:00Z","run":{"runId":"00000000-0000-4000-8000-%012d"},"job":{"namespace":"k","name":"j%d"},"inputs":[{"namespace":"k","name":"d%d"}],"outputs":[{"namespace":"k","name":"d%d"}],"producer":"https://example.com/p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent","pad":"%0100d"}\r\n' $i $i $i $((i + 1)) 0
	i=$((i + 1))
done >big.jsonl
lg ingest big.jsonl; echo "exit $?"
grep -v 'oops\|5000\]' big.jsonl >ok.jsonl
lg ingest ok.jsonl; echo "exit $?"
lg verify
