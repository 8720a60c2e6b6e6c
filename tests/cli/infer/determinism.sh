# The same model and input give the same bytes across runs, batch sizes
# (a row's output never depends on its batch mates) and thread counts (-j
# runs a batch's chunks of rows on threads).
. "$CASE_DIR/lib.sh"
bc_records >bc.jsonl
rec 70 32 >mlp.jsonl
rec 70 784 >cnn.jsonl
check() { # model input
	"$INFER" --model "$DATA/$1" "$2" >ref.jsonl || exit 1
	for b in 1 3 64 4096; do
		"$INFER" --model "$DATA/$1" --batch $b "$2" >b.jsonl || exit 1
		cmp -s ref.jsonl b.jsonl || { echo "$1: batch $b differs"; exit 1; }
	done
	for j in 1 2 4; do
		for b in 5 64; do
			"$INFER" --model "$DATA/$1" -j $j --batch $b "$2" >j.jsonl || exit 1
			cmp -s ref.jsonl j.jsonl || { echo "$1: -j $j --batch $b differs"; exit 1; }
		done
	done
	# one record alone gives the same line as within the stream
	sed -n 5p "$2" | "$INFER" --model "$DATA/$1" >one.jsonl
	sed -n 5p ref.jsonl | cmp -s - one.jsonl || { echo "$1: row 5 alone differs"; exit 1; }
	echo "$1 $(wc -l <ref.jsonl) records identical"
}
for m in bc_logreg bc_mlp16 bc_rf10_tree bc_gb20_tree; do check $m.onnx bc.jsonl; done
check mlp_tabular_32x64x64x2.onnx mlp.jsonl
check cnn_28x28_c8c16.onnx cnn.jsonl
