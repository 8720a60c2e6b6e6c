# Concurrent writers are serialised by the store's lock: 20 records and 2
# ingests at once leave every event whole.
. "$CASE_DIR/lib.sh"
F=$top_srcdir/tests/cli/lineage/fixtures/spark.jsonl
i=0
while [ $i -lt 20 ]; do
	"$LINEAGE" record --job p/j$i --inputs k://a/in --outputs k://a/o$i >/dev/null &
	i=$((i + 1))
done
"$LINEAGE" ingest "$F" >/dev/null &
"$LINEAGE" ingest "$F" >/dev/null &
wait
wc -l <.lineage/events.jsonl
lg verify
lg downstream dataset:k://a:in | grep -c '"kind":"dataset"'
