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
