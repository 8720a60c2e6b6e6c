#!/usr/bin/env bash
# bench/phiredact.sh -- phiredact's residual PHI and speed, side by side
# with the npm package redact-pii on the same input.
#
# 1. Residual PHI: phiredact --policy safe-harbor over the development
#    corpus (../shared/corpus/phi/docs) to a directory; then, from
#    labels.jsonl, the share of labelled values that still occur verbatim
#    in their document's output (target <= 1 %), and for the negative
#    documents the share of bytes changed, from --report (target: no
#    document beyond 1 %).  redact-pii gets the same documents.
# 2. Speed, one core (taskset -c 0): the corpus repeated to SIZE_MIB in one
#    file through phiredact (safe-harbor, output to /dev/null), and a
#    4 MiB cut of it through redact-pii's SyncRedactor (Node); MB/s and
#    the ratio.
# redact-pii is installed into a temporary directory, never the repo.
#
# usage: bench/phiredact.sh [PHIREDACT] [SIZE_MIB]
#        (defaults: src/phiredact/phiredact 64)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
phiredact=${1:-$top/src/phiredact/phiredact}
size_mib=${2:-64}
corpus=${CORPUS:-}
if [ -z "$corpus" ]; then
	for c in "$top/../shared/corpus/phi" "$top/../../shared/corpus/phi"; do
		[ -f "$c/labels.jsonl" ] && corpus=$c && break
	done
fi
[ -n "$corpus" ] || { echo "bench: set CORPUS to the corpus (labels.jsonl, docs/)" >&2; exit 2; }
work=${BENCH_DIR:-/tmp/complykit-bench-redact}
export COMPLYKIT_DATADIR=${COMPLYKIT_DATADIR:-$top/share/complykit}
export LC_ALL=C
command -v node >/dev/null || { echo "bench: node missing: apt-get install -y nodejs npm" >&2; exit 2; }

mkdir -p "$work"
npmdir="$work/npm"
if [ ! -d "$npmdir/node_modules/redact-pii" ]; then
	mkdir -p "$npmdir"
	(cd "$npmdir" && npm install --no-audit --no-fund --silent redact-pii@3 >/dev/null 2>&1) ||
		{ echo "bench: npm could not install redact-pii" >&2; exit 2; }
fi
rpver=$(node -p "require('$npmdir/node_modules/redact-pii/package.json').version")

# ---- 1. residual PHI ----------------------------------------------------
rm -rf "$work/out" "$work/rp"
(cd "$corpus" && "$phiredact" --policy safe-harbor --report "$work/report.jsonl" \
	-o "$work/out" docs) || { echo "bench: phiredact failed on the corpus" >&2; exit 2; }
cat > "$work/rp.js" <<'JS'
// redact-pii over every document of a directory, into another.
const fs = require('fs'), path = require('path');
const { SyncRedactor } = require(process.argv[2]);
const r = new SyncRedactor();
const [src, dst] = [process.argv[3], process.argv[4]];
fs.mkdirSync(dst, { recursive: true });
for (const f of fs.readdirSync(src).sort())
  fs.writeFileSync(path.join(dst, f), r.redact(fs.readFileSync(path.join(src, f), 'utf8')));
JS
node "$work/rp.js" "$npmdir/node_modules/redact-pii" "$corpus/docs" "$work/rp/docs"
# idempotence: phiredact over its own output
rm -rf "$work/again"
(cd "$work/out" && "$phiredact" --policy safe-harbor -o "$work/again" docs)
again=$( { diff -rq "$work/out/docs" "$work/again/docs" || true; } | wc -l)
echo "phiredact on its own output: $again of $(ls "$corpus/docs" | wc -l) documents change again"
python3 - "$corpus" "$work" <<'PY'
import collections, json, os, re, sys
corpus, work = sys.argv[1], sys.argv[2]
# A value survives if it occurs in its document's output as a token of its
# own: "90" inside "90+" (the generalised age group) or "537" inside
# "53711" is not the value, and would make a short value look kept.
def survives(text, out):
    v = re.escape(text.encode())
    return re.search(rb'(?<![0-9A-Za-z])' + v + rb'(?![0-9A-Za-z+])', out) is not None
labels = [json.loads(l) for l in open(os.path.join(corpus, 'labels.jsonl'))]
changed = collections.Counter()
for l in open(os.path.join(work, 'report.jsonl')):
    r = json.loads(l)
    if r.get('kind') == 'redaction':
        changed[r['path']] += r['end'] - r['start']
def residual(outdir, keep=()):
    total = kept = 0
    per = collections.Counter(); tot = collections.Counter()
    for d in labels:
        out = open(os.path.join(outdir, d['doc']), 'rb').read()
        for s in d['spans']:
            if s['type'] in keep:
                continue
            total += 1; tot[s['type']] += 1
            if survives(s['text'], out):
                kept += 1; per[s['type']] += 1
    return kept, total, per, tot
