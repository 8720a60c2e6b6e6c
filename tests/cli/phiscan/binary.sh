# A NUL byte in the first 8 KiB marks a binary file: skipped (said at -v),
# unless --binary.
. "$CASE_DIR/lib.sh"
printf 'SSN 219-09-9999\000\001\002 data\n' >blob.bin
fixture note.txt
st ps --format text blob.bin note.txt
st ps --format text -v blob.bin
st ps --format text --binary blob.bin
