# diff: two runs side by side (params, metrics, input versions, status);
# --exit-code exits 1 when they differ, 0 when not; unknown runs exit 2.
. "$CASE_DIR/lib.sh"
printf 'a\n' >in.csv
lg record --job ml/train --run-id $R1 --inputs in.csv --param lr=0.1 --param epochs=5 --metric auc=0.91 >/dev/null
printf 'b\n' >in.csv
lg record --job ml/train --run-id $R2 --inputs in.csv --param lr=0.2 --param epochs=5 --metric auc=0.93 >/dev/null
lg diff $R1 run:$R2 --format text | norm
lg diff $R1 $R2 --format jsonl | norm
lg diff $R1 $R2 --exit-code >/dev/null; echo "exit $?"
lg diff $R1 $R1 --exit-code >/dev/null; echo "exit $?"

st lg diff $R1 $R3
st lg diff $R1 nope
