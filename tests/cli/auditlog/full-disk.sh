# A full disk (ulimit -f): clear message, exit 2, nothing half-written,
# the log still verifies and takes events once there is room.
. "$CASE_DIR/lib.sh"
newlog L || exit 1
size=$(wc -c <L/seg/00000000000000000001.jsonl)
big=$(head -c 20000 /dev/zero | tr '\0' x)
printf '{"actor":{"id":"u1"},"action":"a","data":{"pad":"%s"}}\n' "$big" >big.jsonl
(ulimit -f 8; "$AUDITLOG" append --log L big.jsonl) 2>err.txt
echo "exit $?"
sed 's/: [A-Z][a-z ]*large$/: (too large)/' err.txt
echo "size unchanged: $(test "$(wc -c <L/seg/00000000000000000001.jsonl)" -eq "$size" && echo yes)"
st "$AUDITLOG" verify --log L --format text
"$AUDITLOG" append --log L big.jsonl >/dev/null
st "$AUDITLOG" verify --log L --format text
