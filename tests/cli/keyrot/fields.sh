# Field mode: only the named fields are sealed (any JSON value), other
# fields pass through; a field moved to another record or renamed fails,
# that record is not written and the exit status is 2.
. "$CASE_DIR/lib.sh"
kr init >/dev/null
cat >r.jsonl <<'J'
{"id":1,"ssn":"123-45-6789","dob":"1970-01-01","x":[1,2]}
{"id":"b","ssn":{"n":7},"note":"hi"}
J
kr encrypt --field ssn --field dob r.jsonl >enc.jsonl
grep -c '123-45\|1970' enc.jsonl || true
sed 's/"krt:1:[^"]*"/"ENC"/g' enc.jsonl
kr encrypt --field ssn --field dob enc.jsonl | cmp - enc.jsonl && echo "already sealed: unchanged"
kr decrypt --field ssn --field dob enc.jsonl
# the ciphertext of record 1's ssn pasted into record b
s1=$(sed -n '1s/.*"ssn":"\([^"]*\)".*/\1/p' enc.jsonl)
printf '{"id":"b","ssn":"%s"}\n{"id":1,"ssn":"%s"}\n' "$s1" "$s1" >moved.jsonl
st kr decrypt --field ssn moved.jsonl
sed 's/"dob"/"ssn2"/' enc.jsonl | head -n 1 >renamed.jsonl
st kr decrypt --field ssn2 renamed.jsonl
printf '{"ssn":"1"}\n' | st kr encrypt --field ssn
printf 'not json\n' | st kr encrypt --field ssn
