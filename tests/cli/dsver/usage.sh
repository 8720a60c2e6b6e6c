# Usage errors: one line and a hint on stderr, exit 2, nothing on stdout.
. "$CASE_DIR/lib.sh"
st ds
st ds frobnicate
st ds snapshot
st ds snapshot --bogus x
st ds diff a b c
st ds gc --keep-within 3 parsecs
st ds gc --keep-last -1
st ds snapshot -j 0 .
st ds snapshot --tag 'bad name' .
st ds verify --full --store
st ds export latest
st ds --store
