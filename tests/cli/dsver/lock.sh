# Concurrent snapshots into one store are serialised by its lock: both
# complete, both are in the log, the store verifies.
. "$CASE_DIR/lib.sh"
mkdata
head -c 5000000 /dev/urandom >data/big.bin
mkdir other && printf 'x\n' >other/x.txt
ds -s store init >/dev/null
ds -s store snapshot data >a.out &
ds -s store snapshot other >b.out &
wait
grep -c '"kind":"snapshot"' a.out b.out
ds -s store log | wc -l
st ds -s store verify --store
