# Archives and compressed files are read through libarchive: members show
# as archive!member; compressed files keep their own name.
. "$CASE_DIR/lib.sh"
need zip tar gzip zstd
mkdir -p inner/dir
cp "$DATA/note.txt" inner/dir/note.txt
cp "$DATA/clean.txt" inner/clean.txt
(cd inner && zip -q -r ../a.zip dir clean.txt) || exit 99
tar -C inner -czf b.tar.gz dir clean.txt || exit 99
tar -C inner -cf - dir clean.txt | zstd -q -o c.tar.zst || exit 99
gzip -c "$DATA/ssn.txt" >d.txt.gz || exit 99
zstd -q -o e.txt.zst "$DATA/email.txt" || exit 99
# an archive in an archive
tar -cf nest.tar a.zip || exit 99
st ps --format text a.zip b.tar.gz c.tar.zst d.txt.gz e.txt.zst nest.tar
ps --format jsonl a.zip | sed -n 1p
