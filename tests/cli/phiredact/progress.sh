# The progress line of a tree redacted to -o DIR: on standard error,
# erased at the end, the outputs the same with it and without; none for
# one document to standard output.  COMPLYKIT_PROGRESS=1 and _DELAY=0
# force it here.
. "$CASE_DIR/lib.sh"
fixture note.txt
mkdir in && cp note.txt in/a.txt && cp note.txt in/b.txt
pr -o plain in
COMPLYKIT_PROGRESS=1 COMPLYKIT_PROGRESS_DELAY=0 pr -o shown in 2>err.txt
echo "exit $?"
diff -r plain shown && echo "same outputs"
tr '\r' '\n' <err.txt | sed 's/\x1b\[K//g' | grep -v '^$' | sed -n 1p |
	sed 's/, [0-9.]* [KMG]*i*B/, SIZE/'
printf '\r\033[K' >erase
tail -c 4 err.txt | cmp - erase && echo "erased at the end"
COMPLYKIT_PROGRESS=1 COMPLYKIT_PROGRESS_DELAY=0 pr note.txt >/dev/null \
	2>one.txt
wc -c <one.txt
