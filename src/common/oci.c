/* oci.c -- OCI descriptors, image manifests and image indexes
 * (image-spec 1.1: descriptor.md, manifest.md, image-index.md).
 *
 * Built documents are canonical JSON (RFC 8785), so a manifest's digest
 * depends on its content only.  Parsing is strict where a reader relies
 * on a value (digests, sizes, media types, schemaVersion) and lenient
 * where the spec says to be (unknown members are ignored). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/canon.h"
#include "common/oci.h"
#include "common/utf8.h"

void
ck_oci_digest_format(const unsigned char sha[CK_SHA256_LEN], char *out)
{
	memcpy(out, "sha256:", 7);
	ck_hex_encode(sha, CK_SHA256_LEN, out + 7);
}

int
ck_oci_digest_parse(const char *s, unsigned char sha[CK_SHA256_LEN])
{
	if (s == NULL || strlen(s) != CK_OCI_DIGEST_LEN ||
	    strncmp(s, "sha256:", 7) != 0)
		return -1;
	/* descriptor.md: sha256 is [a-f0-9]{64}; an upper-case digest names
	 * no blob of the layout */
	for (size_t i = 7; i < CK_OCI_DIGEST_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	return ck_hex_decode(s + 7, CK_SHA256_HEXLEN, sha, CK_SHA256_LEN);
}

static void
copy_mt(char dst[CK_OCI_MT_MAX], const char *mt)
{
	snprintf(dst, CK_OCI_MT_MAX, "%s", mt ? mt : "");
}

void
ck_oci_desc_of(struct ck_oci_desc *d, const char *mt, const void *data,
	       size_t len)
{
	memset(d, 0, sizeof(*d));
	copy_mt(d->media_type, mt);
	ck_sha256(data, len, d->sha);
	d->size = len;
}

void
ck_oci_desc_empty(struct ck_oci_desc *d)
{
	ck_oci_desc_of(d, CK_OCI_MT_EMPTY, "{}", 2);
}

void
ck_oci_desc_release(struct ck_oci_desc *d)
{
	if (d == NULL)
		return;
	json_decref(d->annotations);
	d->annotations = NULL;
}

json_t *
ck_oci_desc_json(const struct ck_oci_desc *d)
{
	char dg[CK_OCI_DIGEST_LEN + 1];
	json_t *v;

	ck_oci_digest_format(d->sha, dg);
	v = json_pack("{s:s, s:s, s:I}", "mediaType", d->media_type, "digest",
		      dg, "size", (json_int_t)d->size);
	if (v == NULL)
		return NULL;
	if ((d->artifact_type[0] != '\0' &&
	     json_object_set_new(v, "artifactType",
				 json_string(d->artifact_type)) < 0) ||
	    (d->annotations != NULL &&
	     json_object_set(v, "annotations", d->annotations) < 0)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* RFC 6838 §4.2 restricted-name, type "/" subtype, with an optional
 * "+suffix" folded into the subtype's characters. */
static int
media_type_ok(const char *s)
{
	const char *slash;

	if (s == NULL || strlen(s) >= CK_OCI_MT_MAX ||
	    (slash = strchr(s, '/')) == NULL || slash == s ||
	    slash[1] == '\0')
		return 0;
	for (const char *p = s; *p; p++) {
		if (p == slash)
			continue;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("!#$&-^_.+", *p)))
			return 0;
	}
	return 1;
}

static int
annotations_parse(const json_t *a, json_t **out, const char *where,
		  struct ck_error *err)
{
	const char *k;
	json_t *v;

	*out = NULL;
	if (a == NULL)
		return 0;
	if (!json_is_object(a))
		return ck_error_set(err, 0, "%s: annotations is not an object",
				    where);
	json_object_foreach((json_t *)a, k, v)
		if (!json_is_string(v))
			return ck_error_set(err, 0, "%s: annotation '%s' is "
					    "not a string", where, k);
	*out = json_deep_copy(a);
	return *out ? 0 : ck_error_set(err, ENOMEM, "out of memory");
}

int
ck_oci_desc_parse(const json_t *v, struct ck_oci_desc *d, const char *where,
		  struct ck_error *err)
{
	const json_t *sz = json_object_get(v, "size");
	const json_t *at = json_object_get(v, "artifactType");
	const char *mt = json_string_value(json_object_get(v, "mediaType"));

