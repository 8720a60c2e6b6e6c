# A journal left by a killed reencrypt, its last line torn mid-write: the
# rerun repairs it, skips the objects it records, finishes, and removes
# it; a journal killed before its first line is ignored.
. "$CASE_DIR/lib.sh"
kr init >/dev/null
mkdata
snap orig
kr encrypt data
kr rotate >/dev/null
printf '{"op":"reencrypt","to":2,"started":"x"}\n{"done":1,"paths":["data/a.txt"]}\n{"done":2,"pa' >ring/journal
chmod 600 ring/journal
head -c 100 data/a.txt >a.before
kr reencrypt -v data >/dev/null
head -c 100 data/a.txt | cmp -s - a.before && echo "data/a.txt skipped as done"
ls ring
kr rotate >/dev/null
printf '{"op":"rewr' >ring/journal && chmod 600 ring/journal
st kr rewrap -v data >/dev/null
kr decrypt data && diff -r orig data && echo "tree intact"
