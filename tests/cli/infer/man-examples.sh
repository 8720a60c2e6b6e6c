# The commands in man/infer.1's EXAMPLES run as written (infer and
# phiredact from the build), in a directory laid out as they expect; each
# exits 0 or 1, never 2.
. "$CASE_DIR/lib.sh"
mkdir bin
cp "$DATA/bc_logreg.onnx" .
bc_records | head -5 >patients.jsonl
sed 's/"features"/"x"/' patients.jsonl >visits.jsonl
sed -i 's/^{"id":1,/{"id":1,"note":"seen today",/' patients.jsonl
printf 'field: x\nrequired: [id]\nmin: 0\n' >bc.yaml
ln -s "$INFER" bin/infer
[ -n "${PHIREDACT:-}" ] && ln -s "$PHIREDACT" bin/phiredact
PATH=$(pwd)/bin:$PATH
sed -n -e 's/^\$ //p' "$top_srcdir/man/infer.1" | sed 's/\\-/-/g' >cmds.txt
n=0
while read -r cmd; do
	n=$((n + 1))
	sh -c "$cmd" >/dev/null 2>err.txt </dev/null
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "FAILED ($rc): $cmd"
		cat err.txt
	fi
done <cmds.txt
[ "$n" -ge 5 ] || echo "only $n examples"
echo "examples run"
