# Record mode, bad lines: each is named with its line number, nothing is
# written for it (no half record), the good lines still go through, and
# the exit status is 2.
. "$CASE_DIR/lib.sh"
{
	printf '{"id":1,"text":"SSN 219-09-9999"}\n'
	printf '{"id":2,"text":"cut off\n'
	printf '{"id":3,"text":"bad \377 byte"}\n'
	printf '{"id":4,"text":"nul \000 byte"}\n'
	printf '{"id":5,"body":"no text field"}\n'
	printf '{"id":6,"text":42}\n'
	printf '[1,2]\n'
	printf '{"id":8,"text":"escaped nul \\u0000"}\n'
	printf '{"id":9,"text":"fine"}\n'
} >bad.jsonl
ps --jsonl bad.jsonl
echo "exit $?"
ps <bad.jsonl >/dev/null 2>&1
echo "stdin exit $?"