for name, outdir in (('phiredact', os.path.join(work, 'out')), ('redact-pii', os.path.join(work, 'rp'))):
    k, t, per, tot = residual(outdir)
    k2, t2, _, _ = residual(outdir, keep=('ICD10',))
    print(f"{name}: labelled values surviving verbatim: {k}/{t} = {100*k/t:.2f}% "
          f"(without ICD10, not one of the 18 identifiers: {k2}/{t2} = {100*k2/t2:.2f}%)")
    worst = sorted(((per[x] / tot[x], x) for x in tot), reverse=True)[:6]
    print('  most surviving types: ' + ', '.join(f"{x} {100*r:.1f}%" for r, x in worst))
neg = [d['doc'] for d in labels if d['style'] == 'negative']
fr = []
for doc in neg:
    size = os.path.getsize(os.path.join(corpus, doc))
    fr.append((changed.get(doc, 0) / max(size, 1), doc))
over = [x for x in fr if x[0] > 0.01]
touched = sum(1 for x in fr if x[0] > 0)
print(f"phiredact negatives: {len(neg)} documents, {touched} changed at all, "
      f"{len(over)} beyond 1% of their bytes (max {100*max(fr)[0]:.2f}% in {max(fr)[1]})")
rpneg = []
for doc in neg:
    a = open(os.path.join(corpus, doc), 'rb').read(); b = open(os.path.join(work, 'rp', doc), 'rb').read()
    rpneg.append(a != b)
print(f"redact-pii negatives: {sum(rpneg)} of {len(neg)} documents changed")
PY

# ---- 2. speed -------------------------------------------------------------
if [ ! -f "$work/.ready-$size_mib" ]; then
	cat "$corpus"/docs/* > "$work/one.txt"
	while [ "$(stat -c %s "$work/one.txt")" -lt $((size_mib << 20)) ]; do
		cat "$work/one.txt" "$work/one.txt" > "$work/two.txt" && mv "$work/two.txt" "$work/one.txt"
	done
	head -c $((size_mib << 20)) "$work/one.txt" > "$work/big.txt"
	head -c $((4 << 20)) "$work/big.txt" > "$work/4m.txt"
	rm -f "$work/one.txt"
	# the negative documents alone (code, logs, configs: no PHI)
	python3 - "$corpus" "$work/neg.txt" "$size_mib" <<'PY'
import json, sys
corpus, out, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
docs = [json.loads(l) for l in open(corpus + '/labels.jsonl')]
data = b''.join(open(corpus + '/' + d['doc'], 'rb').read()
                for d in docs if d['style'] == 'negative')
with open(out, 'wb') as f:
    n = 0
    while n < mib << 20:
        f.write(data); n += len(data)
PY
	touch "$work/.ready-$size_mib"
fi
cat "$work/big.txt" > /dev/null
# best of 3: CPU seconds (user + system) of the command, which is what
# "one core" means on a machine shared with other work; wall time would
# count the time spent waiting for a core.
best() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys
best = None
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = t if best is None else min(best, t)
print(f"{best:.3f}")
PY
}
bytes=$(stat -c %s "$work/big.txt")
t_pr=$(best taskset -c 0 "$phiredact" --policy safe-harbor "$work/big.txt")
t_pr0=$(best taskset -c 0 "$phiredact" --policy safe-harbor /dev/null)
t_ps=$(best taskset -c 0 "$top/src/phiscan/phiscan" -j1 --fail-on never --format jsonl "$work/big.txt")
t_neg=$(best taskset -c 0 "$phiredact" --policy safe-harbor "$work/neg.txt")
nbytes=$(stat -c %s "$work/neg.txt")
cat > "$work/rpspeed.js" <<'JS'
// CPU seconds of one redaction (process.cpuUsage: user + system).
const fs = require('fs');
const { SyncRedactor } = require(process.argv[2]);
const r = new SyncRedactor(), t = fs.readFileSync(process.argv[3], 'utf8');
const c0 = process.cpuUsage(); r.redact(t); const c = process.cpuUsage(c0);
console.log((c.user + c.system) / 1e6);
JS
rbytes=$(stat -c %s "$work/4m.txt")
t_rp=$(taskset -c 0 node "$work/rpspeed.js" "$npmdir/node_modules/redact-pii" "$work/4m.txt")
python3 - <<PY
b, t, t0, rb, trp = $bytes, $t_pr, $t_pr0, $rbytes, $t_rp
pr = b / 1e6 / max(t, 1e-3)
prn = b / 1e6 / max(t - t0, 1e-3)
rp = rb / 1e6 / max(trp, 1e-6)
print(f"phiredact --policy safe-harbor, one core, {b/2**20:.0f} MiB: {t:.2f} CPU s = {pr:.1f} MB/s "
      f"({prn:.1f} MB/s without the {t0:.2f} s start-up)")
print(f"redact-pii $rpver SyncRedactor, one core, {rb/2**20:.0f} MiB: {trp:.2f} CPU s = {rp:.2f} MB/s")
print(f"ratio phiredact/redact-pii: {pr/rp:.0f}x")
print(f"for scale, phiscan -j1 (the same engine, no rewriting) on the same file: {b/1e6/max($t_ps,1e-3):.1f} MB/s")
print(f"phiredact on the negative documents alone (no PHI), {$nbytes/2**20:.0f} MiB: {$nbytes/1e6/max($t_neg,1e-3):.1f} MB/s")
PY
