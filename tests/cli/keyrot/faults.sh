# Every fault fails authentication with a message naming the object,
# exit 2, and writes no plaintext: a flipped bit in the header, wrapped
# key, nonce, payload or tag; truncation; extension; swapped segments; a
# file moved to another name (its context is its name); a destroyed key version (lifecycle.sh).
. "$CASE_DIR/lib.sh"
kr init >/dev/null
head -c 200000 /dev/urandom >p.bin
kr encrypt p.bin -o p.bin.krt
cp p.bin.krt obj.krt
# header 0..75, wrapped key 28..75, wrap nonce 16..27, payload, tag
for what in "magic 0" "version-id 11" "wrap-nonce 20" "wrapped-key 40" \
    "wrapped-tag 70" "payload 100" "segment-2 70000" "last-tag $(($(wc -c <obj.krt) - 1))"; do
	set -- $what
	cp obj.krt "$1.krt"
	flip "$1.krt" "$2"
	st kr decrypt --context p.bin "$1.krt" -o "$1.out"
	[ -e "$1.out" ] && echo "plaintext written for $1"
	kr decrypt <"$1.krt" --context p.bin >"$1.stdout"
	[ -s "$1.stdout" ] && echo "plaintext on stdout for $1"
done
head -c 131000 obj.krt >trunc.krt
st kr decrypt --context p.bin trunc.krt -o trunc.out
head -c $((76 + 2 * 65552)) obj.krt >cut.krt
st kr decrypt --context p.bin cut.krt -o cut.out
cp obj.krt ext.krt && printf 'x' >>ext.krt
st kr decrypt --context p.bin ext.krt -o ext.out
# swap segments 0 and 1 (65552 bytes each after the 76-byte header)
{ head -c 76 obj.krt; tail -c +$((76 + 65552 + 1)) obj.krt | head -c 65552;
  tail -c +77 obj.krt | head -c 65552; tail -c +$((76 + 2 * 65552 + 1)) obj.krt; } >swap.krt
cmp -s swap.krt obj.krt || st kr decrypt --context p.bin swap.krt -o swap.out
st kr decrypt obj.krt -o other.out
ls ./*.out 2>/dev/null
kr decrypt p.bin.krt -o ok.out && cmp ok.out p.bin && echo "the original still decrypts"
