# A signature dated later than now plus the tolerance (--max-skew,
# default 5 minutes) fails: a signer cannot post-date an approval.
. "$CASE_DIR/lib.sh"
mkparties
mkdoc
at 2026-03-01T10:04:00Z ks sign -k chris.key -m approval baa.txt
ks verify -t trusted --format text baa.txt >/dev/null; echo "exit $?"
mkdoc later.txt
at 2026-03-01T10:06:00Z ks sign -k chris.key -m approval later.txt
st ks verify -t trusted --format text later.txt
ks verify -t trusted --max-skew 10min --format text later.txt >/dev/null; echo "exit $?"
