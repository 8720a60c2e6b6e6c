# export: the log as OpenLineage JSON Lines (which ingest takes back into
# another store, giving the same graph) and the graph as Graphviz DOT,
# byte for byte the same on every run; SVG and a self-contained HTML page
# through Graphviz's dot.
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
need dot
lg export --format svg >a.svg; echo "exit $?"
grep -c '<svg' a.svg
grep -c 'cle&quot;an' a.svg
lg export --format html -o a.html; echo "exit $?"
grep -c '<svg' a.html
grep -c '<script\|<link\|src=' a.html
grep -c '<td>dataset:s3://lake:cle&quot;an</td><td>dataset</td>' a.html
PATH=/nonexistent "$LINEAGE" export --format svg; echo "exit $?"
