/* checkout.c -- dsver checkout ID DIR: the snapshot's bytes and modes
 * restored into a new directory.
 *
 * Everything is written into a hidden sibling of DIR, each file synced
 * and checked against its digest as it is written, and the whole renamed
 * to DIR at the end: a kill at any instant leaves no DIR or a complete
 * one.  Symlinks are made last, so that no file is ever written through
 * one (a manifest cannot use a link to reach outside DIR). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/progress.h"
#include "common/buf.h"
#include "dsver/dsver.h"

static int
fd_sink(void *arg, const void *p, size_t n)
{
	return ck_write_all(*(int *)arg, p, n);
}

static int
buf_sink(void *arg, const void *p, size_t n)
{
	return ck_buf_append(arg, p, n);
}

/* mkdir -p of the directories above rel, inside base. */
static int
make_parents(int basefd, const char *rel, struct ck_error *err)
{
	char *p = strdup(rel), *s;

	if (p == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (s = strchr(p, '/'); s != NULL; s = strchr(s + 1, '/')) {
		struct stat st;

		*s = '\0';
		if (mkdirat(basefd, p, 0755) < 0 && errno != EEXIST) {
			ck_error_set(err, errno, "cannot create directory %s",
				     p);
			free(p);
			return -1;
		}
		if (fstatat(basefd, p, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(st.st_mode)) {
			ck_error_set(err, ENOTDIR, "%s is both a file and a "
				     "directory in the snapshot", p);
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static int
restore_file(struct ds_repo *r, int basefd, const struct ds_entry *e,
	     struct ck_error *err)
{
	int fd, rc;

	if (make_parents(basefd, e->path, err) < 0)
		return -1;
	fd = openat(basefd, e->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
	if (fd < 0)
		return ck_error_set(err, errno, "cannot create %s", e->path);
	rc = ck_store_read(r->store, e->sha, fd_sink, &fd, NULL, err);
	if (rc == 0 && (fchmod(fd, e->mode & 07777) < 0 || fsync(fd) < 0))
		rc = ck_error_set(err, errno, "cannot write %s", e->path);
	if (close(fd) < 0 && rc == 0)
		rc = ck_error_set(err, errno, "cannot write %s", e->path);
	if (rc < 0)
		ck_error_prefix(err, "%s", e->path);
	return rc;
}

static int
restore_link(struct ds_repo *r, int basefd, const struct ds_entry *e,
	     struct ck_error *err)
{
	struct ck_buf t = CK_BUF_INIT;
	int rc = -1;

	if (make_parents(basefd, e->path, err) < 0)
		return -1;
	if (ck_store_read(r->store, e->sha, buf_sink, &t, NULL, err) < 0) {
		ck_error_prefix(err, "%s", e->path);
		goto out;
	}
	if (ck_buf_append_char(&t, '\0') < 0 || memchr(t.data, '\0', t.len - 1)) {
		ck_error_set(err, EINVAL, "%s: bad link target", e->path);
		goto out;
	}
	if (symlinkat(t.data, basefd, e->path) < 0) {
		ck_error_set(err, errno, "cannot create symlink %s", e->path);
		goto out;
	}
	rc = 0;
out:
	ck_buf_release(&t);
	return rc;
}

int
ds_cmd_checkout(struct ds_ctx *c)
{
	struct ds_repo r;
	struct ds_scan sc;
	struct ck_error err;
	json_t *hdr = NULL, *rec = NULL;
	char hex[CK_SHA256_HEXLEN + 1], *stage = NULL, *dir = c->argv[1];
	char text[PATH_MAX + 128];
	struct stat st;
	struct ck_progress pr;
	int basefd = -1, rc = CK_EXIT_TROUBLE, staged = 0;

	memset(&sc, 0, sizeof(sc));
	memset(&pr, 0, sizeof(pr));
	if (lstat(dir, &st) == 0) {
		ck_warn("%s already exists; checkout makes a new directory",
			dir);
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
	{
		const char *sl = strrchr(dir, '/');
		const char *base = sl ? sl + 1 : dir;

		if (asprintf(&stage, "%.*s.%s.dsver-XXXXXX",
			     sl ? (int)(sl - dir + 1) : 0, dir, base) < 0 ||
		    mkdtemp(stage) == NULL) {
			ck_error_set(&err, errno, "cannot create a directory "
				     "beside %s", dir);
			goto fail;
		}
	}
	staged = 1;
	basefd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (basefd < 0) {
		ck_error_set(&err, errno, "cannot open %s", stage);
		goto fail;
	}
	ck_progress_start(&pr, "restoring", "files", sc.n);
	pr.total_bytes = sc.bytes;
	for (size_t i = 0; i < sc.n; i++) {
		if ((sc.e[i].mode & 0170000) == 0100000 &&
		    restore_file(&r, basefd, &sc.e[i], &err) < 0)
			goto fail;
		ck_progress_add(&pr, 1, sc.e[i].size);
	}
	ck_progress_end(&pr);
	for (size_t i = 0; i < sc.n; i++)
		if ((sc.e[i].mode & 0170000) == 0120000 &&
		    restore_link(&r, basefd, &sc.e[i], &err) < 0)
			goto fail;
	if (syncfs(basefd) < 0 || fchmod(basefd, 0755) < 0) {
		ck_error_set(&err, errno, "cannot sync %s", stage);
		goto fail;
	}
	if (rename(stage, dir) < 0) {
		ck_error_set(&err, errno, "cannot rename %s to %s", stage, dir);
		goto fail;
	}
	staged = 0;
	if (ck_fsync_parent(dir, &err) < 0)
		goto fail;
	rec = json_pack("{s:s, s:s, s:s, s:I, s:I}", "kind", "checkout", "id",
			hex, "dir", dir, "files", (json_int_t)sc.n, "bytes",
			(json_int_t)sc.bytes);
	snprintf(text, sizeof(text), "checked out %.12s into %s (%zu files)",
		 hex, dir, sc.n);
	if (ds_emit(c, rec, text) == 0)
		rc = CK_EXIT_OK;
	goto out;
fail:
	ck_progress_end(&pr);
	ck_warn_error(&err);
out:
	if (basefd >= 0)
		close(basefd);
	if (staged && stage != NULL)
		ck_rm_tree(stage);
	free(stage);
	json_decref(hdr);
	json_decref(rec);
	ds_scan_release(&sc);
	ds_repo_close(&r);
	return rc;
}
