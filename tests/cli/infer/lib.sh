# lib.sh -- sourced by the infer CLI cases (not a case itself).
DATA=$top_srcdir/tests/cli/infer/data

need() {
	command -v "$1" >/dev/null 2>&1 || { echo "needs $1" >&2; exit 77; }
}

# bc_testset.jsonl as records {"id":N,"features":[...]}
bc_records() {
	awk '{ i = index($0, "\"x\": "); s = substr($0, i + 5);
	       j = index(s, "]"); printf "{\"id\":%d,\"features\":%s}\n", NR, substr(s, 1, j) }' \
		"$DATA/bc_testset.jsonl"
}

# N records of seeded pseudo-random values in [0,1): rec N COUNT [FIELD]
rec() {
	awk -v n="$1" -v c="$2" -v f="${3:-features}" 'BEGIN { srand(7);
		for (r = 1; r <= n; r++) {
			printf "{\"id\":%d,\"%s\":[", r, f;
			for (k = 0; k < c; k++) printf "%s%.6f", k ? "," : "", rand();
			print "]}" } }'
}
