# --sync always, batch and none all store every event once, in order.
. "$CASE_DIR/lib.sh"
newlog L || exit 1
events 50 | "$AUDITLOG" append --log L --sync always | wc -l
events 500 | "$AUDITLOG" append --log L --sync batch | wc -l
events 500 | "$AUDITLOG" append --log L --sync none | wc -l
st "$AUDITLOG" verify --log L --format text
