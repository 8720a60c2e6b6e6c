#!/bin/sh
# bench/lineage-io.sh -- export and import rates of lineage on a generated
# log (default: 100,000 runs of 2,000 jobs over 98,000 datasets; see
# bench/lineage-gen.py): export as an OCI layout, DOT and PROV-JSON, then
# import each into a fresh store, then import the OCI layout again into
# the same store (every event a duplicate).
#
#   bench/lineage-io.sh [LINEAGE [RUNS JOBS DATASETS]]
set -eu
L=${1:-src/lineage/lineage}
RUNS=${2:-100000}
JOBS=${3:-2000}
DATASETS=${4:-98000}
here=$(cd "$(dirname "$0")" && pwd)
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
work=${TMPDIR:-/tmp}/lineage-io.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$here/lineage-gen.py" "$RUNS" "$JOBS" "$DATASETS" >events.jsonl
"$L" ingest events.jsonl >/dev/null
n=$(wc -l <events.jsonl)
ms() { date +%s%N | cut -c1-13; }
rate() { echo "$1: $n events in $2 ms = $((n * 1000 / ($2 + 1))) events/s"; }
t0=$(ms); "$L" export --format oci -o oci; t1=$(ms); rate "export --format oci" $((t1 - t0))
t0=$(ms); "$L" export --format oci -o oci2; t1=$(ms)
diff -r oci oci2 >/dev/null && echo "  exported twice: byte-identical ($(du -sk oci | cut -f1) KiB)"
t0=$(ms); "$L" export --format dot >g.dot; t1=$(ms); rate "export --format dot" $((t1 - t0))
t0=$(ms); "$L" export --format prov >g.prov; t1=$(ms); rate "export --format prov" $((t1 - t0))
for f in oci g.dot g.prov; do
	t0=$(ms); "$L" -s "s.$f" import "$f" --format text; t1=$(ms)
	rate "  import $f" $((t1 - t0))
done
t0=$(ms); "$L" -s s.oci import oci --format text; t1=$(ms); rate "  import oci again (all duplicates)" $((t1 - t0))
"$L" -s s.g.dot export --format dot | cmp - g.dot && echo "  DOT -> import -> DOT: identical"
