# --verify scans the output again: exit 1 when a finding of a redacted
# type survives (here one a reviewer deleted from the findings file), 0
# when none does; --fail-on raises the bar.
. "$CASE_DIR/lib.sh"
fixture note.txt
pr --verify note.txt >/dev/null; echo "exit $?"
ps --format jsonl note.txt >all.jsonl
grep -v '"type":"SSN"' all.jsonl >reviewed.jsonl
pr --verify --findings reviewed.jsonl note.txt >o.txt; echo "exit $?"
sed -n 3p o.txt
pr --verify --fail-on high --findings reviewed.jsonl note.txt >/dev/null; echo "exit $?"
grep -v '"type":"EMAIL"' all.jsonl >reviewed2.jsonl
pr --verify --fail-on medium --findings reviewed2.jsonl note.txt >/dev/null; echo "exit $?"
