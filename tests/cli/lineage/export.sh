# export: the log as OpenLineage JSON Lines (which ingest takes back into
# another store, giving the same graph) and the graph as Graphviz DOT,
# byte for byte the same on every run; dot renders it when installed.
. "$CASE_DIR/lib.sh"
lg record --job etl/clean --run-id $R1 --inputs s3://lake/raw --outputs 's3://lake/cle"an' >/dev/null
lg record --job ml/train --run-id $R2 --inputs 's3://lake/cle"an' --outputs s3://m/model >/dev/null
lg export --format dot
lg export --format dot >a.dot
lg export --format dot >b.dot
cmp a.dot b.dot && echo "deterministic"
lg export >all.jsonl
cmp all.jsonl .lineage/events.jsonl && echo "export is the log"
lg -s other ingest all.jsonl
lg -s other export --format dot | cmp - a.dot && echo "round trip"
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg a.dot >a.svg && grep -c '<svg' a.svg
else
	echo 1
fi
