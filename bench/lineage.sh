#!/bin/sh
# bench/lineage.sh -- ingest rate and query latency of lineage on a
# generated graph (default: 500,000 runs of 10,000 jobs over 490,000
# datasets = 1,000,000 nodes and about 3,000,000 edges, with diamonds and
# cycles; see bench/lineage-gen.py).
#
#   bench/lineage.sh [LINEAGE [RUNS JOBS DATASETS]]
#
# Prints: ingest time and events/s; the first query (builds the graph
# from the log and writes the index); then upstream / downstream /
# impact latencies once indexed, end to end (process start to exit,
# best of 5; whole closures once) and the walk alone (lineage -v).  The anchor is Marquez,
# whose users report 10-15 s lineage queries (MarquezProject/marquez#3058).
set -eu
L=${1:-src/lineage/lineage}
RUNS=${2:-500000}
JOBS=${3:-10000}
DATASETS=${4:-490000}
here=$(cd "$(dirname "$0")" && pwd)
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
work=${TMPDIR:-/tmp}/lineage-bench.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$here/lineage-gen.py" "$RUNS" "$JOBS" "$DATASETS" >events.jsonl
n=$(wc -l <events.jsonl)
ms() { date +%s%N | cut -c1-13; }
t0=$(ms); "$L" ingest events.jsonl >/dev/null; t1=$(ms)
echo "ingest: $n events in $((t1 - t0)) ms = $((n * 1000 / (t1 - t0 + 1))) events/s"
t0=$(ms); "$L" upstream -v dataset:s3://lake:d1 --depth 1 2>build.txt >/dev/null; t1=$(ms)
echo "first query (build graph from log, write index): $((t1 - t0)) ms"
sed 's/^/  /' build.txt
best() { # best N NAME ARGS...: best of N end-to-end times, and -v's walk time
	reps=$1; name=$2; shift 2
	b=999999
	for i in $(seq "$reps"); do
		t0=$(ms); "$L" "$@" >out.txt 2>/dev/null || true; t1=$(ms)
		[ $((t1 - t0)) -lt $b ] && b=$((t1 - t0))
	done
	walk=$("$L" "$@" -v 2>&1 >/dev/null | sed -n 's/.*walked \([0-9]*\) nodes in \([0-9.]*\) ms.*/\1 nodes, walk \2 ms/p')
	echo "$name: $b ms end to end ($walk)"
}
best 5 "upstream d7 --depth 3" upstream dataset:s3://lake:d7 --depth 3
best 5 "downstream d7 --depth 3" downstream dataset:s3://lake:d7 --depth 3
best 5 "impact d7 --depth 4" impact dataset:s3://lake:d7 --depth 4
best 5 "path d7 d11" path dataset:s3://lake:d7 dataset:s3://lake:d11
# the whole closure: most of the graph, one JSON line per node
best 1 "upstream d7 (whole closure)" upstream dataset:s3://lake:d7
best 1 "impact d7 (whole closure)" impact dataset:s3://lake:d7
"$L" upstream -v dataset:s3://lake:d1 --depth 1 2>&1 >/dev/null | grep mapped | sed 's/^/  /'
ls -l .lineage | awk 'NR > 1 { print "  " $5 " bytes " $9 }'
