# phiredact on its own output changes nothing: a second run gives the
# same bytes and --in-place leaves the file untouched.  This holds for
# the operators whose output is no longer PHI-shaped (tag, mask, drop,
# generalize, pseudonym, encrypt); shift and surrogate write realistic
# dates and values on purpose, which a second run treats as new.
. "$CASE_DIR/lib.sh"
fixture note.txt
keys
for p in safe-harbor limited-dataset; do
	pr --policy $p note.txt >once.txt
	pr --policy $p once.txt >twice.txt
	cmp once.txt twice.txt && echo "$p: idempotent"
done
for op in tag mask drop generalize pseudonym encrypt; do
	pr --mode $op --key key note.txt >once.txt
	pr --mode $op --key key once.txt >twice.txt
	cmp once.txt twice.txt && echo "$op: idempotent"
done
# with the bundled rule packs too
"$PHIREDACT" --fingerprint-key "$DATA/fingerprint.key" note.txt >once.txt
"$PHIREDACT" --fingerprint-key "$DATA/fingerprint.key" once.txt | cmp - once.txt && echo "default packs: idempotent"
touch -d 2020-01-01 once.txt
pr --in-place once.txt
ls -l --time-style=+%Y once.txt | awk '{print $6}'
