# run: start and outcome are logged around the command; its exit status
# is passed on; when the log cannot be written the command does not run.
. "$CASE_DIR/lib.sh"
# durations differ from run to run, and so do the hashes over them
mask() {
	sed -e 's/"duration_ms":[0-9]*/"duration_ms":D/' \
	    -e 's/"\(hash\|prev\)":"[0-9a-f]*"/"\1":H/g' \
	    -e 's/root [^ ]*$/root R/' -e 's/at byte [0-9]*/at byte B/'
}
newlog L || exit 1
"$AUDITLOG" run --log L --action backup --actor ops -- sh -c 'echo ran; exit 3'
echo "exit $?"
"$AUDITLOG" run --log L --action backup -o events.jsonl -- true
echo "exit $?"
mask <events.jsonl
tail -n 4 L/seg/*.jsonl | sed 's/"duration_ms":[0-9]*/"duration_ms":D/' |
	grep -o '"action":"backup".*"outcome":"[a-z]*"' | sed 's/"hash":"[0-9a-f]*",//'
# fail closed: a torn log (or a full disk) refuses the command
printf '{"torn' >>L/seg/00000000000000000001.jsonl
{ st "$AUDITLOG" run --log L --action deploy -- sh -c 'echo SHOULD NOT RUN'; } 2>&1 | mask
"$AUDITLOG" recover --log L >/dev/null
(ulimit -f 0; "$AUDITLOG" run --log L --action deploy -- sh -c 'echo SHOULD NOT RUN')
echo "exit $?"
st "$AUDITLOG" run --log L --action x -- /nonexistent/cmd
{ st "$AUDITLOG" verify --log L --format text; } | mask
