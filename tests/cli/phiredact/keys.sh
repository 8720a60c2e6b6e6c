# A key is checked before any work: missing, readable by others, or too
# short is exit 2 with a message that shows no key bytes.
. "$CASE_DIR/lib.sh"
fixture note.txt
keys
st pr --mode pseudonym --key nokey note.txt
chmod 644 key
st pr --mode pseudonym --key key note.txt
printf 'short' >s.key && chmod 600 s.key
st pr --mode pseudonym --key s.key note.txt
st pr --mode pseudonym note.txt
