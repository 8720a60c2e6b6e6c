# Key files that must not sign: truncated, foreign, public, readable by
# others, unencrypted; a wrong passphrase (no hint of which component was
# wrong); an unknown meaning.  All exit 2 and write no signature.
. "$CASE_DIR/lib.sh"
mkparties
mkdoc
head -c 200 chris.key >trunc.key
chmod 600 trunc.key
st ks sign -k trunc.key -m approval baa.txt
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n' >foreign.key
chmod 600 foreign.key
st ks sign -k foreign.key -m approval baa.txt
st ks sign -k chris.pub -m approval baa.txt
cp chris.pub pub.key
chmod 600 pub.key
st ks sign -k pub.key -m approval baa.txt
chmod 644 chris.key
st ks sign -k chris.key -m approval baa.txt
chmod 640 chris.key
st ks sign -k chris.key -m approval baa.txt
chmod 600 chris.key
KSIGN_PASSPHRASE='wrong horse' st ks sign -k chris.key -m approval baa.txt
# a changed byte of the sealed secret: the same words as a wrong passphrase
sed -e 's/^\(secret: .\{60\}\)./\1A/' chris.key >tampered.key
cmp -s chris.key tampered.key && sed -i 's/^\(secret: .\{60\}\)./\1B/' tampered.key
chmod 600 tampered.key
st ks sign -k tampered.key -m approval baa.txt
# the kdf parameters are checked against the sealed ones
sed -e 's/N=1024/N=2048/' chris.key >params.key
chmod 600 params.key
st ks sign -k params.key -m approval baa.txt
st ks sign -k nosuch.key -m approval baa.txt
st ks sign -k chris.key -m approved baa.txt
st ks sign -k chris.key -m Approval baa.txt
# a policy file adds meanings
printf '# QA meanings\nrelease  approved for release\n' >policy
st ks sign -k chris.key -m release --policy policy baa.txt
st ks sign -k chris.key -m release baa.txt
printf 'Bad Meaning\n' >badpolicy
st ks sign -k chris.key -m release --policy badpolicy baa.txt
wc -l <baa.txt.ksig
