# checkout restores bytes and modes exactly; it makes a new directory and
# refuses an existing one; a --no-store snapshot has no bytes to restore.
. "$CASE_DIR/lib.sh"
mkdata
chmod 600 data/sub/b.txt
chmod 4755 data/run.sh
head -c 3000000 /dev/urandom >data/big.bin
ds init data >/dev/null
ds -s data/.dsver snapshot data >/dev/null || exit 1
st ds -s data/.dsver checkout latest out | norm
(cd data && find . -path ./.dsver -prune -o -print | sort | while read -r f; do
	echo "$(stat -c '%A %s' "$f") $f"; done) >want.txt
(cd out && find . | sort | while read -r f; do
	echo "$(stat -c '%A %s' "$f") $f"; done) >got.txt
diff want.txt got.txt && echo "modes and sizes match"
cat got.txt | grep -v '^d'
cmp data/big.bin out/big.bin && echo "bytes match"
readlink out/link
echo "== existing directory"
st ds -s data/.dsver checkout latest out
echo "== no-store snapshot"
ds -s data/.dsver snapshot --no-store data | grep -o '"store":false'
st ds -s data/.dsver checkout latest out2 2>&1 | norm
ls -d out2 2>/dev/null
ls -a | grep -c dsver- || true
