# Usage errors exit 2 with one line and a hint.
. "$CASE_DIR/lib.sh"
st kr
st kr frobnicate
st kr rewrap
st kr encrypt --bogus
st kr destroy x data
st kr init --retention -3
st kr encrypt --field a --context b
st kr encrypt --passphrase-file a --master-key-file b
