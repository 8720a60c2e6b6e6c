# The README's infer walk-through runs as written: each command exits 0;
# the pipeline de-identifies, scores, signs and logs every record.
. "$CASE_DIR/lib.sh"
mkdir bin
cp "$DATA/bc_logreg.onnx" risk.onnx
bc_records | head -4 | sed 's/^{"id":\([0-9]*\),/{"id":\1,"note":"Seen by Dr. Ada Lovelace on 2026-03-14",/' >visits.jsonl
printf 'required: [id]\nshape: [30]\nmin: 0\n' >risk.yaml
for t in infer:INFER phiredact:PHIREDACT ksign:KSIGN auditlog:AUDITLOG; do
	eval "p=\${${t#*:}:-}"
	[ -n "$p" ] || { echo "${t#*:} not set" >&2; exit 77; }
	ln -s "$p" "bin/${t%%:*}"
done
PATH=$(pwd)/bin:$PATH
KSIGN_PASSPHRASE='correct horse battery staple'
export KSIGN_PASSPHRASE
sed -n '/^Using infer/,/^The input is/s/^    //p' "$top_srcdir/README" | sed 's/  *#.*//' >cmds.txt
while read -r cmd; do
	sh -c "$cmd" >/dev/null 2>err.txt </dev/null
	echo "exit $?: $cmd"
	cat err.txt
done <cmds.txt
auditlog verify --log audit >/dev/null && echo "audit log verifies"
if grep -rq 'Ada Lovelace' audit; then echo "a name reached the log"; else echo "no name in the log"; fi
auditlog query --log audit --action inference 2>/dev/null | grep -c '"prediction"'
auditlog query --log audit --action inference 2>/dev/null | grep -c '"meaning":"review"'