	memset(d, 0, sizeof(*d));
	if (!json_is_object(v))
		return ck_error_set(err, 0, "%s: not a descriptor object",
				    where);
	if (!media_type_ok(mt))
		return ck_error_set(err, 0, "%s: missing or invalid mediaType",
				    where);
	if (ck_oci_digest_parse(json_string_value(json_object_get(v,
			"digest")), d->sha) < 0)
		return ck_error_set(err, 0, "%s: missing or invalid digest "
				    "(want sha256:<64 lowercase hex>)", where);
	if (!json_is_integer(sz) || json_integer_value(sz) < 0)
		return ck_error_set(err, 0, "%s: size is not a non-negative "
				    "integer", where);
	if (at != NULL && !media_type_ok(json_string_value(at)))
		return ck_error_set(err, 0, "%s: invalid artifactType", where);
	copy_mt(d->media_type, mt);
	copy_mt(d->artifact_type, json_string_value(at));
	d->size = (uint64_t)json_integer_value(sz);
	return annotations_parse(json_object_get(v, "annotations"),
				 &d->annotations, where, err);
}

/* Loads a document: bounded, valid UTF-8, no NUL, no duplicate member,
 * an object with schemaVersion 2 and, when present, the given mediaType. */
static json_t *
load_doc(const char *p, size_t len, const char *name, const char *mt,
	 struct ck_error *err)
{
	json_error_t je;
	json_t *v;
	const json_t *m;
	size_t bad;

	if (len > CK_OCI_DOC_MAX) {
		ck_error_set(err, 0, "%s: larger than %zu bytes", name,
			     CK_OCI_DOC_MAX);
		return NULL;
	}
	if ((bad = ck_utf8_check(p, len)) != len) {
		ck_error_set(err, 0, "%s: invalid UTF-8 at byte %zu", name,
			     bad + 1);
		return NULL;
	}
	if ((v = json_loadb(p, len, JSON_REJECT_DUPLICATES, &je)) == NULL) {
		/* the token quoted by jansson is left out: it may be data */
		char *near = strstr(je.text, " near '");

		if (near != NULL)
			*near = '\0';
		ck_error_set(err, 0, "%s:%d:%d: %s", name, je.line, je.column,
			     je.text);
		return NULL;
	}
	if (!json_is_object(v)) {
		ck_error_set(err, 0, "%s: not a JSON object", name);
		goto bad;
	}
	m = json_object_get(v, "schemaVersion");
	if (!json_is_integer(m) || json_integer_value(m) != 2) {
		ck_error_set(err, 0, "%s: schemaVersion is not 2", name);
		goto bad;
	}
	m = json_object_get(v, "mediaType");
	if (m != NULL && (!json_is_string(m) ||
			  strcmp(json_string_value(m), mt) != 0)) {
		ck_error_set(err, 0, "%s: mediaType is not %s", name, mt);
		goto bad;
	}
	return v;
bad:
	json_decref(v);
	return NULL;
}

