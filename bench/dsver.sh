#!/usr/bin/env bash
# bench/dsver.sh -- dsver snapshot throughput against sha256sum, restic and
# git-annex, side by side over the same tree (issue 7's targets).
#
# Generates (once, under $BENCH_DIR) N_SMALL files of 1-64 KiB (base64
# text, which compresses like real data) and N_BIG files of 50 MiB
# (random bytes), warms the page cache, then times:
#   sha256sum over every file in one process
#   dsver snapshot, first (cold store) with -j1 and -j2, with the store
#   dsver snapshot -j1 --full --no-store (hashing only)
#   dsver snapshot again, unchanged (stat cache)
#   restic backup, first and again (restic's own cache)
#   git annex add on the small files, and dsver on the same small files
#   dsver diff of two synthetic 1,000,000-entry manifests (1% changed),
#   with its peak RSS
# and prints, for each, wall seconds and MB/s and CPU seconds (user+sys)
# and MB/s (MB are MiB here), then every ratio to the issue's targets.
# The dsver and sha256sum rows are the best of RUNS runs (wall and CPU
# taken separately), since the machine may be shared.
#
# usage: bench/dsver.sh [DSVER]   env: N_SMALL (20000) N_BIG (20)
#        BENCH_DIR (/tmp/complykit-bench-dsver) DIFF_N (1000000) RUNS (3)
#        ANNEX (1; 0 skips git annex, which takes minutes)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
dsver=${1:-$top/src/dsver/dsver}
n_small=${N_SMALL:-20000}
n_big=${N_BIG:-20}
diff_n=${DIFF_N:-1000000}
runs=${RUNS:-3}
annex=${ANNEX:-1}
work=${BENCH_DIR:-/tmp/complykit-bench-dsver}
export LC_ALL=C

for t in python3 sha256sum zstd; do
	command -v $t >/dev/null || { echo "bench: $t missing" >&2; exit 2; }
done
mkdir -p "$work"
data=$work/data-$n_small-$n_big
if [ ! -f "$data/.ready" ]; then
	rm -rf "$data" && mkdir -p "$data/small" "$data/big"
	python3 - "$data" "$n_small" "$n_big" <<'PY'
