# Every kind of event lineage writes validates against the OpenLineage
# 2-0-2 JSON Schemas (the reference validator, validate_ol.py) and our own
# facets against share/complykit/schemas/lineage; a broken facet of ours is
# caught, so the schemas are really applied.
. "$CASE_DIR/lib.sh"
need python3
python3 -c 'import jsonschema' 2>/dev/null || exit 77
mkdir data
printf 'x\n' >data/f
printf "id,age,admitted\n1,34,2024-01-02\n" >data/visits.csv
"$DSVER" init >/dev/null
"$DSVER" snapshot data | lg record --job train --inputs - --outputs m.bin \
	--param a=1 --metric auc=0.5 --metric loss=-1e-3 >/dev/null
lg record --job ns/fail --status fail --inputs m.bin,http://example.org/x >/dev/null
lg run --job ns/ok --inputs m.bin --outputs o.txt -- sh -c 'echo >o.txt'
lg run --job ns/bad -- sh -c 'exit 4'
lg run --job ns/sig -- sh -c 'kill -TERM $$'
lg ingest "$top_srcdir/tests/cli/lineage/fixtures/spark.jsonl" >/dev/null
lg export >all.jsonl
wc -l <all.jsonl
validate all.jsonl; echo "exit $?"
sed 's/"env_sha256":"[0-9a-f]*"/"env_sha256":"nothex"/' all.jsonl >broken.jsonl
validate broken.jsonl >out.txt; echo "exit $?"
grep -c "nothex" out.txt
grep -c "\"schema\":{[^}]*SchemaDatasetFacet" all.jsonl
