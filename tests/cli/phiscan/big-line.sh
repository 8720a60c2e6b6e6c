# A 20 MB file on one line is scanned in windows: values on both sides of
# a window boundary (4 MiB) and at the very end are found once each, with
# byte offsets into the file.
. "$CASE_DIR/lib.sh"
need awk
awk 'BEGIN {
	pad = "lorem ipsum dolor sit amet ";
	s = ""; while (length(s) < 65536) s = s pad;
	n = 0;
	# 4 MiB minus a few bytes: the value straddles the first boundary
	while (n + length(s) < 4194300) { printf "%s", s; n += length(s) }
	while (n < 4194300) { printf "x"; n++ }
	printf " 219-09-9999 "; n += 13;
	while (n + length(s) < 10000000) { printf "%s", s; n += length(s) }
	printf "MRN: 40817356 "; n += 14;
	while (n + length(s) < 20971000) { printf "%s", s; n += length(s) }
	printf " last 078-05-1121";
}' >big.txt
wc -c <big.txt | tr -d ' '
ps big.txt
echo "exit $?"
# The summary's sha256 is that of the bytes read across every window
# (phiredact --findings refuses a file whose digest has changed).
want=$(sha256sum big.txt | cut -c1-64)
ps big.txt | grep -q "\"sha256\":\"$want\"" && echo "sha256 of the whole file"
