# --list-rules shows the rules in force (text or JSON Lines), including
# those of .complykit.yaml, and exits 0.
. "$CASE_DIR/lib.sh"
st ps --list-rules --format text
mkdir .git
printf 'version: 1\nrules:\n  - {id: local.badge, type: OTHER_ID, pattern: "BADGE-(?<v>[0-9]{6})", weight: 3, confidence: medium, description: staff badge}\n' >.complykit.yaml
st ps --list-rules --format jsonl
st ps --list-rules --no-config --format jsonl
