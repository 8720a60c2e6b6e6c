# A decompression bomb, a member over --max-member and a truncated or
# corrupt archive are each reported with the input's name and the limit to
# raise; the other inputs are still scanned; the exit status is 2.
. "$CASE_DIR/lib.sh"
need zip zstd head tr
fixture ssn.txt note.txt
# ratio bomb: 64 MiB of text in a few KiB
head -c 67108864 /dev/zero | tr '\000' 'a' | zstd -q -19 -o bomb.zst || exit 99
# truncated: the first half of a zip of the note
zip -q whole.zip note.txt || exit 99
size=$(wc -c <whole.zip)
head -c $((size / 2)) whole.zip >cut.zip
# corrupt: not a zip at all behind a zip name
printf 'PK\003\004garbage garbage garbage\n' >junk.zip
# (the default ratio, 1000, allows libarchive 64 KiB of read-ahead slack;
# --max-ratio 100 trips on this small bomb without a 1 GiB test file)
st ps --format text --max-ratio 100 bomb.zst cut.zip junk.zip ssn.txt
# a member bigger than --max-member (ordinary text, not a bomb)
awk 'BEGIN { for (i = 0; i < 40000; i++) printf "line %d of a long log\n", i }' >big.log
zip -q big.zip big.log || exit 99
st ps --format text --max-member 512K big.zip ssn.txt
st ps --format text big.zip ssn.txt
