# record from flags: one COMPLETE event (FAIL with --status fail, exit 1),
# params as executionParameters, metrics in complykit_metrics, regular
# files versioned by their SHA-256, URIs split into namespace and name.
. "$CASE_DIR/lib.sh"
printf 'id,age\n1,40\n' >visits.csv
lg record --job clinic/train --run-id $R1 --inputs visits.csv,postgres://db:5432/clinic.visits \
	--outputs model.onnx --param lr=0.1 --param note=a=b --metric auc=0.93 | norm
echo "exit $?"
st lg record --job train --run-id $R2 --status fail --inputs model.onnx --format text
wc -l <.lineage/events.jsonl
lg -s DIR verify; echo "exit $?"
mkdir DIR
lg -s DIR record --job j --run-id $R3 >/dev/null
lg --store=DIR verify
LINEAGE_STORE=DIR lg verify
