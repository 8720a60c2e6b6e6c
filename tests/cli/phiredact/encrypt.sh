# encrypt gives AES-SIV tokens carrying the type and key version;
# --reveal opens them with the key, refuses a wrong key or an altered
# token (exit 2, nothing written).
. "$CASE_DIR/lib.sh"
fixture note.txt
keys
pr --mode encrypt --key key note.txt >enc.txt; echo "exit $?"
sed -n 2p enc.txt
pr --mode encrypt --key key note.txt | cmp - enc.txt && echo deterministic
pr --reveal --key key enc.txt >back.txt; echo "exit $?"
cmp back.txt note.txt && echo revealed
# several keys: the token's version picks the right one
pr --reveal --key other.key --key key enc.txt >b2.txt; echo "exit $?"
cmp b2.txt note.txt && echo "right key picked"
st pr --reveal --key other.key enc.txt
sed 's/ENC\[SSN\.\([0-9a-f]*\)\.A/ENC[SSN.\1.B/; s/ENC\[SSN\.\([0-9a-f]*\)\.[^A]/ENC[SSN.\1.A/' enc.txt >bad.txt
cmp -s bad.txt enc.txt && echo "sed did nothing"
st pr --reveal --key key -o out.txt bad.txt
test -e out.txt && echo "out.txt written"
# a token moved to another type's slot does not open either
sed 's/ENC\[SSN\./ENC[MRN./' enc.txt >moved.txt
pr --reveal --key key moved.txt >/dev/null; echo "exit $?"
st pr --reveal enc.txt
# records: tokens inside JSON strings, revealed inside them, even when the
# value holds characters JSON must escape
printf '%s\n' '{"text":"Patient Ada Lovelace, MRN: 40817356","ssn":"219-09-9999"}' \
	'{"text":"MRN: 12345678","patient_name":"O\"Brien \\\\ Jr"}' >r.jsonl
pr --jsonl --mode encrypt --key key r.jsonl >r.enc
echo "exit $?"
grep -c 'ENC\[' r.enc
pr --jsonl --reveal --key key r.enc | sed 's/,"redactions".*/}/'
