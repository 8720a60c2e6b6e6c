# Snapshots of archives: tar, tar.zst and zip members (through
# libarchive), also on standard input, give the same entries as the tree
# they were made from.
. "$CASE_DIR/lib.sh"
need zip zstd
mkdata
ds -s store init >/dev/null
S="-s store"
ds $S snapshot data --tag tree >/dev/null || exit 1
(cd data && tar -cf ../d.tar --sort=name a.txt visits.csv run.sh sub link)
zstd -q d.tar -o d.tar.zst
(cd data && zip -qry ../d.zip a.txt visits.csv run.sh sub link)
for a in d.tar d.tar.zst d.zip; do
	ds $S snapshot "$a" --tag "$a" >/dev/null
	echo "$a: exit $?"
	st ds $S diff --exit-code tree "$a" --format text
done
# "-": an archive on standard input
ds $S snapshot - --tag stdin <d.tar.zst | grep -o '"source":"-"'
st ds $S diff --exit-code tree stdin --format text
ds $S show d.zip --format text
