/* ocilayout.c -- the OCI image layout directory (image-layout.md):
 * oci-layout, index.json and blobs/sha256/<hex>.
 *
 * Writing stages everything in a directory beside the target and renames
 * it into place once every file and directory is fsync'd, so a reader
 * (or skopeo) never sees half a layout.  Reading re-hashes every blob it
 * hands out: a layout is trusted no further than its digests. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/oci.h"

struct ck_oci_writer {
	char *dir;	/* the target */
	char *stage;	/* dir.tmp-XXXXXX */
	int committed;
};

static char *
path_join(const char *a, const char *b)
{
	char *p;

	return asprintf(&p, "%s/%s", a, b) < 0 ? NULL : p;
}

static int
is_empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int empty = 1;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

struct ck_oci_writer *
ck_oci_writer_new(const char *dir, struct ck_error *err)
{
	struct ck_oci_writer *w = calloc(1, sizeof(*w));
	struct stat st;
	char *blobs = NULL, *sha = NULL;

	if (w == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (stat(dir, &st) == 0 && (!S_ISDIR(st.st_mode) ||
				    !is_empty_dir(dir))) {
		ck_error_set(err, 0, "%s exists and is not an empty "
			     "directory", dir);
		goto fail;
	}
	if ((w->dir = strdup(dir)) == NULL ||
	    asprintf(&w->stage, "%s.tmp-XXXXXX", dir) < 0) {
		w->stage = NULL;
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	if (mkdtemp(w->stage) == NULL) {
		ck_error_set(err, errno, "cannot create %s", w->stage);
		free(w->stage);
		w->stage = NULL;
		goto fail;
	}
	/* mkdtemp makes it 0700; a layout is meant to be shared */
	(void)chmod(w->stage, 0755);
	if ((blobs = path_join(w->stage, "blobs")) == NULL ||
	    (sha = path_join(blobs, "sha256")) == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	if (ck_mkdir(blobs, err) < 0 || ck_mkdir(sha, err) < 0)
		goto fail;
	free(blobs);
	free(sha);
	return w;
fail:
	free(blobs);
	free(sha);
	ck_oci_writer_free(w);
	return NULL;
}

/* Writes name (relative to the staging directory) and fsyncs it; a file
 * already there is a blob written before (same digest, same bytes). */
static int
put_file(struct ck_oci_writer *w, const char *name, const void *data,
	 size_t len, struct ck_error *err)
{
	char *p = path_join(w->stage, name);
	int fd, rc = -1;

	if (p == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (errno == EEXIST && strncmp(name, "blobs/", 6) == 0)
			rc = 0;
		else
			ck_error_set(err, errno, "cannot create %s", p);
		free(p);
		return rc;
	}
	if (ck_write_all(fd, data, len) < 0 || fsync(fd) < 0)
		ck_error_set(err, errno, "cannot write %s", p);
	else
		rc = 0;
	if (close(fd) < 0 && rc == 0)
		rc = ck_error_set(err, errno, "cannot write %s", p);
	free(p);
	return rc;
}

int
ck_oci_writer_blob(struct ck_oci_writer *w, const char *mt, const void *data,
		   size_t len, struct ck_oci_desc *d, struct ck_error *err)
{
	char name[32 + CK_SHA256_HEXLEN];

	ck_oci_desc_of(d, mt, data, len);
	memcpy(name, "blobs/sha256/", 13);
	ck_hex_encode(d->sha, CK_SHA256_LEN, name + 13);
	return put_file(w, name, data, len, err);
}

int
ck_oci_writer_commit(struct ck_oci_writer *w,
		     const struct ck_oci_desc *manifests, size_t n,
		     struct ck_error *err)
{
	struct ck_buf ix = CK_BUF_INIT;
	char *blobs = path_join(w->stage, "blobs");
	char *sha = path_join(w->stage, "blobs/sha256");
	int rc = -1;

	if (blobs == NULL || sha == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (ck_oci_index_build(manifests, n, &ix, err) < 0 ||
	    put_file(w, "oci-layout", CK_OCI_LAYOUT_TEXT,
		     strlen(CK_OCI_LAYOUT_TEXT), err) < 0 ||
	    put_file(w, "index.json", ix.data, ix.len, err) < 0 ||
	    ck_fsync_dir(sha, err) < 0 || ck_fsync_dir(blobs, err) < 0 ||
	    ck_fsync_dir(w->stage, err) < 0)
		goto out;
	/* rename(2) replaces an empty directory: the layout appears whole */
	if (rename(w->stage, w->dir) < 0) {
		ck_error_set(err, errno, "cannot move %s to %s", w->stage,
			     w->dir);
		goto out;
	}
	w->committed = 1;
	rc = ck_fsync_parent(w->dir, err);
out:
	ck_buf_release(&ix);
	free(blobs);
	free(sha);
	return rc;
}

void
ck_oci_writer_free(struct ck_oci_writer *w)
{
	if (w == NULL)
		return;
	if (w->stage != NULL && !w->committed)
		ck_rm_tree(w->stage);
	free(w->stage);
	free(w->dir);
	free(w);
}

int
ck_oci_layout_open(struct ck_oci_layout *l, const char *dir,
		   struct ck_error *err)
{
	char *p = NULL, *text = NULL;
	size_t len;
	json_t *v = NULL;
	struct stat st;
	int rc = -1;

	memset(l, 0, sizeof(*l));
	if (stat(dir, &st) < 0)
		return ck_error_set(err, errno, "cannot open %s", dir);
	if (!S_ISDIR(st.st_mode))
		return ck_error_set(err, ENOTDIR, "%s: not an OCI layout "
				    "directory", dir);
	if ((p = path_join(dir, "oci-layout")) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (ck_read_file(p, 4096, &text, &len, err) < 0) {
		ck_error_prefix(err, "%s: not an OCI layout (no oci-layout)",
				dir);
		goto out;
	}
	v = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_string(json_object_get(v, "imageLayoutVersion")) ||
	    strcmp(json_string_value(json_object_get(v,
			"imageLayoutVersion")), "1.0.0") != 0) {
		ck_error_set(err, 0, "%s: not an OCI image layout 1.0.0", p);
		goto out;
	}
	free(p);
	free(text);
	text = NULL;
	if ((p = path_join(dir, "index.json")) == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (ck_read_file(p, CK_OCI_DOC_MAX, &text, &len, err) < 0 ||
	    ck_oci_index_parse(text, len, p, &l->index, err) < 0)
		goto out;
	if ((l->dir = strdup(dir)) == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		ck_oci_index_release(&l->index);
	json_decref(v);
	free(text);
	free(p);
	return rc;
}

void
ck_oci_layout_release(struct ck_oci_layout *l)
{
	ck_oci_index_release(&l->index);
	free(l->dir);
	memset(l, 0, sizeof(*l));
}

int
ck_oci_layout_blob(const struct ck_oci_layout *l, const struct ck_oci_desc *d,
		   size_t max, struct ck_buf *out, struct ck_error *err)
{
	char hex[CK_SHA256_HEXLEN + 1], *p;
	unsigned char got[CK_SHA256_LEN];
	char *text = NULL;
	size_t len;
	struct stat st;
	int rc = -1;

	ck_hex_encode(d->sha, CK_SHA256_LEN, hex);
	if (asprintf(&p, "%s/blobs/sha256/%s", l->dir, hex) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (stat(p, &st) < 0) {
		ck_error_set(err, errno, "%s: missing blob (truncated "
			     "layout?)", p);
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size != d->size) {
		ck_error_set(err, 0, "%s: %llu bytes, its descriptor says "
			     "%llu (truncated or corrupt blob)", p,
			     (unsigned long long)st.st_size,
			     (unsigned long long)d->size);
		goto out;
	}
	if (d->size > max) {
		ck_error_set(err, EFBIG, "%s: blob of %llu bytes is larger "
			     "than %zu", p, (unsigned long long)d->size, max);
		goto out;
	}
	if (ck_read_file(p, max, &text, &len, err) < 0)
		goto out;
	ck_sha256(text, len, got);
	if (len != d->size || memcmp(got, d->sha, CK_SHA256_LEN) != 0) {
		char dg[CK_OCI_DIGEST_LEN + 1];

		ck_oci_digest_format(got, dg);
		ck_error_set(err, 0, "%s: digest mismatch (content is %s)", p,
			     dg);
		goto out;
	}
	ck_buf_reset(out);
	if (ck_buf_append(out, text, len) < 0) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(text);
	free(p);
	return rc;
}

int
ck_oci_layout_manifest(const struct ck_oci_layout *l,
		       const struct ck_oci_desc *d, struct ck_oci_manifest *m,
		       struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	char name[CK_OCI_DIGEST_LEN + 16];
	int rc;

	memset(m, 0, sizeof(*m));
	if (strcmp(d->media_type, CK_OCI_MT_MANIFEST) != 0)
		return ck_error_set(err, 0, "%s/index.json: a manifest of "
				    "type %s, not an image manifest", l->dir,
				    d->media_type);
	ck_oci_digest_format(d->sha, name);
	rc = ck_oci_layout_blob(l, d, CK_OCI_DOC_MAX, &b, err);
	if (rc == 0)
		rc = ck_oci_manifest_parse(b.data ? b.data : "", b.len, name,
					   m, err);
	ck_buf_release(&b);
	return rc;
}
