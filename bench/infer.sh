#!/usr/bin/env bash
# bench/infer.sh -- infer's engine side by side with onnxruntime-node (one
# intra-op thread) on the shared models at batch 1 and 64 (issue 9's
# targets): p50 latency, samples/s, the ratio, and whether the two output
# hashes (same inputs: mulberry32 seed 1, same hash format) are equal.
# Then CPU time per sample (user seconds over many runs: the fair figure on
# a shared machine, where preemption inflates wall-clock latencies), peak
# memory (a batch whole or in chunks of rows), -j, and the infer filter end
# to end (JSON Lines in and out) on the MLP.
#
# usage: bench/infer.sh [MODELS_DIR]
#   env: ORT_DIR (/tmp/ortbench, where onnxruntime-node is installed; the
#        script installs it there, never into the repository), N (runs,
#        default 2000 at batch 1, N/10 at batch 64), ORT_BENCH (path of
#        ort_bench.js), INFER_BENCH (src/infer/infer-bench), INFER
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
models=${1:-/work/shared/models}
ort_dir=${ORT_DIR:-/tmp/ortbench}
ort_bench=${ORT_BENCH:-/work/shared/bench/onnx/ort_bench.js}
ib=${INFER_BENCH:-$top/src/infer/infer-bench}
infer=${INFER:-$top/src/infer/infer}
n=${N:-2000}
export LC_ALL=C

for t in node npm python3; do
	command -v $t >/dev/null || { echo "bench: $t missing" >&2; exit 2; }
done
[ -x "$ib" ] || { echo "bench: build first ($ib missing)" >&2; exit 2; }
[ -f "$ort_bench" ] || { echo "bench: $ort_bench missing" >&2; exit 2; }
if [ ! -d "$ort_dir/node_modules/onnxruntime-node" ]; then
	mkdir -p "$ort_dir"
	(cd "$ort_dir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
	 ONNXRUNTIME_NODE_INSTALL=skip npm install --ignore-scripts --no-audit \
		--no-fund onnxruntime-node@1.30.0 >/dev/null)
fi
# ort_bench.js requires onnxruntime-node: run a copy beside the install
cp "$ort_bench" "$ort_dir/ort_bench.js"

printf '%-36s %5s %10s %10s %8s %12s %12s %s\n' model batch "ort p50" \
	"infer p50" ratio "ort samp/s" "infer samp/s" "same output"
run() { # model batch [extra args]
	local m=$1 b=$2 runs=$n
	shift 2
	[ "$b" -gt 1 ] && runs=$((n / 10))
	local o i
	o=$(cd "$ort_dir" && node ort_bench.js "$models/$m" --batch "$b" \
		-n "$runs" --json "$@")
	i=$("$ib" "$models/$m" --batch "$b" -n "$runs" "$@")
	python3 - "$m" "$b" "$o" "$i" <<'PY'
import json, sys
m, b, o, i = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
assert o["input_sha256"] == i["input_sha256"], "inputs differ"
op, ip = o["lat_ms"]["p50"], i["lat_ms"]["p50"]
print("%-36s %5s %10.4f %10.4f %7.2fx %12.0f %12.0f %s" % (
    m, b, op, ip, ip / op, o["samples_per_s"], i["samples_per_s"],
    "yes" if o["output_sha256"] == i["output_sha256"] else "no"))
PY
}
for m in bc_logreg.onnx bc_mlp16.onnx bc_rf10_tree.onnx bc_gb20_tree.onnx \
	mlp_tabular_32x64x64x2.onnx cnn_28x28_c8c16.onnx; do
	run "$m" 1
	run "$m" 64
done
dims=(--dim p2o.DynamicDimension.1=48 --dim p2o.DynamicDimension.2=192)
n=$((n / 20)) run ch_ppocr_mobile_v2.0_cls_infer.onnx 1 "${dims[@]}"
n=$((n / 20)) run ch_ppocr_mobile_v2.0_cls_infer.onnx 64 "${dims[@]}"
echo "(ratio = infer p50 / onnxruntime p50; under 2 meets the target)"

# CPU time: user seconds of infer-bench over RUNS runs (model loading
# included, warm-up excluded from nothing: --warmup 0).
echo
printf '%-36s %5s %6s %8s %14s %12s\n' model batch runs "user s" "samples/s/core" "ms/sample"
cpu() { # model batch runs [extra args]
	local m=$1 b=$2 r=$3 u
	shift 3
	u=$({ /usr/bin/time -f '%U' "$ib" "$models/$m" --batch "$b" -n "$r" \
		--warmup 0 "$@" >/dev/null; } 2>&1 | tail -1)
	python3 -c "import sys; m,b,r,u=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),float(sys.argv[4]); s=b*r/max(u,0.005); print('%-36s %5d %6d %8.2f %14.0f %12.4f' % (m,b,r,u,s,1000/s))" "$m" "$b" "$r" "$u"
}
cpu mlp_tabular_32x64x64x2.onnx 64 $((n * 20))
cpu cnn_28x28_c8c16.onnx 64 $((n / 4))
cpu cnn_28x28_c8c16.onnx 1 $((n * 4))
cpu bc_logreg.onnx 64 $((n * 20))
cpu bc_gb20_tree.onnx 64 $((n * 20))
cpu ch_ppocr_mobile_v2.0_cls_infer.onnx 1 $((n / 4)) "${dims[@]}"
cpu ch_ppocr_mobile_v2.0_cls_infer.onnx 64 $((n / 200 + 1)) "${dims[@]}"
cpu ch_ppocr_mobile_v2.0_cls_infer.onnx 64 $((n / 200 + 1)) --rows 0 "${dims[@]}"
cpu ch_ppocr_mobile_v2.0_cls_infer.onnx 64 $((n / 200 + 1)) --rows 1 "${dims[@]}"

