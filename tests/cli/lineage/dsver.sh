# dsver snapshot | lineage record --inputs -: the snapshot id becomes the
# input's dataset version (and complykit_dsver facet); an OpenLineage
# dataset object is taken as it is; anything else is refused with its line.
. "$CASE_DIR/lib.sh"
mkdir data
printf 'id,age\n1,40\n' >data/visits.csv
"$DSVER" init >/dev/null
"$DSVER" snapshot data >snap.json
id=$(sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p' snap.json)
lg record --job train --run-id $R1 --inputs - --outputs model.bin <snap.json >ev.json
echo "exit $?"
grep -c "\"datasetVersion\":\"$id\"" ev.json
grep -c "\"complykit_dsver\":{[^}]*\"snapshot\":\"$id\"" ev.json
grep -c "\"name\":\"$(pwd)/data\"" ev.json
lg impact "dataset:file:$(pwd)/data" --dataset-version "$id" | norm
lg impact "dataset:file:$(pwd)/data" --dataset-version 0000 | wc -l
echo '{"namespace":"s3://bucket","name":"raw/x.parquet"}' |
	lg record --job j2 --run-id $R2 --inputs - | grep -c '"namespace":"s3://bucket","name":"raw/x.parquet"'
printf '{"kind":"snapshot","id":"ab","source":"/d"}\n{"x":1}\n' |
	lg record --job j3 --inputs -; echo "exit $?"
printf '{"kind":"snapshot"\n' | lg record --job j3 --inputs -; echo "exit $?"
printf '\377\n' | lg record --job j3 --inputs -; echo "exit $?"
lg record --job j3 --inputs -,- </dev/null; echo "exit $?"
wc -l <.lineage/events.jsonl
