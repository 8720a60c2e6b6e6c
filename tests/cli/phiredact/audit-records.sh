# --audit DIR with --jsonl: one phi_redact event per record (target
# "record": path, line, SHA-256 of the line as read; data: policy, counts
# per type, SHA-256 of the record written), never a value; records from a
# file and auto-detected on standard input, more than one batch; a log
# that cannot be written stops the run before any record is written.
. "$CASE_DIR/lib.sh"
keys
"$AUDITLOG" init log >/dev/null || exit 99
{
	printf '{"id":1,"text":"SSN 219-09-9999 for Ada Lovelace"}\n'
	printf '{"id":2,"text":"Nothing to see here."}\n'
} >recs.jsonl
pr --audit log --actor dana --jsonl recs.jsonl >out.jsonl
echo "records: exit $?"
"$AUDITLOG" query --log log --format jsonl >events.jsonl
sed 1d events.jsonl | jq -c '{seq, actor, action, outcome,
	target: (.target | {type, path, line}), policy: .data.policy,
	redactions: .data.redactions, counts: .data.counts}'
# the hashes: of the line as read, of the record as written
in1=$(sed -n 1p recs.jsonl | tr -d '\n' | sha256sum | cut -c1-64)
out1=$(sed -n 1p out.jsonl | tr -d '\n' | sha256sum | cut -c1-64)
sed -n 2p events.jsonl | jq -r --arg i "$in1" --arg o "$out1" \
	'(.target.sha256 == $i) and (.data.output_sha256 == $o)'
grep -c 'Lovelace\|219-09-9999' events.jsonl
echo "-- standard input, 600 records"
awk 'BEGIN { for (i = 1; i <= 600; i++)
	printf "{\"id\":%d,\"text\":\"row %d\"}\n", i, i }' >many.jsonl
pr --audit log --actor dana <many.jsonl | wc -l
"$AUDITLOG" query --log log --format jsonl | sed 1d | wc -l
"$AUDITLOG" verify --log log >/dev/null
echo "verify: exit $?"
echo "-- fail closed"
seg=$(ls log/seg/*.jsonl | tail -n 1)
printf '{"torn' >>"$seg"
pr --audit log --jsonl recs.jsonl 2>&1 >torn.jsonl |
	sed 's/at byte [0-9]*/at byte N/'
wc -c <torn.jsonl
pr --audit log --jsonl -o kept.jsonl recs.jsonl 2>/dev/null
echo "torn, -o: exit $?"
test -e kept.jsonl || echo "no kept.jsonl"
