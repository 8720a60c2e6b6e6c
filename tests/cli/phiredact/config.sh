# A repository's .complykit.yaml governs phiredact as it governs phiscan:
# a value it allows is left alone (here an e-mail), per file and per
# record file; --no-config ignores it; a malformed one is file:line and
# exit 2 before any output.
. "$CASE_DIR/lib.sh"
mkdir -p repo/.git repo/sub other
cat >repo/.complykit.yaml <<'YAML'
version: 1
allow:
  - 'ada\.l@mailbox\.org'
YAML
fixture note.txt
cp note.txt repo/sub/
cp note.txt other/
pr repo/sub/note.txt | sed -n 3p
pr other/note.txt | sed -n 3p
pr --no-config repo/sub/note.txt | sed -n 3p
pr -o out repo other
for f in out/repo/sub/note.txt out/other/note.txt; do sed -n 3p "$f"; done
printf '{"text":"mail ada.l@mailbox.org"}\n' >repo/r.jsonl
pr --jsonl repo/r.jsonl | cut -c1-40
(cd repo/sub && pr <note.txt | sed -n 3p)
printf 'version: 1\nrules:\n  - id: broken\n    type: NOPE\n    pattern: x\n' >other/.complykit.yaml
pr other/note.txt
echo "exit $?"
