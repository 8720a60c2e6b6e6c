# query: filters by time, actor, action, outcome, risk, target and a
# PCRE2 pattern, with limit/offset, as text, jsonl and csv; exit 1 when
# nothing matches.  The index is a cache: removed or stale, it is rebuilt.
. "$CASE_DIR/lib.sh"
demolog L
q() { "$AUDITLOG" query --log L "$@"; echo "exit $?"; }
q --format text
q --format text --actor u1
q --format text --since 2026-11-21 --until 2026-11-22
q --format text --since 2d
q --format text --action export --risk high
q --format text --risk medium --outcome success
q --format text --target d223
q --format text --match '"ip":"10\.0\.0\.[34]"' --limit 2 --offset 1
q --format csv --actor u2 --since 2026-11-22
q --format jsonl --target d224 | cut -c1-60
q --actor nobody
q --risk severe
q --match '('
q --since yesterday
# the index is rebuilt when it goes, and follows the log when it changes
rm L/index.sqlite
q --format text --target d223
printf '{"torn' >>L/seg/00000000000000000001.jsonl
"$AUDITLOG" recover --log L >/dev/null
q --format text --action log_recover
