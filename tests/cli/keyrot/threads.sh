# rewrap and reencrypt on several threads (-j) replace the objects one
# thread would: rewrap leaves every payload byte as it was and moves every
# header to the primary (small objects re-wrapped in memory and a large
# one streamed alike), every object decrypts to its original bytes, a
# file that is not an envelope is left alone, and --dry-run lists in
# walk order whatever -j says.
. "$CASE_DIR/lib.sh"
kr init >/dev/null
i=0
while [ $i -lt 600 ]; do
	mkdir -p data/d$((i % 6))
	head -c $((i * 7 % 3000)) /dev/urandom >data/d$((i % 6))/f$i
	i=$((i + 1))
done
head -c 1500000 /dev/urandom >data/d1/big
kr encrypt data 2>/dev/null || exit 1
printf 'not an envelope\n' >data/d2/zz.txt
cp -r data orig-enc
kr decrypt orig-enc 2>/dev/null
kr rotate >/dev/null
cp -r data before
# the payload (bytes 77 on) and header bytes 1-8 and 13-16 stay; the
# version (bytes 9-12) is the primary's
same_payload() {
	bad=0
	for f in $(cd before && find . -type f | sort); do
		if [ "$f" = ./d2/zz.txt ]; then
			cmp -s before/$f data/$f || bad=1
			continue
		fi
		tail -c +77 before/$f >p1 && tail -c +77 data/$f >p2 &&
			cmp -s p1 p2 || { echo "$f: payload changed"; bad=1; }
		head -c 8 before/$f >p1 && head -c 8 data/$f >p2 &&
			cmp -s p1 p2 || { echo "$f: magic changed"; bad=1; }
		v=$(od -An -tu1 -j8 -N4 data/$f | tr -s ' ')
		[ "$v" = " 0 0 0 $1" ] || { echo "$f: version$v"; bad=1; }
	done
	return $bad
}
kr rewrap -j 4 --dry-run data >dry4 || echo "dry run failed"
kr rewrap -j 1 --dry-run data >dry1
cmp dry1 dry4 && echo "dry run: $(grep -c ' -> 2$' dry4) objects, in walk order"
kr rewrap -j 4 data >/dev/null || echo "rewrap -j 4 failed"
same_payload 2 && echo "rewrap -j 4: payloads untouched, headers at version 2"
kr status --format jsonl data | sed -n 1p | grep -q '"objects":601' &&
	echo "all 601 at the primary"
rm -rf check && cp -r data check && kr decrypt check 2>/dev/null &&
	diff -r orig-enc check && echo "rewrap -j 4: tree intact"
kr rotate >/dev/null
rm -rf before && cp -r data before
kr rewrap -j 1 data >/dev/null || echo "rewrap -j 1 failed"
same_payload 3 && echo "rewrap -j 1: payloads untouched, headers at version 3"
kr rotate >/dev/null
kr reencrypt -j 3 data >/dev/null || echo "reencrypt -j 3 failed"
kr status --format jsonl data | sed -n 1p | grep -q '"objects":601' &&
	echo "reencrypt -j 3: all 601 at the primary"
rm -rf check && cp -r data check && kr decrypt check 2>/dev/null &&
	diff -r orig-enc check && echo "reencrypt -j 3: tree intact"
ls ring
[ -z "$(find data -name '.*krtmp*')" ] && echo "no temporaries"
st kr rewrap -j 0 data
st kr rewrap -j 65 data
st kr rewrap --jobs=x data
