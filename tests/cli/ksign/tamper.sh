# A changed byte anywhere fails verification (exit 1) with a message
# naming the file and the .ksig line: in the signed file, or in any field
# of the signature record.
. "$CASE_DIR/lib.sh"
mkparties
mkdoc
ks sign -k chris.key -m approval baa.txt
cp baa.txt.ksig good.ksig
cp baa.txt good.txt
# the document
printf 'X' | dd of=baa.txt bs=1 seek=3 conv=notrunc 2>/dev/null
st ks verify -t trusted --format text baa.txt
cp good.txt baa.txt
# each field of the record: key_id, signer id and name, meaning, time,
# subject, sig
for pat in 's/"key_id":"[0-9a-e]/"key_id":"f/; t; s/"key_id":"f/"key_id":"0/' \
	's/"id":"chris/"id":"chrim/' \
	's/Chris Chen/Chris Cohen/' \
	's/"approval"/"review"/' \
	's/T10:00:00/T09:00:00/' \
	's/"sha256":"[0-9a-e]/"sha256":"f/; t; s/"sha256":"f/"sha256":"0/' \
	's/"sig":"[B-Z]/"sig":"A/; t; s/"sig":"./"sig":"B/' \
	's/"alg":"ed25519"/"alg":"ed448"/' \
	's/"kind":"signature",/"kind":"signature","extra":1,/'; do
	sed -e "$pat" good.ksig >baa.txt.ksig
	cmp -s good.ksig baa.txt.ksig && echo "pattern $pat changed nothing"
	echo "== $pat"
	st ks verify -t trusted --format text baa.txt 2>&1 | noid
done
# a malformed line: trouble (2), named by file and line
cp good.ksig baa.txt.ksig
echo '{"kind":"signature",' >>baa.txt.ksig
st ks verify -t trusted --format text baa.txt
printf '%s\n' 'not json' >baa.txt.ksig
st ks verify -t trusted baa.txt
