# A large file is hashed through mmap; one cut short while that happens
# (pages past its new end raise SIGBUS) is reported as unreadable, exit
# 2, never a crash.  The timing varies, so each round accepts a clean
# signature too: what must never happen is death by a signal.
. "$CASE_DIR/lib.sh"
mkkey k k@example.org "Kim Kay"
crashed=0
for d in 0.01 0.03 0.06 0.1 0.15; do
	rm -f big.bin big.bin.ksig
	truncate -s 192M big.bin
	ks sign -k k.key -m approval big.bin 2>err &
	pid=$!
	sleep $d
	truncate -s 1M big.bin
	wait $pid
	st=$?
	[ $st -le 2 ] || crashed=$st
	grep -v 'cut short while it was read' err
done
echo "crashed: $crashed"
# above the mmap threshold the subject is the file's SHA-256 all the
# same, as sha256sum computes it
head -c 9437185 /dev/zero | tr '\0' 'x' >a.bin
printf 'tail' >>a.bin
st ks sign -k k.key -m approval a.bin
sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/' a.bin.ksig
sha256sum <a.bin | cut -d' ' -f1
