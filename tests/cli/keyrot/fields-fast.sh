# Field mode takes a fast path for flat records in compact form and the
# jansson path for any other: both write the same bytes.  The same
# records are run once compact (fast) and once with spaces (general,
# which writes them compact); sealed values are masked, since each seal
# has a fresh data key.  Then the cases the fast path hands back: a
# field that is also the id, a field named twice, a null id, duplicate
# keys, reals, escapes, nested values, -0.
. "$CASE_DIR/lib.sh"
kr init >/dev/null
cat >flat.jsonl <<'J'
{"id":1,"ssn":"123-45-6789","dob":"1970-01-01","n":-5,"ok":true,"z":null}
{"id":"r-2","ssn":12,"dob":false,"note":"é ü"}
{"id":3,"ssn":"plain","dob":0}
{"id":4,"other":"x"}
{"id":-7,"ssn":"","dob":123456789012345678}
J
sed 's/,/, /g; s/:/: /g' flat.jsonl >spaced.jsonl
mask() { sed 's/"krt:1:[^"]*"/"ENC"/g'; }
kr encrypt --field ssn --field dob flat.jsonl >flat.enc
kr encrypt --field ssn --field dob spaced.jsonl >spaced.enc
mask <flat.enc >a
mask <spaced.enc >b
cmp a b && echo "encrypt: same bytes"
cat a
sed 's/,/, /g' flat.enc >flat-spaced.enc
kr decrypt --field ssn --field dob flat.enc >a
kr decrypt --field ssn --field dob flat-spaced.enc >b
cmp a b && echo "decrypt: same bytes"
cmp a flat.jsonl && echo "decrypt: original bytes"
# values that decrypt to a non-simple JSON text on a fast line
cat >odd.jsonl <<'J'
{"id":1,"ssn":1.5,"dob":"a\"b"}
{"id":2,"ssn":-0,"dob":[1,{"k":"\t"}]}
{"id":3,"ssn":1e2,"dob":{"a":1,"b":[]}}
J
kr encrypt --field ssn --field dob odd.jsonl >odd.enc
mask <odd.enc
kr decrypt --field ssn --field dob odd.enc
# the id itself sealed: later fields bind to its sealed value; a field
# named twice is sealed once
printf '{"id":5,"ssn":"x"}\n' >self.jsonl
kr encrypt --field id --field ssn self.jsonl >self.enc
mask <self.enc
kr decrypt --field ssn self.enc | mask
kr encrypt --field ssn --field ssn self.jsonl | mask
printf '{"id":null,"ssn":"x"}\n{"id":6,"ssn":"y","ssn":"z"}\n' |
	st kr encrypt --field ssn
printf '{"id":7,"ssn":"not sealed"}\n{"id":8,"ssn":5}\n' |
	st kr decrypt --field ssn
