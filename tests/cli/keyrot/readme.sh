# The README's keyrot walk-through (init, encrypt, rotate, rewrap, status,
# history) runs as written: each command exits 0.
. "$CASE_DIR/lib.sh"
unset KEYROT_MASTER_KEY KEYROT_KEYRING
mkdir -p bin records
printf 'MRN 12345\n' >records/visit.txt
printf '{"id":7,"ssn":"123-45-6789","dob":"1970-01-01"}\n' >visits.jsonl
ln -s "$KEYROT" bin/keyrot
PATH=$(pwd)/bin:$PATH
sed -n '/^Using keyrot/,/^Every action/s/^    //p' "$top_srcdir/README" >cmds.txt
while read -r cmd; do
	sh -c "$cmd" >/dev/null 2>err.txt </dev/null
	echo "exit $?: $(echo "$cmd" | sed 's/ *#.*//')"
	cat err.txt
done <cmds.txt
