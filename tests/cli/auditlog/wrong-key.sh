# Keys: a public key is no signing key; a log whose key.pub was swapped
# fails verification of its checkpoints; key files are 0600 and never
# printed.
. "$CASE_DIR/lib.sh"
cp "$DATA/test.pub" pub.key
st "$AUDITLOG" init --key pub.key L
st "$AUDITLOG" init --key nonexistent.key L
"$AUDITLOG" init L2 || exit 1
ls -l L2/key.sec | cut -c1-10
grep -c '^secret: ' L2/key.sec
newlog L || exit 1
"$AUDITLOG" checkpoint --log L >/dev/null
cp "$DATA/other.pub" L/key.pub
st "$AUDITLOG" verify --log L --format text
st "$AUDITLOG" checkpoint --log L
st "$AUDITLOG" init L
# an auditor's own copy of the key: the swapped key.pub does not fool it
rm -rf M && newlog M >/dev/null && "$AUDITLOG" checkpoint --log M >/dev/null
cp "$DATA/other.pub" M/key.pub
st "$AUDITLOG" verify --log M --key "$DATA/test.pub" --format text
st "$AUDITLOG" verify --log M --key "$DATA/other.pub" --format text
