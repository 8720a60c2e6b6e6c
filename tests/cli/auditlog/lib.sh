# lib.sh -- sourced by the auditlog CLI cases (not a case itself).
#
# A fixed clock, user and signing key make every hash and signature of a
# case the same on each run, so outputs can be compared byte for byte.
DATA=$top_srcdir/tests/cli/auditlog/data
COMPLYKIT_NOW=2026-11-22T10:00:00Z
USER=tester
export COMPLYKIT_NOW USER

# A new log in $1 signed with the test key.
newlog() {
	"$AUDITLOG" init --key "$DATA/test.key" --origin example.org/audit "$@"
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

# n events from actor u$((i % 5)), one a line.
events() {
	i=1
	while [ "$i" -le "$1" ]; do
		printf '{"actor":{"id":"u%d"},"action":"read","data":{"n":%d}}\n' \
			$((i % 5)) "$i"
		i=$((i + 1))
	done
}

# A log with events over three days, from several actors and risks.
demolog() {
	newlog "$1" >/dev/null || exit 1
	for d in 20 21 22; do
		i=0
		while [ $i -lt $((d - 17)) ]; do
			printf '{"actor":{"id":"u%d","name":"User %d"},"action":"%s","outcome":"%s","phi":{"score":%d},"target":{"type":"doc","id":"d%d%d"},"ip":"10.0.0.%d"}\n' \
				$((i % 3)) $((i % 3)) "$( [ $((i % 2)) = 0 ] && echo read || echo export)" \
				"$( [ $i = 4 ] && echo denied || echo success)" $((i * 7 % 30)) "$d" "$i" "$i"
			i=$((i + 1))
		done | COMPLYKIT_NOW=2026-11-${d}T0$i:30:00Z "$AUDITLOG" append --log "$1" >/dev/null
	done
}
