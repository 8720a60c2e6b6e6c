# --in-place replaces each file crash-safely (temporary, fsync, rename):
# killed with SIGKILL mid-run, every file is either its old or its new
# self; at most a hidden temporary (.NAME.tmpXXXXXX) is left beside it.
. "$CASE_DIR/lib.sh"
fixture note.txt
mkdir d
i=0
while [ $i -lt 1000 ]; do
	cp note.txt d/n$i.txt
	i=$((i + 1))
done
pr note.txt >want.txt
cp -r d d0
st pr --in-place d/n1.txt d/n2.txt
cmp d/n1.txt want.txt && echo "n1 redacted"
cmp d/n3.txt note.txt && echo "n3 untouched"
# (the binary itself, not the pr function: a killed subshell would leave
# phiredact running)
"$PHIREDACT" --no-default-rules --rules "$DATA/rules.yaml" \
	--fingerprint-key "$DATA/fingerprint.key" --in-place d &
pid=$!
# kill it as soon as the first file (n0.txt, in name order) is replaced
while cmp -s d/n0.txt note.txt && kill -0 $pid 2>/dev/null; do :; done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
bad=0 old=0 new=0
for f in d/n*.txt; do
	if cmp -s "$f" note.txt; then old=$((old + 1))
	elif cmp -s "$f" want.txt; then new=$((new + 1))
	else echo "torn: $f"; bad=1
	fi
done
[ $((old + new)) -eq 1000 ] && [ $bad -eq 0 ] && echo "1000 files: each old or new"
[ $new -gt 0 ] && echo "some replaced before the kill"
[ -n "${CK_VERBOSE:-}" ] && echo "old $old new $new" >&2
# a second run finishes the job
st pr --in-place d
for f in d/n*.txt; do cmp -s "$f" want.txt || echo "not redacted: $f"; done
ls -A d | grep -v -e '^n[0-9]*\.txt$' -e '^\.n[0-9]*\.txt\.tmp'
st pr --in-place -
st pr --in-place -o x d
# SIGTERM: the file being written is finished, the run stops with a
# message and exit 2, and no temporary is left behind.  (Larger files,
# so that the run outlasts the signal even on a busy machine.)
i=0
while [ $i -lt 64 ]; do cat note.txt; i=$((i + 1)); done >big.txt
pr big.txt >bigwant.txt
mkdir e
i=0
while [ $i -lt 1000 ]; do
	cp big.txt e/n$i.txt
	i=$((i + 1))
done
"$PHIREDACT" --no-default-rules --rules "$DATA/rules.yaml" \
	--fingerprint-key "$DATA/fingerprint.key" --in-place e 2>err.txt &
pid=$!
while cmp -s e/n0.txt big.txt && kill -0 $pid 2>/dev/null; do :; done
kill -TERM $pid 2>/dev/null
wait $pid
echo "exit $?"
sed 's/after [0-9]* files*/after N files/' err.txt
ls -A e | grep -v '^n[0-9]*\.txt$'
old=0 new=0
for f in e/n*.txt; do
	if cmp -s "$f" big.txt; then old=$((old + 1))
	elif cmp -s "$f" bigwant.txt; then new=$((new + 1))
	else echo "torn: $f"
	fi
done
[ $((old + new)) -eq 1000 ] && echo "1000 files: each old or new"
[ -n "${CK_VERBOSE:-}" ] && echo "TERM: old $old new $new" >&2
