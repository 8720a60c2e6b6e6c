# Crash safety of the append: a signer killed mid-line leaves a torn last
# line; verify reports and ignores it (the old state), and the next
# signing cuts it before appending.  Concurrent signers are serialised by
# a lock on the .ksig.
. "$CASE_DIR/lib.sh"
mkparties
mkdoc
ks sign -k chris.key -m approval baa.txt
printf '{"kind":"signature","alg":"ed2' >>baa.txt.ksig
st ks verify -t trusted --format text baa.txt | grep -v '^  '
at 2026-03-01T11:00:00Z ks sign -k dana.key -m approval baa.txt
COMPLYKIT_NOW=2026-03-02T00:00:00Z
wc -l <baa.txt.ksig
st ks verify -t trusted --format text baa.txt | grep -v '^  '
# eight signers at once: eight whole lines
mkdoc busy.txt
for i in 1 2 3 4 5 6 7 8; do
	ks sign -k chris.key -m review busy.txt &
done
wait
wc -l <busy.txt.ksig
st ks verify -t trusted --format text busy.txt | grep -c '^busy.txt: good signature'
