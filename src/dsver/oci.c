/* oci.c -- what is dsver's own in the OCI image layouts of export and
 * import: the snapshot's manifest text, and image manifests whose layers
 * are that manifest and the objects (the documents themselves are
 * libcommon's oci.c). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zstd.h>

#include "common/atomic.h"
#include "common/oci.h"
#include "dsver/oci.h"

int
ds_oci_manifest_text(const struct ds_repo *r, const char *hex,
		     struct ck_buf *out, struct ck_error *err)
{
	char *p = ds_repo_snap_path(r, hex), *z = NULL;
	unsigned char sum[CK_SHA256_LEN];
	char got[CK_SHA256_HEXLEN + 1];
	ZSTD_DCtx *d = ZSTD_createDCtx();
	size_t zlen, rc;
	int ret = -1;

	if (p == NULL || d == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (ck_read_file(p, (size_t)1 << 34, &z, &zlen, err) < 0)
		goto out;
	{
		ZSTD_inBuffer in = { z, zlen, 0 };

		do {
			ZSTD_outBuffer o;

			if (ck_buf_reserve(out, 1 << 20) < 0) {
				ck_error_set(err, ENOMEM, "out of memory");
				goto out;
			}
			o.dst = out->data + out->len;
			o.size = out->cap - out->len - 1;
			o.pos = 0;
			rc = ZSTD_decompressStream(d, &o, &in);
			if (ZSTD_isError(rc)) {
				ck_error_set(err, 0, "%s is corrupt", p);
				goto out;
			}
			out->len += o.pos;
			out->data[out->len] = '\0';
			if (o.pos == 0 && in.pos == in.size && rc != 0) {
				ck_error_set(err, 0, "%s is corrupt "
					     "(truncated)", p);
				goto out;
			}
		} while (rc != 0 || in.pos < in.size);
	}
	ck_sha256(out->data, out->len, sum);
	ck_hex_encode(sum, CK_SHA256_LEN, got);
	if (strcmp(got, hex) != 0) {
		ck_error_set(err, 0, "%s is corrupt (digest mismatch)", p);
		goto out;
	}
	ret = 0;
out:
	ZSTD_freeDCtx(d);
	free(z);
	free(p);
	return ret;
}

int
ds_oci_image(const char *hex, const json_t *hdr, uint64_t mlen,
	     const struct ds_oci_obj *objs, size_t nobj, struct ck_buf *image,
	     struct ck_buf *index, struct ck_error *err)
{
	struct ck_oci_desc config, man, *layers;
	json_t *ann;
	int rc = -1;

	layers = calloc(nobj + 1, sizeof(*layers));
	ann = json_pack("{s:s, s:O, s:s}", "org.opencontainers.image.created",
			json_string_value(json_object_get(hdr, "time")),
			"org.opencontainers.image.description",
			json_object_get(hdr, "message"),
			"com.complykit.dsver.id", hex);
	if (layers == NULL || ann == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	/* the manifest first, then the objects (sorted by the caller) */
	strcpy(layers[0].media_type, DS_OCI_MT_MANIFEST);
	if (ck_hex_decode(hex, CK_SHA256_HEXLEN, layers[0].sha,
			  CK_SHA256_LEN) < 0) {
		ck_error_set(err, 0, "bad snapshot id %s", hex);
		goto out;
	}
	layers[0].size = mlen;
	for (size_t i = 0; i < nobj; i++) {
		strcpy(layers[i + 1].media_type, DS_OCI_MT_OBJECT);
		memcpy(layers[i + 1].sha, objs[i].sha, CK_SHA256_LEN);
		layers[i + 1].size = objs[i].size;
	}
	ck_oci_desc_empty(&config);
	if (ck_oci_manifest_build(DS_OCI_ARTIFACT, &config, layers, nobj + 1,
				  ann, image, err) < 0)
		goto out;
	ck_oci_desc_of(&man, CK_OCI_MT_MANIFEST, image->data, image->len);
	man.annotations = json_pack("{s:s}", CK_OCI_REF_NAME, hex);
	if (man.annotations == NULL)
		ck_error_set(err, ENOMEM, "out of memory");
	else
		rc = ck_oci_index_build(&man, 1, index, err);
	ck_oci_desc_release(&man);
out:
	json_decref(ann);
	free(layers);
	return rc;
}

int
ds_oci_parse_image(const char *p, size_t len, struct ds_oci_obj **layers,
		   size_t *n, struct ck_error *err)
{
	struct ck_oci_manifest m;
	struct ds_oci_obj *o;

	if (ck_oci_manifest_parse(p, len, "image manifest", &m, err) < 0)
		return -1;
	if (m.nlayers == 0) {
		ck_oci_manifest_release(&m);
		return ck_error_set(err, 0, "image manifest: not an OCI image "
				    "manifest with layers");
	}
	o = calloc(m.nlayers, sizeof(*o));
	if (o == NULL) {
		ck_oci_manifest_release(&m);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < m.nlayers; i++) {
		if (strcmp(m.layers[i].media_type, i == 0 ? DS_OCI_MT_MANIFEST
			   : DS_OCI_MT_OBJECT) != 0) {
			free(o);
			ck_oci_manifest_release(&m);
			return ck_error_set(err, 0, "image manifest: layer %zu "
					    "is not a dsver %s", i,
					    i ? "object" : "manifest");
		}
		memcpy(o[i].sha, m.layers[i].sha, CK_SHA256_LEN);
		o[i].size = m.layers[i].size;
	}
	*layers = o;
	*n = m.nlayers;
	ck_oci_manifest_release(&m);
	return 0;
}

int
ds_oci_parse_index(const char *p, size_t len,
		   unsigned char digest[CK_SHA256_LEN], uint64_t *size,
		   struct ck_error *err)
{
	struct ck_oci_index ix;
	int rc = 0;

	if (ck_oci_index_parse(p, len, "index.json", &ix, err) < 0)
		return -1;
	if (ix.n != 1 ||
	    strcmp(ix.manifests[0].media_type, CK_OCI_MT_MANIFEST) != 0) {
		rc = ck_error_set(err, 0, "index.json: not an OCI index of one "
				  "image manifest");
	} else {
		memcpy(digest, ix.manifests[0].sha, CK_SHA256_LEN);
		*size = ix.manifests[0].size;
	}
	ck_oci_index_release(&ix);
	return rc;
}