import base64, os, random, sys
d, ns, nb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(7)
for i in range(ns):
    sub = os.path.join(d, "small", "d%03d" % (i // 200))
    os.makedirs(sub, exist_ok=True)
    n = rnd.randint(1024, 65536)
    raw = os.urandom(n * 3 // 4 + 3)
    with open(os.path.join(sub, "f%05d.txt" % i), "wb") as f:
        f.write(base64.b64encode(raw)[:n])
for i in range(nb):
    with open(os.path.join(d, "big", "b%02d.bin" % i), "wb") as f:
        for _ in range(50):
            f.write(os.urandom(1 << 20))
PY
	touch "$data/.ready"
	sleep 2	# let the tree age past the stat cache's racy window
fi
rm -f "$data/.ready.tmp"
bytes=$(find "$data" -type f ! -name '.ready' -printf '%s\n' | awk '{s+=$1} END {print s}')
small_bytes=$(find "$data/small" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
find "$data" -type f -exec cat {} + >/dev/null	# warm the page cache

# timed CMD... -> sets WALL and CPU (user+sys) seconds, output discarded
timed() {
	/usr/bin/time -f '%e %U %S' -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" ||
		{ cat "$work/err.txt" >&2; return 1; }
	read -r WALL u s <"$work/time.txt"
	CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
}
# best PREP CMD... -> WALL and CPU, each the least of $runs runs of CMD,
# PREP (a shell command) run before each
best() {
	prep=$1; shift
	bw= bc=
	for _ in $(seq "$runs"); do
		sh -c "$prep"
		timed "$@"
		bw=$(awk -v a="$bw" -v b="$WALL" 'BEGIN { print (a == "" || b < a) ? b : a }')
		bc=$(awk -v a="$bc" -v b="$CPU" 'BEGIN { print (a == "" || b < a) ? b : a }')
	done
	WALL=$bw CPU=$bc
}
mbs() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1048576 / (s > 0 ? s : 0.001) }'; }
row() { # row LABEL BYTES (WALL and CPU set)
	printf '%-42s %7s s %6s MB/s  cpu %6s s %6s MB/s\n' "$1" "$WALL" \
		"$(mbs "$2" "$WALL")" "$CPU" "$(mbs "$2" "$CPU")"
}

echo "tree: $n_small files of 1-64 KiB + $n_big of 50 MiB, $((bytes >> 20)) MiB, page cache warm"
echo "cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); best of $runs runs"
echo

best : sh -c "cd '$data' && find . -type f ! -name .ready -print0 | xargs -0 sha256sum"
row "sha256sum (one process)" "$bytes"
t_sha=$WALL c_sha=$CPU

store=$work/store
fresh="rm -rf '$store' && '$dsver' -s '$store' init >/dev/null"
best "$fresh" "$dsver" -s "$store" snapshot -j 1 "$data"
row "dsver snapshot -j1, first, with store" "$bytes"
t_c1=$WALL c_c1=$CPU
best "$fresh" "$dsver" -s "$store" snapshot -j 2 "$data"
row "dsver snapshot -j2, first, with store" "$bytes"
t_c2=$WALL c_c2=$CPU
store_mib=$(du -sm "$store" | cut -f1)
best : "$dsver" -s "$store" snapshot -j 1 --full --no-store "$data"
row "dsver snapshot -j1 --full --no-store" "$bytes"
best : "$dsver" -s "$store" snapshot "$data"
row "dsver snapshot again, unchanged (cache)" "$bytes"
t_w=$WALL

if command -v restic >/dev/null; then
	export RESTIC_PASSWORD=bench RESTIC_CACHE_DIR=$work/restic-cache
	rm -rf "$work/restic" "$RESTIC_CACHE_DIR"
	restic init -q -r "$work/restic" >/dev/null
	timed restic -q -r "$work/restic" backup "$data"
	row "restic backup, first" "$bytes"
	t_r1=$WALL c_r1=$CPU
	timed restic -q -r "$work/restic" backup "$data"
	row "restic backup again, unchanged" "$bytes"
	t_r2=$WALL
else
	t_r1= c_r1= t_r2=
	echo "restic: not installed (apt-get install -y restic)"
fi

if [ "$annex" != 0 ] && command -v git-annex >/dev/null; then
	rm -rf "$work/annex" && mkdir -p "$work/annex"
	cp -r "$data/small" "$work/annex/small"
	(cd "$work/annex" && git init -q && git annex init -q bench >/dev/null 2>&1)
	timed sh -c "cd '$work/annex' && git annex add --quiet small"
	row "git annex add, small files" "$small_bytes"
	t_ga=$WALL
	rm -rf "$work/small-copy" && cp -r "$data/small" "$work/small-copy"
	find "$work/small-copy" -type f -exec cat {} + >/dev/null
	best "$fresh" "$dsver" -s "$store" snapshot -j 1 "$work/small-copy"
	row "dsver snapshot -j1, same small files" "$small_bytes"
	t_ds=$WALL
else
	t_ga= t_ds=
	echo "git-annex: skipped (ANNEX=0) or not installed"
fi

# Two manifests of diff_n entries, the second with 1% of them changed,
# written straight into a store (a million files are not needed on disk
# to time the comparison of their manifests).
dstore=$work/diffstore
if [ ! -f "$dstore/.ready-$diff_n" ]; then
	rm -rf "$dstore" && "$dsver" -s "$dstore" init >/dev/null
	python3 - "$dstore" "$diff_n" <<'PY'
import hashlib, json, os, subprocess, sys
store, n = sys.argv[1], int(sys.argv[2])
def manifest(parent, bump):
    lines = []
    total = 0
    for i in range(n):
        h = hashlib.sha256(b"%d-%d" % (i, bump if i % 100 == 0 else 0)).hexdigest()
        size = 1000 + i % 5000
        total += size
        lines.append('{"mode":"100644","path":"d%04d/f%07d.csv","sha256":"%s","size":%d}\n'
                     % (i // 1000, i, h, size))
    lines.sort()
    head = {"bytes": total, "files": n, "kind": "dsver-manifest", "message": "",
            "meta": {}, "parent": parent, "source": "/bench", "store": False,
            "time": "2026-01-01T00:00:0%d.000000Z" % bump, "version": 1}
    text = (json.dumps(head, sort_keys=True, separators=(",", ":")) + "\n" + "".join(lines)).encode()
    mid = hashlib.sha256(text).hexdigest()
    z = subprocess.run(["zstd", "-q", "-3", "-c"], input=text, stdout=subprocess.PIPE, check=True).stdout
    with open(os.path.join(store, "snapshots", mid), "wb") as f:
        f.write(z)
    return mid
a = manifest(None, 0)
b = manifest(a, 1)
open(os.path.join(store, "ids"), "w").write(a + " " + b + "\n")
PY
	touch "$dstore/.ready-$diff_n"
fi
read -r ida idb <"$dstore/ids"
/usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$dsver" -s "$dstore" diff "$ida" "$idb" >"$work/diff.out"
read -r t_diff u s rss <"$work/time.txt"
printf '%-42s %7s s (cpu %.2f s)   %d changes, peak RSS %d MiB\n' \
	"dsver diff, two ${diff_n}-entry manifests" "$t_diff" "$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" \
	"$(wc -l <"$work/diff.out")" $((rss / 1024))
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.1fx", a / b; else printf "n/a" }'; }
echo "ratios (time of the other / time of dsver; wall, and CPU where both are known):"
echo "  sha256sum / dsver -j1 first:       $(ratio "$t_sha" "$t_c1") wall, $(ratio "$c_sha" "$c_c1") cpu"
echo "  sha256sum / dsver -j2 first:       $(ratio "$t_sha" "$t_c2") wall, $(ratio "$c_sha" "$c_c2") cpu"
if [ -n "$t_r1" ]; then
	echo "  restic first / dsver -j2 first:    $(ratio "$t_r1" "$t_c2") wall, $(ratio "$c_r1" "$c_c2") cpu"
	echo "  restic first / dsver -j1 first:    $(ratio "$t_r1" "$t_c1") wall, $(ratio "$c_r1" "$c_c1") cpu"
	echo "  restic again / dsver again:        $(ratio "$t_r2" "$t_w") wall"
fi
[ -n "$t_ga" ] && echo "  git annex add / dsver (small):     $(ratio "$t_ga" "$t_ds") wall"
echo "  dsver -j1 first, one core:         $(mbs "$bytes" "$c_c1") MB/s of CPU (target >= 700)"
echo "  store size: $store_mib MiB for $((bytes >> 20)) MiB of data"
echo "  load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
