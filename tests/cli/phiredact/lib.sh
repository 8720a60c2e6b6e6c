# lib.sh -- sourced by the phiredact CLI cases (not a case itself).
#
# DATA holds the fixtures.  pr runs phiredact with a fixed test rule pack
# and fingerprint key, so golden outputs do not move when the bundled
# packs are tuned; run "$PHIREDACT" itself to test the defaults.
DATA=$top_srcdir/tests/cli/phiredact/data

pr() {
	"$PHIREDACT" --no-default-rules --rules "$DATA/rules.yaml" \
		--fingerprint-key "$DATA/fingerprint.key" "$@"
}

# Same rule pack for phiscan, for scan -> redact pipelines.
ps() {
	"$PHISCAN" --no-default-rules --rules "$DATA/rules.yaml" \
		--fingerprint-key "$DATA/fingerprint.key" "$@"
}

# The secret keys, 0600 as phiredact insists (git keeps only 0644).
keys() {
	cp "$DATA/redact.key" key && cp "$DATA/other.key" other.key &&
		chmod 600 key other.key || exit 99
}

# Runs a command, then prints "exit N".
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
