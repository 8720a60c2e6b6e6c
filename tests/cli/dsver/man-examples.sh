# The commands in man/dsver.1's EXAMPLES run as written (dsver from the
# build) in order, in a directory laid out as they expect; none exits 2.
. "$CASE_DIR/lib.sh"
mkdir -p bin data/raw
printf 'id,age\n1,40\n' >data/raw/visits.csv
printf 'title: Visits\nowner: data-office\n' >meta.yaml
ln -s "$DSVER" bin/dsver
PATH=$(pwd)/bin:$PATH
sed -n -e 's/^\.Dl \$ //p' "$top_srcdir/man/dsver.1" | sed 's/\\-/-/g' >cmds.txt
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
echo "$n examples run"
