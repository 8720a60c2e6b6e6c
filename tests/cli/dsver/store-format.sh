# The store's objects are plain zstd whichever way each frame was
# encoded: a big object of random bytes, base64 text and CSV rows (raw,
# raw and compressed frames) decodes with zstd(1) to its own digest;
# base64 text is kept verbatim in its pack (storing raw what only
# entropy coding would shrink), CSV rows are compressed; checkout and
# verify --store agree.
. "$CASE_DIR/lib.sh"
need zstd base64 sha256sum
mkdir data
head -c 1500000 /dev/urandom >data/big.bin
head -c 150000 /dev/urandom | base64 -w0 >data/b64.txt
awk 'BEGIN { for (i = 0; i < 20000; i++)
	printf "%d,patient,%d,E11.9,2024-01-%02d,stable\n", i, i % 80, i % 28 + 1 }' \
	>data/rows.csv
cat data/rows.csv data/big.bin data/b64.txt >data/mixed.bin
ds init data >/dev/null
ds -s data/.dsver snapshot -j 2 data >/dev/null || echo "snapshot failed"
ok=yes
for o in data/.dsver/objects/*/*; do
	name=$(basename "$(dirname "$o")")$(basename "$o")
	sum=$(zstd -dcq "$o" | sha256sum | cut -c1-64)
	[ "$sum" = "$name" ] || ok=no
done
echo "loose objects decode with zstd: $ok ($(ls data/.dsver/objects/*/* | wc -l))"
pack=$(ls data/.dsver/packs/*.pack)
grep -qF "$(head -c 4000 data/b64.txt)" "$pack" && echo "base64 stored verbatim"
psize=$(wc -c <"$pack")
csize=$(wc -c <data/rows.csv)
bsize=$(wc -c <data/b64.txt)
[ "$psize" -lt $((bsize + csize / 2)) ] && echo "csv compressed"
ds -s data/.dsver checkout latest out >/dev/null
for f in big.bin b64.txt rows.csv mixed.bin; do
	cmp -s "data/$f" "out/$f" || echo "$f differs after checkout"
done
st ds -s data/.dsver verify --store
