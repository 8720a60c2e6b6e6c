#!/usr/bin/env bash
# bench/ksign.sh -- ksign against its anchors, side by side in one run
# (issue 5's targets):
#   a 1 GiB file signed and verified, beside minisign, signify-openbsd
#   and `openssl dgst -sha256` on the same file (target: at most half of
#   minisign's time);
#   100,000 small files signed in one call, one signature each (target:
#   under 8 s), beside minisign over the same files;
#   manifest mode over the same files, signed and verified (target: under
#   2 s), beside signify's -C over a SHA256 manifest;
#   record mode on one core: signs/s and verifies/s against `openssl
#   speed ed25519` on the same core, with the ratio (target: 15,000 and
#   5,000 /s, 0.8 of openssl).
# The machine is shared: every figure is printed as wall seconds and CPU
# seconds (user + system) of the command.  Keys use --kdf-cost 10 so that
# a 1 s scrypt unlock (measured on its own, last) does not hide the rest.
#
# usage: bench/ksign.sh [KSIGN]   env: BENCH_DIR (/tmp/complykit-bench-ksign)
#        SIZE_MB (1024) N_FILES (100000) N_REC (100000) ROUNDS (5)
#        PARTS ("big many manifest records unlock": which parts to run)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ksign=${1:-$top/src/ksign/ksign}
work=${BENCH_DIR:-/tmp/complykit-bench-ksign}
size_mb=${SIZE_MB:-1024}
n_files=${N_FILES:-100000}
n_rec=${N_REC:-100000}
export LC_ALL=C
for t in openssl minisign signify-openbsd python3 taskset; do
	command -v $t >/dev/null || { echo "bench: $t missing" >&2; exit 2; }
done
mkdir -p "$work"
cd "$work"
export KSIGN_PASSPHRASE=bench COMPLYKIT_NOW=
unset COMPLYKIT_NOW
rm -f k.key k.pub trusted mini.key mini.pub sig.sec sig.pub
"$ksign" keygen --kdf-cost 10 --name "Bench Signer" --id bench@example.org -o k >/dev/null
"$ksign" trust k.pub >trusted
minisign -G -W -p mini.pub -s mini.key >/dev/null
signify-openbsd -G -n -p sig.pub -s sig.sec >/dev/null

# t CMD...: runs CMD (stdout to /dev/null); sets WALL and CPU (seconds)
t() {
	local out
	out=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>"$work/last.err"; } 2>&1 | tail -n 1)
	WALL=$(echo "$out" | awk '{ printf "%.2f", $1 }')
	CPU=$(echo "$out" | awk '{ printf "%.2f", $2 + $3 }')
}
row() { printf '  %-44s %8s s wall %8s s cpu\n' "$1" "$WALL" "$CPU"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

parts=${PARTS:-big many manifest records unlock}
has() { case " $parts " in *" $1 "*) return 0 ;; esac; return 1; }
echo "ksign bench, $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

if has big; then
echo "== one file of $size_mb MiB (page cache warm)"
[ -f big.bin ] && [ "$(stat -c %s big.bin)" -eq $((size_mb << 20)) ] ||
	head -c $((size_mb << 20)) /dev/urandom >big.bin
cat big.bin >/dev/null
rm -f big.bin.ksig big.bin.minisig big.bin.sig
t openssl dgst -sha256 big.bin; row "openssl dgst -sha256"; dg=$CPU
t "$ksign" sign -k k.key -m approval big.bin; row "ksign sign"; ks=$WALL; ksc=$CPU
t "$ksign" verify -t trusted --format text big.bin; row "ksign verify"; kv=$WALL; kvc=$CPU
t minisign -S -s mini.key -m big.bin; row "minisign -S"; ms=$WALL; msc=$CPU
t minisign -V -p mini.pub -m big.bin; row "minisign -V"; mv=$WALL; mvc=$CPU
t signify-openbsd -S -s sig.sec -m big.bin; row "signify-openbsd -S"
t signify-openbsd -V -p sig.pub -m big.bin; row "signify-openbsd -V"
echo "  ksign/minisign: sign $(ratio "$ks" "$ms") wall $(ratio "$ksc" "$msc") cpu;" \
	"verify $(ratio "$kv" "$mv") wall $(ratio "$kvc" "$mvc") cpu (target <= 0.50)"
echo "  ksign/openssl dgst -sha256 (cpu): sign $(ratio "$ksc" "$dg")," \
	"verify $(ratio "$kvc" "$dg")"
fi

