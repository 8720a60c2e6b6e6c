# A file that opens but fails to read (Linux's /proc/self/mem gives EIO at
# offset 0, even to root) is reported; the other inputs are still
# scanned; exit 2.
. "$CASE_DIR/lib.sh"
[ -r /proc/self/mem ] || { echo "no /proc/self/mem" >&2; exit 77; }
head -c 1 /proc/self/mem >/dev/null 2>&1 && { echo "readable" >&2; exit 77; }
fixture ssn.txt
st ps --format text /proc/self/mem ssn.txt