# Peak memory (kB) of PaddleOCR: the batch of 64 in infer's chunks (the
# default), run whole, in chunks of 8 and 1 rows (the same output hash);
# -j 2 on infer's chunks.
echo
for a in "--batch 1" "--batch 64" "--batch 64 --rows 0" "--batch 64 --rows 8" \
	"--batch 64 --rows 1" "--batch 64 -j 2"; do
	# shellcheck disable=SC2086
	r=$({ /usr/bin/time -f '%M' "$ib" "$models/ch_ppocr_mobile_v2.0_cls_infer.onnx" \
		$a -n 1 --warmup 0 "${dims[@]}" >"$ort_dir/mem.json"; } 2>&1 | tail -1)
	h=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['output_sha256'][:16])" "$ort_dir/mem.json")
	printf 'PaddleOCR %-28s peak %6s kB  output %s\n' "$a" "$r" "$h"
done

# Issue 9's target: peak memory under the process's own footprint (the
# peak of `infer --describe` on the 1 kB bc_logreg: binary and libraries at
# work, OpenSSL's SHA-256 included) plus
# twice the model plus one batch of input (64 PaddleOCR images, float32).
# Peaks are VmHWM: infer -v reports it, infer-bench prints it as peak_kb.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ocr=$models/ch_ppocr_mobile_v2.0_cls_infer.onnx
hwm() { "$infer" -v "$@" 2>&1 >/dev/null | sed -n 's/^.*: peak memory \([0-9]*\) kB$/\1/p'; }
base=$(hwm --describe --model "$models/bc_logreg.onnx")
target=$((base + (2 * $(wc -c <"$ocr") + 64 * 3 * 48 * 192 * 4) / 1024))
python3 - "$tmp/ocr.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as g:
    for r in range(64):
        img = [[[((c * 7 + h * 3 + w + r) % 17) / 16.0 for w in range(192)]
                for h in range(48)] for c in range(3)]
        g.write(json.dumps({"id": r, "image": img}, separators=(",", ":")) + "\n")
PY
target_line() { # what peak
	printf '%-44s peak %6s kB  target %6s kB  %s\n' "$1" "$2" "$target" \
		"$([ "$2" -lt "$target" ] && echo met || echo 'NOT met')"
}
echo
echo "peak memory target: $base kB (infer on a 1 kB model) + 2 x model + one batch"
target_line "infer, 64 PaddleOCR records (JSON Lines)" \
	"$(hwm --model "$ocr" --field image "$tmp/ocr.jsonl")"
target_line "infer -j 2, 64 PaddleOCR records" \
	"$(hwm -j 2 --model "$ocr" --field image "$tmp/ocr.jsonl")"
for a in "" "--rows 1"; do
	# shellcheck disable=SC2086
	target_line "infer-bench, batch 64 ${a:-in chunks as infer runs them}" \
		"$("$ib" "$ocr" --batch 64 $a -n 1 --warmup 0 "${dims[@]}" |
		  sed -n 's/.*"peak_kb":\([0-9]*\).*/\1/p')"
done

# The filter end to end: JSON parsing, validation, hashing, writing.
awk 'BEGIN { srand(1); for (r = 0; r < 100000; r++) { printf "{\"id\":%d,\"features\":[", r;
	for (k = 0; k < 32; k++) printf "%s%.6f", k ? "," : "", rand(); print "]}" } }' >"$tmp/in.jsonl"
s=$(date +%s.%N)
"$infer" --model "$models/mlp_tabular_32x64x64x2.onnx" "$tmp/in.jsonl" >"$tmp/out.jsonl"
e=$(date +%s.%N)
python3 -c "print('infer filter, MLP, 100000 records: %.0f records/s' % (100000 / ($e - $s)))"
s=$(date +%s.%N)
"$infer" -j 2 --model "$models/mlp_tabular_32x64x64x2.onnx" "$tmp/in.jsonl" >"$tmp/out2.jsonl"
e=$(date +%s.%N)
cmp -s "$tmp/out.jsonl" "$tmp/out2.jsonl" && same=identical || same=DIFFERENT
python3 -c "print('infer filter -j 2: %.0f records/s, output $same' % (100000 / ($e - $s)))"
