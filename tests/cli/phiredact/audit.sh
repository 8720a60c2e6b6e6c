# --audit DIR: one event per redacted document and per --reveal in an
# auditlog log (input and output SHA-256, policy, counts; never a value),
# stored before the output is written; a log that cannot be written stops
# the run with exit 2 and nothing more is written (fail closed).
. "$CASE_DIR/lib.sh"
fixture note.txt
keys
printf 'Nothing to see here.\n' >clean.txt
"$AUDITLOG" init log >/dev/null || exit 99
mkdir in && cp note.txt clean.txt in/
pr --audit log --actor dana -o out in
echo "tree: exit $?"
pr --audit log --mode encrypt --key key note.txt >enc.txt
echo "encrypt: exit $?"
pr --audit log --actor erin --reveal --key key enc.txt | cmp - note.txt
echo "reveal: exit $?"
"$AUDITLOG" query --log log --format jsonl >events.jsonl
# seq 1 is the log's own init event
sed 1d events.jsonl | jq -c --arg n "$(sha256sum <note.txt | cut -c1-64)" \
	--arg c "$(sha256sum <clean.txt | cut -c1-64)" \
	--arg e "$(sha256sum <enc.txt | cut -c1-64)" \
	--arg o "$(sha256sum <out/in/note.txt | cut -c1-64)" '{seq, actor,
	action, outcome, path: .target.path,
	in: (if .target.sha256 == $n then "note" elif .target.sha256 == $c
	     then "clean" elif .target.sha256 == $e then "enc" else "?" end),
	out: (if .data.output_sha256 == $o then "out/note"
	      elif .data.output_sha256 == $c then "clean"
	      elif .data.output_sha256 == $e then "enc"
	      elif .data.output_sha256 then "?" else null end),
	policy: .data.policy, counts: .data.counts,
	revealed: .data.values_revealed}'
# no value reaches the log
grep -c 'Lovelace\|219-09-9999\|40817356\|mailbox' events.jsonl
"$AUDITLOG" verify --log log >/dev/null
echo "verify: exit $?"
echo "-- usage"
st pr --actor dana note.txt
echo "-- fail closed"
st pr --audit missing-log note.txt
seg=$(ls log/seg/*.jsonl | tail -n 1)
printf '{"torn' >>"$seg"
pr --audit log -o out2 in
echo "torn, tree: exit $?"
ls out2 2>/dev/null | wc -l
pr --audit log --reveal --key key enc.txt
echo "torn, reveal: exit $?"
pr --audit log --in-place in/note.txt
echo "torn, in place: exit $?"
cmp in/note.txt note.txt && echo "in/note.txt untouched"
