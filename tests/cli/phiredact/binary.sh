# A binary file is refused with a clear message and exit 2, and nothing
# is written for it; the text files next to it are still redacted.
. "$CASE_DIR/lib.sh"
fixture note.txt
printf 'MRN: 40817356\000\001\002' >blob.bin
st pr blob.bin
mkdir in && cp note.txt blob.bin in/
st pr -o out in
find out -type f | sort
printf 'x\000y' | pr
echo "exit $?"
# a run with an error writes no report: it would be incomplete
pr --report rep.jsonl note.txt blob.bin -o out2 2>/dev/null
echo "exit $?"
test -e rep.jsonl && echo "report written"
ls -A | grep '^\.rep' || true
