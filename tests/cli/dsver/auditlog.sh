# --audit DIR naming an auditlog(1) log: snapshot, tag and gc events are
# stored there durably (auditlog assigns time, seq, prev and hash) and
# the log verifies; a log that cannot take the event refuses the action
# before anything is done (fail closed), and so does a directory that is
# not a log.
. "$CASE_DIR/lib.sh"
mkdata
"$AUDITLOG" init log >/dev/null || exit 99
ds init data >/dev/null
ds -s data/.dsver snapshot data --tag v1 --audit log >/dev/null
ds -s data/.dsver tag v1 release --audit log >/dev/null
ds -s data/.dsver gc --audit log >/dev/null
"$AUDITLOG" query --log log --format jsonl | sed 1d |
	jq -c '{seq, actor, action, outcome, target: .target.type}'
"$AUDITLOG" verify --log log >/dev/null
echo "verify: exit $?"
echo "-- fail closed"
seg=$(ls log/seg/*.jsonl | tail -n 1)
printf '{"torn' >>"$seg"
echo change >>data/a.txt
st ds -s data/.dsver snapshot data --audit log 2>&1 |
	sed 's/at byte [0-9]*/at byte N/'
ds -s data/.dsver log --format jsonl | wc -l
mkdir notalog
st ds -s data/.dsver snapshot data --audit notalog 2>&1 | norm
ds -s data/.dsver log --format jsonl | wc -l
