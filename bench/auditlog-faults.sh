#!/usr/bin/env bash
# bench/auditlog-faults.sh -- the full-size fault trials of issue 4 (make
# check runs smaller ones): 10,000 random tamperings of a closed segment,
# each caught by verify at the right event, and 200+ kill -9 of
# appenders (3 at a time) followed by recover and verify, with every
# echoed event stored exactly once.
#
# usage: bench/auditlog-faults.sh [AUDITLOG] [TRIALS] [ROUNDS]
#        (defaults: src/auditlog/auditlog 10000 67)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
AUDITLOG=$(cd "$(dirname "${1:-$top/src/auditlog/auditlog}")" && pwd)/$(basename "${1:-auditlog}")
export AUDITLOG
trials=${2:-10000}
rounds=${3:-67}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
COMPLYKIT_NOW=2026-11-22T10:00:00Z "$AUDITLOG" init --segment-size 4k T >/dev/null
python3 -c '
for i in range(120):
    print("{\"actor\":{\"id\":\"u%d\"},\"action\":\"read\",\"data\":{\"n\":%d}}" % (i % 5, i))' |
	COMPLYKIT_NOW=2026-11-22T10:00:00Z "$AUDITLOG" append --log T >/dev/null
echo "tamper: $(python3 "$top/tests/cli/auditlog/tamper.py" T "$trials" 4242)"
"$AUDITLOG" init C >/dev/null
echo "crash: $(python3 "$top/tests/cli/auditlog/crash.py" C "$rounds" 3 2>&1 | tr '\n' ' ')"
