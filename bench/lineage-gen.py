#!/usr/bin/env python3
"""Writes a generated OpenLineage log for bench/lineage.sh: RUNS runs of
JOBS jobs over DATASETS datasets, each run reading 3 and writing 2
datasets picked at random (seeded), so the graph has diamonds and cycles.
Nodes = RUNS + JOBS + DATASETS; edges = 6 * RUNS (job->run, 3 in, 2 out).
Usage: lineage-gen.py RUNS JOBS DATASETS > events.jsonl"""
import random, sys
runs, jobs, datasets = (int(a) for a in sys.argv[1:4])
rnd = random.Random(8)
P = "https://example.org/bench"
S = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
out = sys.stdout
for r in range(runs):
    ins = ",".join('{"namespace":"s3://lake","name":"d%d"}' % rnd.randrange(datasets) for _ in range(3))
    outs = ",".join('{"namespace":"s3://lake","name":"d%d"}' % rnd.randrange(datasets) for _ in range(2))
    out.write('{"eventType":"COMPLETE","eventTime":"2026-01-01T00:00:00.000000Z",'
              '"run":{"runId":"00000000-0000-4000-8000-%012d"},'
              '"job":{"namespace":"bench","name":"j%d"},"inputs":[%s],"outputs":[%s],'
              '"producer":"%s","schemaURL":"%s"}\n' % (r, r % jobs, ins, outs, P, S))
