# Inline phiscan:allow on the line or the line above silences a finding;
# "phiscan:allow SSN" silences only that type.
. "$CASE_DIR/lib.sh"
fixture allow.txt
ps --format text allow.txt
echo "exit $?"
