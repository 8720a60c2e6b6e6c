# No store: every command that needs one says how to make one, exit 2.
. "$CASE_DIR/lib.sh"
mkdir d
st ds log
st ds -s nowhere snapshot d
st ds snapshot nothere
mkdir store; printf 'junk\n' >store/config
st ds -s store log
ds init d >/dev/null
st ds -s d/.dsver show deadbeef
st ds -s d/.dsver show zz
st ds -s d/.dsver tag deadbeef 'no/slash'
