# keygen: a sealed 0600 secret key with scrypt parameters in the file, a
# public key carrying the identity, key_id from the public key; never a
# passphrase or key byte on screen; never over an existing key.
. "$CASE_DIR/lib.sh"
ks keygen --kdf-cost 10 -o chris --id chris@example.org --name "Chris Chen" \
	>id.txt 2>err.txt
echo "exit $?"
grep -c '^[0-9a-f]\{32\}$' id.txt
stat -c '%a %n' chris.key chris.pub
sed -e 's/^\(key-id\|secret\|public\): .*/\1: X/' chris.key
sed -e 's/^\(key-id\|public\): .*/\1: X/' chris.pub
# key_id is in both files and is what keygen printed
grep -q "key-id: $(cat id.txt)" chris.key && grep -q "key-id: $(cat id.txt)" chris.pub && echo "key-id matches"
grep -rl 'correct horse' . || echo "passphrase written nowhere"
cat err.txt
# the default cost is scrypt N=2^17 (stated in the file)
ks keygen -o big --id b@example.org --name B >/dev/null
grep kdf-params big.key
# never over an existing key
st ks keygen --kdf-cost 10 -o chris --id x@example.org --name X
# from a passphrase file (refused when others can read it)
printf 'from a file\n' >pass
chmod 600 pass
KSIGN_PASSPHRASE= st ks keygen --kdf-cost 10 -o f --id f@example.org --name F --passphrase-file pass >/dev/null
chmod 644 pass
KSIGN_PASSPHRASE= st ks keygen --kdf-cost 10 -o g --id g@example.org --name G --passphrase-file pass
# no terminal, no file, no variable: a clear refusal
KSIGN_PASSPHRASE= st ks keygen --kdf-cost 10 -o h --id h@example.org --name H
# the identity must be one line of text
st ks keygen --kdf-cost 10 -o i --id "$(printf 'a\nb')" --name I
