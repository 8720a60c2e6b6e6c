# Only the spans change: CRLF line ends, bytes in other encodings
# (Latin-1 here) and a file's mode come out as they went in.
. "$CASE_DIR/lib.sh"
fixture note.txt
sed 's/$/\r/' note.txt >crlf.txt
pr crlf.txt | od -c | sed -n 1,3p
pr crlf.txt | tr -d '\r' | cmp - "$(pr note.txt >plain.txt; echo plain.txt)" && echo "same but CRLF"
printf 'Caf\351 note: Patient Ada Lovelace, MRN: 40817356\n' >latin1.txt
pr latin1.txt | od -c | sed -n 1,3p
chmod 640 note.txt
pr -o out.txt note.txt
ls -l out.txt | cut -c1-10
mkdir tree && cp note.txt tree/ && chmod 600 tree/note.txt
pr -o dst tree
ls -l dst/tree/note.txt | cut -c1-10
