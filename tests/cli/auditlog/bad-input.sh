# Bad input: a clear message with the line, exit 2; events before the bad
# line are stored, the bad line and what follows are not.
. "$CASE_DIR/lib.sh"
newlog L || exit 1
bad() {
	printf '%s\n' "$@" >in.jsonl
	"$AUDITLOG" append --log L in.jsonl >/dev/null
	echo "exit $?"
}
bad '{"actor":{"id":"u1"},"action":"a"}' '{"actor":{"id":"u1"},"action":' '{"actor":{"id":"u1"},"action":"c"}'
bad '{"action":"a"}'
bad '{"actor":{"id":"u1"}}'
bad '{"actor":{"id":""},"action":"a"}'
bad '{"actor":{"id":"u1"},"action":"a","seq":7}'
bad '{"actor":{"id":"u1"},"action":"a","hash":"x"}'
bad '[1,2]'
bad '{"actor":{"id":"u1"},"action":"a","actor":{"id":"u2"}}'
bad '{"actor":{"id":"u1"},"action":"a","phi":{"score":"high"}}'
printf '{"actor":{"id":"u1"},"action":"\377"}\n' | "$AUDITLOG" append --log L
echo "exit $?"
printf '{"actor":{"id":"u1"},"action":"a"}\n' | "$AUDITLOG" append --log L nonexistent.jsonl
echo "exit $?"
"$AUDITLOG" append --log L --actor u1 --action a --data '[1]'
echo "exit $?"
"$AUDITLOG" append --log L --actor "$(printf 'u\377')" --action a
echo "exit $?"
# Two events stored: the log's first and the one before the bad line.
cat L/seg/*.jsonl | wc -l
st "$AUDITLOG" verify --log L --format text
