# Audit events in CONTRACT's schema for snapshot, tag, import and gc:
# to standard output with --audit -, or appended to a file.
. "$CASE_DIR/lib.sh"
mkdata
ds init data >/dev/null
cd data || exit 1
ds snapshot . --tag v1 --audit - | norm
ds tag v1 release --audit ../audit.jsonl >/dev/null
ds gc --audit ../audit.jsonl >/dev/null
norm <../audit.jsonl
