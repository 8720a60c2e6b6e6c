# An unreadable file is reported; the other inputs are still scanned;
# exit 2.  (root reads everything: skipped then.)
. "$CASE_DIR/lib.sh"
[ "$(id -u)" -eq 0 ] && { echo "running as root" >&2; exit 77; }
fixture ssn.txt clean.txt
cp clean.txt secret.txt
chmod 000 secret.txt
st ps --format text clean.txt secret.txt ssn.txt
mkdir closed && cp clean.txt closed/ && chmod 000 closed
st ps --format text closed ssn.txt
chmod 755 closed
