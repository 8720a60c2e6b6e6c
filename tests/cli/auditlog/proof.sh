# Inclusion proofs checked with the public key alone; a changed event,
# proof hash or checkpoint, or the wrong key, fails (exit 1); consistency
# proofs between two checkpoints.
. "$CASE_DIR/lib.sh"
newlog L || exit 1
events 9 | "$AUDITLOG" append --log L >/dev/null
st "$AUDITLOG" prove --log L --seq 3
"$AUDITLOG" checkpoint --log L >cp10.note
"$AUDITLOG" prove --log L --seq 4 >p4.json
st "$AUDITLOG" verify-proof --key "$DATA/test.pub" p4.json
st "$AUDITLOG" verify-proof --key "$DATA/test.pub" <p4.json
st "$AUDITLOG" verify-proof --key "$DATA/test.pub" --checkpoint cp10.note p4.json
st "$AUDITLOG" verify-proof --key "$DATA/other.pub" p4.json
sed 's/"n":3/"n":4/' p4.json >bad.json
st "$AUDITLOG" verify-proof --key "$DATA/test.pub" bad.json
sed 's/"proof":\["./"proof":["A/' p4.json >bad.json
st "$AUDITLOG" verify-proof --key "$DATA/test.pub" bad.json
sed 's/"seq":4,"leaf_index":3/"seq":5,"leaf_index":4/' p4.json >bad.json
st "$AUDITLOG" verify-proof --key "$DATA/test.pub" bad.json
st "$AUDITLOG" verify-proof --key "$DATA/test.pub" /dev/null
st "$AUDITLOG" prove --log L --seq 11
events 7 | "$AUDITLOG" append --log L >/dev/null
rm L/leaves
"$AUDITLOG" checkpoint --log L >cp17.note
"$AUDITLOG" prove --log L --seq 12 | "$AUDITLOG" verify-proof --key "$DATA/test.pub"
"$AUDITLOG" prove --log L --from cp10.note >c.json
st "$AUDITLOG" verify-proof --key "$DATA/test.pub" c.json
python3 -c "
import json; p=json.load(open('c.json')); p['checkpoint1']=open('cp17.note').read().replace('17\n','10\n'); print(json.dumps(p))" >bad.json 2>/dev/null &&
	st "$AUDITLOG" verify-proof --key "$DATA/test.pub" bad.json
cat cp17.note
