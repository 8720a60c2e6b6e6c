# Symbolic link loops are reported, not followed forever; the other inputs
# are still scanned; exit 2.
. "$CASE_DIR/lib.sh"
fixture ssn.txt
ln -s self self
mkdir -p tree/sub
cp ssn.txt tree/sub/
ln -s .. tree/sub/up
st ps --format text self ssn.txt
# inside a directory, links are not followed unless -L
st ps --format text tree
st ps --format text -L tree
