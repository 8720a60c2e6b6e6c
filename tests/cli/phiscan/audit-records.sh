# --audit DIR with --jsonl: one event per record (target "record": the
# input's path, the line number, the SHA-256 of the line as read), never
# a value; from a file and from standard input; more records than one
# batch of events; a log that cannot be written fails the run closed.
. "$CASE_DIR/lib.sh"
"$AUDITLOG" init log >/dev/null || exit 99
{
	printf '{"id":1,"text":"SSN 219-09-9999 on file"}\n'
	printf '{"id":2,"text":"nothing here"}\n'
} >recs.jsonl
ps --jsonl --audit log --actor dana --fail-on never recs.jsonl >/dev/null
echo "scan: exit $?"
"$AUDITLOG" query --log log --format jsonl >events.jsonl
sed 1d events.jsonl | jq -c '{seq, actor, action, outcome,
	score: (.phi.score > 0), target: (.target | {type, path, line}),
	counts: .data.counts}'
line1=$(sed -n 1p recs.jsonl | tr -d '\n' | sha256sum | cut -c1-64)
sed -n 2p events.jsonl | jq -r --arg s "$line1" '.target.sha256 == $s'
grep -c '219-09-9999' events.jsonl
echo "-- standard input, 5000 records"
awk 'BEGIN { for (i = 1; i <= 5000; i++)
	printf "{\"id\":%d,\"text\":\"row %d\"}\n", i, i }' >many.jsonl
ps --audit log --actor dana --fail-on never <many.jsonl | wc -l
"$AUDITLOG" query --log log --format jsonl |
	jq -r 'select(.target.type == "record" and .target.path == "<stdin>")
		| .target.line' | sort -n | uniq | sed -n '1p;$p'
"$AUDITLOG" query --log log --format jsonl | sed 1d | wc -l
"$AUDITLOG" verify --log log >/dev/null
echo "verify: exit $?"
echo "-- fail closed"
seg=$(ls log/seg/*.jsonl | tail -n 1)
printf '{"torn' >>"$seg"
ps --jsonl --audit log --fail-on never recs.jsonl 2>&1 >/dev/null |
	sed 's/at byte [0-9]*/at byte N/'
ps --jsonl --audit log --fail-on never recs.jsonl >/dev/null 2>&1
echo "torn: exit $?"
