# Bad input never crashes: a clear message with the record's line and
# exit 2, or, with --on-error skip, the record skipped and counted.
. "$CASE_DIR/lib.sh"
st() { "$@"; echo "exit $?"; }
m=$DATA/bc_logreg.onnx
bc_records | head -3 >good.jsonl
{
	sed -n 1p good.jsonl
	echo '{"id":2,"features":[1,2,3]}'
	sed -n 2p good.jsonl
	echo '{"id":4,"features":"12.5"}'
	echo '{"id":5,"features":[[1,2],[3]]}'
	echo '{"id":6'
	echo '{"id":7}'
	sed -n 3p good.jsonl | sed 's/"features":\[[0-9.]*/"features":["NaN"/'
	sed -n 3p good.jsonl | sed 's/"features":\[[0-9.]*/"features":[1e39/'
	sed -n 3p good.jsonl | sed 's/"features":\[[0-9.]*/"features":[null/'
	sed -n 3p good.jsonl | sed 's/"features":\[[0-9.]*/"features":[1e400/'
	echo '[1,2]'
} >bad.jsonl
st "$INFER" --model "$m" bad.jsonl | cut -c1-12
st "$INFER" --model "$m" --on-error skip bad.jsonl | cut -c1-12
st "$INFER" --model "$m" --field x good.jsonl
# a record that already carries a prediction is not silently overwritten
"$INFER" --model "$m" good.jsonl | head -1 >twice.jsonl
st "$INFER" --model "$m" twice.jsonl
# int64 inputs take integers only: none here, but float32 takes integers
echo '{"features":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}' |
	"$INFER" --model "$m" | grep -c '"label"'
