# Random single-byte changes, insertions and removals, and line removals,
# duplications and swaps in a closed segment: every one is caught by
# verify, which names the changed event (300 trials here; bench/
# auditlog-tamper.sh runs 10,000).
. "$CASE_DIR/lib.sh"
need python3
newlog --segment-size 4k L || exit 1
events 120 | "$AUDITLOG" append --log L >/dev/null
python3 "$top_srcdir/tests/cli/auditlog/tamper.py" L "${TAMPER_TRIALS:-300}" 42
