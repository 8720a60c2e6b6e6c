# --expect PREV re-runs and exits 1 on any difference, 0 when identical.
. "$CASE_DIR/lib.sh"
st() { "$@" >/dev/null; echo "exit $?"; }
bc_records | head -20 >in.jsonl
"$INFER" --model "$DATA/bc_gb20_tree.onnx" in.jsonl >prev.jsonl
st "$INFER" --model "$DATA/bc_gb20_tree.onnx" --expect prev.jsonl in.jsonl
# a different model: every prediction and the provenance differ
st "$INFER" --model "$DATA/bc_rf10_tree.onnx" --expect prev.jsonl in.jsonl
# one changed digit in one probability
sed '7s/"probabilities":\[0\./"probabilities":[1./' prev.jsonl >edited.jsonl
st "$INFER" --model "$DATA/bc_gb20_tree.onnx" --expect edited.jsonl in.jsonl
# fewer and more records
head -19 prev.jsonl >short.jsonl
st "$INFER" --model "$DATA/bc_gb20_tree.onnx" --expect short.jsonl in.jsonl
head -19 in.jsonl >in19.jsonl
st "$INFER" --model "$DATA/bc_gb20_tree.onnx" --expect prev.jsonl in19.jsonl
st "$INFER" --model "$DATA/bc_gb20_tree.onnx" --expect missing.jsonl in.jsonl
