# An output that cannot be written is exit 2 with the path, and leaves no
# partial file; other outputs of the run are complete.
. "$CASE_DIR/lib.sh"
fixture note.txt
touch notadir
st pr -o notadir/sub/out.txt note.txt
st pr -o notadir/ note.txt
pr --report notadir/r.jsonl note.txt >/dev/null; echo "exit $?"
if [ "$(id -u)" != 0 ]; then
	mkdir ro && chmod 555 ro
	pr -o ro/out.txt note.txt 2>/dev/null
	echo "exit $?"
else
	echo "exit 2"
fi
ls
