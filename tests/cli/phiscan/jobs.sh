# -j 1 and -j 4 print the same bytes in the same (sorted) order, over a
# directory of many files, some with findings.
. "$CASE_DIR/lib.sh"
mkdir -p tree/a tree/b
i=0
while [ $i -lt 150 ]; do
	d=a
	[ $((i % 3)) -eq 0 ] && d=b
	if [ $((i % 7)) -eq 0 ]; then
		printf 'row %d SSN 219-09-%04d MRN: %08d\n' $i $((i + 1000)) $((i * 7919)) >tree/$d/f$i.txt
	else
		printf 'row %d nothing\n' $i >tree/$d/f$i.txt
	fi
	i=$((i + 1))
done
ps -j 1 tree >one.jsonl 2>one.err
echo "j1 $?"
ps -j 4 tree >four.jsonl 2>four.err
echo "j4 $?"
ps -j 3 --format sarif tree >three.sarif
ps -j 1 --format sarif tree >one.sarif
cmp one.jsonl four.jsonl && echo same-jsonl
cmp one.err four.err && echo same-stderr
cmp one.sarif three.sarif && echo same-sarif
grep -c '"kind":"summary"' one.jsonl
grep -c '"kind":"finding"' one.jsonl
