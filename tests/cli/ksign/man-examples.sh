# The commands in man/ksign.1's EXAMPLES run as written (ksign from the
# build, keygen at the cheap test cost) in order; none exits 2, and the
# agreement ends fully executed.
. "$CASE_DIR/lib.sh"
mkdir bin
cat >bin/ksign <<SH
#!/bin/sh
if [ "\$1" = keygen ]; then shift; exec "$KSIGN" keygen --kdf-cost 10 "\$@"; fi
exec "$KSIGN" "\$@"
SH
chmod +x bin/ksign
PATH=$(pwd)/bin:$PATH
mkdoc
printf '{"id":1,"text":"visit note"}\n{"id":2,"text":"lab"}\n' >notes.jsonl
printf 'a,b\n1,2\n' >data.csv
sed -n -e 's/^\.Dl \$ //p' "$top_srcdir/man/ksign.1" | sed 's/\\-/-/g' >cmds.txt
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
	*status*) cat out.txt ;;
	esac
done <cmds.txt
echo "$n examples run"
wc -l <signed.jsonl
