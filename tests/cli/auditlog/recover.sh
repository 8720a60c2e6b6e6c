# A torn last line: append refuses and names it; recover cuts it, records
# that as an event, and the log verifies again.
. "$CASE_DIR/lib.sh"
newlog L || exit 1
events 3 | "$AUDITLOG" append --log L >/dev/null
st "$AUDITLOG" recover --log L
printf '{"actor":{"id":"u1"},"action":"half' >>L/seg/00000000000000000001.jsonl
st "$AUDITLOG" verify --log L --format text
events 1 | "$AUDITLOG" append --log L
echo "exit $?"
st "$AUDITLOG" recover --log L
st "$AUDITLOG" verify --log L --format text
events 1 | "$AUDITLOG" append --log L --format text
