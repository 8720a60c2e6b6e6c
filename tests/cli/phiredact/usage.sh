# Usage errors: one line and a hint on stderr, exit 2.
. "$CASE_DIR/lib.sh"
st "$PHIREDACT" --bogus
st "$PHIREDACT" --mode blur x
st "$PHIREDACT" --fail-on sometimes x
st "$PHIREDACT" --jsonl --findings f x
st "$PHIREDACT" --reveal x
st "$PHIREDACT" --reveal --key k --verify x
st "$PHIREDACT" --field '' x
