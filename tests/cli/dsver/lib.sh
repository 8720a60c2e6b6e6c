# lib.sh -- sourced by the dsver CLI cases (not a case itself).
#
# The clock is fixed (COMPLYKIT_NOW) so snapshot times are stable; ids
# still depend on the absolute source path, so norm() replaces the
# working directory and 64-hex ids where a golden output must not move.
COMPLYKIT_NOW=2026-01-02T03:04:05.000006Z
COMPLYKIT_ACTOR=tester
export COMPLYKIT_NOW COMPLYKIT_ACTOR
unset DSVER_STORE

ds() {
	"$DSVER" "$@"
}

# Runs a command, then prints "exit N" so one case can check several
# statuses on its stdout.
st() {
	"$@"
	echo "exit $?"
}

norm() {
	sed -e "s|$(pwd)|PWD|g" -e 's/[0-9a-f]\{64\}/ID/g' -e 's/\b[0-9a-f]\{12\}\b/ID12/g' \
		-e 's/"duration_ms":[0-9]*/"duration_ms":N/g'
}

need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || {
			echo "$tool not installed" >&2
			exit 77
		}
	done
}

# A small dataset: text, CSV, an executable, a symlink, a subdirectory.
mkdata() {
	mkdir -p data/sub
	printf 'hello\n' >data/a.txt
	printf 'id,age,admitted\n1,34,2024-01-02\n2,51,2024-03-04\n' >data/visits.csv
	printf '#!/bin/sh\necho hi\n' >data/run.sh
	chmod 755 data/run.sh
	printf 'nested\n' >data/sub/b.txt
	ln -s a.txt data/link
}

# The id printed by a snapshot record on stdin.
idof() {
	sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p' | head -n 1
}

# flip FILE OFFSET: inverts every bit of one byte (never a no-op, unlike
# writing a fixed byte that may already be there).
flip() {
	_b=$(od -An -tu1 -j"$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((_b ^ 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
