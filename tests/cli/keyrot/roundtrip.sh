# encrypt/decrypt: a tree in place (idempotent), one file to -o, and
# standard input to standard output, each back to the same bytes.
. "$CASE_DIR/lib.sh"
kr init >/dev/null
mkdata
snap orig
st kr encrypt data
for f in data/a.txt data/visits.csv data/sub/b.txt data/sub/big.bin data/empty; do
	head -c 6 "$f"; echo " $f"
done
# whole plaintext strings: 3 random bytes of big.bin may spell "MRN"
grep -rlF -e "MRN 12345, seen" -e "123-45-6789" data || echo "no plaintext left"
st kr encrypt data
st kr decrypt data
diff -r orig data && echo "tree round trip"
kr encrypt data/a.txt -o a.txt.krt && kr decrypt a.txt.krt -o a.out && cmp a.out orig/a.txt && echo "file round trip"
kr encrypt --context notes <orig/sub/big.bin | kr decrypt --context notes | cmp - orig/sub/big.bin && echo "stream round trip"
head -c 3000000 /dev/urandom >big
kr encrypt <big >big.krt && kr decrypt <big.krt | cmp - big && echo "multi-segment round trip"
ls -a data/sub | grep -c tmp || true
# a tree that holds the keyring is refused, and nothing in it changes
mkdir -p outer && mv ring outer/ring && printf 'z\n' >outer/z.txt
KEYROT_KEYRING=outer/ring st kr encrypt outer
cat outer/z.txt
