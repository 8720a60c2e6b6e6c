# The commands in man/lineage.1's EXAMPLES run as written (lineage and
# dsver from the build) in order; none exits 2, and the impact query finds
# the report built from the snapshot.
. "$CASE_DIR/lib.sh"
mkdir -p bin data
printf 'id,age\n1,40\n' >data/visits.csv
printf 'onnx\n' >model.onnx
ln -s "$LINEAGE" bin/lineage
ln -s "$DSVER" bin/dsver
PATH=$(pwd)/bin:$PATH
sed -n -e 's/^\.Dl \$ //p' "$top_srcdir/man/lineage.1" | sed 's/\\-/-/g' >cmds.txt
n=0
while read -r cmd; do
	n=$((n + 1))
	sh -c "$cmd" >out.txt 2>err.txt </dev/null
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "FAILED ($rc): $cmd"
		cat err.txt
	fi
	case $cmd in
	*impact*--dataset-version*) grep -c report.txt out.txt ;;
	esac
done <cmds.txt
echo "$n examples run"
