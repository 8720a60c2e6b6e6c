# --help of dsver and of each command: usage on stdout, exit 0.
"$DSVER" --help || exit 1
for c in init snapshot log show tag meta diff verify checkout export import gc; do
	echo "==== $c"
	"$DSVER" "$c" --help || exit 1
done
