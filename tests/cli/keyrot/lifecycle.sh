# primary -> active -> retired (after the retention window) -> destroyed;
# status counts objects per version; destroy refuses a version in use
# (exit 1) and the primary; a retired version no longer decrypts but can
# be re-wrapped; a destroyed one cannot be; every action is in history
# (text, jsonl, csv) and emits an audit event.
. "$CASE_DIR/lib.sh"
kr init --audit audit.jsonl
printf 'x\n' >a.txt
printf 'y\n' >b.txt
kr encrypt a.txt b.txt
kr rotate --audit audit.jsonl
st kr destroy 1 . | norm
st kr destroy 2 .
COMPLYKIT_NOW=2026-02-15T00:00:00Z st kr decrypt a.txt -o a.out
COMPLYKIT_NOW=2026-02-15T00:00:00Z kr status --format text .
COMPLYKIT_NOW=2026-02-15T00:00:00Z st kr rewrap --audit audit.jsonl a.txt
COMPLYKIT_NOW=2026-02-15T00:00:00Z st kr status --format text .
COMPLYKIT_NOW=2026-02-16T00:00:00Z st kr rewrap --audit audit.jsonl .
COMPLYKIT_NOW=2026-02-16T00:00:00Z st kr destroy --audit audit.jsonl 1 .
COMPLYKIT_NOW=2026-02-16T00:00:00Z kr status --format text
kr decrypt a.txt && cat a.txt
norm <audit.jsonl
kr history --format text
kr history --format csv
kr history --format jsonl | sed -n 1p
