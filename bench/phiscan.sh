#!/usr/bin/env bash
# bench/phiscan.sh -- phiscan throughput against ripgrep, side by side.
#
# Builds a 1 GiB input by repeating the development PHI corpus
# (../shared/corpus/phi/docs) into 64 files of 16 MiB, then times:
#   phiscan -j1 and -j2 with the full default rule set (JSON Lines to /dev/null)
#   rg -P (PCRE2) and rg (Rust regex, ASCII) with the same identifier
#   patterns, exported from the rule packs by bench/rg-patterns.py
# and prints MB/s and the ratio phiscan/rg.  Also the wall time of a 100 KB
# file including start-up (hyperfine) and peak RSS on the 1 GiB input.
#
# usage: bench/phiscan.sh [PHISCAN] [SIZE_MIB]   (defaults: src/phiscan/phiscan 1024)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
phiscan=${1:-$top/src/phiscan/phiscan}
size_mib=${2:-1024}
corpus=${CORPUS:-$top/../shared/corpus/phi/docs}
work=${BENCH_DIR:-/tmp/complykit-bench}
export COMPLYKIT_DATADIR=${COMPLYKIT_DATADIR:-$top/share/complykit}
export LC_ALL=C

command -v rg >/dev/null || { echo "bench: ripgrep missing: apt-get install -y ripgrep" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine missing: apt-get install -y hyperfine" >&2; exit 2; }

mkdir -p "$work"
nfiles=$(( size_mib / 16 )); [ "$nfiles" -ge 1 ] || nfiles=1
if [ ! -f "$work/.ready-$size_mib" ]; then
	rm -rf "$work/big" && mkdir -p "$work/big"
	cat "$corpus"/* > "$work/one.txt"
	# 16 MiB file: the corpus repeated and cut.
	while [ "$(stat -c %s "$work/one.txt")" -lt $((16 << 20)) ]; do
		cat "$work/one.txt" "$work/one.txt" > "$work/two.txt" && mv "$work/two.txt" "$work/one.txt"
	done
	head -c $((16 << 20)) "$work/one.txt" > "$work/chunk.txt"
	for i in $(seq -w 1 "$nfiles"); do cp "$work/chunk.txt" "$work/big/part$i.txt"; done
	head -c 102400 "$work/chunk.txt" > "$work/100k.txt"
	touch "$work/.ready-$size_mib"
fi
bytes=$(( nfiles * (16 << 20) ))
python3 "$here/rg-patterns.py" "$COMPLYKIT_DATADIR/rules" > "$work/patterns.txt"
npat=$(wc -l < "$work/patterns.txt")
cat "$work"/big/* > /dev/null	# warm the page cache

# time CMD... -> "wall user" seconds, each the best of 3.  User CPU is
# the figure to compare on a shared machine: other jobs stretch the wall
# time, far less the CPU time the command itself spends.
best() {
	local b=999999 u=999999 t
	for _ in 1 2 3; do
		# -o: the command's own stderr goes to /dev/null, time's not
		/usr/bin/time -o "$work/time.out" -f '%e %U' "$@" >/dev/null 2>&1 || true
		t=$(tail -n 1 "$work/time.out")
		b=$(python3 -c "print(min($b, ${t% *}))")
		u=$(python3 -c "print(min($u, ${t#* }))")
	done
	echo "$b $u"
}
mbs() { python3 -c "print(f'{$bytes / 1e6 / max($1, 1e-3):.1f}')"; }

echo "input: $nfiles files, $((bytes >> 20)) MiB; $npat patterns for rg"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores"
printf '%-40s %8s %8s %8s %8s\n' command wall-s MB/s user-s MB/s
row() {
	set -- "$1" $2
	printf '%-40s %8s %8s %8s %8s\n' "$1" "$2" "$(mbs "$2")" "$3" \
		"$(mbs "$3")"
}
t_p1=$(best "$phiscan" -j1 --fail-on never --format jsonl "$work/big"); row "phiscan -j1 (all default rules)" "$t_p1"
t_p2=$(best "$phiscan" -j2 --fail-on never --format jsonl "$work/big"); row "phiscan -j2" "$t_p2"
t_r1=$(best rg -P -j1 --no-unicode -c -f "$work/patterns.txt" "$work/big"); row "rg -P -j1 --no-unicode (same patterns)" "$t_r1"
t_r2=$(best rg -P -j2 --no-unicode -c -f "$work/patterns.txt" "$work/big"); row "rg -P -j2 --no-unicode" "$t_r2"
r1u=${t_r1#* } p1u=${t_p1#* } p1w=${t_p1% *} r2w=${t_r2% *} p2w=${t_p2% *}
echo "ratio phiscan/rg -P, one core (user CPU): $(python3 -c "print(f'{$r1u / $p1u:.2f}x')")"
echo "ratio phiscan/rg -P, two cores (wall): $(python3 -c "print(f'{$r2w / $p2w:.2f}x')")"
echo "scaling phiscan -j2 / -j1 (wall): $(python3 -c "print(f'{$p1w / $p2w:.2f}x')")"

/usr/bin/time -o "$work/time.out" -f %M "$phiscan" -j1 --fail-on never --format jsonl "$work/big" >/dev/null 2>&1 || true
rss=$(tail -n 1 "$work/time.out")
echo "peak RSS phiscan -j1 on $((bytes >> 20)) MiB: $((rss / 1024)) MiB"
cat "$work"/big/* | head -c $((256 << 20)) | tr '\n' ' ' > "$work/oneline.txt"
/usr/bin/time -o "$work/time.out" -f %M "$phiscan" -j1 --fail-on never --format jsonl "$work/oneline.txt" >/dev/null 2>&1 || true
rss=$(tail -n 1 "$work/time.out")
echo "peak RSS phiscan on one 256 MiB line: $((rss / 1024)) MiB"

hyperfine -N -w 3 -r 20 --style basic --export-json "$work/100k.json" \
	"$phiscan --fail-on never --format jsonl $work/100k.txt" > /dev/null
python3 -c "
import json; r = json.load(open('$work/100k.json'))['results'][0]
print(f\"100 KB file, wall incl. start-up: mean {r['mean']*1e3:.1f} ms, max {r['max']*1e3:.1f} ms\")"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
