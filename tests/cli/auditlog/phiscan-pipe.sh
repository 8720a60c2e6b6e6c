# phiscan piped into auditlog (record mode): one event per scanned
# document with its path and phi score, confidence and counts, never a
# value; the report counts the high-risk one.
. "$CASE_DIR/lib.sh"
newlog L >/dev/null || exit 1
cp "$top_srcdir/examples/"*.txt .
"$PHISCAN" --format jsonl discharge-note.txt clean.txt |
	"$AUDITLOG" append --log L --actor ci --action phi_scan --format text - | cut -c1-9
echo "exit $?"
"$AUDITLOG" query --log L --action phi_scan --format jsonl |
	python3 -c 'import json,sys
for l in sys.stdin:
    e=json.loads(l); p=e["phi"]
    print(e["target"]["path"], type(p["score"]).__name__, p["confidence"] in ("high","medium","low"), sorted(p["counts"])[:1], e["data"]["kind"])'
! grep -q 'masked\|excerpt' L/seg/*.jsonl && echo "no finding stored"
"$AUDITLOG" report --log L --format json | grep -o '"risk":{[^}]*}' |
	sed 's/"high":1,"medium":0/"high|medium":1/; s/"high":0,"medium":1/"high|medium":1/'
"$AUDITLOG" append --log L --actor ci --action x --data '{}' in.jsonl
echo "exit $?"
