# The commands in man/keyrot.1's EXAMPLES run as written (keyrot from the
# build) in order; none exits 2, and the tree and fields come back.
. "$CASE_DIR/lib.sh"
unset KEYROT_MASTER_KEY KEYROT_KEYRING
mkdir -p bin notes
printf 'MRN 12345\n' >notes/visit.txt
printf '{"id":1,"ssn":"123-45-6789","dob":"1970-01-01"}\n' >visits.jsonl
cp -r notes orig
ln -s "$KEYROT" bin/keyrot
PATH=$(pwd)/bin:$PATH
sed -n -e 's/^\.Dl \$ //p' "$top_srcdir/man/keyrot.1" | sed 's/\\-/-/g' >cmds.txt
n=0
while read -r cmd; do
	n=$((n + 1))
	sh -c "$cmd" >out.txt 2>err.txt </dev/null
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "FAILED ($rc): $cmd"
		cat err.txt
	fi
done <cmds.txt
echo "$n examples run"
cmp -s notes/visit.txt orig/visit.txt || echo "notes were encrypted in place"
keyrot decrypt -k ring --master-key-file master.key notes && diff -r orig notes && echo "notes decrypt"
head -n 1 keyring-history.csv
wc -l <audit.jsonl
