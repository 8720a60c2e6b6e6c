# diff between snapshots and against the working tree: added, removed,
# modified, renamed (by content) and mode changes; --exit-code.
. "$CASE_DIR/lib.sh"
mkdata
head -c 5000 /dev/zero | tr '\0' 'x' >data/big.dat
ds init data >/dev/null
cd data || exit 1
ds snapshot . --tag before >/dev/null
printf 'changed\n' >a.txt
mv big.dat sub/moved.dat
chmod 644 run.sh
printf 'new\n' >added.txt
rm sub/b.txt
echo "== working tree, text"
st ds diff before --format text
echo "== --exit-code"
ds diff --exit-code before --format text >/dev/null; echo "exit $?"
ds snapshot . --tag after >/dev/null
echo "== snapshots, jsonl"
st ds diff before after
echo "== identical"
st ds diff --exit-code after after
st ds diff --exit-code after
echo "== reverse"
ds diff after before --format text
