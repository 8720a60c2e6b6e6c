# upstream, downstream (--depth), impact (--version), path, on a graph
# with a diamond and a cycle; text, jsonl and Marquez's graph JSON; an
# unknown node is exit 2, no path is exit 1.
. "$CASE_DIR/lib.sh"
# raw -> clean (v1) ; clean -> feat, clean -> stats ; feat+stats -> model
# model -> report ; report -> raw (a cycle)
lg record --job etl/clean --run-id $R1 --inputs s3://lake/raw --outputs s3://lake/clean >/dev/null
echo '{"namespace":"s3://lake","name":"clean","facets":{"version":{"_producer":"a:b","_schemaURL":"a:b","datasetVersion":"v1"}}}' |
	lg record --job ml/features --run-id $R2 --inputs - --outputs s3://lake/feat,s3://lake/stats >/dev/null
lg record --job ml/train --run-id $R3 --inputs s3://lake/feat,s3://lake/stats --outputs s3://models/model >/dev/null
lg record --job bi/report --run-id $R4 --inputs s3://models/model --outputs s3://lake/raw >/dev/null
echo "== downstream raw"
lg downstream dataset:s3://lake:raw --format text
echo "== downstream raw --depth 2"
lg downstream dataset:s3://lake:raw --depth 2
echo "== upstream model"
lg upstream dataset:s3://models:model --format text
echo "== upstream job"
lg upstream job:ml:train --format text
echo "== impact clean"
lg impact dataset:s3://lake:clean --format text
echo "== impact clean --dataset-version v1"
lg impact dataset:s3://lake:clean --dataset-version v1 --format text --depth 2
echo "== impact clean --dataset-version v0"
lg impact dataset:s3://lake:clean --dataset-version v0 | wc -l
echo "== marquez"
lg upstream dataset:s3://lake:feat --format marquez
echo "== path"
lg path dataset:s3://lake:feat dataset:s3://lake:raw --format text; echo "exit $?"
lg path dataset:s3://models:model $R2 --format jsonl; echo "exit $?"
lg path job:ml:train job:bi:report; echo "exit $?"
echo "== errors"
lg upstream dataset:nope:x; echo "exit $?"
lg impact job:ml:train; echo "exit $?"
lg -s empty upstream x; echo "exit $?"
