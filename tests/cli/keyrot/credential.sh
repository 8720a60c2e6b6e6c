# Master credentials: a passphrase file (scrypt), a key file, the
# environment; a wrong one fails with a clear error and exit 2, and no
# key byte is ever printed.
. "$CASE_DIR/lib.sh"
unset KEYROT_MASTER_KEY
printf 'correct horse battery staple\n' >pw
chmod 600 pw
kr init -k pring --passphrase-file pw >/dev/null && echo "passphrase keyring made"
printf 'secret\n' >x.txt
kr encrypt -k pring --passphrase-file pw x.txt && echo encrypted
printf 'correct horse battery stapler\n' >bad
chmod 600 bad
st kr decrypt -k pring --passphrase-file bad x.txt
chmod 644 pw
st kr decrypt -k pring --passphrase-file pw x.txt
chmod 600 pw
st kr decrypt -k pring --passphrase-file pw x.txt
cat x.txt
head -c 32 /dev/urandom >key && chmod 600 key
kr init -k kring --master-key-file key >/dev/null && echo "key-file keyring made"
st kr status -k kring --master-key-file pw
st kr status -k kring --passphrase-file pw
KEYROT_MASTER_KEY=0011 st kr status -k kring
st kr status -k kring </dev/null
KEYROT_MASTER_KEY=$(od -An -tx1 key | tr -d ' \n') kr status -k kring --format jsonl | sed 's/"created":"[^"]*"/"created":T/'
