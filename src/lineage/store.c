/* store.c -- the append-only event log, the source of truth.
 *
 * DIR/events.jsonl holds one OpenLineage event per line.  Writers take
 * DIR/lock, cut a torn tail (a writer killed before its newline), write
 * whole lines with O_APPEND and fsync before the lock goes: a reader sees
 * every committed event, and a kill -9 at any instant leaves at worst an
 * unterminated last line, which readers skip and the next writer cuts.
 *
 * A batch is all or nothing: before writing, the writer records the log's
 * size in DIR/pending (synced), and removes it (synced) once the batch is
 * synced.  While DIR/pending is there, what lies past that size is not
 * committed: readers stop there, and the next writer cuts it off -- a
 * write(2) cut short by kill -9 can leave whole lines of half a batch. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "lineage/lineage.h"

static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	if (s == NULL)
		return NULL;
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

int
ln_store_open(struct ln_store *s, const char *opt, int create,
	      struct ck_error *err)
{
	const char *dir = opt;
	struct stat st;

	memset(s, 0, sizeof(*s));
	if (dir == NULL || *dir == '\0')
		dir = getenv("LINEAGE_STORE");
	if (dir == NULL || *dir == '\0')
		dir = ".lineage";
	if (stat(dir, &st) < 0) {
		if (errno != ENOENT || !create)
			return ck_error_set(err, errno, "cannot open store %s",
					    dir);
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return ck_error_set(err, errno,
					    "cannot create store %s", dir);
		if (ck_fsync_parent(dir, err) < 0)
			return -1;
	} else if (!S_ISDIR(st.st_mode)) {
		return ck_error_set(err, ENOTDIR, "cannot open store %s", dir);
	}
	s->dir = strdup(dir);
	s->log = join(dir, "events.jsonl");
	s->lockpath = join(dir, "lock");
	s->index = join(dir, "index");
	s->pending = join(dir, "pending");
	if (s->dir == NULL || s->log == NULL || s->lockpath == NULL ||
	    s->index == NULL || s->pending == NULL) {
		ln_store_release(s);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

void
ln_store_release(struct ln_store *s)
{
	free(s->dir);
	free(s->log);
	free(s->lockpath);
	free(s->index);
	free(s->pending);
	memset(s, 0, sizeof(*s));
}

/* Cuts everything after the last newline (a torn append). */
static int
cut_torn_tail(int fd, const char *path, struct ck_error *err)
{
	char buf[4096];
	struct stat st;
	off_t end, pos;

	if (fstat(fd, &st) < 0)
		return ck_error_set(err, errno, "cannot stat %s", path);
	end = st.st_size;
	pos = end;
	while (pos > 0) {
		size_t want = pos > (off_t)sizeof(buf) ? sizeof(buf)
						       : (size_t)pos;
		ssize_t got = pread(fd, buf, want, pos - (off_t)want);

		if (got != (ssize_t)want)
			return ck_error_set(err, got < 0 ? errno : EIO,
					    "cannot read %s", path);
		for (size_t i = want; i > 0; i--)
			if (buf[i - 1] == '\n') {
				pos = pos - (off_t)want + (off_t)i;
				goto found;
			}
		pos -= (off_t)want;
	}
found:
	if (pos == end)
		return 0;
	if (ftruncate(fd, pos) < 0 || fsync(fd) < 0)
		return ck_error_set(err, errno, "cannot repair %s", path);
	return 0;
}

