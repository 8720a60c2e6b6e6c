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
