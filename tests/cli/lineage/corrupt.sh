# A damaged log: a torn last line (writer killed before its newline) is
# not an event: readers skip it and the next append cuts it.  Damage
# anywhere else is named with the log's path and line, exit 2 for queries
# and 1 for verify, and no command crashes.
. "$CASE_DIR/lib.sh"
lg record --job a --run-id $R1 --inputs x --outputs y >/dev/null
lg record --job b --run-id $R2 --inputs y --outputs z >/dev/null
cp .lineage/events.jsonl good.jsonl
printf '{"eventType":"COMPLETE","eventTi' >>.lineage/events.jsonl
lg verify
lg downstream "dataset:file:$(pwd)/x" | wc -l
lg record --job c --run-id $R3 --inputs z >/dev/null
lg verify
head -c 200 good.jsonl >.lineage/events.jsonl
printf '\n' >>.lineage/events.jsonl
tail -n 1 good.jsonl >>.lineage/events.jsonl
lg verify; echo "exit $?"
lg upstream x 2>&1 | norm
lg export --format dot 2>&1 >/dev/null | norm
lg diff $R1 $R2 2>&1 >/dev/null | norm
printf '\377\n' >.lineage/events.jsonl
lg downstream x 2>&1 | norm
printf '{"run":{}}\n' >.lineage/events.jsonl
lg verify; echo "exit $?"

