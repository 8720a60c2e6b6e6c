# The graph index (DIR/index) is a cache of the log: written by the first
# query, used while the log is unchanged, rebuilt after an append, and
# replaced when damaged -- the answers are always the log's.
. "$CASE_DIR/lib.sh"
lg record --job a --run-id $R1 --inputs k://n/x --outputs k://n/y >/dev/null
lg downstream dataset:k://n:x --format text -v 2>&1 | sed 's/in [0-9.]* ms/in T ms/'
test -s .lineage/index && echo "index written"
lg downstream dataset:k://n:x --format text -v 2>&1 | sed 's/in [0-9.]* ms/in T ms/'
lg record --job b --run-id $R2 --inputs k://n/y --outputs k://n/z >/dev/null
lg downstream dataset:k://n:x --format text -v 2>&1 | sed 's/in [0-9.]* ms/in T ms/'
printf 'garbage' | dd of=.lineage/index bs=1 seek=100 conv=notrunc 2>/dev/null
lg downstream dataset:k://n:x --format text
: >.lineage/index
lg downstream dataset:k://n:x --format text -v 2>&1 | grep -c "built the graph"
lg downstream dataset:k://n:x --format text -v 2>&1 | grep -c "mapped the index"
