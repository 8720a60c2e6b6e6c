# The shared models run: the CNN on nested and flat 28x28 inputs (same
# bytes), the MLP, and PaddleOCR's real text-direction classifier on a
# 3x48x192 image; the Silero VAD is refused cleanly.
. "$CASE_DIR/lib.sh"
need python3
rec 2 784 >flat.jsonl
python3 - <<'PY'
import json
with open("flat.jsonl") as f, open("nested.jsonl", "w") as g:
    for line in f:
        r = json.loads(line)
        x = r["features"]
        r["features"] = [[x[i * 28:(i + 1) * 28] for i in range(28)]]
        g.write(json.dumps(r, separators=(",", ":")) + "\n")
with open("ocr.jsonl", "w") as g:
    img = [[[((c * 7 + h * 3 + w) % 17) / 17.0 for w in range(192)] for h in range(48)] for c in range(3)]
    g.write(json.dumps({"id": "line-1", "image": img}, separators=(",", ":")) + "\n")
PY
"$INFER" --model "$DATA/cnn_28x28_c8c16.onnx" flat.jsonl >a.jsonl || exit 1
"$INFER" --model "$DATA/cnn_28x28_c8c16.onnx" nested.jsonl >b.jsonl || exit 1
rec 1 32 | "$INFER" --model "$DATA/mlp_tabular_32x64x64x2.onnx" >mlp.jsonl || exit 1
python3 - <<'PY' || exit 1
import json
a = [json.loads(l) for l in open("a.jsonl")]
b = [json.loads(l) for l in open("b.jsonl")]
assert len(a) == len(b) == 2
for x, y in zip(a, b):
    assert x["prediction"] == y["prediction"]
    assert x["provenance"]["output_sha256"] == y["provenance"]["output_sha256"]
    assert x["provenance"]["input_sha256"] != y["provenance"]["input_sha256"]
    p = x["prediction"]["probabilities"]
    assert len(p) == 10 and abs(sum(p) - 1) < 1e-5
print("cnn: flat and nested inputs give the same 10 probabilities")
m = json.loads(open("mlp.jsonl").read())
p = m["prediction"]["probabilities"]
assert len(p) == 2 and abs(sum(p) - 1) < 1e-6 and "label" not in m["prediction"]
print("mlp: 2 probabilities")
PY

"$INFER" --model "$DATA/ch_ppocr_mobile_v2.0_cls_infer.onnx" --field image ocr.jsonl >ocr.out || exit 1
python3 -c '
import json
r = json.loads(open("ocr.out").read())
p = r["prediction"]["probabilities"]
assert r["id"] == "line-1" and len(p) == 2 and abs(sum(p) - 1) < 1e-5
print("paddleocr: ran,", len(r["provenance"]["ops"]), "op types")'
cp "$DATA/silero_vad.onnx" .
"$INFER" --model silero_vad.onnx </dev/null
echo "exit $?"
