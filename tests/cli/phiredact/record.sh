# Record mode: each --field's text is redacted, keys the policy names
# ("ssn", "dob", "patient_name") are replaced whole at any depth, other
# fields pass through, and "redactions" lists every change.  A malformed
# line is reported with its number and skipped; the run exits 2.
. "$CASE_DIR/lib.sh"
keys
cat >in.jsonl <<'X'
{"id":1,"text":"Patient Ada Lovelace, MRN: 40817356","note":"SSN 219-09-9999","ssn":"078-05-1120","visit":{"dob":"1952-03-14","ward":"4B"}}
{"id":2,"text":"nothing here","patient_name":"Ada Lovelace","mrn":40817356}
X
st pr --jsonl in.jsonl
st pr --jsonl --field text --field note in.jsonl
# the same records on standard input are recognised as JSON Lines
pr <in.jsonl | cmp - "$(pr --jsonl in.jsonl >o.jsonl; echo o.jsonl)" && echo "stdin: same"
# shift per subject: one patient's dates move together
printf '%s\n' '{"pid":"p1","text":"Admitted 2026-02-03","dob":"1952-03-14"}' \
	'{"pid":"p1","text":"Discharged 9 Feb 2026"}' \
	'{"pid":"p2","text":"Admitted 2026-02-03"}' >s.jsonl
pr --jsonl --policy pseudonymize --key key --subject-field pid s.jsonl |
	sed 's/,"redactions".*/}/'
printf '{"text":"MRN: 40817356"}\n{"text": oops}\n{"text":"ok"}\n' >bad.jsonl
st pr --jsonl bad.jsonl
# --verify in record mode: a record whose output still holds PHI trips
# the gate (here a careless tag text that is itself an MRN); kept types
# do not count
printf '%s\n' '{"text":"MRN: 40817356 ok"}' >v.jsonl
pr --jsonl --verify v.jsonl >/dev/null
echo "exit $?"
printf 'types:\n  MRN: {operator: tag, text: "MRN 12345678"}\n' >bad-tag.yaml
pr --jsonl --verify --policy bad-tag.yaml v.jsonl >vo.jsonl
echo "exit $?"
cut -c1-36 vo.jsonl
pr --jsonl --verify --mode keep v.jsonl >/dev/null
echo "exit $?"