mkfiles() {
	[ -f files/.made-$n_files ] && return
	rm -rf files
	python3 - "$n_files" <<'PY'
import os, sys
n = int(sys.argv[1])
for i in range(n):
    d = 'files/d%03d' % (i % 1000)
    os.makedirs(d, exist_ok=True)
    with open('%s/f%06d.txt' % (d, i), 'w') as f:
        f.write(('record %d\n' % i) * 30)
PY
	touch files/.made-$n_files
}

if has many; then
echo "== $n_files small files, one signature each, one call"
mkfiles
find files -name '*.ksig' -delete; find files -name '*.minisig' -delete; sync
t "$ksign" sign -k k.key -m approval files; row "ksign sign DIR"
echo "  target: < 8 s wall"
t "$ksign" verify -t trusted --format jsonl files; row "ksign verify DIR"
sync
t sh -c 'find files -name "*.txt" -print0 | xargs -0 minisign -S -s mini.key -m'
row "minisign -S -m (xargs)"
find files -name '*.minisig' -delete
fi

if has manifest; then
echo "== manifest over the same $n_files files"
mkfiles
rm -f data.manifest data.manifest.ksig SHA256 SHA256.sig
t "$ksign" sign -k k.key -m approval --manifest data.manifest files; row "ksign sign --manifest"; s1=$WALL
t "$ksign" verify -t trusted --format text --manifest data.manifest; row "ksign verify --manifest"; s2=$WALL
echo "  sign + verify: $(awk -v a="$s1" -v b="$s2" 'BEGIN { printf "%.2f", a + b }') s wall (target < 2 s)"
t sh -c 'find files -name "*.txt" -print0 | sort -z | xargs -0 sha256sum --tag > SHA256 && signify-openbsd -S -e -s sig.sec -m SHA256 -x SHA256.sig'
row "sha256sum --tag + signify -S -e"
t signify-openbsd -C -p sig.pub -x SHA256.sig; row "signify -C"
fi

if has records; then
echo "== $n_rec JSON Lines records, one core (taskset -c 0)"
python3 - "$n_rec" >rec.jsonl <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"id": i, "text": "visit note %d" % i, "score": i % 7 / 7},
                     separators=(",", ":")))
PY
# ROUNDS rounds (default 5), each ksign then openssl on core 0,
# interleaved: the best
# of each (least CPU, most operations per second), since the machine's
# load moves both between runs
ss=0 vs=0 os=0 ov=0
rounds=${ROUNDS:-5}
for round in $(seq 1 "$rounds"); do
	t taskset -c 0 "$ksign" sign -k k.key -m review rec.jsonl --jsonl -o signed.jsonl
	row "ksign sign --jsonl (round $round)"
	ss=$(awk -v n="$n_rec" -v c="$CPU" -v b="$ss" 'BEGIN { r = n / c; printf "%.0f", (r > b ? r : b) }')
	t taskset -c 0 "$ksign" verify -t trusted --format jsonl signed.jsonl --jsonl
	row "ksign verify --jsonl (round $round)"
	vs=$(awk -v n="$n_rec" -v c="$CPU" -v b="$vs" 'BEGIN { r = n / c; printf "%.0f", (r > b ? r : b) }')
	sp=$(taskset -c 0 openssl speed -seconds 3 ed25519 2>/dev/null | awk '/Ed25519/ && NF >= 6 { print $(NF-1), $NF }' | tail -n 1)
	os=$(awk -v a="${sp%% *}" -v b="$os" 'BEGIN { printf "%.0f", (a > b ? a : b) }')
	ov=$(awk -v a="${sp##* }" -v b="$ov" 'BEGIN { printf "%.0f", (a > b ? a : b) }')
done
echo "  ksign:   $ss signs/s, $vs verifies/s (per CPU second, best of $rounds)"
echo "  openssl speed ed25519: $os signs/s, $ov verifies/s (best of $rounds)"
echo "  ratio:   sign $(ratio "$ss" "$os"), verify $(ratio "$vs" "$ov") (target 0.80;" \
	"15,000 and 5,000 /s)"
fi

if has unlock; then
echo "== unlocking a key at the default cost (scrypt N=2^17, r=8, p=1)"
rm -f d.key d.pub one.txt one.txt.ksig
t "$ksign" keygen --name D --id d@example.org -o d; row "ksign keygen (default cost)"
echo one >one.txt
t "$ksign" sign -k d.key -m approval one.txt; row "ksign sign one small file (one unlock)"
fi
