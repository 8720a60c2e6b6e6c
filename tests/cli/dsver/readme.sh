# The README's dsver walk-through (snapshot, change, diff, verify, export,
# import) runs as written: each command exits 0, verify after the change
# exits 1.
. "$CASE_DIR/lib.sh"
mkdir -p bin data
printf 'id,age\n1,40\n2,51\n' >data/visits.csv
printf 'title: Visits\n' >meta.yaml
ln -s "$DSVER" bin/dsver
PATH=$(pwd)/bin:$PATH
sed -n '/^Using dsver/,/^The snapshot id/s/^    //p' "$top_srcdir/README" >cmds.txt
while read -r cmd; do
	sh -c "$cmd" >/dev/null 2>err.txt </dev/null
	echo "exit $?: $(echo "$cmd" | sed 's/ *#.*//')"
	cat err.txt
done <cmds.txt
