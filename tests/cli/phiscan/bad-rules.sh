# A malformed rule pack stops the run with its file:line and exit 2.
. "$CASE_DIR/lib.sh"
printf 'version: 1\nrules:\n  - id: a\n    type: SSN\n    pattern: "(unclosed"\n' >bad.yaml
printf 'version: 1\nrules: [\n' >syntax.yaml
printf 'hello\n' >in.txt
st ps --rules bad.yaml in.txt
st ps --rules syntax.yaml in.txt
st ps --rules missing.yaml in.txt
