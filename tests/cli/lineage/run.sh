# run: START before the command, then COMPLETE (exit 0) or FAIL (exit 1)
# with the exit status or signal, duration, argv, git commit, env hash;
# the command keeps standard output; outputs hashed after it ran.
. "$CASE_DIR/lib.sh"
printf 'a\n' >in.txt
lg run --job ml/prep --run-id $R1 --inputs in.txt --outputs out.txt --param k=v -- \
	sh -c 'echo from-the-command; cat in.txt >out.txt'
echo "exit $?"
norm <.lineage/events.jsonl
st lg run --job ml/bad --run-id $R2 -- sh -c 'exit 3'
tail -n 1 .lineage/events.jsonl | grep -o '"exit_status":3' 
tail -n 1 .lineage/events.jsonl | grep -o '"eventType":"FAIL"'
st lg run --job ml/sig --run-id $R3 -- sh -c 'kill -9 $$'
tail -n 1 .lineage/events.jsonl | grep -o '"signal":9'
st lg run --job ml/none --run-id $R4 -- ./no-such-command
tail -n 1 .lineage/events.jsonl | grep -o '"exit_status":127'
git init -q repo && (cd repo && git commit -q --allow-empty -m x) &&
	(cd repo && "$LINEAGE" -s ../.lineage run --job ml/git -o ../ev.jsonl -- true)
head=$(git -C repo rev-parse HEAD)
grep -c "\"git_commit\":\"$head\"" ev.jsonl
grep -c '"eventType"' ev.jsonl
