#!/usr/bin/env bash
# bench/dsver.sh -- dsver snapshot throughput against sha256sum, restic and
# git-annex, side by side over the same tree (issue 7's targets).
#
# Generates (once, under $BENCH_DIR) N_SMALL files of 1-64 KiB (base64
# text, which compresses like real data) and N_BIG files of 50 MiB
# (random bytes), warms the page cache, then times:
#   sha256sum over every file in one process
#   dsver snapshot, first (cold store) with -j1 and -j2, with the store
#   dsver snapshot again, unchanged (stat cache)
#   restic backup, first and again (restic's own cache)
#   git annex add on the small files, and dsver on the same small files
#   dsver diff of two synthetic 1,000,000-entry manifests (1% changed),
#   with its peak RSS
# and prints MB/s, seconds and ratios.
#
# usage: bench/dsver.sh [DSVER]   env: N_SMALL (20000) N_BIG (20)
#        BENCH_DIR (/tmp/complykit-bench-dsver) DIFF_N (1000000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
dsver=${1:-$top/src/dsver/dsver}
n_small=${N_SMALL:-20000}
n_big=${N_BIG:-20}
diff_n=${DIFF_N:-1000000}
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

# secs CMD... -> prints the wall seconds (GNU time), output discarded
secs() {
	/usr/bin/time -f '%e' -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" ||
		{ cat "$work/err.txt" >&2; return 1; }
	cat "$work/time.txt"
}
mbs() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1048576 / (s > 0 ? s : 0.001) }'; }
row() { printf '%-44s %8s s %8s MB/s\n' "$1" "$2" "$(mbs "$3" "$2")"; }

echo "tree: $n_small files of 1-64 KiB + $n_big of 50 MiB, $((bytes >> 20)) MiB, page cache warm"
echo "cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo

t_sha=$(secs sh -c "cd '$data' && find . -type f ! -name .ready -print0 | xargs -0 sha256sum")
row "sha256sum (one process)" "$t_sha" "$bytes"

store=$work/store
rm -rf "$store" && "$dsver" -s "$store" init >/dev/null
t_c1=$(secs "$dsver" -s "$store" snapshot -j 1 "$data")
row "dsver snapshot -j1, first, with store" "$t_c1" "$bytes"
rm -rf "$store" && "$dsver" -s "$store" init >/dev/null
t_c2=$(secs "$dsver" -s "$store" snapshot -j 2 "$data")
row "dsver snapshot -j2, first, with store" "$t_c2" "$bytes"
t_nostore=$(secs "$dsver" -s "$store" snapshot -j 1 --full --no-store "$data")
row "dsver snapshot -j1 --full --no-store" "$t_nostore" "$bytes"
t_w=$(secs "$dsver" -s "$store" snapshot "$data")
row "dsver snapshot again, unchanged (cache)" "$t_w" "$bytes"
store_mib=$(du -sm "$store" | cut -f1)

if command -v restic >/dev/null; then
	export RESTIC_PASSWORD=bench RESTIC_CACHE_DIR=$work/restic-cache
	rm -rf "$work/restic" "$RESTIC_CACHE_DIR"
	restic init -q -r "$work/restic" >/dev/null
	t_r1=$(secs restic -q -r "$work/restic" backup "$data")
	row "restic backup, first" "$t_r1" "$bytes"
	t_r2=$(secs restic -q -r "$work/restic" backup "$data")
	row "restic backup again, unchanged" "$t_r2" "$bytes"
else
	t_r1= t_r2=
	echo "restic: not installed (apt-get install -y restic)"
fi

if command -v git-annex >/dev/null; then
	rm -rf "$work/annex" && mkdir -p "$work/annex"
	cp -r "$data/small" "$work/annex/small"
	(cd "$work/annex" && git init -q && git annex init -q bench >/dev/null 2>&1)
	t_ga=$(secs sh -c "cd '$work/annex' && git annex add --quiet small")
	row "git annex add, small files" "$t_ga" "$small_bytes"
	rm -rf "$store" && "$dsver" -s "$store" init >/dev/null
	find "$work/annex/small" -type f -exec cat {} + >/dev/null
	rm -rf "$work/small-copy" && cp -r "$data/small" "$work/small-copy"
	t_ds=$(secs "$dsver" -s "$store" snapshot -j 1 "$work/small-copy")
	row "dsver snapshot -j1, same small files" "$t_ds" "$small_bytes"
else
	t_ga= t_ds=
	echo "git-annex: not installed (apt-get install -y git-annex)"
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
/usr/bin/time -f '%e %M' -o "$work/time.txt" "$dsver" -s "$dstore" diff "$ida" "$idb" >"$work/diff.out"
read -r t_diff rss <"$work/time.txt"
printf '%-44s %8s s   %d changes, peak RSS %d MiB\n' \
	"dsver diff, two ${diff_n}-entry manifests" "$t_diff" "$(wc -l <"$work/diff.out")" $((rss / 1024))
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.1fx", a / b; else printf "n/a" }'; }
echo "ratios (time of the other / time of dsver):"
echo "  sha256sum / dsver -j1 first:       $(ratio "$t_sha" "$t_c1")"
echo "  sha256sum / dsver -j2 first:       $(ratio "$t_sha" "$t_c2")"
[ -n "$t_r1" ] && echo "  restic first / dsver -j2 first:    $(ratio "$t_r1" "$t_c2")"
[ -n "$t_r2" ] && echo "  restic again / dsver again:        $(ratio "$t_r2" "$t_w")"
[ -n "$t_ga" ] && echo "  git annex add / dsver (small):     $(ratio "$t_ga" "$t_ds")"
echo "  store size: $store_mib MiB for $((bytes >> 20)) MiB of data"
