# --fail-on: any (default) trips on any finding; high/medium/low compare
# the document's confidence (score above 15 high, above 5 medium); never
# never trips.  Scores here: note 16 (high), ssn 10 (medium), email 2.
. "$CASE_DIR/lib.sh"
fixture note.txt ssn.txt email.txt clean.txt
for level in any high medium low never; do
	for f in note.txt ssn.txt email.txt clean.txt; do
		ps --fail-on "$level" "$f" >/dev/null 2>&1
		echo "$level $f $?"
	done
done
# One tripping document among clean ones is enough.
ps --fail-on high clean.txt note.txt email.txt >/dev/null
echo "mixed $?"
