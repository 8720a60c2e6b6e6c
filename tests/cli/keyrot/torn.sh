# rewrap rewrites headers in place after putting the new ones in the
# journal.  A power loss that tears such a write leaves a header that is
# neither old nor new: the next rewrap (or reencrypt) writes the new one
# again from the journal; an intact header, old or new, is left as it
# is, and a journaled header that does not fit its object is ignored.
. "$CASE_DIR/lib.sh"
kr init >/dev/null
mkdata
snap orig
kr encrypt data
kr rotate >/dev/null
# the same names hold the same data keys: x/ gets the headers that a
# rewrap of data/ writes
mkdir x && cp data/a.txt data/visits.csv x/
kr rewrap x >/dev/null
hex() { od -An -tx1 -N76 "$1" | tr -d ' \n'; }
ha=$(hex x/a.txt)
hv=$(hex x/visits.csv)
# a.txt torn mid-write; visits.csv still old; sub/b.txt journaled with
# a.txt's header, which is not its own
printf '\377\377\377\377\377\377\377\377' |
	dd of=data/a.txt bs=1 seek=40 conv=notrunc 2>/dev/null
printf '{"op":"rewrap","to":2,"started":"x"}\n{"headers":[["data/a.txt","%s"],["data/visits.csv","%s"],["data/sub/b.txt","%s"]]}\n' \
	"$ha" "$hv" "$ha" >ring/journal
chmod 600 ring/journal
kr decrypt --context a.txt <data/a.txt >/dev/null 2>&1
echo "torn: exit $?"
kr rewrap data >/dev/null
echo "rewrap: exit $?"
[ "$(hex data/a.txt)" = "$ha" ] && echo "a.txt: the journaled header written"
kr status --format jsonl data | sed -n 1p | grep -q '"objects":5' &&
	echo "all 5 at the primary"
ls ring
kr decrypt data 2>/dev/null && diff -r orig data && echo "tree intact"
