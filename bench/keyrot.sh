#!/usr/bin/env bash
# bench/keyrot.sh -- keyrot against its anchors, side by side in one run
# (issue 6's targets):
#   bulk encrypt and decrypt of a 1 GiB file to /dev/null on one core, in
#   GB/s, against `openssl speed -evp aes-256-gcm` (16 KiB blocks; the
#   ratio is printed) and against age on the same file;
#   rewrap of 100,000 encrypted objects of 1 KB (target: under 5 s);
#   field mode: records/s with two encrypted fields (target: 200,000);
#   and, with KILL_RUNS set, the kill -9 test of make check at that many
#   random instants (issue: 200).
#
# usage: bench/keyrot.sh [KEYROT]   env: BENCH_DIR (/tmp/complykit-bench-keyrot)
#        SIZE_MB (1024) N_OBJ (100000) N_REC (1000000) KILL_RUNS (0)
#        PARTS ("bulk rewrap fields": which parts to run)
#        JOBS (rewrap's -j; default: keyrot's, one thread per core)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
keyrot=${1:-$top/src/keyrot/keyrot}
work=${BENCH_DIR:-/tmp/complykit-bench-keyrot}
size_mb=${SIZE_MB:-1024}
n_obj=${N_OBJ:-100000}
n_rec=${N_REC:-1000000}
export LC_ALL=C
for t in openssl age python3 taskset; do
	command -v $t >/dev/null || { echo "bench: $t missing" >&2; exit 2; }
done
mkdir -p "$work"
cd "$work"
export KEYROT_MASTER_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export KEYROT_KEYRING=$work/ring COMPLYKIT_ACTOR=bench
rm -rf ring
"$keyrot" init >/dev/null
one="taskset -c 0"

# The machine is shared, so times are CPU seconds (user + system) of the
# command, as `openssl speed` counts by default; wall seconds go to
# $work/wall.log.
secs() { # secs CMD...: CPU seconds of CMD (stdout to /dev/null)
	local t
	t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null; } 2>&1 | tail -n 1)
	echo "$* : wall ${t%% *}" >>wall.log
	echo "$t" | awk '{ print $2 + $3 }'
}
wsecs() { # wsecs CMD...: wall seconds of CMD (for work that waits on disk)
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}
rate() { printf '%.2f' "$(echo "$1 / $2 / 1000000000" | bc -l)"; }

parts=${PARTS:-bulk rewrap fields}
has() { case " $parts " in *" $1 "*) return 0 ;; esac; return 1; }

if has bulk; then
echo "== bulk: $size_mb MiB, one core (taskset -c 0), to /dev/null"
[ -f big.bin ] && [ "$(stat -c %s big.bin)" -eq $((size_mb << 20)) ] ||
	head -c $((size_mb << 20)) /dev/urandom >big.bin
bytes=$((size_mb << 20))
cat big.bin >/dev/null
ossl=$($one openssl speed -evp aes-256-gcm -bytes 16384 -seconds 3 2>/dev/null |
	awk 'tolower($1) == "aes-256-gcm" { v = $NF; sub(/k$/, "", v); printf "%.0f\n", v * 1000 }')
echo "openssl speed -evp aes-256-gcm (16 KiB): $(rate "$ossl" 1) GB/s"
$one "$keyrot" encrypt --context big <big.bin >big.krt
t=$(secs $one "$keyrot" encrypt --context big <big.bin)
enc=$(rate $bytes "$t")
t=$(secs $one "$keyrot" decrypt --context big <big.krt)
dec=$(rate $bytes "$t")
echo "keyrot encrypt: $enc GB/s ($(printf '%.2f' "$(echo "$enc / ($ossl / 1000000000)" | bc -l)") of openssl)"
echo "keyrot decrypt: $dec GB/s ($(printf '%.2f' "$(echo "$dec / ($ossl / 1000000000)" | bc -l)") of openssl)"
rm -f age.key && age-keygen -o age.key 2>/dev/null
recip=$(age-keygen -y age.key)
$one age -r "$recip" -o big.age big.bin
t=$(secs $one age -r "$recip" big.bin)
echo "age encrypt:    $(rate $bytes "$t") GB/s"
t=$(secs $one age -d -i age.key big.age)
echo "age decrypt:    $(rate $bytes "$t") GB/s"
cmp <("$keyrot" decrypt --context big <big.krt) big.bin && echo "keyrot round trip: identical"
rm -f big.krt big.age
fi

if has rewrap; then

echo "== rewrap: $n_obj objects of 1 KB"
rm -rf objs && mkdir objs
python3 - "$n_obj" <<'PY'
import os, sys
n = int(sys.argv[1])
for d in range(100):
    os.makedirs("objs/d%02d" % d, exist_ok=True)
blob = os.urandom(1024 * 64)
for i in range(n):
    with open("objs/d%02d/o%06d" % (i % 100, i), "wb") as f:
        off = (i * 37) % (len(blob) - 1024)
        f.write(blob[off:off + 1024])
PY
t=$(wsecs "$keyrot" encrypt objs)
echo "encrypt in place: $(printf '%.2f' "$t") s wall"
"$keyrot" rotate >/dev/null
sync
t=$( { TIMEFORMAT='%R %U %S'; time "$keyrot" rewrap ${JOBS:+-j "$JOBS"} objs >/dev/null; } 2>&1 | tail -n 1)
set -- $t
echo "rewrap: $(printf '%.2f' "$1") s wall ($(printf '%.0f' "$(echo "$n_obj / $1" | bc -l)") objects/s), $2 s user, $3 s system"
"$keyrot" status --format jsonl objs | head -n 2
fi

if has fields; then

echo "== field mode: $n_rec records, two encrypted fields, one core"
python3 - "$n_rec" >recs.jsonl <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"id": i, "ssn": "%03d-%02d-%04d" % (i % 900, i % 99, i % 9999),
                      "dob": "19%02d-%02d-%02d" % (i % 100, i % 12 + 1, i % 28 + 1),
                      "site": "clinic-%d" % (i % 50), "score": i % 7}, separators=(",", ":")))
PY
t=$(secs $one "$keyrot" encrypt --field ssn --field dob recs.jsonl)
echo "field encrypt: $(printf '%.0f' "$(echo "$n_rec / $t" | bc -l)") records/s"
$one "$keyrot" encrypt --field ssn --field dob recs.jsonl >recs.enc
t=$(secs $one "$keyrot" decrypt --field ssn --field dob recs.enc)
echo "field decrypt: $(printf '%.0f' "$(echo "$n_rec / $t" | bc -l)") records/s"
"$keyrot" decrypt --field ssn --field dob recs.enc | cmp - recs.jsonl && echo "field round trip: identical"
fi

if [ "${KILL_RUNS:-0}" -gt 0 ]; then
	echo "== kill -9 at $KILL_RUNS random instants during rewrap and reencrypt"
	PHISCAN=unused KEYROT=$keyrot top_srcdir=$top KILL_RUNS=$KILL_RUNS KILL_SEED=${KILL_SEED:-7} \
		sh "$top/tests/cli/run-case" "$top/tests/cli/keyrot/kill.sh" 2>&1 | tail -n 3 ||
		true
fi
