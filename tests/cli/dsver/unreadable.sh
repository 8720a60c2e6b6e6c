# An unreadable file or directory: dsver names it, exits 2, and writes no
# snapshot.  (root reads everything: skipped there.)
. "$CASE_DIR/lib.sh"
[ "$(id -u)" -eq 0 ] && { echo "running as root" >&2; exit 77; }
mkdata
ds init data >/dev/null
chmod 000 data/sub/b.txt
st ds -s data/.dsver snapshot data
chmod 644 data/sub/b.txt
chmod 000 data/sub
st ds -s data/.dsver snapshot data
chmod 755 data/sub
ls data/.dsver/snapshots | wc -l
