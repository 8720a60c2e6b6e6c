# The progress line of a snapshot: on standard error only, redrawn in
# place and erased at the end; the record on standard output is the same
# with it and without; -q and COMPLYKIT_PROGRESS=0 turn it off.  (It is
# shown by default only when standard error is a terminal and the work
# takes over a second; COMPLYKIT_PROGRESS=1 and _DELAY=0 force it here.)
. "$CASE_DIR/lib.sh"
mkdata
ds init st1 >/dev/null
ds init st2 >/dev/null
ds -s st1/.dsver snapshot data --no-store --full -j 1 >plain.jsonl
COMPLYKIT_PROGRESS=1 COMPLYKIT_PROGRESS_DELAY=0 \
	ds -s st2/.dsver snapshot data --no-store --full -j 1 \
	>shown.jsonl 2>err.txt
echo "exit $?"
cmp plain.jsonl shown.jsonl && echo "same record"
# each drawing starts with a carriage return and ends by erasing the rest
# of the line; the last one only erases
tr '\r' '\n' <err.txt | sed -n 2p | grep -c '^dsver: hashing [0-9]/4 files'
printf '\r\033[K' >erase
tail -c 4 err.txt | cmp - erase && echo "erased at the end"
COMPLYKIT_PROGRESS=1 COMPLYKIT_PROGRESS_DELAY=0 \
	ds -s st1/.dsver snapshot -q data --no-store --full >/dev/null 2>quiet.txt
wc -c <quiet.txt
COMPLYKIT_PROGRESS=0 COMPLYKIT_PROGRESS_DELAY=0 \
	ds -s st1/.dsver snapshot data --no-store --full >/dev/null 2>off.txt
wc -c <off.txt
echo "-- checkout"
ds -s st1/.dsver snapshot data >/dev/null
COMPLYKIT_PROGRESS=1 COMPLYKIT_PROGRESS_DELAY=0 \
	ds -s st1/.dsver checkout latest out >/dev/null 2>co.txt
echo "exit $?"
tr '\r' '\n' <co.txt | sed 's/\x1b\[K//g' | grep -v '^$' | sed -n 1p
tail -c 4 co.txt | cmp - erase && echo "erased at the end"
diff -r data out && echo "same tree"
