# Manifest mode: one signature over a list of file hashes (as signify -C
# checks one); verify --manifest checks the signatures, then every file.
. "$CASE_DIR/lib.sh"
mkparties
mkdir -p data/sub
for i in 1 2 3 4 5; do echo "row $i" >data/f$i.csv; done
echo nested >data/sub/x.csv
st ks sign -k chris.key -m approval --manifest data.manifest data/*.csv data/sub/x.csv
cat data.manifest
st ks verify -t trusted --format text --manifest data.manifest
# countersigned as a file
at 2026-03-01T11:00:00Z st ks sign -k dana.key -m review data.manifest
COMPLYKIT_NOW=2026-03-02T00:00:00Z
st ks verify -t trusted --format jsonl --manifest data.manifest | noid
# a changed and a missing file are both named
echo changed >data/f2.csv
rm data/f4.csv
ks verify -t trusted --format text --manifest data.manifest >/dev/null; echo "exit $?"
# the manifest itself changed
cp data.manifest m.bak
sed -e 's/f1.csv/f9.csv/' m.bak >data.manifest
ks verify -t trusted --format text --manifest data.manifest >/dev/null; echo "exit $?"
# never over an existing manifest
st ks sign -k chris.key -m approval --manifest data.manifest data/f1.csv
# a malformed manifest line (with a good signature over it)
printf '%s\n' '{"path":"data/f1.csv"}' >bad.manifest
ks sign -k chris.key -m approval bad.manifest
ks verify -t trusted --format text --manifest bad.manifest >/dev/null; echo "exit $?"
