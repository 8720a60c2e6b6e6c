# rotate makes a new primary; rewrap moves data keys to it without
# touching payloads (same size, same tail), reencrypt renews everything;
# --dry-run changes nothing; objects of the old version still decrypt.
. "$CASE_DIR/lib.sh"
kr init >/dev/null
mkdata
snap orig
kr encrypt data
kr encrypt orig/a.txt -o a.txt.krt
kr rotate | norm
kr status --format text data
st kr rewrap --dry-run data | sort
kr status --format jsonl data | sed -n 1p
tail -c 100 data/sub/big.bin >tail.before
st kr rewrap data | norm
tail -c 100 data/sub/big.bin | cmp - tail.before && echo "payload untouched"
kr status --format jsonl data
st kr rewrap data | norm
kr decrypt a.txt.krt -o old.out && cmp old.out orig/a.txt && echo "version 1 still decrypts"
kr rotate --retention 0 >/dev/null
head -c 100 data/sub/big.bin >head.before
st kr reencrypt data | norm
head -c 100 data/sub/big.bin | cmp -s - head.before || echo "payload renewed"
kr decrypt data && diff -r orig data && echo "tree intact"
