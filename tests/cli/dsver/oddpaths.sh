# Paths with newlines, quotes, backslashes and invalid UTF-8 are kept
# exactly (path_hex for non-UTF-8) and come back exactly from checkout.
. "$CASE_DIR/lib.sh"
mkdir data
printf 1 >"data/new
line"
printf 2 >"$(printf 'data/lat\351n')"
printf 3 >'data/q"uo\te'
printf 4 >'data/ sp'
st ds init data
ds -s data/.dsver snapshot data >/dev/null || exit 1
ds -s data/.dsver show latest | tail -n +2
ds -s data/.dsver show latest --format text
st ds -s data/.dsver checkout latest out | norm
ls out | od -c | sed 's/  */ /g'
for f in data/*; do
	b=${f#data/}
	cmp "$f" "out/$b" || echo "differs: $b"
done
