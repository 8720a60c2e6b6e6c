/* batch.c -- batched crash-safe replacement (see batch.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "keyrot/batch.h"

void
kr_batch_init(struct kr_batch *b, int jfd, const char *journal)
{
	memset(b, 0, sizeof(*b));
	b->jfd = jfd;
	b->journal = journal;
}

char *
kr_temp_name(const char *path)
{
	const char *s = strrchr(path, '/');
	size_t dl = s != NULL ? (size_t)(s - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	char *t = malloc(n);

	if (t == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	snprintf(t, n, "%.*s.%s.krtmp", (int)dl, path, path + dl);
	return t;
}

const char *
kr_base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

int
kr_journal_append(int fd, const char *path, json_t *o)
{
	char *s = o != NULL ? ck_json_compact(o) : NULL;
	size_t n;
	int rc = 0;

	json_decref(o);
	if (s == NULL) {
		ck_warn("out of memory");
		return -1;
	}
	n = strlen(s);
	s[n] = '\n';
	/* one write(2) per line: a kill tears at most the last line */
	if (write(fd, s, n + 1) != (ssize_t)(n + 1) || fsync(fd) < 0) {
		ck_warn_errno(errno, "cannot write %s", path);
		rc = -1;
	}
	free(s);
	return rc;
}

/* The directory part of path: "." for a bare name, "/" for "/name". */
static void
dir_part(const char *path, const char **d, size_t *len)
{
	const char *s = strrchr(path, '/');

	if (s == NULL) {
		*d = ".";
		*len = 1;
	} else {
		*d = path;
		*len = s == path ? 1 : (size_t)(s - path);
	}
}

static void
close_dirs(struct kr_batch *b)
{
	for (size_t i = 0; i < b->ndirs; i++) {
		close(b->dirs[i].fd);
		free(b->dirs[i].path);
	}
	b->ndirs = 0;
}

/* Index of path's directory in dirs (the last one, or newly opened). */
static int
dir_index(struct kr_batch *b, const char *path)
{
	struct kr_bdir *last = b->ndirs > 0 ? &b->dirs[b->ndirs - 1] : NULL;
	const char *d;
	size_t len;
	int fd;

	dir_part(path, &d, &len);
	/* objects come sorted, so a directory's objects come together */
	if (last != NULL && strncmp(last->path, d, len) == 0 &&
	    last->path[len] == '\0')
		return (int)b->ndirs - 1;
	if (b->ndirs == KR_BATCH_DIRS && kr_batch_flush(b) < 0)
		return -2;
	{
		char *dup = strndup(d, len);

		if (dup == NULL)
			ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
		fd = open(dup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;

			free(dup);
			errno = e;
			return -1;
		}
		b->dirs[b->ndirs].fd = fd;
		b->dirs[b->ndirs].path = dup;
		b->dirs[b->ndirs].used = 0;
	}
	return (int)b->ndirs++;
}

int
kr_batch_dir(struct kr_batch *b, const char *path)
{
	int i = dir_index(b, path);

	return i < 0 ? i : b->dirs[i].fd;
}

