# An unreadable file or directory: dsver names it, exits 2, and writes no
# snapshot.  Root reads everything, so as root the case runs dsver as
# nobody (setpriv) in a directory nobody owns.
. "$CASE_DIR/lib.sh"
run=ds
if [ "$(id -u)" -eq 0 ]; then
	need setpriv
	top=$(mktemp -d "${TMPDIR:-/tmp}/ck-dsver-unreadable.XXXXXX") || exit 99
	trap 'rm -rf "$top"' EXIT
	chmod 755 "$top"
	cd "$top" || exit 99
	run="setpriv --reuid=65534 --regid=65534 --clear-groups $DSVER"
fi
mkdata
[ "$(id -u)" -eq 0 ] && chown -R 65534:65534 .
$run init data >/dev/null || exit 1
chmod 000 data/sub/b.txt
$run -s data/.dsver snapshot data >out.txt 2>&1
echo "exit $?"
norm <out.txt
chmod 644 data/sub/b.txt
chmod 000 data/sub
$run -s data/.dsver snapshot data >out.txt 2>&1
echo "exit $?"
norm <out.txt
chmod 755 data/sub
ls data/.dsver/snapshots | wc -l
