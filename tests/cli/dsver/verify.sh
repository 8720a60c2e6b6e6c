# verify: the working tree against a snapshot (stat check, --full), and
# --store: a flipped byte in an object or a manifest is caught and named,
# exit 1.
. "$CASE_DIR/lib.sh"
mkdata
head -c 2000000 /dev/urandom >data/big.bin
ds init data >/dev/null
cd data || exit 1
ds snapshot . >/dev/null
echo "== clean"
st ds verify
st ds verify --full
st ds verify --store
echo "== changed file"
printf 'tampered\n' >sub/b.txt
st ds verify --format text
st ds verify --full --format text
printf 'nested\n' >sub/b.txt
st ds verify --format text
echo "== flipped byte in a loose object"
obj=$(find .dsver/objects -type f | head -n 1)
name=$(echo "$obj" | sed 's|.*/objects/\(..\)/|\1|')
flip "$obj" 100
ds verify --store --format text >out.txt
echo "exit $?"
grep -c "$name" out.txt
echo "== flipped byte in a manifest"
snap=$(ls .dsver/snapshots | head -n 1)
cp ".dsver/snapshots/$snap" saved
flip ".dsver/snapshots/$snap" 20
ds verify --store --format text | grep -c "snapshot $snap"
ds verify 2>err.txt
echo "verify of the tree: exit $? ($(grep -c "snapshots/$snap" err.txt) naming it)"
cp saved ".dsver/snapshots/$snap"
echo "== manifest renamed to another id"
mv ".dsver/snapshots/$snap" ".dsver/snapshots/0000000000000000000000000000000000000000000000000000000000000000"
ds verify --store --format text 2>&1 | grep -c "digest mismatch"
