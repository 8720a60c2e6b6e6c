# Tampering is caught and the first bad event is named (segment, seq,
# byte offset): a changed byte, a removed, duplicated or swapped line, a
# removed segment, a truncation or rollback behind a checkpoint, a forged
# checkpoint.
. "$CASE_DIR/lib.sh"
newlog --segment-size 1k L || exit 1
events 30 | "$AUDITLOG" append --log L >/dev/null
"$AUDITLOG" checkpoint --log L >cp30.note || exit 1
ls L/seg | tr '\n' ' '; echo
seg=00000000000000000010.jsonl
try() {
	rm -rf T && cp -r L T
	"$@"
	"$AUDITLOG" verify --log T --format text 2>&1 | sed 's|^[^ ]*/T/|T/|'
}
flip() {	# change one byte at offset $1 of T/seg/$seg
	python3 -c "
import sys
p='T/seg/$seg'; b=bytearray(open(p,'rb').read()); o=int(sys.argv[1])
b[o] = ord('Y') if b[o] != ord('Y') else ord('Z'); open(p,'wb').write(b)" "$1"
}
lines() {	# rewrite T/seg/$seg with a sed script
	sed "$1" "T/seg/$seg" >x && mv x "T/seg/$seg"
}
echo "-- byte 300 changed"; try flip 300
echo "-- line 2 removed"; try lines 2d
echo "-- line 2 twice"; try lines 2p
echo "-- lines 2 and 3 swapped"; try lines '2{h;d};3G'
echo "-- segment removed"; try rm T/seg/$seg
echo "-- last event removed"; try sh -c 'f=$(ls T/seg/* | tail -n 1); sed "\$d" "$f" >x && mv x "$f"'
echo "-- checkpoint forged"; try sh -c 'sed "3s/^./A/" cp30.note >T/checkpoints/00000000000000000031.note'
echo "-- rolled back behind a checkpoint kept elsewhere"
rm -rf old && cp -r L old
events 5 | "$AUDITLOG" append --log L >/dev/null
"$AUDITLOG" checkpoint --log L >cp36.note
st "$AUDITLOG" verify --log L --checkpoint cp36.note --format text
rm -rf L && mv old L
rm -f L/checkpoints/*36.note
st "$AUDITLOG" verify --log L --format text
"$AUDITLOG" verify --log L --checkpoint cp36.note --format text
echo "exit $?"
echo "-- a checkpoint of another log"
newlog --origin other.example/audit M >/dev/null
"$AUDITLOG" checkpoint --log M >m.note
st "$AUDITLOG" verify --log L --checkpoint m.note --format text
