# A first snapshot of a tree: the record, the manifest (canonical JSON
# Lines sorted by path bytes; symlinks recorded, not followed), the id is
# the SHA-256 of the manifest, CSV columns described in the metadata.
. "$CASE_DIR/lib.sh"
mkdata
ln -s /etc/passwd data/outside
st ds init data
cd data || exit 1
ds snapshot . -m "first cut" --tag v1 >../rec.json
echo "exit $?"
norm <../rec.json
id=$(idof <../rec.json)
echo "== manifest entries"
ds show v1 | tail -n +2
echo "== id is the manifest digest"
[ "$(ds show "$id" | sha256sum | cut -d' ' -f1)" = "$id" ] && echo yes
echo "== prefix and latest resolve"
[ "$(ds show "$(echo "$id" | cut -c1-8)" | sha256sum)" = "$(ds show latest | sha256sum)" ] && echo yes
echo "== text"
ds show v1 --format text
ds meta v1 --format text
