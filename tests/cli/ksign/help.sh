# --help lists the commands; each command's --help lists its options.
. "$CASE_DIR/lib.sh"
ks --help
ks sign --help
ks verify --help
ks --version | head -n 1 | sed 's/[0-9][0-9.]*$/VERSION/'
