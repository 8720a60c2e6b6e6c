/* export.c -- dsver export and import: a snapshot as an OCI image layout
 * (a directory) or the same layout in a .tar.zst.
 *
 * The image manifest lists the dsver manifest as its first layer (its
 * digest is the snapshot id) and every object after it, sorted by
 * digest; the config is the OCI empty descriptor.  Blob digests are the
 * SHA-256 of the uncompressed bytes, which is what the store names
 * objects by, so an export is deterministic: the same snapshot always
 * gives the same bytes.  The tar holds oci-layout, index.json, the image
 * manifest, the dsver manifest, then the objects, in that order, so
 * import can check each blob as it streams by.
 *
 * import follows index.json -> image manifest -> layers and re-hashes
 * every blob; the snapshot is written last, so an interrupted import
 * leaves only unreferenced objects. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/canon.h"
#include "common/jsonl.h"
#include "dsver/dsver.h"
#include "common/oci.h"
#include "dsver/oci.h"

/* ---- writing ---- */

struct out {
	int tar;
	struct archive *a;	/* tar.zst */
	int fd;			/* its file */
	char *dir;		/* layout directory (staging) */
};

static int
out_blob_begin(struct out *o, const char *name, uint64_t size, int *fd,
	       struct ck_error *err)
{
	if (o->tar) {
		struct archive_entry *ae = archive_entry_new();
		int r;

		archive_entry_set_pathname(ae, name);
		archive_entry_set_size(ae, (la_int64_t)size);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_mtime(ae, 0, 0);
		r = archive_write_header(o->a, ae);
		archive_entry_free(ae);
		if (r != ARCHIVE_OK)
			return ck_error_set(err, 0, "%s: %s", name,
					    archive_error_string(o->a));
		return 0;
	}
	{
		char *p;

		if (asprintf(&p, "%s/%s", o->dir, name) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		*fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (*fd < 0) {
			ck_error_set(err, errno, "cannot create %s", p);
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

struct wsink {
	struct out *o;
	int fd;
};

static int
out_sink(void *arg, const void *p, size_t n)
{
	struct wsink *w = arg;

	if (w->o->tar)
		return archive_write_data(w->o->a, p, n) == (la_ssize_t)n ? 0
									  : -1;
	return ck_write_all(w->fd, p, n);
}

static int
out_blob_end(struct out *o, int fd, const char *name, struct ck_error *err)
{
	if (o->tar)
		return 0;
	if (fsync(fd) < 0 || close(fd) < 0)
		return ck_error_set(err, errno, "cannot write %s", name);
	return 0;
}

static int
out_mem(struct out *o, const char *name, const void *p, size_t n,
	struct ck_error *err)
{
	struct wsink w = { o, -1 };

	if (out_blob_begin(o, name, n, &w.fd, err) < 0)
		return -1;
	if (out_sink(&w, p, n) < 0) {
		if (w.fd >= 0)
			close(w.fd);
		return ck_error_set(err, errno, "cannot write %s", name);
	}
	return out_blob_end(o, w.fd, name, err);
}

static int
out_dirs(struct out *o, struct ck_error *err)
{
	static const char *const sub[] = { "/blobs", "/blobs/sha256" };

	if (o->tar)
		return 0;
	for (size_t i = 0; i < 2; i++) {
		char *p;

		if (asprintf(&p, "%s%s", o->dir, sub[i]) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		if (mkdir(p, 0755) < 0) {
			ck_error_set(err, errno, "cannot create %s", p);
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int
cmp_obj(const void *a, const void *b)
{
	return memcmp(((const struct ds_oci_obj *)a)->sha,
		      ((const struct ds_oci_obj *)b)->sha, CK_SHA256_LEN);
}

int
ds_cmd_export(struct ds_ctx *c)
{
	struct ds_repo r;
	struct ds_scan sc;
	struct ck_error err;
	struct out o = { 0, NULL, -1, NULL };
	struct ck_buf mtext = CK_BUF_INIT, imtext = CK_BUF_INIT;
	struct ck_buf idxtext = CK_BUF_INIT;
	struct ds_oci_obj *objs = NULL;
	char hex[CK_SHA256_HEXLEN + 1], *stage = NULL, text[PATH_MAX + 128];
	const char *dest = c->output;
	json_t *hdr = NULL, *rec = NULL;
	size_t nobj = 0;
	struct stat st;
	int rc = CK_EXIT_TROUBLE, staged = 0;

	memset(&sc, 0, sizeof(sc));
	o.tar = ends_with(dest, ".tar.zst") || ends_with(dest, ".tzst");
	if (lstat(dest, &st) == 0) {
		ck_warn("%s already exists", dest);
		return CK_EXIT_TROUBLE;
	}
	if (ds_open(c, &r, 0) < 0)
		return CK_EXIT_TROUBLE;
	if (ds_repo_resolve(&r, c->argv[0], hex, &err) < 0 ||
	    ds_load_entries(&r, hex, &sc, &hdr, &err) < 0)
		goto fail;
	if (!json_is_true(json_object_get(hdr, "store"))) {
		ck_error_set(&err, 0, "snapshot %.12s was taken with "
			     "--no-store: its bytes are not in the store", hex);
		goto fail;
	}
	/* the manifest's own bytes, re-made from the stored file */
	if (ds_oci_manifest_text(&r, hex, &mtext, &err) < 0)
		goto fail;
	objs = malloc((sc.n + 1) * sizeof(*objs));
	if (objs == NULL) {
		ck_error_set(&err, ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < sc.n; i++) {
		memcpy(objs[i].sha, sc.e[i].sha, CK_SHA256_LEN);
		objs[i].size = sc.e[i].size;
	}
	qsort(objs, sc.n, sizeof(*objs), cmp_obj);
	for (size_t i = 0; i < sc.n; i++)
		if (nobj == 0 || memcmp(objs[nobj - 1].sha, objs[i].sha,
					CK_SHA256_LEN) != 0)
			objs[nobj++] = objs[i];
	if (ds_oci_image(hex, hdr, mtext.len, objs, nobj, &imtext,
			 &idxtext, &err) < 0)
		goto fail;
	/* staging beside the destination, renamed at the end */
	{
		const char *sl = strrchr(dest, '/');

		if (asprintf(&stage, "%.*s.%s.dsver-XXXXXX",
			     sl ? (int)(sl - dest + 1) : 0, dest,
			     sl ? sl + 1 : dest) < 0) {
			ck_error_set(&err, ENOMEM, "out of memory");
			goto fail;
		}
	}
	if (o.tar) {
		int fd = mkstemp(stage);

		if (fd < 0) {
			ck_error_set(&err, errno, "cannot create %s", stage);
			goto fail;
		}
		staged = 1;
		o.a = archive_write_new();
		archive_write_set_format_pax_restricted(o.a);
		if (archive_write_add_filter_zstd(o.a) != ARCHIVE_OK ||
		    archive_write_open_fd(o.a, fd) != ARCHIVE_OK) {
			ck_error_set(&err, 0, "%s: %s", dest,
				     archive_error_string(o.a));
			close(fd);
			goto fail;
		}
		o.fd = fd;
	} else {
		if (mkdtemp(stage) == NULL) {
			ck_error_set(&err, errno, "cannot create %s", stage);
			goto fail;
		}
		staged = 1;
		o.dir = stage;
	}
	if (out_mem(&o, "oci-layout", CK_OCI_LAYOUT_TEXT, strlen(CK_OCI_LAYOUT_TEXT),
		    &err) < 0 ||
	    out_mem(&o, "index.json", idxtext.data, idxtext.len, &err) < 0 ||
	    out_dirs(&o, &err) < 0)
		goto fail;
	{
		char name[80 + CK_SHA256_HEXLEN];
		unsigned char sum[CK_SHA256_LEN];
		char sh[CK_SHA256_HEXLEN + 1];

		ck_sha256(imtext.data, imtext.len, sum);
		ck_hex_encode(sum, CK_SHA256_LEN, sh);
		snprintf(name, sizeof(name), "blobs/sha256/%s", sh);
		if (out_mem(&o, name, imtext.data, imtext.len, &err) < 0)
			goto fail;
		/* the config blob: OCI's empty descriptor, which readers
		 * such as skopeo fetch like any other */
		if (out_mem(&o, "blobs/sha256/" CK_OCI_EMPTY_HEX, "{}", 2,
			    &err) < 0)
			goto fail;
		snprintf(name, sizeof(name), "blobs/sha256/%s", hex);
		if (out_mem(&o, name, mtext.data, mtext.len, &err) < 0)
			goto fail;
		for (size_t i = 0; i < nobj; i++) {
			struct wsink w = { &o, -1 };

			ck_hex_encode(objs[i].sha, CK_SHA256_LEN, sh);
			snprintf(name, sizeof(name), "blobs/sha256/%s", sh);
			if (out_blob_begin(&o, name, objs[i].size, &w.fd,
					   &err) < 0)
				goto fail;
			if (ck_store_read(r.store, objs[i].sha, out_sink, &w,
					  NULL,
					  &err) < 0) {
				if (w.fd >= 0)
					close(w.fd);
				goto fail;
			}
			if (out_blob_end(&o, w.fd, name, &err) < 0)
				goto fail;
		}
	}
	if (o.tar) {
		int fd = o.fd;

		if (archive_write_close(o.a) != ARCHIVE_OK) {
			ck_error_set(&err, 0, "%s: %s", dest,
				     archive_error_string(o.a));
			goto fail;
		}
		if (fsync(fd) < 0 || fchmod(fd, 0644) < 0) {
			ck_error_set(&err, errno, "cannot write %s", stage);
			goto fail;
		}
	} else {
		char *bd;

		if (asprintf(&bd, "%s/blobs/sha256", stage) < 0 ||
		    ck_fsync_dir(bd, &err) < 0 ||
		    ck_fsync_dir(stage, &err) < 0) {
			free(bd);
			goto fail;
		}
		free(bd);
	}
	if (rename(stage, dest) < 0) {
		ck_error_set(&err, errno, "cannot rename %s to %s", stage, dest);
		goto fail;
	}
	staged = 0;
	ck_fsync_parent(dest, NULL);
	rec = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "kind", "export",
			"id", hex, "output", dest, "format",
			o.tar ? "tar.zst" : "oci", "objects", (json_int_t)nobj,
			"bytes", (json_int_t)sc.bytes);
	snprintf(text, sizeof(text), "exported %.12s to %s (%zu objects)",
		 hex, dest, nobj);
	if (ds_emit(c, rec, text) == 0)
		rc = CK_EXIT_OK;
	goto out;
fail:
	ck_warn_error(&err);
out:
	if (o.a != NULL) {
		if (rc != CK_EXIT_OK)
			archive_write_fail(o.a);
		archive_write_free(o.a);
	}
	if (o.fd >= 0) {
		close(o.fd);
	}
	if (staged)
		ck_rm_tree(stage);
	free(stage);
	free(objs);
	ck_buf_release(&mtext);
	ck_buf_release(&imtext);
	ck_buf_release(&idxtext);
	json_decref(hdr);
	json_decref(rec);
	ds_scan_release(&sc);
	ds_repo_close(&r);
	return rc;
}
