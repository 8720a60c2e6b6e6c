# lib.sh -- sourced by the keyrot CLI cases (not a case itself).
#
# The clock is fixed (COMPLYKIT_NOW) so times in golden outputs are
# stable; the master key comes from the environment unless a case says
# otherwise.
COMPLYKIT_NOW=2026-01-02T03:04:05.000006Z
COMPLYKIT_ACTOR=tester
KEYROT_MASTER_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
KEYROT_KEYRING=ring
export COMPLYKIT_NOW COMPLYKIT_ACTOR KEYROT_MASTER_KEY KEYROT_KEYRING

kr() {
	"$KEYROT" "$@"
}

# Runs a command, then prints "exit N" so one case can check several
# statuses on its stdout.
st() {
	"$@"
	echo "exit $?"
}

norm() {
	sed -e 's/"duration_ms":[0-9]*/"duration_ms":N/g'
}

need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || {
			echo "$tool not installed" >&2
			exit 77
		}
	done
}

# flip FILE OFFSET: inverts every bit of one byte.
flip() {
	_b=$(od -An -tu1 -j"$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((_b ^ 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# A small tree of plaintext files.
mkdata() {
	mkdir -p data/sub
	printf 'MRN 12345, seen 2024-01-02\n' >data/a.txt
	printf 'id,ssn\n1,123-45-6789\n' >data/visits.csv
	printf 'nested\n' >data/sub/b.txt
	head -c 200000 /dev/urandom >data/sub/big.bin
	: >data/empty
}

# Copies of the tree's plaintext, to compare with after a round trip.
snap() {
	rm -rf "$1" && cp -r data "$1"
}
