# Each operator on its own (--mode), and the properties that matter:
# pseudonyms and surrogates are consistent across files and runs and
# differ between keys; shift keeps the intervals of one subject.
. "$CASE_DIR/lib.sh"
fixture note.txt
keys
for op in keep mask tag drop generalize; do
	echo "== $op"
	pr --mode $op note.txt | sed -n 2,6p
done
echo "== pseudonym"
pr --mode pseudonym --key key note.txt | sed -n 2,3p
printf 'Other file, same patient: Patient Ada Lovelace\n' >b.txt
pr --mode pseudonym --key key b.txt
pr --mode pseudonym --key other.key note.txt | sed -n 2p
echo "== surrogate"
pr --mode surrogate --key key note.txt
pr --mode surrogate --key key note.txt | cmp - "$(pr --mode surrogate --key key note.txt >s2; echo s2)" && echo "surrogate stable"
echo "== shift"
pr --mode shift --key key --subject p1 note.txt | sed -n 4,5p
pr --mode shift --key key --subject p2 note.txt | sed -n 4,5p
