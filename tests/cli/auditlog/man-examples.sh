# The commands in man/auditlog.1's EXAMPLES run as written (auditlog and
# phiscan from the build) and exit 0.
. "$CASE_DIR/lib.sh"
mkdir -p bin examples
cp "$top_srcdir/examples/"*.txt examples/
ln -s "$AUDITLOG" bin/auditlog
ln -s "$PHISCAN" bin/phiscan
PATH=$(pwd)/bin:$PATH
sed -n -e 's/^\.Dl \$ //p' -e 's/^\$ //p' "$top_srcdir/man/auditlog.1" |
	sed 's/\\-/-/g' >cmds.txt
n=0
while read -r cmd; do
	n=$((n + 1))
	sh -c "$cmd" >/dev/null 2>err.txt </dev/null
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAILED ($rc): $cmd"
		cat err.txt
	fi
done <cmds.txt
echo "$n examples run"
ls complykit-audit-*.csv report.html cp.note proof.json
