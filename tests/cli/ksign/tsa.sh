# RFC 3161 trusted time: a local `openssl ts` authority (made here)
# timestamps the document; sign --tsa-token attaches the token, verify
# --tsa-ca checks it with OpenSSL's TS API.
. "$CASE_DIR/lib.sh"
command -v openssl >/dev/null || { echo "openssl not installed" >&2; exit 77; }
mkparties
mkdoc
# the authority: a CA and a TSA certificate with critical timeStamping
cat >tsa.cnf <<'CNF'
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = test
[ ca_ext ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ tsa_ext ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = .
serial = ./tsaserial
signer_cert = ./tsa.crt
certs = ./tsa.crt
signer_key = ./tsa.pem
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ess_cert_id_alg = sha256
ess_cert_id_chain = no
CNF
{
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.pem -out ca.crt \
		-days 3650 -subj /CN=Test-CA -config tsa.cnf -extensions ca_ext
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout tsa.pem -out tsa.csr \
		-subj /CN=Test-TSA -config tsa.cnf
	openssl x509 -req -in tsa.csr -CA ca.crt -CAkey ca.pem -CAcreateserial \
		-out tsa.crt -days 3650 -extfile tsa.cnf -extensions tsa_ext
	echo 01 >tsaserial
	openssl ts -query -data baa.txt -sha256 -cert -out req.tsq
	openssl ts -reply -config tsa.cnf -queryfile req.tsq -out resp.tsr
} >/dev/null 2>openssl.log || { cat openssl.log; exit 1; }
# the token's own time is now: sign with the real clock here
unset COMPLYKIT_NOW
st ks sign -k chris.key -m approval --tsa-token resp.tsr baa.txt
grep -c '"tsa":"' baa.txt.ksig
st ks verify -t trusted --tsa-ca ca.crt --format text baa.txt |
	sed -e 's/[0-9-]\{10\} [0-9:]\{8\} [A-Z]*/TIME/g'
# without the CA the token is shown, not trusted
st ks verify -t trusted --format text baa.txt | grep timestamp
# another CA: the token does not verify
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout other.pem -out other.crt \
	-days 3650 -subj /CN=Other -config tsa.cnf -extensions ca_ext 2>/dev/null
ks verify -t trusted --tsa-ca other.crt --format text baa.txt >/dev/null 2>err.txt
echo "exit $?"
sed -e 's/ (.*)\( (baa\)/\1/' err.txt
# a token over another file is refused at signing
mkdoc other.txt
echo x >>other.txt
st ks sign -k chris.key -m approval --tsa-token resp.tsr other.txt
printf 'junk' >junk.tsr
st ks sign -k chris.key -m approval --tsa-token junk.tsr baa.txt
# a signature dated before its token fails
mkdoc early.txt
openssl ts -query -data early.txt -sha256 -cert -out e.tsq 2>/dev/null
openssl ts -reply -config tsa.cnf -queryfile e.tsq -out e.tsr 2>/dev/null
COMPLYKIT_NOW=2020-01-01T00:00:00Z st ks sign -k chris.key -m approval --tsa-token e.tsr early.txt
st ks verify -t trusted --tsa-ca ca.crt --format text early.txt
