# The stat cache: an unchanged file is not read again, but one written in
# the second the caching snapshot began is (racy timestamps: it could be
# rewritten within the timestamp granularity without its stamps moving),
# --full reads all, and new bytes under the same size and mtime are still
# caught (ctime moves).
. "$CASE_DIR/lib.sh"
mkdata
ds init data >/dev/null
cd data || exit 1
reads() { ds snapshot "$@" . | sed 's/.*"files_read":\([0-9]*\).*/\1/'; }
new_second() { # and 50 ms into it: file times come from a coarse clock
	s=$(date +%s)
	while [ "$(date +%s)" = "$s" ]; do :; done
	sleep 0.05
}
sleep 1
new_second
printf 'fresh\n' >fresh.txt
echo "first: $(reads)"
echo "racy file read again: $(reads)"
sleep 1
new_second
reads >/dev/null
echo "settled: $(reads)"
echo "full: $(reads --full)"
echo "settled again: $(reads)"
old=$(stat -c %y a.txt)
printf 'HELLO\n' >a.txt
touch -d "$old" a.txt
echo "same size and mtime: $(reads)"
prev=$(ds log | sed -n 2p | idof)
ds diff "$prev" latest --format text
