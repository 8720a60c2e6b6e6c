# gc: retention (--keep-last, --keep-within; tagged snapshots kept), then
# only unreferenced objects go; the store still verifies.
. "$CASE_DIR/lib.sh"
mkdata
ds init data >/dev/null
cd data || exit 1
snap() {
	COMPLYKIT_NOW=$1 ds snapshot . "$@" >/dev/null
}
printf 'v1\n' >a.txt; COMPLYKIT_NOW=2020-01-01T00:00:00Z ds snapshot . --tag keep >/dev/null
printf 'v2\n' >a.txt; COMPLYKIT_NOW=2021-01-01T00:00:00Z ds snapshot . >/dev/null
printf 'v3\n' >a.txt; COMPLYKIT_NOW=2025-06-01T00:00:00Z ds snapshot . >/dev/null
printf 'v4\n' >a.txt; COMPLYKIT_NOW=2025-12-01T00:00:00Z ds snapshot . >/dev/null
ds log --format text | cut -c14-
echo "== nothing given: keep all, drop nothing"
st ds gc --format text
echo "== dry run"
st ds gc --keep-last 1 --dry-run --format text | norm
ds log | wc -l
echo "== keep within 1y of 2026-01-02, and the tagged one"
st ds gc --keep-within 1y --format text | norm
ds log --format text | cut -c14-
st ds verify --store
ds checkout keep old >/dev/null && cat old/a.txt
echo "== keep last 1"
st ds gc --keep-last 1 | norm
ds log --format text | cut -c14-
st ds verify --store
