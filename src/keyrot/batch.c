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

static int
dir_fsync(const char *path)
{
	struct ck_error err;

	if (ck_fsync_parent(path, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	return 0;
}

int
kr_batch_add(struct kr_batch *b, char *tmp, const char *path,
	     uint64_t bytes)
{
	if (b->n % 256 == 0) {
		struct kr_pending *np = realloc(b->pend, (b->n + 256) *
						sizeof(*np));

		if (np == NULL)
			ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
		b->pend = np;
	}
	b->pend[b->n].tmp = tmp;
	b->pend[b->n].path = strdup(path);
	if (b->pend[b->n].path == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	b->n++;
	b->bytes += bytes;
	if (b->n >= KR_BATCH_OBJECTS || b->bytes >= KR_BATCH_BYTES)
		return kr_batch_flush(b);
	return 0;
}

int
kr_batch_flush(struct kr_batch *b)
{
	const char *lastdir = NULL;
	size_t lastlen = 0, i;
	json_t *paths;
	int rc = 0;

	if (b->n == 0)
		return 0;
	{
		/* the temporaries' bytes reach the disk before any rename */
		int fd = open(b->pend[0].tmp, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || syncfs(fd) < 0) {
			ck_warn_errno(errno, "cannot sync %s", b->pend[0].tmp);
			rc = -1;
		}
		if (fd >= 0)
			close(fd);
	}
	paths = json_array();
	for (i = 0; i < b->n && rc == 0; i++) {
		const char *p = b->pend[i].path, *s = strrchr(p, '/');
		size_t dl = s != NULL ? (size_t)(s - p) : 0;

		if (rename(b->pend[i].tmp, p) < 0) {
			ck_warn_errno(errno, "cannot replace %s", p);
			rc = -1;
			break;
		}
		free(b->pend[i].tmp);
		b->pend[i].tmp = NULL;
		if (lastdir == NULL || dl != lastlen ||
		    strncmp(lastdir, p, dl) != 0) {
			if (lastdir != NULL && dir_fsync(lastdir) < 0)
				rc = -1;
			lastdir = p;
			lastlen = dl;
		}
		json_array_append_new(paths, json_string(p));
		b->replaced++;
	}
	if (rc == 0 && lastdir != NULL && dir_fsync(lastdir) < 0)
		rc = -1;
	if (rc == 0 && b->jfd >= 0)
		rc = kr_journal_append(b->jfd, b->journal,
				       json_pack("{s:I, s:o}", "done",
						 (json_int_t)json_array_size(paths),
						 "paths", paths));
	else
		json_decref(paths);
	for (i = 0; i < b->n; i++) {
		if (b->pend[i].tmp != NULL) {
			unlink(b->pend[i].tmp);
			free(b->pend[i].tmp);
		}
		free(b->pend[i].path);
	}
	b->n = 0;
	b->bytes = 0;
	return rc;
}

void
kr_batch_release(struct kr_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		unlink(b->pend[i].tmp);
		free(b->pend[i].tmp);
		free(b->pend[i].path);
	}
	free(b->pend);
	b->pend = NULL;
	b->n = 0;
}
