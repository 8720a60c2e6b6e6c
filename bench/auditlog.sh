#!/usr/bin/env bash
# bench/auditlog.sh -- auditlog throughput, side by side in one run:
#   append rate with group commit (--sync batch) and with --sync always,
#   verify rate against sha256sum over the same segment bytes,
#   report time (html and md) and a query by actor through the index;
#   with QUERY_EVENTS, also a query by actor over a log that large
#   (generated straight into append, index built first and timed).
# Events are ~500 bytes of JSON (actor, action, target, outcome, phi,
# data padding).
#
# Verify runs with its default thread count (one per online processor)
# and with -j 1, each best of VERIFY_RUNS (default 3) by wall time, with
# sha256sum over the same bytes the same way; wall and CPU are printed
# for each, with the load average.  VERIFY_ONLY=1 stops after that.
#
# usage: bench/auditlog.sh [AUDITLOG] [EVENTS] [ALWAYS_EVENTS] [QUERY_EVENTS]
#        (defaults: src/auditlog/auditlog 1000000 5000 0)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
auditlog=${1:-$top/src/auditlog/auditlog}
n=${2:-1000000}
na=${3:-5000}
nq=${4:-0}
work=${BENCH_DIR:-/tmp/complykit-bench-auditlog}
export LC_ALL=C
rm -rf "$work" && mkdir -p "$work"

gen() {	# gen N: N events on stdout
	python3 - "$1" <<'PY'
import json, sys
n = int(sys.argv[1])
acts = ["read", "export", "code_generation", "phi_scan", "login"]
w = sys.stdout.write
for i in range(n):
    ev = {"actor": {"id": "user%03d" % (i % 500), "name": "User %d" % (i % 500)},
          "action": acts[i % 5], "target": {"type": "document", "id": "doc-%08d" % i},
          "outcome": "success" if i % 17 else "denied",
          "phi": {"score": (i * 7) % 30, "confidence": "low"},
          "ip": "10.0.%d.%d" % (i % 200, i % 250), "duration_ms": i % 1000,
          "data": {"note": "x" * 170}}
    w(json.dumps(ev, separators=(",", ":")) + "\n")
PY
}
gen "$n" >"$work/events.jsonl"
head -n "$na" "$work/events.jsonl" >"$work/always.jsonl"
bytes=$(wc -c <"$work/events.jsonl")

