# Usage errors: one line and a hint on stderr, exit 2.
. "$CASE_DIR/lib.sh"
st ks
st ks frobnicate
st ks sign x
st ks sign -k k.key x
st ks verify x
st ks keygen --name N --id I
st ks keygen --name N --id I -o k --kdf-cost 40
st ks status -t t --require a:b --valid-for 1century x
st ks due -t t --require a:b --valid-for 1y d
st ks verify -t t --manifest m x
st ks trust
st ks sign --bogus