int
ln_store_append(struct ln_store *s, char *const *lines, size_t n,
		struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	int rc;

	for (size_t i = 0; i < n; i++)
		if (ck_buf_append_str(&b, lines[i]) < 0 ||
		    ck_buf_append_char(&b, '\n') < 0) {
			ck_buf_release(&b);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
	rc = ln_store_append_buf(s, b.data, b.len, err);
	ck_buf_release(&b);
	return rc;
}

off_t
ln_store_limit(const struct ln_store *s)
{
	char *text = NULL, *end;
	size_t len;
	long long v;

	if (ck_read_file(s->pending, 64, &text, &len, NULL) < 0)
		return -1;
	v = strtoll(text, &end, 10);
	/* written whole (temp file, rename): anything else is no mark of
	 * ours, and cutting the log by it would lose committed events */
	if (end == text || *end != '\n' || v < 0)
		v = -1;
	free(text);
	return (off_t)v;
}

/* Rolls back the batch of a writer killed before its commit. */
static int
roll_back(struct ln_store *s, int fd, struct ck_error *err)
{
	off_t limit = ln_store_limit(s);
	struct stat st;

	if (limit < 0)
		return 0;
	if (fstat(fd, &st) < 0)
		return ck_error_set(err, errno, "cannot stat %s", s->log);
	if (st.st_size > limit && (ftruncate(fd, limit) < 0 || fsync(fd) < 0))
		return ck_error_set(err, errno, "cannot repair %s", s->log);
	if (unlink(s->pending) < 0 && errno != ENOENT)
		return ck_error_set(err, errno, "cannot remove %s", s->pending);
	return ck_fsync_parent(s->pending, err);
}

/* Appends data with the lock held: roll back an uncommitted batch, cut
 * a torn tail, note the size, write, fsync, commit. */
static int
append_locked(struct ln_store *s, const char *data, size_t len,
	      struct ck_error *err)
{
	struct stat st;
	char size[32];
	int fd, rc = -1, created;

	if (len == 0)
		return 0;
	created = stat(s->log, &st) < 0;
	fd = open(s->log, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return ck_error_set(err, errno, "cannot open %s", s->log);
	if (roll_back(s, fd, err) < 0 || cut_torn_tail(fd, s->log, err) < 0)
		goto out;
	if (fstat(fd, &st) < 0) {
		ck_error_set(err, errno, "cannot stat %s", s->log);
		goto out;
	}
	snprintf(size, sizeof(size), "%lld\n", (long long)st.st_size);
	if (ck_atomic_write(s->pending, size, strlen(size), 0600, err) < 0)
		goto out;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;

			/* leave no partial batch behind */
			(void)roll_back(s, fd, NULL);
			ck_error_set(err, e, "cannot write %s", s->log);
			goto out;
		}
		off += (size_t)w;
	}
	if (fsync(fd) < 0) {
		ck_error_set(err, errno, "cannot sync %s", s->log);
		goto out;
	}
	if (created && ck_fsync_parent(s->log, err) < 0)
		goto out;
	/* the commit: once pending is gone for good, the batch is in */
	if (unlink(s->pending) < 0) {
		ck_error_set(err, errno, "cannot remove %s", s->pending);
		goto out;
	}
	rc = ck_fsync_parent(s->pending, err);
out:
	close(fd);
	return rc;
}

int
ln_store_append_buf(struct ln_store *s, const char *data, size_t len,
		    struct ck_error *err)
{
	struct ck_lock lk;
	int rc;

	if (ck_lock_acquire(&lk, s->lockpath, 1, err) < 0)
		return -1;
	rc = append_locked(s, data, len, err);
	ck_lock_release(&lk);
	return rc;
}

int
ln_store_append_with(struct ln_store *s, ln_fill_fn fill, void *arg,
		     struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	struct ck_lock lk;
	int rc = -1;

	if (ck_lock_acquire(&lk, s->lockpath, 1, err) < 0)
		return -1;
	/* fill reads the log under the lock: no writer can slip between
	 * what it saw and what is appended */
	if (fill(s, arg, &b, err) == 0)
		rc = append_locked(s, b.data, b.len, err);
	ck_lock_release(&lk);
	ck_buf_release(&b);
	return rc;
}

/* per thread: ingest checks chunks of a file on several threads */
static _Thread_local const char *cur_line;
static _Thread_local size_t cur_len;

const char *
ln_scan_line(size_t *len)
{
	*len = cur_len;
	return cur_line;
}

