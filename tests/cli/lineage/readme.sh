# The README's lineage walk-through (dsver -> lineage run -> impact query
# -> DOT) runs as written: every command exits 0 and the impact query
# names the model and the report.
. "$CASE_DIR/lib.sh"
mkdir -p bin data
printf 'id,age\n1,40\n' >data/visits.csv
ln -s "$LINEAGE" bin/lineage
ln -s "$DSVER" bin/dsver
PATH=$(pwd)/bin:$PATH
sed -n '/^Using lineage/,/^The impact query/s/^    //p' "$top_srcdir/README" >cmds.txt
while read -r cmd; do
	sh -c "$cmd" >out.txt 2>err.txt </dev/null
	echo "exit $?: $(echo "$cmd" | sed 's/ *#.*//')"
	cat err.txt
	case $cmd in
	*impact*) grep -o '"id":"dataset:file:[^"]*' out.txt | sed "s|$(pwd)|PWD|" ;;
	esac
done <cmds.txt
test -s lineage.dot && echo "dot written"
grep -c "<svg" lineage.html
