# The commands in man/phiredact.1's EXAMPLES run as written (phiredact and
# phiscan from the build), in a directory laid out as they expect; each
# exits 0 or 1, never 2.
. "$CASE_DIR/lib.sh"
need zip
mkdir -p notes bin
cp "$top_srcdir/examples/discharge-note.txt" notes/visit.txt
cp "$top_srcdir/examples/discharge-note.txt" visit.txt
printf '{"id":1,"text":"MRN: 40817356","ssn":"078-05-1120"}\n' >notes.jsonl
printf 'id,patient_name,dob\n1,Ada Lovelace,1952-03-14\n' >patients.csv
zip -qr notes.zip notes
(umask 077 && head -c 32 /dev/urandom >phiredact.key)
ln -s "$PHIREDACT" bin/phiredact
ln -s "$PHISCAN" bin/phiscan
PATH=$(pwd)/bin:$PATH
sed -n -e 's/^\.Dl \$ //p' -e 's/^\$ //p' "$top_srcdir/man/phiredact.1" |
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
[ "$n" -ge 8 ] || echo "only $n examples"
echo "examples run"
