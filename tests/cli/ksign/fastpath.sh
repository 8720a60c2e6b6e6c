# Record mode's fast path (no JSON tree for common records) writes the
# same bytes as the general path, which KSIGN_NO_FAST_PATH forces, and as
# ksign did before it had one: the sha256 of the signed output below was
# made by that earlier ksign with the same fixed key and clock.  The
# records mix what the fast path takes (reals, escapes, UTF-8, nesting,
# whitespace) with what it leaves to the general path (signatures to
# countersign, non-ASCII keys, long integers, -0) and with bad lines.
. "$CASE_DIR/lib.sh"
cp "$CASE_DIR/fixed.key" "$CASE_DIR/fixed.pub" .
chmod 600 fixed.key
ks trust fixed.pub >trusted
n=${CK_FAST_RECORDS:-2000}
awk -v n="$n" 'BEGIN {
	x = 12345
	split("0.0 0.5 -2.5E+3 1e-7 0.1 1.7976931348623157e308 5e-324 -0.0 " \
	      "123456789012345678 -0 1E2 2.2250738585072014e-308 9007199254740993 " \
	      "0.30000000000000004 100 -7 1.5e300 4.9406564584124654e-324", fixed, " ")
	for (i = 0; i < n; i++) {
		x = (x * 1103515245 + 12345) % 2147483648
		y = (x * 1103515245 + 12345) % 2147483648
		a = x % 1000000000; b = y % 100000000
		k = i % 16
		if (k == 0) num = fixed[i / 16 % 18 + 1]
		else if (k < 6) num = "0." a b
		else if (k < 9) num = (x % 2 ? "-" : "") a "." b
		else if (k < 11) num = a "e" (y % 600 - 300)
		else if (k < 13) num = a "." (y % 1000) "E-" (x % 30)
		else num = "0.000" (x % 100000)
		r = "{\"id\":" i ",\"text\":\"visit note " i "\",\"score\":" num "}"
		m = i % 23
		if (m == 1) r = "  {\"z\":[1,2.5,{\"b\":true,\"a\":null}],\"A\":\"\\u00e9\\n\\/\",\"id\":" i "}\t "
		else if (m == 2) r = "{\"caf\303\251\":" num ",\"id\":" i "}"
		else if (m == 3) r = "{}"
		else if (m == 4) r = "{\"id\":" i ",\"signatures\":[]}"
		else if (m == 5) r = "{\"emoji\":\"\\ud83d\\ude00 \360\237\230\200\",\"id\":" i ",\"n\":{\"x\":" num ",\"y\":[" num "," num "]}}"
		else if (m == 6) r = "{\"id\":" i ",\"id\":2}"
		else if (m == 7) r = "{\"id\":" i ",\"score\":" num
		else if (m == 8) r = "{\"id\":" i ",\"big\":1e400}"
		else if (m == 9) r = " { } "
		else if (m == 10) r = "{\"id\":-" i ",\"t\":\"tab\\there \\\"q\\\" back\\\\slash\"}"
		print r
	}
}' >in.jsonl
wc -l <in.jsonl
st ks sign -k fixed.key -m review --jsonl in.jsonl -o fast.jsonl 2>fast.err
KSIGN_NO_FAST_PATH=1 st ks sign -k fixed.key -m review --jsonl in.jsonl -o slow.jsonl 2>slow.err
cmp fast.jsonl slow.jsonl && cmp fast.err slow.err && echo "sign: same bytes"
sha256sum <fast.jsonl
sed 's/^\(ksign: in.jsonl:\)[0-9:]*/\1N: /' fast.err | sort | uniq -c
# a second signer countersigns (the general path for every record)
cp fast.jsonl signed.jsonl
at 2026-03-01T11:00:00Z ks sign -k fixed.key -m approval --jsonl signed.jsonl >both.jsonl
echo "countersign exit $?"
sha256sum <both.jsonl
# (a countersigned record went through the general path, which once
# wrote a real of 1e20 or more back in plain digits that then read as too
# big an integer; it is written with an exponent now, and verifies)
COMPLYKIT_NOW=2026-03-02T00:00:00Z
export COMPLYKIT_NOW
for v in "signed.jsonl jsonl" "signed.jsonl text" "both.jsonl jsonl"; do
	set -- $v
	ks verify -t trusted --format $2 $1 --jsonl >v.fast 2>e.fast
	a=$?
	KSIGN_NO_FAST_PATH=1 ks verify -t trusted --format $2 $1 --jsonl >v.slow 2>e.slow
	b=$?
	cmp v.fast v.slow && cmp e.fast e.slow && [ $a = $b ] &&
		echo "verify $1 $2: exit $a, same bytes"
	sha256sum <v.fast
	sed 's/^\(ksign: [a-z]*.jsonl:\)[0-9:]*/\1N: /' e.fast | sort | uniq -c
done
# a changed record, a changed signature field, a changed sig: each named
sed -e '13s/visit note/visit nota/' -e '14s/"meaning":"review"/"meaning":"approval"/' \
	-e '15s/"sig":"\(.\)\(.\)/"sig":"\2\1/' signed.jsonl >bad.jsonl
ks verify -t trusted --format jsonl --jsonl bad.jsonl >v.fast 2>e.fast
echo "bad exit $?"
KSIGN_NO_FAST_PATH=1 ks verify -t trusted --format jsonl --jsonl bad.jsonl >v.slow 2>e.slow
cmp v.fast v.slow && cmp e.fast e.slow && echo "bad: same bytes"
grep -v '"status":"ok"' v.fast
cat e.fast
