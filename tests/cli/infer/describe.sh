# --describe prints inputs, outputs, opset, ops and the model's hash;
# --list-ops the operators infer runs.
. "$CASE_DIR/lib.sh"
"$INFER" --describe --model "$DATA/bc_logreg.onnx"
"$INFER" --describe "$DATA/bc_rf10_tree.onnx"
"$INFER" --describe --model "$DATA/ch_ppocr_mobile_v2.0_cls_infer.onnx"
"$INFER" --list-ops | grep -c .
"$INFER" --list-ops | grep -x -e Gemm -e Conv -e ai.onnx.ml:TreeEnsembleClassifier
