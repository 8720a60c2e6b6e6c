#!/usr/bin/env bash
# bench/phiscan-accuracy.sh -- precision and recall of phiscan on the
# development PHI corpus, with the corpus's own scorer.
#
# usage: bench/phiscan-accuracy.sh [PHISCAN] [score.py options, e.g. --json]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
phiscan=${1:-$top/src/phiscan/phiscan}
shift || true
corpus=${CORPUS_ROOT:-$top/../shared/corpus/phi}
export COMPLYKIT_DATADIR=${COMPLYKIT_DATADIR:-$top/share/complykit}
exec python3 "$corpus/score.py" --corpus "$corpus" \
	--cmd "$phiscan --fail-on never --format jsonl {dir}" "$@"
