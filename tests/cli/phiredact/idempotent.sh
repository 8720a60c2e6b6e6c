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
# CSV columns named by the policy, and HL7 spans over several components
# (replaced component by component, so the state stays in its place)
printf 'id,patient_name,dob,zip\n1,Ada Lovelace,1952-03-14,53711\n' >p.csv
pr p.csv >once.csv
cat once.csv
pr once.csv | cmp - once.csv && echo "csv: idempotent"
printf 'MSH|^~\\&|EHR|GENHOSP|LAB|GENHOSP|202401151022||ADT^A01|MSG0001|P|2.5\rPID|1||4417823^^^GENHOSP^MR||QUINTERO^MARISOL^A||19580704|F|||1187 BIRCHWOOD AVE^APT 3C^SPRINGFIELD^IL^62704^USA^H||2175550143^PRN^PH\r' >adt.hl7
"$PHIREDACT" --fingerprint-key "$DATA/fingerprint.key" adt.hl7 >once.hl7
tr '\r' '\n' <once.hl7 | sed -n 2p
"$PHIREDACT" --fingerprint-key "$DATA/fingerprint.key" once.hl7 | cmp - once.hl7 && echo "hl7: idempotent"
