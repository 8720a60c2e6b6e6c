# The four breast-cancer models match scikit-learn's predict_proba on the
# 143 test rows (within 1e-6) and agree on every label.
. "$CASE_DIR/lib.sh"
need python3
bc_records >in.jsonl
for m in logreg:p_logreg mlp16:p_mlp16 rf10_tree:p_rf10 gb20_tree:p_gb20; do
	"$INFER" --model "$DATA/bc_${m%%:*}.onnx" in.jsonl >out.jsonl || exit 1
	python3 - "$DATA/bc_testset.jsonl" out.jsonl "${m#*:}" <<'PY' || exit 1
import json, sys
ref = [json.loads(l) for l in open(sys.argv[1])]
out = [json.loads(l) for l in open(sys.argv[2])]
key = sys.argv[3]
assert len(ref) == len(out) == 143, (len(ref), len(out))
worst = 0.0
labels = 0
for r, o in zip(ref, out):
    p = o["prediction"]["probabilities"]
    worst = max(worst, max(abs(a - b) for a, b in zip(p, r[key])))
    want = 1 if r[key][1] > r[key][0] else 0
    labels += o["prediction"]["label"] == want
    assert o["id"] and o["features"] and o["provenance"]["model_sha256"]
print(key, "labels", labels, "of 143", "within 1e-6" if worst <= 1e-6 else "OFF BY %g" % worst)
sys.exit(0 if worst <= 1e-6 and labels == 143 else 1)
PY
done
