# export as an OCI image layout and as .tar.zst (deterministic: the same
# snapshot gives the same bytes); import re-verifies every digest: a
# flipped byte in a blob is named, exit 2, nothing imported.
. "$CASE_DIR/lib.sh"
mkdata
head -c 2000000 /dev/urandom >data/big.bin
ds init data >/dev/null
ds -s data/.dsver snapshot data --tag v1 >/dev/null || exit 1
st ds -s data/.dsver export v1 -o layout | norm
st ds -s data/.dsver export v1 -o one.tar.zst | norm
ds -s data/.dsver export v1 -o two.tar.zst >/dev/null
cmp one.tar.zst two.tar.zst && echo "deterministic"
cat layout/oci-layout; echo
find layout -type f | sort | norm
echo "== import"
ds init other >/dev/null
st ds -s other/.dsver import one.tar.zst | norm
st ds -s other/.dsver import layout | norm
st ds -s other/.dsver verify --store
ds -s other/.dsver checkout v1 2>/dev/null; ds -s other/.dsver checkout latest restored >/dev/null
cmp data/big.bin restored/big.bin && echo "restored"
echo "== flipped byte"
ds init third >/dev/null
# a.txt's blob ("hello\n"): its first byte becomes 'J'
blob=5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03
printf 'J' | dd of="layout/blobs/sha256/$blob" bs=1 seek=0 conv=notrunc 2>/dev/null
st ds -s third/.dsver import layout 2>&1 | norm
ls third/.dsver/snapshots | wc -l
echo "== export over an existing path"
st ds -s data/.dsver export v1 -o layout
