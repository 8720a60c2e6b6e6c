/* import.c -- dsver import IN: an OCI layout directory or .tar.zst made
 * by dsver export, every blob re-hashed against its digest and size,
 * every manifest entry checked to be among the layers. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "dsver/dsver.h"
#include "common/oci.h"
#include "dsver/oci.h"

#define MAX_DOC ((size_t)16 << 20)	/* index.json, image manifest */
#define MAX_MANIFEST ((size_t)4 << 30)
#define CHUNK (1u << 20)

typedef ssize_t (*rd_fn)(void *ctx, void *buf, size_t n);

static ssize_t
rd_fd(void *ctx, void *buf, size_t n)
{
	ssize_t r;

	do
		r = read(*(int *)ctx, buf, n);
	while (r < 0 && errno == EINTR);
	return r;
}

static ssize_t
rd_ar(void *ctx, void *buf, size_t n)
{
	return archive_read_data(ctx, buf, n);
}

/* Reads a whole blob into out, checking digest and size. */
static int
take_mem(rd_fn rd, void *ctx, const struct ds_oci_obj *want, size_t max,
	 const char *what, struct ck_buf *out, struct ck_error *err)
{
	unsigned char sum[CK_SHA256_LEN];
	char buf[65536];
	ssize_t n;

	if (want->size > max)
		return ck_error_set(err, 0, "%s: too large (%llu bytes)", what,
				    (unsigned long long)want->size);
	while ((n = rd(ctx, buf, sizeof(buf))) > 0) {
		if (out->len + (size_t)n > want->size)
			return ck_error_set(err, 0, "%s: longer than its "
					    "descriptor says", what);
		if (ck_buf_append(out, buf, (size_t)n) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	if (n < 0)
		return ck_error_set(err, errno, "%s: read error", what);
	ck_sha256(out->data ? out->data : "", out->len, sum);
	if (out->len != want->size || memcmp(sum, want->sha, CK_SHA256_LEN))
		return ck_error_set(err, 0, "%s: digest or size mismatch", what);
	return 0;
}

/* Streams an object blob into the store, checking digest and size
 * before it becomes visible. */
static int
take_object(rd_fn rd, void *ctx, const struct ds_oci_obj *want,
	    struct ck_store *st, const char *what, struct ck_error *err)
{
	unsigned char sum[CK_SHA256_LEN];
	struct ck_sha256 *h = NULL;
	struct ck_store_writer *w = NULL;
	struct ck_buf small = CK_BUF_INIT;
	unsigned char *buf = malloc(CHUNK);
	uint64_t total = 0;
	ssize_t n;
	int rc = -1;

	if (want->size <= CK_STORE_SMALL) {
		free(buf);
		if (take_mem(rd, ctx, want, CK_STORE_SMALL, what, &small,
			     err) < 0)
			goto out0;
		rc = ck_store_put(st, want->sha, small.data ? small.data : "",
				  small.len, err);
		goto out0;
	}
	h = ck_sha256_new();
	w = ck_store_writer_new(st, err);
	if (buf == NULL || h == NULL || w == NULL) {
		if (w != NULL)
			ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	while ((n = rd(ctx, buf, CHUNK)) > 0) {
		total += (uint64_t)n;
		if (total > want->size) {
			ck_error_set(err, 0, "%s: longer than its descriptor "
				     "says", what);
			goto out;
		}
		ck_sha256_update(h, buf, (size_t)n);
		if (ck_store_writer_write(w, buf, (size_t)n, err) < 0)
			goto out;
	}
	if (n < 0) {
		ck_error_set(err, errno, "%s: read error", what);
		goto out;
	}
	ck_sha256_final(h, sum);
	if (total != want->size || memcmp(sum, want->sha, CK_SHA256_LEN)) {
		ck_error_set(err, 0, "%s: digest or size mismatch", what);
		goto out;
	}
	rc = ck_store_writer_finish(w, want->sha, err);
	w = NULL;
out:
	ck_store_writer_abort(w);
	ck_sha256_free(h);
	free(buf);
	return rc;
out0:
	ck_buf_release(&small);
	return rc;
}

struct imp {
	struct ds_repo *r;
	struct ds_oci_obj *layers;
	size_t nlayers;
	char *seen;
	struct ck_buf manifest;
	char id[CK_SHA256_HEXLEN + 1];
	json_t *header;
	size_t files;
};

static int
cmp_obj(const void *a, const void *b)
{
	return memcmp(((const struct ds_oci_obj *)a)->sha,
		      ((const struct ds_oci_obj *)b)->sha, CK_SHA256_LEN);
}

/* After the image manifest: sorts object layers for lookup. */
static int
layers_ready(struct imp *m, struct ck_error *err)
{
	ck_hex_encode(m->layers[0].sha, CK_SHA256_LEN, m->id);
	if (m->nlayers > 2)
		qsort(m->layers + 1, m->nlayers - 1, sizeof(*m->layers),
		      cmp_obj);
	for (size_t i = 2; i < m->nlayers; i++)
		if (cmp_obj(&m->layers[i - 1], &m->layers[i]) == 0)
			return ck_error_set(err, 0, "image manifest: a layer "
					    "is listed twice");
	m->seen = calloc(m->nlayers + 1, 1);
	return m->seen ? 0 : ck_error_set(err, ENOMEM, "out of memory");
}

static struct ds_oci_obj *
find_layer(struct imp *m, const unsigned char *sha)
{
	struct ds_oci_obj key;

	if (m->nlayers < 2)
		return NULL;
	memcpy(key.sha, sha, CK_SHA256_LEN);
	return bsearch(&key, m->layers + 1, m->nlayers - 1, sizeof(key),
		       cmp_obj);
}

/* Parses the manifest: canonical, sorted, its id; every entry's
 * content among the layers, every layer used. */
static int
manifest_ready(struct imp *m, struct ck_error *err)
{
	struct ds_mreader *mr = ds_mreader_mem(m->manifest.data,
					       m->manifest.len, "manifest",
					       m->id, err);
	const struct ds_entry *e;
	char *used = calloc(m->nlayers + 1, 1);
	int rc;

	if (mr == NULL || used == NULL) {
		free(used);
		ds_mreader_free(mr);
		return mr ? ck_error_set(err, ENOMEM, "out of memory") : -1;
	}
	if (!json_is_true(json_object_get(ds_mreader_header(mr), "store")))
		rc = ck_error_set(err, 0, "the export holds a --no-store "
				  "snapshot");
	else
		while ((rc = ds_mreader_next(mr, &e, err)) > 0) {
			struct ds_oci_obj *l = find_layer(m, e->sha);

			if (l == NULL) {
				char *shown = ds_path_display(e->path, e->len);

				rc = ck_error_set(err, 0, "manifest entry %s: "
						  "its content is not among "
						  "the layers", shown);
				free(shown);
				break;
			}
			used[l - m->layers] = 1;
			m->files++;
		}
	if (rc == 0) {
		for (size_t i = 1; i < m->nlayers; i++)
			if (!used[i]) {
				rc = ck_error_set(err, 0, "a layer is not "
						  "named by the manifest");
				break;
			}
		m->header = json_incref(ds_mreader_header(mr));
	}
	free(used);
	ds_mreader_free(mr);
	return rc;
}

static int
import_dir(struct imp *m, const char *in, struct ck_error *err)
{
	struct ck_buf doc = CK_BUF_INIT;
	struct ds_oci_obj im;
	char *p = NULL, hex[CK_SHA256_HEXLEN + 1];
	int fd = -1, rc = -1;
	char *raw = NULL;
	size_t len;

	if (asprintf(&p, "%s/index.json", in) < 0 ||
	    ck_read_file(p, MAX_DOC, &raw, &len, err) < 0 ||
	    ds_oci_parse_index(raw, len, im.sha, &im.size, err) < 0)
		goto out;
	/* the image manifest, then its layers: the dsver manifest first */
	for (size_t i = 0; i == 0 || i <= m->nlayers; i++) {
		const struct ds_oci_obj *want = i == 0 ? &im : &m->layers[i - 1];

		ck_hex_encode(want->sha, CK_SHA256_LEN, hex);
		free(p);
		if (asprintf(&p, "%s/blobs/sha256/%s", in, hex) < 0) {
			p = NULL;
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		fd = open(p, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			ck_error_set(err, errno, "cannot open %s", p);
			goto out;
		}
		if (i == 0) {
			if (take_mem(rd_fd, &fd, want, MAX_DOC, p, &doc,
				     err) < 0 ||
			    ds_oci_parse_image(doc.data, doc.len, &m->layers,
					       &m->nlayers, err) < 0 ||
			    layers_ready(m, err) < 0)
				goto out;
		} else if (i == 1) {
			if (take_mem(rd_fd, &fd, want, MAX_MANIFEST, p,
				     &m->manifest, err) < 0 ||
			    manifest_ready(m, err) < 0)
				goto out;
		} else if (take_object(rd_fd, &fd, want, m->r->store, p,
				       err) < 0) {
			goto out;
		}
		close(fd);
		fd = -1;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(raw);
	free(p);
	ck_buf_release(&doc);
	return rc;
}

static int
import_tar(struct imp *m, const char *in, struct ck_error *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	struct ck_buf doc = CK_BUF_INIT;
	struct ds_oci_obj im;
	int stage = 0, rc = -1, r;	/* 0 index, 1 image, 2 manifest, 3 */
	size_t nobj = 0;

	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, in, CHUNK) != ARCHIVE_OK) {
		ck_error_set(err, 0, "%s: %s", in, archive_error_string(a));
		goto out;
	}
	while ((r = archive_read_next_header(a, &ae)) != ARCHIVE_EOF) {
		const char *name;
		unsigned char sha[CK_SHA256_LEN];

		if (r < ARCHIVE_WARN) {
			ck_error_set(err, 0, "%s: %s", in,
				     archive_error_string(a));
			goto out;
		}
		name = archive_entry_pathname(ae);
		if (name == NULL || archive_entry_filetype(ae) == AE_IFDIR ||
		    strcmp(name, "oci-layout") == 0)
			continue;
		if (strcmp(name, "index.json") == 0 && stage == 0) {
			struct ds_oci_obj any;

			ck_buf_reset(&doc);
			memset(&any, 0, sizeof(any));
			if (archive_entry_size(ae) > (la_int64_t)MAX_DOC) {
				ck_error_set(err, 0, "%s: index.json too large",
					     in);
				goto out;
			}
			{
				char buf[65536];
				la_ssize_t n;

				while ((n = archive_read_data(a, buf,
							      sizeof(buf))) > 0)
					ck_buf_append(&doc, buf, (size_t)n);
			}
			if (ds_oci_parse_index(doc.data ? doc.data : "",
					       doc.len, im.sha, &im.size,
					       err) < 0)
				goto out;
			stage = 1;
			continue;
		}
		if (strncmp(name, "blobs/sha256/", 13) != 0 ||
		    strlen(name + 13) != CK_SHA256_HEXLEN ||
		    ck_hex_decode(name + 13, CK_SHA256_HEXLEN, sha,
				  CK_SHA256_LEN) < 0 || stage == 0) {
			ck_error_set(err, 0, "%s: unexpected member %s (not an "
				     "export of dsver)", in, name);
			goto out;
		}
		if (strcmp(name + 13, CK_OCI_EMPTY_HEX) == 0)
			continue;	/* the empty config: nothing to keep */
		if (stage == 1) {
			ck_buf_reset(&doc);
			if (memcmp(sha, im.sha, CK_SHA256_LEN) != 0 ||
			    take_mem(rd_ar, a, &im, MAX_DOC, name, &doc,
				     err) < 0 ||
			    ds_oci_parse_image(doc.data, doc.len, &m->layers,
					       &m->nlayers, err) < 0 ||
			    layers_ready(m, err) < 0) {
				if (memcmp(sha, im.sha, CK_SHA256_LEN) != 0)
					ck_error_set(err, 0, "%s: %s comes "
						     "before the image manifest",
						     in, name);
				goto out;
			}
			stage = 2;
		} else if (stage == 2) {
			if (memcmp(sha, m->layers[0].sha, CK_SHA256_LEN) != 0) {
				ck_error_set(err, 0, "%s: %s comes before the "
					     "dsver manifest", in, name);
				goto out;
			}
			if (take_mem(rd_ar, a, &m->layers[0], MAX_MANIFEST,
				     name, &m->manifest, err) < 0 ||
			    manifest_ready(m, err) < 0)
				goto out;
			stage = 3;
		} else {
			struct ds_oci_obj *l = find_layer(m, sha);

			if (l == NULL || m->seen[l - m->layers]) {
				ck_error_set(err, 0, "%s: %s is not a layer of "
					     "the image, or comes twice", in,
					     name);
				goto out;
			}
			m->seen[l - m->layers] = 1;
			if (take_object(rd_ar, a, l, m->r->store, name, err) < 0)
				goto out;
			nobj++;
		}
	}
	if (stage < 3 || nobj + 1 != m->nlayers) {
		ck_error_set(err, 0, "%s: incomplete export (%s missing)", in,
			     stage < 3 ? "manifest" : "objects");
		goto out;
	}
	rc = 0;
out:
	archive_read_free(a);
	ck_buf_release(&doc);
	return rc;
}

int
ds_cmd_import(struct ds_ctx *c)
{
	int64_t started = ds_now_ms();
	struct ds_repo r;
	struct imp m;
	struct ck_error err;
	struct stat st;
	char id2[CK_SHA256_HEXLEN + 1], *snapp = NULL, text[256];
	void *z = NULL;
	size_t zlen;
	json_t *rec = NULL;
	int rc = CK_EXIT_TROUBLE;

	memset(&m, 0, sizeof(m));
	if (stat(c->argv[0], &st) < 0) {
		ck_warn_errno(errno, "cannot open %s", c->argv[0]);
		return CK_EXIT_TROUBLE;
	}
	if (ds_open(c, &r, 1) < 0)
		return CK_EXIT_TROUBLE;
	m.r = &r;
	if ((S_ISDIR(st.st_mode) ? import_dir(&m, c->argv[0], &err)
				 : import_tar(&m, c->argv[0], &err)) < 0)
		goto fail;
	if (ck_store_sync(r.store, &err) < 0 ||
	    ds_manifest_seal(&m.manifest, id2, &z, &zlen, &err) < 0)
		goto fail;
	snapp = ds_repo_snap_path(&r, m.id);
	if (snapp == NULL || ck_atomic_write(snapp, z, zlen, 0644, &err) < 0)
		goto fail;
	rec = json_pack("{s:s, s:s, s:O, s:I, s:I}", "kind", "import", "id",
			m.id, "time", json_object_get(m.header, "time"),
			"files", (json_int_t)m.files, "objects",
			(json_int_t)(m.nlayers - 1));
	snprintf(text, sizeof(text), "imported %s (%zu files)", m.id, m.files);
	if (ds_emit(c, rec, text) == 0 &&
	    ds_audit(c, "import", m.id, json_pack("{s:s}", "from",
		     c->argv[0]), started) == 0)
		rc = CK_EXIT_OK;
	goto out;
fail:
	ck_warn_error(&err);
out:
	json_decref(rec);
	json_decref(m.header);
	free(m.layers);
	free(m.seen);
	ck_buf_release(&m.manifest);
	free(z);
	free(snapp);
	ds_repo_close(&r);
	return rc;
}
