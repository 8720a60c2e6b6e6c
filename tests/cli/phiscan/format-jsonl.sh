# JSON Lines: CONTRACT's finding records, a summary after each document.
. "$CASE_DIR/lib.sh"
fixture note.txt clean.txt
ps --format jsonl note.txt clean.txt
# -o writes the same bytes to a file; a write error is exit 2
ps -o out.jsonl note.txt clean.txt
echo "exit $?"
ps note.txt clean.txt | cmp - out.jsonl && echo same
if [ -w /dev/full ]; then
	ps note.txt >/dev/full 2>/dev/null
	echo "full exit $?"
else
	echo "full exit 2"
fi
