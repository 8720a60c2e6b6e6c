# The progress line of verify (and of every command that reads the whole
# chain): on standard error, erased at the end, the result the same with
# it and without.  COMPLYKIT_PROGRESS=1 and _DELAY=0 force it here.
. "$CASE_DIR/lib.sh"
newlog L >/dev/null || exit 1
i=0
while [ $i -lt 300 ]; do
	printf '{"actor":{"id":"u%d"},"action":"read"}\n' $((i % 5))
	i=$((i + 1))
done | "$AUDITLOG" append --log L >/dev/null || exit 1
"$AUDITLOG" verify --log L >plain.txt
COMPLYKIT_PROGRESS=1 COMPLYKIT_PROGRESS_DELAY=0 \
	"$AUDITLOG" verify --log L >shown.txt 2>err.txt
echo "exit $?"
cmp plain.txt shown.txt && echo "same result"
tr '\r' '\n' <err.txt | sed 's/\x1b\[K//g' | grep -v '^$' | sed -n 1p |
	sed 's/, [0-9.]* [KMG]*i*B.*//'
printf '\r\033[K' >erase
tail -c 4 err.txt | cmp - erase && echo "erased at the end"
COMPLYKIT_PROGRESS=1 COMPLYKIT_PROGRESS_DELAY=0 \
	"$AUDITLOG" verify -q --log L >/dev/null 2>quiet.txt
wc -c <quiet.txt
