# Key lifecycle in the trust file: a rotated key's signatures verify
# inside its window; one made after it fails; a revoked key's later
# signatures fail while earlier ones stand; an unknown key fails.
. "$CASE_DIR/lib.sh"
mkkey old chris@example.org "Chris Chen"
mkkey new chris@example.org "Chris Chen"
mkkey eve eve@example.org "Eve Evans"
mkdoc d1.txt
mkdoc d2.txt
mkdoc d3.txt
mkdoc d4.txt
at 2026-01-10T09:00:00Z ks sign -k old.key -m approval d1.txt
at 2026-02-10T09:00:00Z ks sign -k new.key -m approval d2.txt
at 2026-02-11T09:00:00Z ks sign -k old.key -m approval d3.txt
at 2026-01-05T09:00:00Z ks sign -k eve.key -m review d1.txt
at 2026-02-20T09:00:00Z ks sign -k eve.key -m review d4.txt
{
	ks trust --valid-before 2026-02-01T00:00:00Z old.pub
	ks trust --valid-after 2026-02-01T00:00:00Z new.pub
	ks trust --revoked=2026-02-15T00:00:00Z eve.pub
} >trusted
sed -e 's/ed25519 .*/ed25519 KEY/' trusted
st ks verify -t trusted --format text d1.txt d2.txt | grep -v '^  '
st ks verify -t trusted --format text d3.txt
st ks verify -t trusted --format text d4.txt
# revoked outright: every signature fails
ks trust --revoked eve.pub | sed -e 's/ed25519 .*/ed25519 KEY/'
{
	ks trust old.pub
	ks trust --revoked eve.pub
} >trusted2
st ks verify -t trusted2 --format text d1.txt 2>&1 | grep -v '^  '
# not in the trust file at all
ks trust new.pub >trusted3
st ks verify -t trusted3 --format text d1.txt 2>&1 | grep -v '^  '
# a bad trust file: trouble, named by file and line
printf 'chris@example.org bogus=1 ed25519 AAAA\n' >bad
st ks verify -t bad d1.txt
