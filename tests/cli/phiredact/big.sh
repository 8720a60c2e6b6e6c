# A 10 MB file on one line goes through the engine in 4 MiB windows: the
# values on both sides of a window boundary and at the very end are all
# redacted, and nothing else changes.
. "$CASE_DIR/lib.sh"
need awk
awk 'BEGIN {
	pad = "lorem ipsum dolor sit amet ";
	s = ""; while (length(s) < 65536) s = s pad;
	n = 0;
	while (n + length(s) < 4194300) { printf "%s", s; n += length(s) }
	while (n < 4194300) { printf "x"; n++ }
	printf " 219-09-9999 "; n += 13;
	while (n + length(s) < 8388000) { printf "%s", s; n += length(s) }
	printf "MRN: 40817356 "; n += 14;
	while (n + length(s) < 10000000) { printf "%s", s; n += length(s) }
	printf " last 078-05-1121";
}' >big.txt
pr --report r.jsonl big.txt >out.txt
echo "exit $?"
wc -c <out.txt | tr -d ' '
grep -o '\[[A-Z]*\]' out.txt | sort | uniq -c | sed 's/^ *//'
grep -c redaction r.jsonl
# the bytes around the changes are the original's
tr -d ' ' <big.txt | sed 's/219-09-9999//; s/40817356//; s/078-05-1121//' | md5sum
tr -d ' ' <out.txt | sed 's/\[SSN\]//g; s/\[MRN\]//' | md5sum
