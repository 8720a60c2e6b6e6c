# A YAML schema: required fields, shape, dtype, global and per-feature
# bounds, NaN only when allowed; schema errors name file:line.
. "$CASE_DIR/lib.sh"
st() { "$@"; echo "exit $?"; }
m=$DATA/bc_logreg.onnx
cat >s.yaml <<'YAML'
field: x
required: [id]
shape: [30]
dtype: float32
min: 0
max: 5000
features:
  - {index: 0, name: radius_mean, min: 5, max: 30}
YAML
bc_records | head -3 | sed 's/"features"/"x"/' >ok.jsonl
st "$INFER" --model "$m" --schema s.yaml ok.jsonl | grep -c '"prediction"'
sed -n 1p ok.jsonl | sed 's/\[13.68[0-9]*/[40/' >big.jsonl
st "$INFER" --model "$m" --schema s.yaml big.jsonl
sed -n 1p ok.jsonl | sed 's/, 17.25,/, -1,/' >neg.jsonl
st "$INFER" --model "$m" --schema s.yaml neg.jsonl
sed -n 1p ok.jsonl | sed 's/"id":1,//' >noid.jsonl
st "$INFER" --model "$m" --schema s.yaml noid.jsonl
sed -n 1p ok.jsonl | sed 's/, 17.25,/, "NaN",/' >nan.jsonl
st "$INFER" --model "$m" --schema s.yaml nan.jsonl
printf 'allow_nonfinite: true\n' >>s.yaml
st "$INFER" --model "$m" --schema s.yaml nan.jsonl | grep -c '"prediction"'
# --field overrides the schema's field
st "$INFER" --model "$m" --schema s.yaml --field features ok.jsonl | grep -c prediction
printf 'field: x\nshape: [31]\n' >s31.yaml
st "$INFER" --model "$m" --schema s31.yaml ok.jsonl
printf 'field: x\nmax: [1]\n' >bad1.yaml
st "$INFER" --model "$m" --schema bad1.yaml ok.jsonl
printf 'field: x\nmin: 2\nmax: 1\n' >bad2.yaml
st "$INFER" --model "$m" --schema bad2.yaml ok.jsonl
printf 'field: x\ncolour: red\n' >bad3.yaml
st "$INFER" --model "$m" --schema bad3.yaml ok.jsonl
printf 'field: x\nfeatures:\n  - {name: age}\n' >bad4.yaml
st "$INFER" --model "$m" --schema bad4.yaml ok.jsonl
printf 'field: [x\n' >bad5.yaml
st "$INFER" --model "$m" --schema bad5.yaml ok.jsonl
st "$INFER" --model "$m" --schema missing.yaml ok.jsonl