int
kr_batch_add(struct kr_batch *b, char *tmp, const char *path,
	     uint64_t bytes)
{
	int d = dir_index(b, path);

	if (d < 0) {
		if (d == -1)
			ck_warn_errno(errno, "cannot open the directory of %s",
				      path);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (b->n % 256 == 0) {
		struct kr_pending *np = realloc(b->pend, (b->n + 256) *
						sizeof(*np));

		if (np == NULL)
			ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
		b->pend = np;
	}
	b->pend[b->n].tmp = tmp;
	b->pend[b->n].path = strdup(path);
	b->pend[b->n].dir = d;
	b->dirs[d].used = 1;
	if (b->pend[b->n].path == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	b->n++;
	b->bytes += bytes;
	if (b->n >= KR_BATCH_OBJECTS || b->bytes >= KR_BATCH_BYTES)
		return kr_batch_flush(b);
	return 0;
}

int
kr_batch_rehead(struct kr_batch *b, const char *path,
		const unsigned char hdr[KR_HDR_LEN])
{
	int d = dir_index(b, path);

	if (d < 0) {
		if (d == -1)
			ck_warn_errno(errno, "cannot open the directory of %s",
				      path);
		return -1;
	}
	if (b->nrh % 256 == 0) {
		struct kr_rehead *nr = realloc(b->rh, (b->nrh + 256) *
					       sizeof(*nr));

		if (nr == NULL)
			ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
		b->rh = nr;
	}
	b->rh[b->nrh].path = strdup(path);
	if (b->rh[b->nrh].path == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	b->rh[b->nrh].dir = d;
	memcpy(b->rh[b->nrh].hdr, hdr, KR_HDR_LEN);
	b->nrh++;
	b->bytes += KR_HDR_LEN;
	if (b->n + b->nrh >= KR_BATCH_OBJECTS)
		return kr_batch_flush(b);
	return 0;
}

/* Journals the new headers, then writes each over the old one. */
static int
write_heads(struct kr_batch *b, json_t *paths)
{
	json_t *hs = json_array();
	char hex[2 * KR_HDR_LEN + 1];
	size_t i;
	int rc;

	for (i = 0; i < b->nrh; i++) {
		ck_hex_encode(b->rh[i].hdr, KR_HDR_LEN, hex);
		json_array_append_new(hs, json_pack("[s, s]", b->rh[i].path,
						    hex));
	}
	/* the new headers are safe in the journal before any is written:
	 * a header torn by a power loss is repaired from there */
	if (b->jmu != NULL)
		pthread_mutex_lock(b->jmu);
	rc = kr_journal_append(b->jfd, b->journal,
			       json_pack("{s:o}", "headers", hs));
	if (b->jmu != NULL)
		pthread_mutex_unlock(b->jmu);
	if (rc < 0)
		return -1;
	for (i = 0; i < b->nrh; i++) {
		struct kr_rehead *r = &b->rh[i];
		int fd = openat(b->dirs[r->dir].fd, kr_base_name(r->path),
				O_WRONLY | O_CLOEXEC);

		/* one pwrite(2) within the first page: whole or not at all
		 * when the process is killed */
		if (fd < 0 || pwrite(fd, r->hdr, KR_HDR_LEN, 0) != KR_HDR_LEN) {
			ck_warn_errno(errno, "cannot rewrite the header of %s",
				      r->path);
			b->failed++;
		} else {
			json_array_append_new(paths, json_string(r->path));
			b->replaced++;
		}
		if (fd >= 0)
			close(fd);
	}
	return 0;
}

int
kr_batch_flush(struct kr_batch *b)
{
	size_t i;
	json_t *paths;
	int rc = 0, sfd;

	if (b->n == 0 && b->nrh == 0) {
		close_dirs(b);
		return 0;
	}
	paths = json_array();
	if (b->nrh > 0 && (b->jfd < 0 || write_heads(b, paths) < 0))
		rc = -1;
	/* the temporaries' bytes reach the disk before any rename, and the
	 * headers written in place before the journal says done */
	sfd = b->dirs[b->n > 0 ? b->pend[0].dir : b->rh[0].dir].fd;
	if (rc == 0 && syncfs(sfd) < 0) {
		ck_warn_errno(errno, "cannot sync %s", b->n > 0 ?
			      b->pend[0].tmp : b->rh[0].path);
		rc = -1;
	}
	for (i = 0; i < b->n && rc == 0; i++) {
		struct kr_pending *p = &b->pend[i];
		int fd = b->dirs[p->dir].fd;

		/* relative to the directory: no walk of the whole path */
		if (renameat(fd, kr_base_name(p->tmp), fd,
			     kr_base_name(p->path)) < 0) {
			ck_warn_errno(errno, "cannot replace %s", p->path);
			rc = -1;
			break;
		}
		free(p->tmp);
		p->tmp = NULL;
		json_array_append_new(paths, json_string(p->path));
		b->replaced++;
	}
	/* Without this the renames themselves may be lost on power failure
	 * (ext4 with data=writeback, XFS).  Some file systems cannot sync a
	 * directory and say EINVAL: nothing more can be done there. */
	for (i = 0; i < b->ndirs && rc == 0; i++)
		if (b->dirs[i].used && fsync(b->dirs[i].fd) < 0 &&
		    errno != EINVAL) {
			ck_warn_errno(errno, "cannot sync directory %s",
				      b->dirs[i].path);
			rc = -1;
		}
	if (rc == 0 && b->jfd >= 0) {
		if (b->jmu != NULL)
			pthread_mutex_lock(b->jmu);
		rc = kr_journal_append(b->jfd, b->journal,
				       json_pack("{s:I, s:o}", "done",
						 (json_int_t)json_array_size(paths),
						 "paths", paths));
		if (b->jmu != NULL)
			pthread_mutex_unlock(b->jmu);
	} else {
		json_decref(paths);
	}
	for (i = 0; i < b->n; i++) {
		if (b->pend[i].tmp != NULL) {
			unlinkat(b->dirs[b->pend[i].dir].fd,
				 kr_base_name(b->pend[i].tmp), 0);
			free(b->pend[i].tmp);
		}
		free(b->pend[i].path);
	}
	for (i = 0; i < b->nrh; i++)
		free(b->rh[i].path);
	b->n = 0;
	b->nrh = 0;
	b->bytes = 0;
	close_dirs(b);
	return rc;
}

void
kr_batch_release(struct kr_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		unlinkat(b->dirs[b->pend[i].dir].fd,
			 kr_base_name(b->pend[i].tmp), 0);
		free(b->pend[i].tmp);
		free(b->pend[i].path);
	}
	for (size_t i = 0; i < b->nrh; i++)
		free(b->rh[i].path);
	close_dirs(b);
	free(b->pend);
	free(b->rh);
	b->pend = NULL;
	b->rh = NULL;
	b->n = 0;
	b->nrh = 0;
}
