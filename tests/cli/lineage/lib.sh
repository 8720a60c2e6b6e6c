# lib.sh -- sourced by the lineage CLI cases (not a case itself).
#
# The clock is fixed (COMPLYKIT_NOW) and run ids are given (--run-id) where
# a golden output must not move; norm() replaces the working directory,
# durations and environment-dependent values.
COMPLYKIT_NOW=2026-01-02T03:04:05.000006Z
export COMPLYKIT_NOW
unset LINEAGE_STORE

lg() {
	"$LINEAGE" "$@"
}

st() {
	"$@"
	echo "exit $?"
}

norm() {
	sed -e "s|$(pwd)|PWD|g" -e 's/"duration_ms":[0-9]*/"duration_ms":N/g' \
		-e 's/"env_sha256":"[0-9a-f]*"/"env_sha256":"E"/g' \
		-e 's/"tools":{[^}]*}/"tools":{T}/g' \
		-e 's|/tree/[^/]*/src/lineage|/tree/V/src/lineage|g' \
		-e 's/"complykit lineage","version":"[^"]*"/"complykit lineage","version":"V"/g'
}

need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || {
			echo "$tool not installed" >&2
			exit 77
		}
	done
}

# validate FILE.jsonl: the OpenLineage 2-0-2 reference validator (vendored
# in tests/data/openlineage) with lineage's own facet schemas added, so
# every facet we write is checked against its schema.
validate() {
	rm -rf ol && cp -r "$top_srcdir/tests/data/openlineage" ol &&
		chmod -R u+w ol &&
		cp "$top_srcdir"/share/complykit/schemas/lineage/*.json ol/facets/ &&
		python3 -W ignore ol/validate_ol.py "$@"
}

R1=11111111-1111-4111-8111-111111111111
R2=22222222-2222-4222-8222-222222222222
R3=33333333-3333-4333-8333-333333333333
R4=44444444-4444-4444-8444-444444444444
