# kill -9 at random instants during rewrap and reencrypt (KILL_RUNS,
# default 40; bench/keyrot.sh runs 200): after a rerun every object
# decrypts to its original bytes, none is lost or half-written, no
# temporary is left and the journal is gone.
. "$CASE_DIR/lib.sh"
runs=${KILL_RUNS:-40}
kr init >/dev/null
mkdir -p data/d1 data/d2
i=0
while [ $i -lt 200 ]; do
	head -c $((i * 53 + 1)) /dev/urandom >data/d$((i % 2 + 1))/f$i
	i=$((i + 1))
done
head -c 6000000 /dev/urandom >data/big1
head -c 3000000 /dev/urandom >data/d1/big2
cp -r data orig
kr encrypt data || exit 1
delays=$(awk -v n="$runs" -v s="${KILL_SEED:-42}" 'BEGIN { srand(s);
	for (i = 0; i < n; i++) printf "%.3f\n", rand() * 0.25 }')
bad=0
n=0
for d in $delays; do
	n=$((n + 1))
	kr rotate >/dev/null || bad=1
	if [ $((n % 2)) -eq 0 ]; then op=rewrap; else op=reencrypt; fi
	"$KEYROT" $op data >/dev/null 2>&1 &
	p=$!
	sleep "$d"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	# every object must decrypt now, old or new, with no rerun
	if [ $((n % 10)) -eq 0 ]; then
		rm -rf check && cp -r data check && find check -name '.*.krtmp' -delete
		kr decrypt check 2>err.txt || { echo "run $n ($op at $d s): object lost"; cat err.txt; bad=1; }
		diff -r orig check >/dev/null || { echo "run $n: content differs"; bad=1; }
	fi
done
kr rewrap data >/dev/null 2>err.txt || { echo "final rewrap failed"; cat err.txt; bad=1; }
kr reencrypt data >/dev/null 2>err.txt || { echo "final reencrypt failed"; cat err.txt; bad=1; }
[ -e ring/journal ] && { echo "journal left"; bad=1; }
[ -n "$(find data -name '.*krtmp*' -o -name '.*.tmp*')" ] && { echo "temporaries left"; bad=1; }
kr status --format jsonl data | sed -n 1p | grep -q "\"objects\":202" || { echo "not all at the primary"; bad=1; }
kr decrypt data 2>err.txt || { cat err.txt; bad=1; }
diff -r orig data >/dev/null || { echo "content differs"; bad=1; }
[ $bad -eq 0 ] && echo "every object intact after kills"
exit $bad
