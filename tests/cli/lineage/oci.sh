# export --format oci: an OCI image layout (image-spec 1.1) holding the log
# as an artifact: deterministic, read by skopeo, refused over a non-empty
# directory or without -o.
. "$CASE_DIR/lib.sh"
lg record --job etl/clean --run-id $R1 --inputs s3://lake/raw --outputs s3://lake/clean >/dev/null
lg record --job ml/train --run-id $R2 --inputs s3://lake/clean --outputs s3://m/model >/dev/null
# digests other than the empty config's move with the producer's version
hide() { sed -e 's/44136fa355b3678a/EMPTY/' -e 's/[0-9a-f]\{64\}/H/g' -e 's/EMPTY/44136fa355b3678a/'; }
lg export --format oci -o a >rec.json; echo "exit $?"
hide <rec.json
lg export --format oci -o b >/dev/null; echo "exit $?"
diff -r a b && echo "deterministic"
# the record names the manifest index.json lists
grep -o '"manifest":"sha256:[0-9a-f]*"' rec.json | cut -d'"' -f4 >want.txt
grep -o '"digest":"sha256:[0-9a-f]*"' a/index.json | cut -d'"' -f4 | cmp - want.txt && echo "the manifest of index.json"
(cd a && find . -type f | LC_ALL=C sort) | hide
cat a/oci-layout; echo
hide <a/index.json | sed 's/"size":[0-9]*/"size":N/'; echo
m=$(sed 's/.*"digest":"sha256:\([0-9a-f]*\)".*/\1/' a/index.json)
hide <"a/blobs/sha256/$m" | sed 's/"size":[0-9]*}\],"mediaType"/"size":N}],"mediaType"/'; echo
# the layer is the events, canonical, one a line
l=$(sed 's/.*"layers":\[{[^]]*"digest":"sha256:\([0-9a-f]*\)".*/\1/' "a/blobs/sha256/$m")
wc -l <"a/blobs/sha256/$l"
grep -c '"eventType":"COMPLETE"' "a/blobs/sha256/$l"
for f in a/blobs/sha256/*; do
	[ "$(sha256sum <"$f" | cut -c1-64)" = "${f##*/}" ] || echo "bad blob $f"
done
lg export --format oci -o a; echo "exit $?"
lg export --format oci; echo "exit $?"
ls -d a.tmp-* 2>/dev/null | wc -l
need skopeo
skopeo inspect --raw oci:a | grep -o '"artifactType":"[^"]*"' | head -1
skopeo copy -q oci:a dir:copied >/dev/null 2>err.txt || { cat err.txt; exit 1; }
cmp copied/$l "a/blobs/sha256/$l" && echo "skopeo copied the events"
# what skopeo copies to another layout (its own index.json) imports back
skopeo copy -q oci:a oci:viaskopeo:lineage >/dev/null 2>err.txt || { cat err.txt; exit 1; }
lg -s s2 import viaskopeo --format text
lg export --format dot >d.dot
lg -s s2 export --format dot | cmp - d.dot && echo "the same graph"
