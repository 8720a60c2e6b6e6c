# Peak memory (issue 9): infer on a batch of 64 PaddleOCR images (3x48x192
# float32, 7.1 MB as one batch) stays under the target of the process's
# own footprint plus twice the model plus one batch of input.  The bound
# is computed here: the footprint is the peak of `infer --describe` on a
# 1 kB model (the binary and its libraries at work, OpenSSL's SHA-256
# included), so the case holds on any machine; the peaks are VmHWM, which
# `infer -v` reports at its end.
# Before batches were bounded by chunks of rows, the parsed JSON of the 64
# pending records (some 40 bytes per number) took about 100 MB.
# Bounded-batch output is the same as one record at a time and as -j 2.
. "$CASE_DIR/lib.sh"
need python3
# AddressSanitizer's shadow memory and quarantine change every footprint
if grep -q __asan_init "$INFER" 2>/dev/null; then
	echo "skipped under AddressSanitizer" >&2
	exit 77
fi
m=$DATA/ch_ppocr_mobile_v2.0_cls_infer.onnx
python3 - <<'PY'
import json
with open("ocr.jsonl", "w") as g:
    for r in range(64):
        img = [[[((c * 7 + h * 3 + w + r) % 17) / 16.0 for w in range(192)]
                for h in range(48)] for c in range(3)]
        g.write(json.dumps({"id": r, "image": img}, separators=(",", ":")) + "\n")
PY
# peak resident memory in kB (VmHWM, which infer -v reports at its end)
peak() { # output-file infer-args...
	o=$1
	shift
	"$INFER" -v "$@" 2>&1 >"$o" | sed -n 's/^.*: peak memory \([0-9]*\) kB$/\1/p'
}
base=$(peak d.json --describe --model "$DATA/bc_logreg.onnx")
used=$(peak out.jsonl --model "$m" --field image --batch 64 ocr.jsonl)
[ -n "$base" ] && [ -n "$used" ] || { echo "infer -v gave no peak"; exit 1; }
model=$(wc -c <"$m")
bound=$(( base + (2 * model + 64 * 3 * 48 * 192 * 4) / 1024 ))
if [ "$used" -ge "$bound" ]; then
	echo "peak $used kB, bound $bound kB (base $base kB, model $model B)"
	exit 1
fi
echo "peak of 64 images under base + 2 x model + one batch"
# -j 2 shares one chunk of rows between its threads: the same bound
# (before, each thread held a chunk of its own: 14.8 MB against 14.0)
used2=$(peak j2.jsonl --model "$m" --field image --batch 64 -j 2 ocr.jsonl)
if [ -z "$used2" ] || [ "$used2" -ge "$bound" ]; then
	echo "-j 2: peak ${used2:-?} kB, bound $bound kB"
	exit 1
fi
echo "-j 2 too"
"$INFER" --model "$m" --field image --batch 1 ocr.jsonl >one.jsonl || exit 1
cmp -s out.jsonl one.jsonl || { echo "--batch 64 differs from --batch 1"; exit 1; }
cmp -s out.jsonl j2.jsonl || { echo "-j 2 differs"; exit 1; }
echo "$(wc -l <out.jsonl) records, the same bytes at --batch 1 and -j 2"
