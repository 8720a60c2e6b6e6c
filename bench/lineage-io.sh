#!/bin/sh
# bench/lineage-io.sh -- export and import rates of lineage on a generated
# log (default: 100,000 runs of 2,000 jobs over 98,000 datasets; see
# bench/lineage-gen.py): export as an OCI layout, DOT and PROV-JSON, then
# import each into a fresh store, then import the OCI layout again into
# the same store (every event a duplicate).  Each step prints its wall
# time and its CPU time (user + system, from /usr/bin/time), and the
# events per wall second and per CPU second: on a shared machine the CPU
# figure is the one that does not move with the load.
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
# step NAME CMD...: runs CMD (its stdout to out.txt), prints the rates
step() {
	name=$1
	shift
	/usr/bin/time -f '%e %U %S' -o t.txt "$@" >out.txt
	read -r wall user sys <t.txt
	awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v name="$name" \
		'BEGIN { c = u + s; printf "%s: %.1f s wall, %.1f s CPU = %d events/s, %d per CPU second\n", name, w, c, n / (w > 0 ? w : 0.01), n / (c > 0 ? c : 0.01) }'
}
step "export --format oci" "$L" export --format oci -o oci
"$L" export --format oci -o oci2
diff -r oci oci2 >/dev/null && echo "  exported twice: byte-identical ($(du -sk oci | cut -f1) KiB)"
step "export --format dot" "$L" export --format dot -o g.dot
step "export --format prov" "$L" export --format prov -o g.prov
for f in oci g.dot g.prov; do
	step "import $f" "$L" -s "s.$f" import "$f" --format text
	sed 's/^/  /' out.txt
done
step "import oci again (all duplicates)" "$L" -s s.oci import oci --format text
sed 's/^/  /' out.txt
"$L" -s s.g.dot export --format dot | cmp - g.dot && echo "DOT -> import -> DOT: identical"
