# verify with one thread and with several says the same thing, to the
# byte, over a log of several segments of many batches each (checkpoints
# inside them, lines off the fast path) and over random tamperings of it,
# several at once, so that a later batch may fail before an earlier one.
. "$CASE_DIR/lib.sh"
need python3
newlog --segment-size 1M L >/dev/null || exit 1
gen() {	# gen FROM TO: events, some with reals (off the fast path)
	python3 - "$1" "$2" <<'PY'
import json, sys
for i in range(int(sys.argv[1]), int(sys.argv[2])):
    ev = {"actor": {"id": "u%d" % (i % 7), "name": "User \u00e9 %d" % i},
          "action": "read", "target": {"id": "doc-%d" % i},
          "phi": {"score": (i * 7) % 30 + (0.5 if i % 97 == 0 else 0)},
          "data": {"note": "x\ty\"z" + "p" * (i % 150)}}
    print(json.dumps(ev, ensure_ascii=(i % 2 == 0)))
PY
}
gen 0 5000 | "$AUDITLOG" append --log L >/dev/null || exit 1
"$AUDITLOG" checkpoint --log L >/dev/null || exit 1
gen 5000 12000 | "$AUDITLOG" append --log L >/dev/null || exit 1
"$AUDITLOG" checkpoint --log L >/dev/null || exit 1
ls L/seg | wc -l
python3 "$top_srcdir/tests/cli/auditlog/verify-jobs.py" L "${JOBS_TRIALS:-40}" 7
"$AUDITLOG" verify --log L -j 0 2>&1
echo "exit $?"
"$AUDITLOG" verify --log L --jobs=65 2>&1 | head -n 1
COMPLYKIT_THREADS=3 "$AUDITLOG" verify --log L -j 2 --format text | cut -c1-30
