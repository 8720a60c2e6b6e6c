# --help and --version go to stdout and exit 0; every command has --help.
. "$CASE_DIR/lib.sh"
st "$AUDITLOG" --help | sed -n '1,2p;$p'
"$AUDITLOG" --help | grep -c '^  [a-z-]* '
for c in init append run verify recover checkpoint prove verify-proof; do
	"$AUDITLOG" $c --help | sed -n 1p
done
"$AUDITLOG" --version | sed -n 1p | sed 's/[0-9][0-9.]*$/VERSION/'
"$AUDITLOG" -V | grep -c '^index: SQLite'
if [ -w /dev/full ]; then
	"$AUDITLOG" --help >/dev/full 2>/dev/null
	echo "full: $?"
else
	echo "full: 2"
fi
