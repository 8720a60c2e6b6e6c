# Retention: segments roll over by size and by age; archive compresses
# old closed segments (still verified and queried in place); prune
# removes whole segments past retention behind a signed log_prune event
# and an anchor, and the log still verifies; a forged anchor does not.
. "$CASE_DIR/lib.sh"
at() { COMPLYKIT_NOW=$1; export COMPLYKIT_NOW; }
at 2018-06-01T00:00:00Z
newlog --segment-size 2k --segment-age 30d L >/dev/null || exit 1
at 2018-06-02T00:00:00Z; events 12 | "$AUDITLOG" append --log L >/dev/null
at 2018-08-01T00:00:00Z; events 2 | "$AUDITLOG" append --log L >/dev/null
at 2020-03-01T00:00:00Z; events 12 | "$AUDITLOG" append --log L >/dev/null
at 2026-11-01T00:00:00Z; events 3 | "$AUDITLOG" append --log L >/dev/null
"$AUDITLOG" checkpoint --log L >cp-before.note
ls L/seg | tr '\n' ' '; echo
at 2026-11-22T00:00:00Z
st "$AUDITLOG" archive --log L --older-than 1y
ls L/seg | tr '\n' ' '; echo
st "$AUDITLOG" verify --log L --format text
"$AUDITLOG" query --log L --format text --since 2018-06-02 --until 2018-06-03 | wc -l
"$AUDITLOG" query --log L --format text --action log_archive | cut -c1-60
st "$AUDITLOG" archive --log L --older-than 1y
"$AUDITLOG" prune --log L --retain 7y --format jsonl |
	sed 's/"sig":"[^"]*"/"sig":"S"/' | python3 -m json.tool --sort-keys | grep -v '"[A-Za-z0-9+/=]\{44\}",\?$'
ls L/seg | tr '\n' ' '; echo
cat L/anchor.json; echo
st "$AUDITLOG" verify --log L --format text
st "$AUDITLOG" verify --log L --checkpoint cp-before.note --format text
st "$AUDITLOG" prune --log L --retain 7y
"$AUDITLOG" checkpoint --log L >/dev/null
"$AUDITLOG" prove --log L --seq 20 | "$AUDITLOG" verify-proof --key "$DATA/test.pub"
st "$AUDITLOG" prove --log L --seq 2
"$AUDITLOG" query --log L --format text --since 2010-01-01 --limit 2
"$AUDITLOG" report --log L --since 10y --format md | sed -n '/## Retention/,$p'
# a forged anchor (another hash) is caught
cp L/anchor.json anchor.bak
sed 's/"hash":"./"hash":"0/' anchor.bak >L/anchor.json
st "$AUDITLOG" verify --log L --format text
cp anchor.bak L/anchor.json
# prune refuses a log that does not verify
sed -i '1s/"u1"/"u9"/' L/seg/00000000000000000016.jsonl.zst 2>/dev/null
f=$(ls L/seg/*.jsonl | tail -n 1)
sed -i '1s/"read"/"reed"/' "$f"
at 2035-01-01T00:00:00Z
st "$AUDITLOG" prune --log L --retain 7y
st "$AUDITLOG" archive --log L --older-than 1q
