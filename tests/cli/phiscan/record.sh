# Record mode: every field passes through, "phi" is added; --field picks
# the field; JSON Lines on stdin switch record mode on by themselves.
. "$CASE_DIR/lib.sh"
cat >in.jsonl <<'JSON'
{"id":1,"text":"SSN 219-09-9999 on file","meta":{"ward":"4B","tags":["a"]},"n":null}
{"id":2,"text":"nothing here"}

{"note":"MRN: 40817356","text":"plain","phi":"old value is replaced"}
JSON
st ps --jsonl in.jsonl
st ps --jsonl --field note <in.jsonl
st ps <in.jsonl
ps --jsonl --show-match in.jsonl | sed -n 1p
