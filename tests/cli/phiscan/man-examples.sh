# The commands in man/phiscan.1's EXAMPLES run as written (phiscan from
# the build), in a directory laid out like the examples expect; each
# exits 0 or 1, never 2.
. "$CASE_DIR/lib.sh"
need git
mkdir -p examples src bin
cp "$top_srcdir/examples/discharge-note.txt" examples/
printf 'int main(void) { return 0; }\n' >src/main.c
printf '{"id":1,"note":"MRN: 40817356"}\n{"id":2,"note":"fine"}\n' >visits.jsonl
git init -q . && git add examples src visits.jsonl || exit 99
ln -s "$PHISCAN" bin/phiscan
PATH=$(pwd)/bin:$PATH
# ".Dl $ cmd" lines and "$ cmd" lines of literal displays
sed -n -e 's/^\.Dl \$ //p' -e 's/^\$ //p' "$top_srcdir/man/phiscan.1" |
	sed 's/\\-/-/g' >cmds.txt
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
