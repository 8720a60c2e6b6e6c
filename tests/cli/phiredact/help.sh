# --help prints usage on stdout and exits 0; --version names libraries.
st() { "$@"; echo "exit $?"; }
st "$PHIREDACT" --help
"$PHIREDACT" --version | head -1
