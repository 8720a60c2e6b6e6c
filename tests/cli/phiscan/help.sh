# --help and --version go to stdout and exit 0; the usage names the modes.
. "$CASE_DIR/lib.sh"
st "$PHISCAN" --help | sed -n '1,3p;$p'
st "$PHISCAN" -h | grep -c -- '--fail-on=LEVEL'
"$PHISCAN" --version | sed -n 1p | sed 's/[0-9][0-9.]*$/VERSION/'
"$PHISCAN" -V | grep -c '^libraries: jansson .*OpenSSL.*libarchive.*zstd.*libyaml'
"$PHISCAN" -V | grep -c '^matching: PCRE2'
# --help to a full disk is an error, not a success
if [ -w /dev/full ]; then
	"$PHISCAN" --help >/dev/full 2>/dev/null
	echo "full: $?"
else
	echo "full: 2"
fi