static int
append_canon(struct ck_buf *out, json_t *doc, struct ck_error *err)
{
	int rc;

	if (doc == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	rc = ck_canon_append(out, doc, err);
	json_decref(doc);
	return rc;
}

static json_t *
desc_array(const struct ck_oci_desc *d, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, ck_oci_desc_json(&d[i])) < 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

int
ck_oci_manifest_build(const char *artifact_type,
		      const struct ck_oci_desc *config,
		      const struct ck_oci_desc *layers, size_t nlayers,
		      const json_t *annotations, struct ck_buf *out,
		      struct ck_error *err)
{
	json_t *doc = json_pack("{s:i, s:s, s:o, s:o}", "schemaVersion", 2,
				"mediaType", CK_OCI_MT_MANIFEST, "config",
				ck_oci_desc_json(config), "layers",
				desc_array(layers, nlayers));

	if (doc != NULL && artifact_type != NULL &&
	    json_object_set_new(doc, "artifactType",
				json_string(artifact_type)) < 0) {
		json_decref(doc);
		doc = NULL;
	}
	if (doc != NULL && annotations != NULL &&
	    json_object_set(doc, "annotations", (json_t *)annotations) < 0) {
		json_decref(doc);
		doc = NULL;
	}
	return append_canon(out, doc, err);
}

/* Parses the array of descriptors a[...] into *out. */
static int
desc_list(const json_t *a, const char *name, const char *member,
	  struct ck_oci_desc **out, size_t *n, struct ck_error *err)
{
	size_t k = json_array_size(a);

	*out = NULL;
	*n = 0;
	if (!json_is_array(a))
		return ck_error_set(err, 0, "%s: %s is not an array", name,
				    member);
	if (k > 0 && (*out = calloc(k, sizeof(**out))) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < k; i++) {
		char where[160];

		snprintf(where, sizeof(where), "%s: %s[%zu]", name, member, i);
		if (ck_oci_desc_parse(json_array_get(a, i), &(*out)[i], where,
				      err) < 0) {
			for (size_t j = 0; j < i; j++)
				ck_oci_desc_release(&(*out)[j]);
			free(*out);
			*out = NULL;
			return -1;
		}
	}
	*n = k;
	return 0;
}

int
ck_oci_manifest_parse(const char *p, size_t len, const char *name,
		      struct ck_oci_manifest *m, struct ck_error *err)
{
	json_t *v = load_doc(p, len, name, CK_OCI_MT_MANIFEST, err);
	const json_t *at;
	char where[160];

	memset(m, 0, sizeof(*m));
	if (v == NULL)
		return -1;
	at = json_object_get(v, "artifactType");
	if (at != NULL && !media_type_ok(json_string_value(at))) {
		ck_error_set(err, 0, "%s: invalid artifactType", name);
		goto bad;
	}
	copy_mt(m->artifact_type, json_string_value(at));
	snprintf(where, sizeof(where), "%s: config", name);
	if (json_object_get(v, "config") == NULL) {
		ck_error_set(err, 0, "%s: no config", name);
		goto bad;
	}
	if (ck_oci_desc_parse(json_object_get(v, "config"), &m->config, where,
			      err) < 0)
		goto bad;
	if (json_object_get(v, "layers") == NULL) {
		ck_error_set(err, 0, "%s: no layers", name);
		goto bad;
	}
	if (desc_list(json_object_get(v, "layers"), name, "layers",
		      &m->layers, &m->nlayers, err) < 0 ||
	    annotations_parse(json_object_get(v, "annotations"),
			      &m->annotations, name, err) < 0)
		goto bad;
	json_decref(v);
	return 0;
bad:
	json_decref(v);
	ck_oci_manifest_release(m);
	return -1;
}

void
ck_oci_manifest_release(struct ck_oci_manifest *m)
{
	ck_oci_desc_release(&m->config);
	for (size_t i = 0; i < m->nlayers; i++)
		ck_oci_desc_release(&m->layers[i]);
	free(m->layers);
	json_decref(m->annotations);
	memset(m, 0, sizeof(*m));
}

int
ck_oci_index_build(const struct ck_oci_desc *manifests, size_t n,
		   struct ck_buf *out, struct ck_error *err)
{
	return append_canon(out, json_pack("{s:i, s:s, s:o}", "schemaVersion",
					   2, "mediaType", CK_OCI_MT_INDEX,
					   "manifests",
					   desc_array(manifests, n)), err);
}

int
ck_oci_index_parse(const char *p, size_t len, const char *name,
		   struct ck_oci_index *ix, struct ck_error *err)
{
	json_t *v = load_doc(p, len, name, CK_OCI_MT_INDEX, err);
	int rc;

	memset(ix, 0, sizeof(*ix));
	if (v == NULL)
		return -1;
	if (json_object_get(v, "manifests") == NULL)
		rc = ck_error_set(err, 0, "%s: no manifests", name);
	else
		rc = desc_list(json_object_get(v, "manifests"), name,
			       "manifests", &ix->manifests, &ix->n, err);
	json_decref(v);
	return rc;
}

void
ck_oci_index_release(struct ck_oci_index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		ck_oci_desc_release(&ix->manifests[i]);
	free(ix->manifests);
	memset(ix, 0, sizeof(*ix));
}
