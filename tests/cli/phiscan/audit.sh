# --audit DIR: one event per document in an auditlog log (path, SHA-256,
# score, counts; never a value); --override lets a tripped gate pass only
# once its high-risk event is stored; a log that cannot be written fails
# the run closed (exit 2) whatever was found.
. "$CASE_DIR/lib.sh"
fixture note.txt clean.txt
"$AUDITLOG" init log >/dev/null || exit 99
ps --audit log --actor dana --format jsonl note.txt clean.txt >/dev/null
echo "scan: exit $?"
"$AUDITLOG" query --log log --format jsonl >events.jsonl
# seq 1 is the log's own init event
sed 1d events.jsonl | jq -c '{seq, actor, action, outcome, phi,
	path: .target.path, sha: (.target.sha256 == $n or .target.sha256 == $c),
	counts: .data.counts}' --arg n "$(sha256sum <note.txt | cut -c1-64)" \
	--arg c "$(sha256sum <clean.txt | cut -c1-64)"
# no matched value reaches the log
grep -c '219-09-9999\|40817356\|dana.diaz' events.jsonl
echo "-- override"
ps --audit log --actor dana --fail-on high \
	--override "synthetic fixture, ticket 7" note.txt >/dev/null
echo "override: exit $?"
"$AUDITLOG" query --log log --action phi_gate_override --format jsonl |
	jq -c '{actor, outcome, phi, data}'
"$AUDITLOG" query --log log --risk high --format jsonl | jq -c .action
"$AUDITLOG" verify --log log >/dev/null
echo "verify: exit $?"
echo "-- usage"
st ps --override "no log" note.txt
st ps --audit log --override "" note.txt
echo "-- fail closed"
st ps --audit missing-log clean.txt
seg=$(ls log/seg/*.jsonl | tail -n 1)
printf '{"torn' >>"$seg"
ps --audit log --fail-on never clean.txt >/dev/null
echo "torn, nothing found: exit $?"
ps --audit log --fail-on high --override "torn log" note.txt >/dev/null
echo "torn, override: exit $?"
