# A missing, empty, truncated or corrupt model, and models infer does not
# run, are refused with a message naming the file (and the op and node),
# exit 2, never a crash.
. "$CASE_DIR/lib.sh"
st() { "$@" </dev/null; echo "exit $?"; }
: >empty.onnx
head -c 700 "$DATA/bc_logreg.onnx" >truncated.onnx
head -c 300000 "$DATA/ch_ppocr_mobile_v2.0_cls_infer.onnx" >truncated2.onnx
printf 'not a model at all, just text\n' >text.onnx
mkdir dir.onnx
st "$INFER" --model missing.onnx
st "$INFER" --model empty.onnx
st "$INFER" --model truncated.onnx
st "$INFER" --model truncated2.onnx
st "$INFER" --model text.onnx
st "$INFER" --model dir.onnx
cp "$DATA/silero_vad.onnx" .
st "$INFER" --describe --model silero_vad.onnx
# every byte flipped in turn in a small model: refused or run, never a crash
i=0
size=$(wc -c <"$DATA/bc_logreg.onnx")
bc_records | head -1 >one.jsonl
crashes=0
while [ $i -lt "$size" ]; do
	{ head -c $i "$DATA/bc_logreg.onnx"; printf '\377'; tail -c +$((i + 2)) "$DATA/bc_logreg.onnx"; } >flip.onnx
	"$INFER" --model flip.onnx one.jsonl >/dev/null 2>&1
	rc=$?
	[ $rc -le 2 ] || { echo "byte $i: exit $rc"; crashes=$((crashes + 1)); }
	i=$((i + 7))
done
echo "flipped bytes: $crashes crashes"
