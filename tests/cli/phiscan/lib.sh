# lib.sh -- sourced by the phiscan CLI cases (not a case itself).
#
# DATA holds the fixtures.  ps runs phiscan with the fixed test rule pack
# and key, so golden outputs do not move when the bundled packs are tuned;
# run phiscan itself ("$PHISCAN") to test the defaults.
DATA=$top_srcdir/tests/cli/phiscan/data

ps() {
	"$PHISCAN" --no-default-rules --rules "$DATA/rules.yaml" \
		--fingerprint-key "$DATA/fingerprint.key" "$@"
}

# Runs a command, then prints "exit N" so one case can check several
# statuses on its stdout.
st() {
	"$@"
	echo "exit $?"
}

need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || {
			echo "$tool not installed" >&2
			exit 77
		}
	done
}

fixture() {
	for f in "$@"; do
		cp "$DATA/$f" . || exit 99
	done
}
