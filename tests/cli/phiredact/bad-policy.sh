# A malformed policy stops phiredact with file:line and exit 2.
. "$CASE_DIR/lib.sh"
fixture note.txt
printf 'policy: p\ntypes:\n  SSN: tag\n  FOO: mask\n' >p1.yaml
st pr --policy ./p1.yaml note.txt
printf 'types:\n  SSN: shift\n' >p2.yaml
st pr --policy p2.yaml note.txt
printf 'types:\n  SSN: {operator: tag, colour: red}\n' >p3.yaml
st pr --policy p3.yaml note.txt
printf 'types:\n  SSN: blur\n' >p4.yaml
st pr --policy p4.yaml note.txt
printf 'types: [a\n' >p5.yaml
st pr --policy p5.yaml note.txt
printf 'typo: 1\n' >p6.yaml
st pr --policy p6.yaml note.txt
printf 'default: keep\ntypes:\n  SSN: {operator: tag, text: "<gone>"}\nfields:\n  secret: SSN\n' >ok.yaml
st pr --policy ok.yaml note.txt
st pr --policy missing.yaml note.txt
