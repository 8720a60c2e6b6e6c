# A batch is all or nothing even when kill -9 cuts its write(2) short:
# while .lineage/pending names the log's size before a batch, what lies
# past it is not committed -- readers (export, verify, queries, push) stop
# there and the next writer cuts it off.  Here the killed writer is
# simulated: a pending mark, then whole lines of half a batch.
. "$CASE_DIR/lib.sh"
lg record --job k/one --run-id $R1 --inputs k://a/x >/dev/null
wc -c <.lineage/events.jsonl >.lineage/pending
sed "s/$R1/$R2/g; s/k:\/\/a\/x/k:\/\/a\/half/" .lineage/events.jsonl >>.lineage/events.jsonl
wc -l <.lineage/events.jsonl
lg export | wc -l
lg verify --format text
lg downstream dataset:k://a:/half; echo "exit $?"
# the next append rolls the half batch back, then commits its own
lg record --job k/two --run-id $R3 >/dev/null
wc -l <.lineage/events.jsonl
grep -c "$R2" .lineage/events.jsonl
[ -e .lineage/pending ] && echo "pending left" || echo "committed"
lg verify --format text
# a pending file that is no mark of ours is ignored, never cuts the log
printf 'junk' >.lineage/pending
lg export | wc -l
lg record --job k/three --run-id $R4 >/dev/null
lg export | wc -l