/* One line (without its newline): 0 go on, 1 stop, -1 error. */
static int
scan_line(char *line, size_t len, const char *name, unsigned long lineno,
	  ln_line_fn fast, ln_event_fn fn, void *arg, struct ck_error *err)
{
	json_error_t je;
	json_t *ev;
	size_t bad;
	int r;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return 0;
	if (fast != NULL && (r = fast(line, len, lineno, arg, err)) != 0)
		return r < 0 ? -1 : 0;
	if ((bad = ck_utf8_check(line, len)) != len)
		return ck_error_set(err, 0, "%s:%lu: invalid UTF-8 at byte %zu",
				    name, lineno, bad + 1);
	ev = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
			&je);
	if (ev == NULL) {
		/* jansson's text quotes the token, which may be PHI */
		char *near = strstr(je.text, " near '");

		if (near != NULL)
			*near = '\0';
		return ck_error_set(err, 0, "%s:%lu:%d: %s", name, lineno,
				    je.column, je.text);
	}
	if (!json_is_object(ev)) {
		json_decref(ev);
		return ck_error_set(err, 0, "%s:%lu: not a JSON object", name,
				    lineno);
	}
	cur_line = line;
	cur_len = len;
	r = fn(ev, lineno, arg, err);
	cur_line = NULL;
	json_decref(ev);
	return r;
}

/* ln_scan_stream up to byte limit (-1: none): lines past it are not
 * committed. */
static int
scan_stream(FILE *fp, const char *name, int torn_ok, off_t limit,
	    ln_line_fn fast, ln_event_fn fn, void *arg, struct ck_error *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	off_t pos = 0;
	int rc = 0, r;

	if (strcmp(name, "-") == 0)
		name = "<stdin>";
	while ((len = getline(&line, &cap, fp)) >= 0) {
		pos += len;
		if (limit >= 0 && pos > limit)
			break;
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (torn_ok)
			break;	/* torn tail: not committed */
		r = scan_line(line, (size_t)len, name, lineno, fast, fn, arg,
			      err);
		if (r < 0)
			rc = -1;
		if (r != 0)
			break;
	}
	if (rc == 0 && ferror(fp))
		rc = ck_error_set(err, errno, "cannot read %s", name);
	free(line);
	return rc;
}

int
ln_scan_stream(FILE *fp, const char *name, int torn_ok, ln_event_fn fn,
	       void *arg, struct ck_error *err)
{
	return scan_stream(fp, name, torn_ok, -1, NULL, fn, arg, err);
}

int
ln_scan_stream_fast(FILE *fp, const char *name, int torn_ok, ln_line_fn fast,
		    ln_event_fn fn, void *arg, struct ck_error *err)
{
	return scan_stream(fp, name, torn_ok, -1, fast, fn, arg, err);
}

int
ln_scan_buf(char *data, size_t len, const char *name, unsigned long first,
	    ln_event_fn fn, void *arg, struct ck_error *err)
{
	return ln_scan_buf_fast(data, len, name, first, NULL, fn, arg, err);
}

int
ln_scan_buf_fast(char *data, size_t len, const char *name,
		 unsigned long first, ln_line_fn fast, ln_event_fn fn,
		 void *arg, struct ck_error *err)
{
	unsigned long lineno = first;

	for (size_t off = 0; off < len; lineno++) {
		char *nl = memchr(data + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - data) : len;
		int r = scan_line(data + off, end - off, name, lineno, fast,
				  fn, arg, err);

		if (r != 0)
			return r < 0 ? -1 : 0;
		off = end + 1;
	}
	return 0;
}

int
ln_store_scan(struct ln_store *s, ln_event_fn fn, void *arg,
	      struct ck_error *err)
{
	return ln_store_scan_fast(s, NULL, fn, arg, err);
}

int
ln_store_scan_fast(struct ln_store *s, ln_line_fn fast, ln_event_fn fn,
		   void *arg, struct ck_error *err)
{
	FILE *fp = fopen(s->log, "re");
	int rc;

	if (fp == NULL) {
		if (errno == ENOENT)
			return 0;	/* an empty store */
		return ck_error_set(err, errno, "cannot open %s", s->log);
	}
	rc = scan_stream(fp, s->log, 1, ln_store_limit(s), fast, fn, arg,
			 err);
	fclose(fp);
	return rc;
}
