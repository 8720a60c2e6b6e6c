# Usage errors: one line naming the problem, the --help hint, exit 2.
. "$CASE_DIR/lib.sh"
st "$PHISCAN" --no-such-option
st "$PHISCAN" -Z
st "$PHISCAN" --fail-on
st "$PHISCAN" --fail-on=sometimes x
st "$PHISCAN" --format=xml x
st "$PHISCAN" --color=blue x
st "$PHISCAN" -j 0 x
st "$PHISCAN" --jobs=many x
st "$PHISCAN" --max-member=12Q x
st "$PHISCAN" --staged --jsonl
st "$PHISCAN" --jsonl --format=sarif
st "$PHISCAN" --show-match=yes x
