# The OCI layout dsver exports is read by skopeo (Debian's skopeo), which
# checks every blob digest as it copies.
. "$CASE_DIR/lib.sh"
need skopeo
mkdata
ds init data >/dev/null
id=$(ds -s data/.dsver snapshot data | idof)
ds -s data/.dsver export latest -o layout >/dev/null || exit 1
skopeo inspect --raw "oci:layout:$id" | grep -o '"artifactType":"[^"]*"'
skopeo copy -q "oci:layout:$id" dir:copied >/dev/null 2>err.txt || { cat err.txt; exit 1; }
ls copied | grep -c .
