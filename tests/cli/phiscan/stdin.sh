# Standard input: no path, or "-"; the path shows as "-".
. "$CASE_DIR/lib.sh"
fixture note.txt clean.txt
st ps --format text <note.txt
st ps --format text - <note.txt
st ps --format jsonl - clean.txt <note.txt
st ps </dev/null
