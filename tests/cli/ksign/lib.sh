# lib.sh -- sourced by the ksign CLI cases (not a case itself).
#
# The clock is fixed (COMPLYKIT_NOW) so times in golden outputs are
# stable.  Keys are made with --kdf-cost 10 (scrypt N=2^10) so the suite
# stays fast; the default, 17, takes about a second per unlock.
COMPLYKIT_NOW=2026-03-01T10:00:00.000000Z
KSIGN_PASSPHRASE='correct horse'
export COMPLYKIT_NOW KSIGN_PASSPHRASE

ks() {
	"$KSIGN" "$@"
}

# Runs a command, then prints "exit N" so one case can check several
# statuses on its stdout.
st() {
	"$@"
	echo "exit $?"
}

# mkkey BASE ID NAME: a key pair under $KSIGN_PASSPHRASE.
mkkey() {
	ks keygen --kdf-cost 10 -o "$1" --id "$2" --name "$3" >/dev/null
}

# The usual parties: Chris (customer) and Dana (provider), trusted.
mkparties() {
	mkkey chris chris@example.org "Chris Chen"
	mkkey dana dana@example.org "Dana Diaz"
	{
		ks trust --role customer chris.pub
		ks trust --role provider dana.pub
	} >trusted
}

# A small agreement to sign.
mkdoc() {
	printf 'Business Associate Agreement\nbetween Customer and Provider\n' \
		>"${1:-baa.txt}"
}

# at TIME CMD...: runs CMD with the clock at TIME.
at() {
	_t=$1
	shift
	COMPLYKIT_NOW=$_t "$@"
}

# Key ids and signatures differ on every run: hide them.
noid() {
	sed -e 's/"key_id":"[0-9a-f]\{32\}"/"key_id":"KEYID"/g' \
		-e 's/"sig":"[^"]*"/"sig":"SIG"/g' \
		-e 's/^[0-9a-f]\{32\}$/KEYID/'
}
