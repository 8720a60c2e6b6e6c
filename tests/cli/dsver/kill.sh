# kill -9 at random instants during snapshot, checkout, import and gc:
# the store stays consistent (verify --store exits 0), no partial object
# or directory is ever visible, and the next run completes.
. "$CASE_DIR/lib.sh"
mkdir -p data/small
i=0
while [ $i -lt 300 ]; do
	head -c $((i * 37 + 1)) /dev/urandom >data/small/f$i
	i=$((i + 1))
done
head -c 30000000 /dev/urandom >data/big1
head -c 20000000 /dev/urandom >data/big2
ds init data >/dev/null
S="-s data/.dsver"
killat() { # killat DELAY CMD...: run CMD, kill -9 it after DELAY seconds
	d=$1; shift
	"$@" >/dev/null 2>&1 &
	p=$!
	sleep "$d"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
}
bad=0
for d in 0.01 0.05 0.1 0.2 0.3 0.5; do
	killat $d "$DSVER" $S snapshot data -j 1 --full
	ds $S verify --store >v.txt || { echo "snapshot killed at $d: store bad"; cat v.txt; bad=1; }
done
ds $S snapshot data >/dev/null || { echo "snapshot after kills failed"; bad=1; }
ds $S export latest -o exp.tar.zst >/dev/null || bad=1
for d in 0.01 0.05 0.1 0.2; do
	killat $d "$DSVER" $S checkout latest out
	if [ -e out ]; then
		cmp data/big1 out/big1 >/dev/null || { echo "partial checkout visible"; bad=1; }
		rm -rf out
	fi
	ds init "imp$d" >/dev/null
	killat $d "$DSVER" -s "imp$d/.dsver" import exp.tar.zst
	ds -s "imp$d/.dsver" verify --store >v.txt || { echo "import killed at $d: store bad"; cat v.txt; bad=1; }
	ds -s "imp$d/.dsver" import exp.tar.zst >/dev/null || { echo "import after kill failed"; bad=1; }
	ds -s "imp$d/.dsver" verify --store >/dev/null || bad=1
done
printf 'change\n' >data/small/f1
ds $S snapshot data >/dev/null
for d in 0.01 0.05 0.1; do
	killat $d "$DSVER" $S gc --keep-last 1
	ds $S verify --store >v.txt || { echo "gc killed at $d: store bad"; cat v.txt; bad=1; }
done
ds $S gc --keep-last 1 >/dev/null || bad=1
ds $S verify --store || bad=1
ds $S checkout latest final >/dev/null && cmp data/big2 final/big2 || bad=1
[ $bad -eq 0 ] && echo "consistent after every kill"
exit $bad
