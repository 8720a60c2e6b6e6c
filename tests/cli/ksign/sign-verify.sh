# sign appends one line to FILE.ksig; a countersigner appends another;
# verify prints the manifestation (name, UTC and local time, meaning) of
# each signer and exits 0.
. "$CASE_DIR/lib.sh"
mkparties
mkdoc
st ks sign -k chris.key -m approval baa.txt
at 2026-03-02T15:30:00Z st ks sign -k dana.key -m approval baa.txt
wc -l <baa.txt.ksig
noid <baa.txt.ksig
# verified the next day (a signature from tomorrow would be refused)
COMPLYKIT_NOW=2026-03-03T00:00:00Z
st ks verify -t trusted --format text baa.txt
TZ=America/New_York st ks verify -t trusted --format text baa.txt.ksig
st ks verify -t trusted --format jsonl baa.txt | noid
# several files in one call, each its own .ksig
mkdoc a.txt
mkdoc b.txt
echo other >>b.txt
st ks sign -k chris.key -m review a.txt b.txt
st ks verify -t trusted --format text a.txt b.txt
# -v says what was signed
st ks sign -v -k chris.key -m authorship a.txt
# a file never signed
mkdoc c.txt
st ks verify -t trusted --format text c.txt
# a directory is walked: each file signed (with threads when many), its
# .ksig files skipped; verify walks it the same way
mkdir -p tree/sub
for i in 1 2 3; do echo "file $i" >tree/f$i.txt; done
echo deep >tree/sub/g.txt
st ks sign -k dana.key -m review tree
find tree -name '*.ksig' | sort
st ks verify -t trusted --format text tree | grep -v '^  '
echo changed >>tree/sub/g.txt
ks verify -t trusted --format text tree >/dev/null; echo "exit $?"
