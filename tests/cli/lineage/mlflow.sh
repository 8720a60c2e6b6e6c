# mlflow-export: MLflow's file store layout (mlruns/): experiment 0 and one
# per job, meta.yaml as FileStore reads it (YAML, ids, status FINISHED=3 /
# FAILED=4, times in ms), params as files, metrics "timestamp value step",
# tags; an existing --to is refused and nothing is written.
. "$CASE_DIR/lib.sh"
need python3
python3 -c 'import yaml' 2>/dev/null || exit 77
lg record --job ml/train --run-id $R1 --param lr=0.1 --param opt=adam --metric auc=0.93 --metric loss=1e-3 >/dev/null
COMPLYKIT_NOW=2026-01-02T03:04:06.5Z lg run --job ml/train --run-id $R2 --param lr=0.2 -- sh -c 'exit 2'
lg mlflow-export --to mlruns; echo "exit $?"
find mlruns | sort | sed "s|$(pwd)|PWD|"
python3 - <<'PY'
import os, yaml
root = "mlruns"
for exp in sorted(os.listdir(root)):
    if exp.startswith("."):
        continue
    m = yaml.safe_load(open(os.path.join(root, exp, "meta.yaml")))
    assert m["experiment_id"] == exp and m["lifecycle_stage"] == "active", m
    print("experiment", exp, repr(m["name"]), m["artifact_location"].endswith("/mlruns/" + exp))
    for run in sorted(os.listdir(os.path.join(root, exp))):
        d = os.path.join(root, exp, run)
        if not os.path.isdir(d):
            continue
        r = yaml.safe_load(open(os.path.join(d, "meta.yaml")))
        assert r["run_id"] == r["run_uuid"] == run and r["experiment_id"] == exp
        params = {k: open(os.path.join(d, "params", k)).read() for k in sorted(os.listdir(os.path.join(d, "params")))}
        metrics = {k: open(os.path.join(d, "metrics", k)).read().split() for k in sorted(os.listdir(os.path.join(d, "metrics")))}
        tags = {k: open(os.path.join(d, "tags", k)).read() for k in sorted(os.listdir(os.path.join(d, "tags")))}
        print(" run", run, "status", r["status"], "start", r["start_time"], "end", r["end_time"], params, metrics, tags)
PY
lg mlflow-export --to mlruns; echo "exit $?"
lg mlflow-export; echo "exit $?"
ls
