# import: takes back every export -- OpenLineage JSON Lines, the OCI
# layout, PROV-JSON, DOT -- into a fresh store giving the same graph
# (export again, the same DOT; the same query answers); importing twice
# adds nothing (identity: run id, event type, event time); bad input is
# refused with its place, exit 2, and the store left as it was.
. "$CASE_DIR/lib.sh"
lg record --job etl/clean --run-id $R1 --inputs s3://lake/raw --outputs 's3://lake/cle"an' >/dev/null
echo '{"kind":"snapshot","id":"feedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeed","source":"s3://lake/cle\"an"}' |
	lg run --job ml/train --run-id $R2 --inputs - --outputs s3://m/model -- true >/dev/null
lg record --job ml/eval --run-id $R3 --inputs s3://m/model,s3://lake/holdout --outputs s3://r/report --status fail >/dev/null
lg export >e.jsonl
lg export --format dot >e.dot
lg export --format prov >e.prov
lg export --format oci -o e.oci >/dev/null
queries() {
	for n in dataset:s3://lake:raw dataset:s3://m:model job:ml:train run:$R2; do
		lg -s "$1" upstream "$n" --format jsonl | LC_ALL=C sort
		lg -s "$1" downstream "$n" --format jsonl | LC_ALL=C sort
	done
	lg -s "$1" impact dataset:s3://lake:raw --format jsonl | LC_ALL=C sort
	lg -s "$1" impact 'dataset:s3://lake:cle"an' --dataset-version feedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeed --format jsonl | LC_ALL=C sort
	lg -s "$1" path dataset:s3://lake:raw dataset:s3://r:report --format jsonl
}
queries .lineage >want.txt
for f in jsonl oci prov dot; do
	rm -rf "s.$f"
	lg -s "s.$f" import "e.$f" --format text; echo "exit $?"
	lg -s "s.$f" import "e.$f" --format text; echo "exit $?"
	lg -s "s.$f" export --format dot | cmp - e.dot && echo "$f: the same DOT"
	queries "s.$f" | cmp - want.txt && echo "$f: the same answers"
	lg -s "s.$f" verify --format text
done
# what the graph formats carry is the latest event of each run, and the
# events made from them validate against the OpenLineage schemas
lg -s s.dot export | wc -l
validate s.dot/events.jsonl s.prov/events.jsonl; echo "exit $?"
# the graph formats imported into the store they came from: all known
lg import e.dot e.prov --format jsonl
# --from names the format; a wrong one is refused
lg -s s.x import --from prov e.dot; echo "exit $?"
lg -s s.x import --from oci e.dot; echo "exit $?"
lg -s s.x import --from dot e.oci; echo "exit $?"
lg import --from yaml e.dot; echo "exit $?"
# standard input
lg -s s.stdin import <e.prov --format text
# damaged layouts: a changed byte, a lost blob, no index, a bad digest
cp -r e.oci bad1 && chmod -R u+w bad1
l=$(ls bad1/blobs/sha256 | while read -r b; do [ "$(wc -c <"bad1/blobs/sha256/$b")" -gt 1000 ] && echo "$b"; done | head -1)
printf 'X' | dd of="bad1/blobs/sha256/$l" bs=1 seek=100 conv=notrunc 2>/dev/null
lg -s s.bad import bad1 2>&1 | sed 's/[0-9a-f]\{64\}/H/g'
cp -r e.oci bad2 && chmod -R u+w bad2 && rm bad2/blobs/sha256/44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
lg -s s.bad import bad2 2>&1
cp -r e.oci bad3 && chmod -R u+w bad3 && rm bad3/index.json
lg -s s.bad import bad3 2>&1
cp -r e.oci bad4 && chmod -R u+w bad4 && sed -i 's/"digest":"sha256:[0-9a-f]*"/"digest":"sha256:00"/' bad4/index.json
lg -s s.bad import bad4 2>&1
cp -r e.oci bad5 && chmod -R u+w bad5 && truncate -s -10 "bad5/blobs/sha256/$l"
lg -s s.bad import bad5 2>&1 | sed -e 's/[0-9a-f]\{64\}/H/g' -e 's/[0-9]* bytes, its descriptor says [0-9]*/N bytes, its descriptor says N+10/'
# foreign and malformed files
printf 'digraph g { a -> b }\n' >foreign.dot
printf 'graph g { a -- b }\n' >undirected.dot
printf 'digraph { subgraph s { a } }\n' >sub.dot
printf 'digraph { "a" [lineage_kind="run"]; }\n' >norun.dot
printf 'digraph { "a\0" }\n' >nul.dot
printf '{"prefix":{"ex":"http://example.org/"},"entity":{"ex:a":{}}}\n' >foreign.prov
printf '{"prefix":{"l":"urn:complykit:lineage:"},"wasDerivedFrom":{}}\n' >derived.prov
printf '{"eventType":"START"\n' >trunc.jsonl
printf '{"eventType":"\377"}\n' >utf8.jsonl
head -c 300000 /dev/zero | tr '\0' 'a' | sed 's/^/{"x":"/; s/$/"}/' >huge.jsonl
for f in foreign.dot undirected.dot sub.dot norun.dot nul.dot foreign.prov derived.prov trunc.jsonl utf8.jsonl huge.jsonl; do
	lg -s s.bad import "$f"; echo "exit $?"
done
# a bad operand after a good one: nothing at all is imported
lg -s s.bad import e.jsonl foreign.dot; echo "exit $?"
[ -s s.bad/events.jsonl ] && echo "half imported" || echo "nothing imported"
