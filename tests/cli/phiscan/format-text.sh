# Text: path:line:col TYPE confidence masked, a total on stderr; colour
# only when asked (stdout is not a terminal here); --show-match shows the
# value; -q drops the total.
. "$CASE_DIR/lib.sh"
fixture note.txt clean.txt
ps --format text note.txt clean.txt
echo "exit $?"
ps --format text --color always note.txt 2>/dev/null | od -c | sed -n 1,3p
ps --format text --show-match note.txt 2>/dev/null
ps --format text -q note.txt
# a file name with a newline and an escape sequence stays on one line
printf 'SSN 219-09-9999\n' >"$(printf 'odd\nname\033[31m.txt')"
ps --format text -q odd*