now() { date +%s.%N; }
# wall seconds and CPU seconds (user+sys) of one command: the machine may
# be shared, and CPU time says what the code costs.
cpu_of() {	# cpu_of OUTFILE CMD...: CPU seconds of CMD -> $cpu
	cpu=$(python3 -c '
import resource, subprocess, sys
out = open(sys.argv[1], "wb")
subprocess.run(sys.argv[2:], stdout=out, stdin=subprocess.DEVNULL if len(sys.argv) < 4 else None)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f" % (r.ru_utime + r.ru_stime))' "$@")
}
rate() { python3 -c "import sys; print('%.0f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$@"; }
secs() { python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$@"; }

"$auditlog" init "$work/L" >/dev/null
t0=$(now); cpu_of /dev/null "$auditlog" append --log "$work/L" --sync batch "$work/events.jsonl"; t1=$(now)
batch_s=$(secs "$t0" "$t1"); batch_c=$cpu
if [ "${VERIFY_ONLY:-0}" != 1 ]; then
"$auditlog" init "$work/A" >/dev/null
t0=$(now); cpu_of /dev/null "$auditlog" append --log "$work/A" --sync always "$work/always.jsonl"; t1=$(now)
always_s=$(secs "$t0" "$t1"); always_c=$cpu
# The disk's own bound, right after: the same number of 594-byte appends
# to one file, each followed by fdatasync, nothing else.
disk_s=$(python3 - "$na" "$work/disk.probe" <<'PY'
import os, sys, time
n, path = int(sys.argv[1]), sys.argv[2]
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
line = b"x" * 593 + b"\n"
t = time.time()
for i in range(n):
    os.write(fd, line)
    os.fdatasync(fd)
print("%.2f" % (time.time() - t))
PY
)
fi

cat "$work"/L/seg/*.jsonl >"$work/segments.bytes"
segbytes=$(wc -c <"$work/segments.bytes")
runs=${VERIFY_RUNS:-3}
best_of() {	# best_of CMD...: best wall of $runs runs -> $best_s, its CPU $best_c
	best_s=; best_c=
	for _ in $(seq "$runs"); do
		t0=$(now); cpu_of /dev/null "$@"; t1=$(now)
		s=$(secs "$t0" "$t1")
		if [ -z "$best_s" ] || python3 -c "import sys; sys.exit(not float(sys.argv[1]) < float(sys.argv[2]))" "$s" "$best_s"; then
			best_s=$s; best_c=$cpu
		fi
	done
}
threads=${COMPLYKIT_THREADS:-$(nproc)}
load0=$(cut -d' ' -f1 /proc/loadavg)
best_of "$auditlog" verify --log "$work/L"
verify_s=$best_s; verify_c=$best_c
best_of "$auditlog" verify --log "$work/L" -j 1
verify1_s=$best_s; verify1_c=$best_c
best_of sha256sum "$work/segments.bytes"
sha_s=$best_s; sha_c=$best_c
load1=$(cut -d' ' -f1 /proc/loadavg)
if [ "${VERIFY_ONLY:-0}" = 1 ]; then
	cat <<EOF1
auditlog bench (verify only): $n events, $(( bytes / n )) bytes each on input, $(( segbytes / n )) stored
machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $load0 before, $load1 after
                          wall                          CPU (user+sys), best of $runs by wall
verify ($threads threads)      $(rate "$n" "$verify_s") ev/s ($verify_s s)        $(rate "$n" "$verify_c") ev/s ($verify_c s)
verify -j 1             $(rate "$n" "$verify1_s") ev/s ($verify1_s s)        $(rate "$n" "$verify1_c") ev/s ($verify1_c s)
sha256sum, same bytes   $(rate "$segbytes" "$sha_s") B/s ($sha_s s)     $sha_c s; verify/sha256sum: wall $(python3 -c "print('%.2f' % ($verify_s / $sha_s))"), CPU $(python3 -c "print('%.2f' % ($verify_c / max($sha_c, 0.01)))")
EOF1
	rm -f "$work/events.jsonl" "$work/segments.bytes"
	exit 0
fi
t0=$(now); cpu_of /dev/null openssl dgst -sha256 "$work/segments.bytes"; t1=$(now)
ossl_s=$(secs "$t0" "$t1"); ossl_c=$cpu
"$auditlog" checkpoint --log "$work/L" >/dev/null

t0=$(now); "$auditlog" query --log "$work/L" --actor nobody >/dev/null || true; t1=$(now)
index_s=$(secs "$t0" "$t1")
t0=$(now); cpu_of "$work/q.jsonl" "$auditlog" query --log "$work/L" --actor user042 --format jsonl; t1=$(now)
query_s=$(secs "$t0" "$t1"); query_c=$cpu
t0=$(now); cpu_of /dev/null "$auditlog" report --log "$work/L" --since 30d -o "$work/r.html"; t1=$(now)
html_s=$(secs "$t0" "$t1"); html_c=$cpu
t0=$(now); cpu_of /dev/null "$auditlog" report --log "$work/L" --since 30d --format md; t1=$(now)
md_s=$(secs "$t0" "$t1"); md_c=$cpu
t0=$(now); "$auditlog" report --log "$work/L" --since 30d --actor user042 --format csv -o "$work/x.csv"; t1=$(now)
csv_s=$(secs "$t0" "$t1")
rm -f "$work/events.jsonl" "$work/segments.bytes"

if [ "$nq" -gt 0 ]; then
	"$auditlog" init "$work/Q" >/dev/null
	t0=$(now)
	gen "$nq" | "$auditlog" append --log "$work/Q" --sync none >/dev/null
	t1=$(now); qgen_s=$(secs "$t0" "$t1")
	t0=$(now); cpu_of /dev/null "$auditlog" query --log "$work/Q" --actor nobody; t1=$(now)
	qidx_s=$(secs "$t0" "$t1"); qidx_c=$cpu
	best=
	for i in 1 2 3; do
		t0=$(now); cpu_of "$work/q10.jsonl" "$auditlog" query --log "$work/Q" --actor user042 --format jsonl; t1=$(now)
		s=$(secs "$t0" "$t1")
		if [ -z "$best" ] || python3 -c "import sys; sys.exit(not float(sys.argv[1]) < float(sys.argv[2]))" "$s" "$best"; then
			best=$s; q10_c=$cpu
		fi
	done
	q10_s=$best
fi

cat <<EOF2
auditlog bench: $n events, $(( bytes / n )) bytes each on input, $(( segbytes / n )) stored
machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1 /proc/loadavg)
                          wall                          CPU (user+sys)
append --sync batch     $(rate "$n" "$batch_s") ev/s ($batch_s s)        $(rate "$n" "$batch_c") ev/s ($batch_c s)
append --sync always    $(rate "$na" "$always_s") ev/s ($always_s s/$na)  $always_c s
write+fdatasync alone   $(rate "$na" "$disk_s") /s ($disk_s s/$na, the disk's bound)
verify ($threads threads)      $(rate "$n" "$verify_s") ev/s ($verify_s s)        $(rate "$n" "$verify_c") ev/s ($verify_c s)  (best of $runs; load $load0-$load1)
verify -j 1             $(rate "$n" "$verify1_s") ev/s ($verify1_s s)        $(rate "$n" "$verify1_c") ev/s ($verify1_c s)
sha256sum, same bytes   $(rate "$segbytes" "$sha_s") B/s ($sha_s s)     $sha_c s; verify/sha256sum: wall $(python3 -c "print('%.2f' % ($verify_s / $sha_s))"), CPU $(python3 -c "print('%.2f' % ($verify_c / max($sha_c, 0.01)))")
openssl dgst -sha256    $(rate "$segbytes" "$ossl_s") B/s ($ossl_s s)     $ossl_c s (one pass; verify hashes each event twice)
index build (1st query) $index_s s
query --actor (indexed) $query_s s  CPU $query_c s, $(wc -l <"$work/q.jsonl") events
report html             $html_s s  CPU $html_c s
report md               $md_s s  CPU $md_c s
report csv (one actor)  $csv_s s, $(( $(wc -l <"$work/x.csv") - 5 )) rows
EOF2
if [ "$nq" -gt 0 ]; then
	cat <<EOF3
query log of $nq events: generated and appended in $qgen_s s
index build (1st query) $qidx_s s  CPU $qidx_c s
query --actor (indexed) $q10_s s  CPU $q10_c s, $(wc -l <"$work/q10.jsonl") events (best of 3)
EOF3
fi
