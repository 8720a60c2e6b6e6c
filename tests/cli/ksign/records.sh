# Record mode: each JSON Lines record is signed over its canonical JSON
# without "signatures", and the signature is added to that array.
. "$CASE_DIR/lib.sh"
mkparties
printf '%s\n' '{"id":1,"text":"visit note","score":0.5}' \
	'{"id":2,"text":"lab result","signatures":[]}' >in.jsonl
ks sign -k chris.key -m review <in.jsonl >signed.jsonl
echo "exit $?"
at 2026-03-01T11:00:00Z st ks sign -k dana.key -m approval --jsonl signed.jsonl -o both.jsonl
noid <both.jsonl
COMPLYKIT_NOW=2026-03-02T00:00:00Z
st ks verify -t trusted --format text <both.jsonl
st ks verify -t trusted --jsonl --format jsonl both.jsonl | noid
# member order and whitespace do not matter (canonical JSON) ...
sed -e 's/{"id":1,"text":"visit note",/{"text":"visit note", "id":1,/' both.jsonl >reordered.jsonl
ks verify -t trusted --jsonl --format text reordered.jsonl >/dev/null; echo "exit $?"
# ... a changed value does, named by line
sed -e 's/lab result/lab resulT/' both.jsonl >changed.jsonl
ks verify -t trusted --jsonl --format text changed.jsonl >/dev/null; echo "exit $?"
# a record without signatures
printf '{"id":3}\n' | st ks verify -t trusted --format text
# malformed input: exit 2 with the line, no half-written record
printf '%s\n' '{"id":1}' '{"id":' '{"id":3,"signatures":{}}' | st ks sign -k chris.key -m review | noid
# a record without signatures passes through byte for byte, the array
# spliced in; an empty object too; and both verify
printf '%s\n' '{"a": 1.0, "t":"x"}  ' '{}' | ks sign -k chris.key -m review >spliced.jsonl
echo "exit $?"
noid <spliced.jsonl
st ks verify -t trusted --format text spliced.jsonl --jsonl | grep -v '^  '
