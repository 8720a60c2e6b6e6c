# kill -9 at random instants during rewrap and reencrypt on four threads
# (KILL_RUNS, default 20), each thread with its own batches: at every
# instant each object decrypts (old or new), and after a rerun, which
# resumes from the journal, every object is at the primary with its
# original bytes, no temporary is left and the journal is gone.  The
# instants are spread over the time one whole run takes here.
. "$CASE_DIR/lib.sh"
runs=${KILL_RUNS:-20}
kr init >/dev/null
i=0
while [ $i -lt 1200 ]; do
	mkdir -p data/d$((i % 8))
	head -c $((i * 13 % 2000 + 1)) /dev/urandom >data/d$((i % 8))/f$i
	i=$((i + 1))
done
head -c 3000000 /dev/urandom >data/d3/big
cp -r data orig
kr encrypt data 2>/dev/null || exit 1
kr rotate >/dev/null
t0=$(date +%s%N)
kr rewrap -j 4 data >/dev/null || exit 1
ms=$((($(date +%s%N) - t0) / 1000000))
delays=$(awk -v n="$runs" -v s="${KILL_SEED:-42}" -v ms="$ms" 'BEGIN {
	srand(s); for (i = 0; i < n; i++) printf "%.3f\n", rand() * ms * 1.3 / 1000 }')
bad=0
n=0
cut=0
for d in $delays; do
	n=$((n + 1))
	kr rotate >/dev/null || bad=1
	if [ $((n % 2)) -eq 0 ]; then op=rewrap; else op=reencrypt; fi
	"$KEYROT" $op -j 4 data >/dev/null 2>&1 &
	p=$!
	sleep "$d"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	[ -e ring/journal ] && cut=$((cut + 1))
	# every object must decrypt now, old or new, with no rerun
	if [ $((n % 4)) -eq 0 ]; then
		rm -rf check && cp -r data check && find check -name '.*.krtmp' -delete
		kr decrypt check 2>err.txt || { echo "run $n ($op at $d s): object lost"; head -n 5 err.txt; bad=1; }
		diff -r orig check >/dev/null || { echo "run $n: content differs"; bad=1; }
	fi
done
echo "$cut of $runs runs killed part way (one run: $ms ms)" >&2
# the last op again: it resumes what the journal records
"$KEYROT" $op -j 4 data >/dev/null 2>err.txt || { echo "rerun of $op failed"; cat err.txt; bad=1; }
kr rewrap -j 4 data >/dev/null 2>err.txt || { echo "final rewrap failed"; cat err.txt; bad=1; }
kr reencrypt -j 4 data >/dev/null 2>err.txt || { echo "final reencrypt failed"; cat err.txt; bad=1; }
[ -e ring/journal ] && { echo "journal left"; bad=1; }
[ -n "$(find data -name '.*krtmp*' -o -name '.*.tmp*')" ] && { echo "temporaries left"; bad=1; }
kr status --format jsonl data | sed -n 1p | grep -q "\"objects\":1201" || { echo "not all at the primary"; bad=1; }
kr decrypt data 2>err.txt || { head -n 5 err.txt; bad=1; }
diff -r orig data >/dev/null || { echo "content differs"; bad=1; }
[ $bad -eq 0 ] && echo "every object intact after kills on four threads"
exit $bad
