# Standard input to standard output, as a filter; "-" is standard input.
. "$CASE_DIR/lib.sh"
fixture note.txt
pr <note.txt | sed -n 2p
pr - <note.txt | sed -n 3p
pr -o out.txt - <note.txt && sed -n 4p out.txt
