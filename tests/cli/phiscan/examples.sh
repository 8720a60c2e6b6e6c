# The README's first command: the bundled example note trips the gate with
# the default rule packs, the clean example does not, and no value of the
# note appears in the output.
. "$CASE_DIR/lib.sh"
ex=$top_srcdir/examples
"$PHISCAN" --format jsonl "$ex/discharge-note.txt" >note.jsonl
echo "note: exit $?"
for t in SSN MRN DATE NAME PHONE; do
	grep -q "\"type\":\"$t\"" note.jsonl && echo "found $t"
done
for v in 412-67-3190 40817356 Okonkwo Larkspur 555-2718; do
	grep -q -- "$v" note.jsonl && echo "LEAK $v"
done
"$PHISCAN" --format jsonl "$ex/clean.txt" >clean.jsonl
echo "clean: exit $?"
grep -c '"kind":"finding"' clean.jsonl
# a fingerprint key was created on first use, private to the user
ls -l "$HOME/.config/complykit/fingerprint.key" | cut -c1-10
wc -c <"$HOME/.config/complykit/fingerprint.key" | tr -d ' '
# uninstalled and without COMPLYKIT_DATADIR (README command 1): the rule
# packs and name lists are found beside the build
(unset COMPLYKIT_DATADIR; "$PHISCAN" --fail-on never --format jsonl "$ex/discharge-note.txt") |
	grep -c '"kind":"finding"'
