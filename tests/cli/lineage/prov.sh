# export --format prov: W3C PROV-JSON that Debian's python3-prov reads
# back: datasets as entities, runs as activities, jobs as agents, with
# used / wasGeneratedBy / wasAssociatedWith for every edge.
. "$CASE_DIR/lib.sh"
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
$PY -c 'import prov.model' 2>/dev/null || { echo "python3-prov not installed" >&2; exit 77; }
lg record --job etl/clean --run-id $R1 --inputs s3://lake/raw --outputs s3://lake/clean >/dev/null
lg record --job ml/train --run-id $R2 --inputs s3://lake/clean,s3://lake/labels --outputs s3://m/model >/dev/null
lg export --format prov >p.json; echo "exit $?"
$PY - <<'PY'
import prov.model as m
d = m.ProvDocument.deserialize("p.json")
for kind in (m.ProvEntity, m.ProvActivity, m.ProvAgent, m.ProvUsage, m.ProvGeneration, m.ProvAssociation):
    print(kind.__name__, len(list(d.get_records(kind))))
for r in sorted(d.get_records(m.ProvEntity), key=lambda r: str(r.identifier)):
    print(r.identifier, list(r.get_attribute("prov:label"))[0])
PY
