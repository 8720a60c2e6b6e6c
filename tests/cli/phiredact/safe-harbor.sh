# The default policy is Safe Harbor: identifiers tagged, dates cut to the
# year, ages over 89 to "90+", ZIP codes to three digits (000 for the
# low-population prefixes, here 995); the report has offsets, types,
# operators and fingerprints, never a value.
. "$CASE_DIR/lib.sh"
fixture note.txt
st pr --report report.jsonl note.txt
cat report.jsonl
ls -l report.jsonl | cut -c1-10
grep -c -e Ada -e 219-09 -e 03/14 report.jsonl
# --policy safe-harbor is the same
pr --policy safe-harbor note.txt | cmp - "$(pr note.txt >o.txt; echo o.txt)" && echo same
