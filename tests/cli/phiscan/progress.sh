# The progress line of a scan: on standard error while the records go to
# a file or a pipe (records on the terminal show the progress
# themselves), erased at the end, the records the same with it and
# without; diagnostics erase it before they print.  COMPLYKIT_PROGRESS=1
# and _DELAY=0 force it here.
. "$CASE_DIR/lib.sh"
fixture note.txt clean.txt
mkdir tree && cp note.txt clean.txt tree/ && printf 'x' >tree/z.txt
ps --fail-on never -j 1 tree >plain.jsonl
COMPLYKIT_PROGRESS=1 COMPLYKIT_PROGRESS_DELAY=0 \
	ps --fail-on never -j 1 tree >shown.jsonl 2>err.txt
echo "exit $?"
cmp plain.jsonl shown.jsonl && echo "same records"
# the first drawing (more follow on a slow machine), and the erasure
tr '\r' '\n' <err.txt | sed 's/\x1b\[K//g' | grep -v '^$' | sed -n 1p
printf '\r\033[K' >erase
tail -c 4 err.txt | cmp - erase && echo "erased at the end"
echo "-- a diagnostic erases the line first"
printf 'SSN 219-09-9999\n' | gzip | head -c 12 >tree/y.gz
COMPLYKIT_PROGRESS=1 COMPLYKIT_PROGRESS_DELAY=0 \
	ps --fail-on never -j 1 tree >/dev/null 2>err2.txt
echo "exit $?"
tr '\r' '\n' <err2.txt | sed 's/\x1b\[K/<EL>/g' | grep truncated
