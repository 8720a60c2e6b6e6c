#!/bin/sh
# make-names.sh -- builds the compact name lists phiscan loads at start-up
# (first.txt, last.txt: one lowercase name per line, sorted) from the US
# Census 1990 genealogy name files, a work of the US federal government and
# so in the public domain.
#
#   sh make-names.sh CENSUS_DIR [OUT_DIR]
#
# CENSUS_DIR holds census1990-male-first.txt, census1990-female-first.txt
# and census1990-all-last.txt (columns: NAME FREQ_PCT CUM_FREQ_PCT RANK).
#
# The cut:
# - first names: every male and female name (5,163 distinct).  The lists
#   are short and the detector only trusts a first name when a surname or a
#   context cue follows it, so the rare tail costs nothing.
# - surnames: rank <= LAST_MAX_RANK (default 50000), about 88 % of the
#   population.  The ranks beyond are single occurrences in the sample whose
#   value as evidence is low; common-word surnames (White, Young, King) sit
#   at the top of the list, so the cut does not change the false-positive
#   risk, which the detector handles by requiring capitalisation and
#   pairing or a cue.
set -eu
src=${1:?usage: make-names.sh CENSUS_DIR [OUT_DIR]}
out=${2:-$(dirname "$0")}
LAST_MAX_RANK=${LAST_MAX_RANK:-50000}
export LC_ALL=C

# The first line of the first-name files is a header (NAME FREQ_PCT ...).
awk '$1 != "NAME" && NF >= 4 { print tolower($1) }' \
	"$src/census1990-male-first.txt" "$src/census1990-female-first.txt" \
	| sort -u > "$out/first.txt.tmp"
awk -v max="$LAST_MAX_RANK" '$1 != "NAME" && NF >= 4 && $4 + 0 <= max \
	{ print tolower($1) }' "$src/census1990-all-last.txt" \
	| sort -u > "$out/last.txt.tmp"
mv "$out/first.txt.tmp" "$out/first.txt"
mv "$out/last.txt.tmp" "$out/last.txt"
