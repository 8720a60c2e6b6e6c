/* oci.c -- OCI image layout documents for dsver export/import. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>

#include "common/atomic.h"
#include "common/canon.h"
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

static json_t *
descriptor(const char *mt, const unsigned char *sha, const char *hex,
	   uint64_t size)
{
	char h[CK_SHA256_HEXLEN + 1], dg[CK_SHA256_HEXLEN + 8];

	if (sha != NULL) {
		ck_hex_encode(sha, CK_SHA256_LEN, h);
		hex = h;
	}
	snprintf(dg, sizeof(dg), "sha256:%s", hex);
	return json_pack("{s:s, s:s, s:I}", "mediaType", mt, "digest", dg,
			 "size", (json_int_t)size);
}

int
ds_oci_image(const char *hex, const json_t *hdr, uint64_t mlen,
	     const struct ds_oci_obj *objs, size_t nobj, struct ck_buf *image,
	     struct ck_buf *index, struct ck_error *err)
{
	json_t *layers = json_array(), *im, *idx;
	unsigned char sum[CK_SHA256_LEN];
	int rc = -1;

	json_array_append_new(layers, descriptor(DS_OCI_MT_MANIFEST, NULL, hex,
						 mlen));
	for (size_t i = 0; i < nobj; i++)
		json_array_append_new(layers, descriptor(DS_OCI_MT_OBJECT,
							 objs[i].sha, NULL,
							 objs[i].size));
	im = json_pack("{s:i, s:s, s:s, s:o, s:o, s:{s:s, s:O, s:s}}",
		       "schemaVersion", 2, "mediaType", DS_OCI_MT_IMAGE,
		       "artifactType", DS_OCI_ARTIFACT, "config",
		       descriptor(DS_OCI_MT_EMPTY, NULL, DS_OCI_EMPTY_DIGEST, 2),
		       "layers", layers, "annotations",
		       "org.opencontainers.image.created",
		       json_string_value(json_object_get(hdr, "time")),
		       "org.opencontainers.image.description",
		       json_object_get(hdr, "message"),
		       "com.complykit.dsver.id", hex);
	if (im == NULL || ck_canon_append(image, im, err) < 0) {
		json_decref(im);
		return im ? -1 : ck_error_set(err, ENOMEM, "out of memory");
	}
	json_decref(im);
	ck_sha256(image->data, image->len, sum);
	idx = json_pack("{s:i, s:s, s:[o]}", "schemaVersion", 2, "mediaType",
			DS_OCI_MT_INDEX, "manifests",
			descriptor(DS_OCI_MT_IMAGE, sum, NULL, image->len));
	if (idx != NULL) {
		json_object_set_new(json_array_get(json_object_get(idx,
			"manifests"), 0), "annotations", json_pack("{s:s}",
			"org.opencontainers.image.ref.name", hex));
		rc = ck_canon_append(index, idx, err);
	} else {
		ck_error_set(err, ENOMEM, "out of memory");
	}
	json_decref(idx);
	return rc;
}

/* "sha256:<64 hex>" into bytes. */
static int
parse_digest(const json_t *v, unsigned char *out)
{
	const char *s = json_string_value(v);

	if (s == NULL || strlen(s) != 7 + CK_SHA256_HEXLEN ||
	    strncmp(s, "sha256:", 7) != 0)
		return -1;
	for (int i = 7; i < 7 + CK_SHA256_HEXLEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	return ck_hex_decode(s + 7, CK_SHA256_HEXLEN, out, CK_SHA256_LEN);
}

static int
parse_desc(const json_t *d, const char *mt, struct ds_oci_obj *o)
{
	const json_t *sz = json_object_get(d, "size");

	if (!json_is_object(d) || !json_is_string(json_object_get(d,
								  "mediaType")) ||
	    (mt != NULL && strcmp(json_string_value(json_object_get(d,
				"mediaType")), mt) != 0) ||
	    !json_is_integer(sz) || json_integer_value(sz) < 0 ||
	    parse_digest(json_object_get(d, "digest"), o->sha) < 0)
		return -1;
	o->size = (uint64_t)json_integer_value(sz);
	return 0;
}

int
ds_oci_parse_image(const char *p, size_t len, struct ds_oci_obj **layers,
		   size_t *n, struct ck_error *err)
{
	json_t *v = json_loadb(p, len, JSON_REJECT_DUPLICATES, NULL), *l;
	struct ds_oci_obj *o = NULL;
	size_t k;

	l = json_object_get(v, "layers");
	if (!json_is_object(v) ||
	    json_integer_value(json_object_get(v, "schemaVersion")) != 2 ||
	    !json_is_array(l) || json_array_size(l) == 0) {
		json_decref(v);
		return ck_error_set(err, 0, "image manifest: not an OCI image "
				    "manifest with layers");
	}
	k = json_array_size(l);
	o = calloc(k, sizeof(*o));
	if (o == NULL) {
		json_decref(v);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < k; i++)
		if (parse_desc(json_array_get(l, i), i == 0 ? DS_OCI_MT_MANIFEST
					     : DS_OCI_MT_OBJECT, &o[i]) < 0) {
			free(o);
			json_decref(v);
			return ck_error_set(err, 0, "image manifest: layer %zu "
					    "is not a dsver %s", i,
					    i ? "object" : "manifest");
		}
	json_decref(v);
	*layers = o;
	*n = k;
	return 0;
}

int
ds_oci_parse_index(const char *p, size_t len,
		   unsigned char digest[CK_SHA256_LEN], uint64_t *size,
		   struct ck_error *err)
{
	json_t *v = json_loadb(p, len, JSON_REJECT_DUPLICATES, NULL);
	struct ds_oci_obj o;
	int rc = 0;

	if (!json_is_object(v) ||
	    json_integer_value(json_object_get(v, "schemaVersion")) != 2 ||
	    json_array_size(json_object_get(v, "manifests")) != 1 ||
	    parse_desc(json_array_get(json_object_get(v, "manifests"), 0),
		       DS_OCI_MT_IMAGE, &o) < 0)
		rc = ck_error_set(err, 0, "index.json: not an OCI index of one "
				  "image manifest");
	else {
		memcpy(digest, o.sha, CK_SHA256_LEN);
		*size = o.size;
	}
	json_decref(v);
	return rc;
}

void
ds_oci_rm(const char *path)
{
	DIR *d;
	struct dirent *de;

	if (unlink(path) == 0 || errno != EISDIR)
		return;
	d = opendir(path);
	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *p;

			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (asprintf(&p, "%s/%s", path, de->d_name) >= 0) {
				ds_oci_rm(p);
				free(p);
			}
		}
		closedir(d);
	}
	rmdir(path);
}

int
ds_oci_sync_dir(const char *path, struct ck_error *err)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || (fsync(fd) < 0 && errno != EINVAL)) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return ck_error_set(err, e, "cannot sync %s", path);
	}
	close(fd);
	return 0;
}
