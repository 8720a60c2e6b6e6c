# --help prints usage on stdout and exits 0; --version names libraries.
st() { "$@"; echo "exit $?"; }
st "$INFER" --help
"$INFER" --version | sed -n '1p;/protobuf-c/s/ [0-9.]*$//p'
