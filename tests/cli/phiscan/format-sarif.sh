# SARIF 2.1.0: rules with stable ids, results with locations, levels and
# partial fingerprints; an unreadable input becomes a notification and
# makes the run unsuccessful (exit 2).
. "$CASE_DIR/lib.sh"
need python3
fixture note.txt clean.txt
ps --format sarif note.txt clean.txt missing.txt >out.sarif
echo "exit $?"
python3 -m json.tool --indent 1 out.sarif
