# Usage errors: one line, a hint, exit 2, nothing written to the store.
. "$CASE_DIR/lib.sh"
st lg
st lg frobnicate
st lg record
st lg record --job a/b --frob
st lg record --job a/b --metric auc=high
st lg record --job a/b --param =x
st lg record --job a/b --run-id 42
st lg record --job a/b --status maybe
st lg upstream
st lg upstream a b
st lg upstream x --depth 0
st lg export --format pdf
st lg run --job a/b
st lg diff run:x
test -e .lineage && echo "store created"
exit 0
