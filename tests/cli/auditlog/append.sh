# init, append from standard input and from flags: each stored event is
# echoed with seq, time, prev and hash; verify passes.
. "$CASE_DIR/lib.sh"
newlog L || exit 1
printf '%s\n' '{"actor":{"id":"u1","name":"Dana Diaz"},"action":"code_generation","target":{"type":"README","sha256":"ab"},"outcome":"success","phi":{"score":23,"confidence":"high"},"ip":"10.0.0.7","duration_ms":812,"data":{}}' \
	'' '{"actor":{"id":"u2"},"action":"export","data":{"rows":3,"note":"caf\u00e9 ü"}}' |
	"$AUDITLOG" append --log L
echo "exit $?"
"$AUDITLOG" append --log L --actor u3 --actor-name 'Chris Chen' \
	--action key_rotation --target '{"type":"key","id":"k1"}' \
	--outcome success --data '{"reason":"annual"}' --format jsonl
"$AUDITLOG" append --log L --actor u3 --action login --target t9 --format text
st "$AUDITLOG" verify --log L --format text
ls L/seg
