# Usage errors: one line and a hint on stderr, exit 2.
st() { "$@"; echo "exit $?"; }
st "$INFER"
st "$INFER" --model m.onnx --on-error retry
st "$INFER" --model m.onnx --batch 0
st "$INFER" --model m.onnx --batch 99999
st "$INFER" --bogus
st "$INFER" --model m.onnx --field ''
st "$INFER" --describe --model a.onnx b.onnx
