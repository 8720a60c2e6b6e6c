# --audit DIR naming an auditlog(1) log: each lifecycle action's event is
# stored there durably (auditlog assigns time, seq, prev and hash) and the
# log verifies; a log that cannot be written refuses the action before
# anything is done (fail closed).
. "$CASE_DIR/lib.sh"
"$AUDITLOG" init log >/dev/null || exit 99
kr init --audit log
printf 'x\n' >a.txt
kr encrypt a.txt
kr rotate --audit log
st kr rewrap --audit log a.txt
"$AUDITLOG" query --log log --format jsonl | sed 1d |
	jq -c '{seq, actor, action, outcome, target, data}'
"$AUDITLOG" verify --log log >/dev/null
echo "verify: exit $?"
echo "-- fail closed"
seg=$(ls log/seg/*.jsonl | tail -n 1)
printf '{"torn' >>"$seg"
kr rotate --audit log 2>&1 | sed 's/at byte [0-9]*/at byte N/'
kr status --format text
st kr rotate --audit no-such-log/
