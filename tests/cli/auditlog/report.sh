# report: md and json summaries; csv export with header rows under its
# default name; one self-contained html file (inline SVG, no scripts or
# fetches); a log that fails verification makes the report say so and
# exit 1.
. "$CASE_DIR/lib.sh"
demolog L
"$AUDITLOG" checkpoint --log L >/dev/null
"$AUDITLOG" verify --log L >/dev/null
export COMPLYKIT_NOW=2026-11-22T12:00:00Z
st "$AUDITLOG" report --log L --by 'Casey Auditor' --format md
"$AUDITLOG" report --log L --by 'Casey Auditor' --format json | python3 -m json.tool --sort-keys | grep -v checkpoint_age
st "$AUDITLOG" report --log L --by '=cmd' --since 2026-11-21 --format csv
ls complykit-audit-*
cat complykit-audit-2026-11-21_to_2026-11-22.csv
"$AUDITLOG" report --log L --actor u0 --since 2026-11-22 --format csv -o - | sed -n 3p
"$AUDITLOG" report --log L -o r.html
echo "exit $?"
grep -c '<svg' r.html
grep -ci '<script\|src=\|href=' r.html
grep -o 'Integrity<b class="[a-z]*">[a-z]*' r.html
# a tampered log: the report says FAILED and exits 1
sed -i '3s/"u1"/"u2"/' L/seg/00000000000000000001.jsonl
"$AUDITLOG" report --log L --verify -o r.html
echo "exit $?"
grep -o 'Integrity<b class="[a-z]*">[A-Za-z]*' r.html
grep -o '<td>Finding</td><td>[^<]*' r.html
st "$AUDITLOG" report --log L --format pdf
