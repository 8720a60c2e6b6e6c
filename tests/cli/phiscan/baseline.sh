# --baseline-write records the fingerprints of today's findings (and does
# not fail); --baseline then suppresses exactly those values, wherever
# they move, while a new value still trips.  A baseline written with
# another key is refused.
. "$CASE_DIR/lib.sh"
fixture note.txt
st ps --baseline-write base.jsonl note.txt >/dev/null
sed -n 1p base.jsonl
sed 1d base.jsonl | sed 's/"fingerprint":"[0-9a-f]\{64\}"/"fingerprint":"HEX"/'
st ps --baseline base.jsonl note.txt
# the same values elsewhere, written differently, plus a new one
printf 'moved: 219-09-9999\nnew: 078-05-1121 and 219-09-9998\n' >later.txt
st ps --baseline base.jsonl --format text later.txt
# another key
head -c 32 /dev/zero | tr '\0' 'x' >other.key
st "$PHISCAN" --no-default-rules --rules "$DATA/rules.yaml" \
	--fingerprint-key other.key --baseline base.jsonl note.txt
printf 'not json\n' >broken.jsonl
st ps --baseline broken.jsonl note.txt
st ps --baseline nothere.jsonl note.txt
