# CSV and TSV: cells under a header the policy names are replaced whole,
# quoted cells included; the rest goes through the engine.
. "$CASE_DIR/lib.sh"
printf 'id,patient_name,DOB,city,comment\r\n1,Ada Lovelace,03/14/1952,Madison,"Seen: 2026-02-03, MRN: 40817356"\r\n2,"Byron, George",1788-01-22,London,fine\r\n' >p.csv
st pr p.csv
printf 'id\tSSN\tnote\n1\t219-09-9999\tok\n' >p.tsv
st pr p.tsv
