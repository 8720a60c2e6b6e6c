# Usage errors: one line and a hint on stderr, exit 2.
. "$CASE_DIR/lib.sh"
st "$AUDITLOG"
st "$AUDITLOG" frobnicate
st "$AUDITLOG" --frobnicate
st "$AUDITLOG" append
st "$AUDITLOG" append --log x --sync sometimes
st "$AUDITLOG" append --log x --actor u1
st "$AUDITLOG" verify --log
st "$AUDITLOG" init
st "$AUDITLOG" init --segment-age 3q L
st "$AUDITLOG" init --origin 'has space' L
st "$AUDITLOG" prove --log L
st "$AUDITLOG" run --log L --action x
st "$AUDITLOG" verify --log /nonexistent
