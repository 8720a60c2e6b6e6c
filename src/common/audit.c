/* audit.c -- opening an audit log, its writers' lock, and committing
 * what auditadd.c staged (the writer). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/audit.h"
#include "common/audit_priv.h"
#include "common/merkle.h"
#include "common/timefmt.h"


int
ck_audit_create(const char *dir, const struct ck_audit_settings *s,
		struct ck_error *err)
{
	char *conf = NULL, *seg = NULL, *cps = NULL, *txt = NULL;
	json_t *o = NULL;
	struct stat st;
	int rc = -1;

	if (ck_mkdir(dir, err) < 0)
		return -1;
	conf = ck_audit_path(dir, "log.json");
	seg = ck_audit_path(dir, "seg");
	cps = ck_audit_path(dir, "checkpoints");
	if (conf == NULL || seg == NULL || cps == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (stat(conf, &st) == 0) {
		ck_error_set(err, EEXIST, "%s is already a log", dir);
		goto out;
	}
	if (ck_mkdir(seg, err) < 0 || ck_mkdir(cps, err) < 0)
		goto out;
	o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "format",
		      CK_AUDIT_FORMAT, "origin", s->origin, "key", s->key,
		      "key_id", s->key_id, "segment_bytes",
		      (json_int_t)s->segment_bytes, "segment_age",
		      (json_int_t)s->segment_age);
	txt = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
	if (txt == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	{
		size_t n = strlen(txt);

		txt[n] = '\n';	/* json_dumps leaves room for its NUL */
		rc = ck_atomic_write(conf, txt, n + 1, 0644, err);
	}
out:
	json_decref(o);
	free(txt);
	free(conf);
	free(seg);
	free(cps);
	return rc;
}

struct ck_audit *
ck_audit_open(const char *dir, struct ck_error *err)
{
	struct ck_audit *a = calloc(1, sizeof *a);
	char *conf = NULL;
	json_error_t jerr;
	json_int_t sb = 0, sa = 0;
	const char *fmt = NULL;

	if (a == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	a->fd = -1;
	a->lock.fd = -1;
	a->dir = strdup(dir);
	a->segdir = ck_audit_path(dir, "seg");
	conf = ck_audit_path(dir, "log.json");
	if (a->dir == NULL || a->segdir == NULL || conf == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	a->conf = json_load_file(conf, JSON_REJECT_DUPLICATES, &jerr);
	if (a->conf == NULL) {
		if (access(conf, F_OK) < 0)
			ck_error_set(err, 0, "%s is not an audit log (no "
				     "log.json; run 'auditlog init')", dir);
		else
			ck_error_set(err, 0, "%s:%d: %s", conf, jerr.line,
				     jerr.text);
		goto fail;
	}
	if (json_unpack(a->conf, "{s:s, s:s, s:s, s:s, s:I, s:I}", "format",
			&fmt, "origin", &a->set.origin, "key", &a->set.key,
			"key_id", &a->set.key_id, "segment_bytes", &sb,
			"segment_age", &sa) < 0 ||
	    strcmp(fmt, CK_AUDIT_FORMAT) != 0 || sb <= 0 || sa <= 0) {
		ck_error_set(err, 0, "%s: not a log.json this version reads",
			     conf);
		goto fail;
	}
	a->set.segment_bytes = (uint64_t)sb;
	a->set.segment_age = (int64_t)sa;
	free(conf);
	return a;
fail:
	free(conf);
	ck_audit_free(a);
	return NULL;
}

void
ck_audit_free(struct ck_audit *a)
{
	if (a == NULL)
		return;
	if (a->locked)
		ck_audit_unlock(a);
	if (a->fd >= 0)
		close(a->fd);
	ck_buf_release(&a->pending);
	ck_buf_release(&a->leaves);
	ck_buf_release(&a->scratch);
	json_decref(a->conf);
	free(a->active);
	free(a->segdir);
	free(a->dir);
	free(a);
}

const char *
ck_audit_dir(const struct ck_audit *a)
{
	return a->dir;
}

const struct ck_audit_settings *
ck_audit_settings(const struct ck_audit *a)
{
	return &a->set;
}

void
ck_audit_set_sync(struct ck_audit *a, enum ck_audit_sync s)
{
	a->sync = s;
}

uint64_t
ck_audit_last_seq(const struct ck_audit *a)
{
	return a->seq;
}

const unsigned char *
ck_audit_last_hash(const struct ck_audit *a)
{
	return a->hash;
}

const char *
ck_audit_active(const struct ck_audit *a, off_t *size)
{
	if (size)
		*size = a->size;
	return a->active;
}

static const char *const reserved[] = { "seq", "time", "prev", "hash" };

int
ck_audit_check_event(const json_t *ev, struct ck_error *err)
{
	const json_t *actor, *v, *phi;
	size_t i;

	if (!json_is_object(ev))
		return ck_error_set(err, 0, "not a JSON object");
	actor = json_object_get(ev, "actor");
	if (actor == NULL)
		return ck_error_set(err, 0, "missing actor.id");
	if (!json_is_object(actor))
		return ck_error_set(err, 0, "actor is not an object");
	v = json_object_get(actor, "id");
	if (v == NULL)
		return ck_error_set(err, 0, "missing actor.id");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return ck_error_set(err, 0, "actor.id is not a non-empty string");
	v = json_object_get(ev, "action");
	if (v == NULL)
		return ck_error_set(err, 0, "missing action");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return ck_error_set(err, 0, "action is not a non-empty string");
	for (i = 0; i < sizeof reserved / sizeof *reserved; i++)
		if (json_object_get(ev, reserved[i]) != NULL)
			return ck_error_set(err, 0, "field '%s' is assigned by "
					    "auditlog, not given", reserved[i]);
	v = json_object_get(ev, "outcome");
	if (v != NULL && !json_is_string(v))
		return ck_error_set(err, 0, "outcome is not a string");
	v = json_object_get(ev, "target");
	if (v != NULL && !json_is_object(v))
		return ck_error_set(err, 0, "target is not an object");
	v = json_object_get(ev, "data");
	if (v != NULL && !json_is_object(v))
		return ck_error_set(err, 0, "data is not an object");
	v = json_object_get(ev, "duration_ms");
	if (v != NULL && !json_is_number(v))
		return ck_error_set(err, 0, "duration_ms is not a number");
	phi = json_object_get(ev, "phi");
	if (phi != NULL) {
		if (!json_is_object(phi))
			return ck_error_set(err, 0, "phi is not an object");
		v = json_object_get(phi, "score");
		if (v != NULL && !json_is_number(v))
			return ck_error_set(err, 0, "phi.score is not a number");
	}
	return 0;
}

/* Reads the last complete line of fd (size bytes) into a malloc'd
 * buffer.  *torn is the offset where a line without '\n' begins, or -1. */
static int
read_tail(const char *path, int fd, off_t size, char **line, size_t *len,
	  off_t *torn, struct ck_error *err)
{
	size_t want = 65536;
	char *buf = NULL, *nb;

	*line = NULL;
	*len = 0;
	*torn = -1;
	if (size == 0)
		return 0;
	for (;;) {
		off_t from = size > (off_t)want ? size - (off_t)want : 0;
		size_t n = (size_t)(size - from), end, i;
		ssize_t r;

		nb = realloc(buf, n + 1);
		if (nb == NULL) {
			free(buf);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
		buf = nb;
		r = pread(fd, buf, n, from);
		if (r < 0 || (size_t)r != n) {
			free(buf);
			return ck_error_set(err, r < 0 ? errno : EIO,
					    "cannot read %s", path);
		}
		end = n;
		if (buf[n - 1] != '\n') {
			/* A torn line: find where it starts. */
			for (i = n; i > 0 && buf[i - 1] != '\n'; i--)
				;
			if (i == 0 && from > 0) {
				want *= 4;
				continue;
			}
			*torn = from + (off_t)i;
			end = i;
		}
		if (end == 0) {
			free(buf);
			return 0;
		}
		for (i = end - 1; i > 0 && buf[i - 1] != '\n'; i--)
			;
		if (i == 0 && from > 0) {
			want *= 4;
			continue;
		}
		memmove(buf, buf + i, end - 1 - i);
		*len = end - 1 - i;
		buf[*len] = '\0';
		*line = buf;
		return 0;
	}
}

static int
same_time(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/* Reads seq, hash and time of the last event of the log from the active
 * segment (or the one before, when the active one is still empty). */
static int
refresh(struct ck_audit *a, int allow_torn, off_t *torn, struct ck_error *err)
{
	struct ck_audit_seg *segs = NULL;
	size_t nseg = 0, k;
	struct stat st, dst;
	char *line = NULL;
	size_t len;
	off_t t;
	int rc = -1;

	if (torn)
		*torn = -1;
	if (stat(a->segdir, &dst) < 0)
		return ck_error_set(err, errno, "cannot stat %s", a->segdir);
	if (a->fd >= 0 && fstat(a->fd, &st) == 0 && st.st_nlink > 0 &&
	    st.st_size == a->size && same_time(&st.st_mtim, &a->mtime) &&
	    same_time(&dst.st_mtim, &a->dirmtime))
		return 0;	/* nobody wrote since our last commit */
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	free(a->active);
	a->active = NULL;
	a->seq = 0;
	memset(a->hash, 0, sizeof a->hash);
	a->size = 0;
	a->active_time = 0;
	if (ck_audit_segs(a->dir, &segs, &nseg, err) < 0)
		return -1;
	a->dirmtime = dst.st_mtim;
	if (nseg == 0)
		return 0;
	if (segs[nseg - 1].zst) {
		ck_error_set(err, 0, "%s: the active segment is compressed",
			     segs[nseg - 1].path);
		goto out;
	}
	a->active = strdup(segs[nseg - 1].path);
	if (a->active == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	a->fd = open(a->active, O_RDWR | O_APPEND | O_CLOEXEC);
	if (a->fd < 0 || fstat(a->fd, &st) < 0) {
		ck_error_set(err, errno, "cannot open %s", a->active);
		goto out;
	}
	a->size = st.st_size;
	a->dev = st.st_dev;
	a->ino = st.st_ino;
	a->mtime = st.st_mtim;
	/* Walk back over empty segments (a crash right after a rollover). */
	for (k = nseg; k-- > 0;) {
		int fd = k == nseg - 1 ? a->fd : -1;
		off_t size = a->size;

		if (segs[k].zst) {
			char *data;
			size_t n, i;

			if (ck_audit_seg_read(&segs[k], &data, &n, err) < 0)
				goto out;
			for (i = n ? n - 1 : 0; i > 0 && data[i - 1] != '\n'; i--)
				;
			line = n ? strndup(data + i, n - 1 - i) : NULL;
			len = line ? strlen(line) : 0;
			free(data);
			t = -1;
		} else {
			if (fd < 0) {
				struct stat s2;

				fd = open(segs[k].path, O_RDONLY | O_CLOEXEC);
				if (fd < 0 || fstat(fd, &s2) < 0) {
					ck_error_set(err, errno, "cannot open "
						     "%s", segs[k].path);
					if (fd >= 0)
						close(fd);
					goto out;
				}
				size = s2.st_size;
			}
			rc = read_tail(segs[k].path, fd, size, &line, &len, &t,
				       err);
			if (fd != a->fd)
				close(fd);
			if (rc < 0)
				goto out;
			rc = -1;
		}
		if (t >= 0) {
			if (k != nseg - 1 || !allow_torn) {
				ck_error_set(err, 0, "%s ends in a torn line at "
					     "byte %lld (a crash while "
					     "writing?); run 'auditlog recover "
					     "--log %s'", segs[k].path,
					     (long long)t, a->dir);
				goto out;
			}
			if (torn)
				*torn = t;
		}
		if (line != NULL)
			break;
	}
	if (line != NULL) {
		json_error_t jerr;
		json_t *ev = json_loadb(line, len, 0, &jerr);
		json_t *s = json_object_get(ev, "seq");
		const char *h = json_string_value(json_object_get(ev, "hash"));

		if (!json_is_integer(s) || json_integer_value(s) < 1 ||
		    h == NULL || strlen(h) != CK_SHA256_HEXLEN ||
		    ck_hex_decode(h, CK_SHA256_HEXLEN, a->hash,
				  sizeof a->hash) < 0) {
			json_decref(ev);
			ck_error_set(err, 0, "%s: the last event does not "
				     "parse; run 'auditlog verify'", a->active);
			goto out;
		}
		a->seq = (uint64_t)json_integer_value(s);
		json_decref(ev);
	} else if (nseg > 0 && segs[0].first != 1) {
		ck_error_set(err, 0, "%s: no event to continue from",
			     a->active);
		goto out;
	}
	if (a->seq + 1 < segs[nseg - 1].first ||
	    (a->size > 0 && segs[nseg - 1].first > a->seq)) {
		ck_error_set(err, 0, "%s: segment name does not match its "
			     "events; run 'auditlog verify'", a->active);
		goto out;
	}
	/* The time of the active segment's first event drives rollover by
	 * age; reading one line is cheap. */
	if (a->size > 0) {
		char first[512];
		ssize_t r = pread(a->fd, first, sizeof first - 1, 0);
		const char *p;
		struct ck_time ct;

		if (r > 0) {
			first[r] = '\0';
			p = strstr(first, "\"time\":\"");
			if (p != NULL && strlen(p + 8) >= 27) {
				char tb[28];

				memcpy(tb, p + 8, 27);
				tb[27] = '\0';
				if (ck_time_parse(tb, &ct) == 0)
					a->active_time = ct.sec;
			}
		}
	}
	rc = 0;
out:
	free(line);
	ck_audit_segs_free(segs, nseg);
	if (rc < 0) {
		if (a->fd >= 0)
			close(a->fd);
		a->fd = -1;
		a->size = 0;
	}
	return rc;
}

int
ck_audit_lock(struct ck_audit *a, int allow_torn, off_t *torn,
	      struct ck_error *err)
{
	char *lp = ck_audit_path(a->dir, "lock");

	if (lp == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (ck_lock_acquire(&a->lock, lp, 1, err) < 0) {
		free(lp);
		return -1;
	}
	free(lp);
	a->locked = 1;
	if (refresh(a, allow_torn, torn, err) < 0) {
		ck_audit_unlock(a);
		return -1;
	}
	ck_audit_discard(a);
	return 0;
}

void
ck_audit_unlock(struct ck_audit *a)
{
	ck_audit_discard(a);
	if (a->locked)
		ck_lock_release(&a->lock);
	a->locked = 0;
}

void
ck_audit_discard(struct ck_audit *a)
{
	ck_buf_reset(&a->pending);
	ck_buf_reset(&a->leaves);
	a->pend_seq = a->seq;
	memcpy(a->pend_hash, a->hash, CK_SHA256_LEN);
	a->pend_first_time = 0;
}

/* Starts a new segment named by the next seq. */
static int
roll_over(struct ck_audit *a, struct ck_error *err)
{
	char name[32], *path;
	int fd;

	snprintf(name, sizeof name, "%020" PRIu64 ".jsonl", a->seq + 1);
	path = ck_audit_path(a->segdir, name);
	if (path == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		ck_error_set(err, errno, "cannot create %s", path);
		free(path);
		return -1;
	}
	if (ck_fsync_parent(path, err) < 0) {
		close(fd);
		free(path);
		return -1;
	}
	if (a->fd >= 0)
		close(a->fd);
	free(a->active);
	a->active = path;
	a->fd = fd;
	a->size = 0;
	a->active_time = 0;
	return 0;
}

/* Appends the staged leaf hashes to the cache when it is in step with the
 * log; a cache that lags is brought up to date by its readers. */
static void
extend_leaves(struct ck_audit *a)
{
	char *lp = ck_audit_path(a->dir, "leaves");
	struct stat st;
	int fd;

	if (lp == NULL)
		return;
	fd = open(lp, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	free(lp);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 &&
	    (uint64_t)st.st_size == a->seq * CK_MERKLE_HASH &&
	    pwrite(fd, a->leaves.data, a->leaves.len, st.st_size) !=
		    (ssize_t)a->leaves.len)
		(void)ftruncate(fd, st.st_size);
	close(fd);
}

int
ck_audit_commit(struct ck_audit *a, struct ck_error *err)
{
	struct ck_time now;
	struct stat st;
	int e;

	if (!a->locked)
		return ck_error_set(err, 0, "log not locked");
	if (a->pending.len == 0)
		return 0;
	ck_time_now(&now);
	if (a->active == NULL ||
	    (a->size > 0 &&
	     ((uint64_t)a->size >= a->set.segment_bytes ||
	      (a->active_time > 0 &&
	       now.sec - a->active_time >= a->set.segment_age)))) {
		if (roll_over(a, err) < 0) {
			ck_audit_discard(a);
			return -1;
		}
	}
	if (ck_write_all(a->fd, a->pending.data, a->pending.len) < 0 ||
	    (a->sync != CK_AUDIT_SYNC_NONE && fdatasync(a->fd) < 0)) {
		e = errno;
		/* All or nothing: cut back whatever part reached the file. */
		if (ftruncate(a->fd, a->size) == 0)
			(void)fdatasync(a->fd);
		ck_audit_discard(a);
		return ck_error_set(err, e, "cannot write %s", a->active);
	}
	if (a->size == 0)
		a->active_time = a->pend_first_time;
	a->size += (off_t)a->pending.len;
	extend_leaves(a);
	a->seq = a->pend_seq;
	memcpy(a->hash, a->pend_hash, CK_SHA256_LEN);
	if (fstat(a->fd, &st) == 0)
		a->mtime = st.st_mtim;
	{
		struct stat dst;

		if (stat(a->segdir, &dst) == 0)
			a->dirmtime = dst.st_mtim;
	}
	ck_audit_discard(a);
	return 0;
}

int
ck_audit_append_events(struct ck_audit *a, json_t *const *evs, size_t n,
		       struct ck_error *err)
{
	size_t i;
	int rc = -1;

	if (ck_audit_lock(a, 0, NULL, err) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (ck_audit_check_event(evs[i], err) < 0 ||
		    ck_audit_add(a, evs[i], NULL, err) < 0)
			goto out;
	rc = ck_audit_commit(a, err);
out:
	if (rc < 0)
		ck_audit_discard(a);
	ck_audit_unlock(a);
	return rc;
}

int
ck_audit_append_one(const char *dir, json_t *ev, char **line,
		    struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	struct ck_audit *a;
	int rc = -1;

	if (line)
		*line = NULL;
	if (ck_audit_check_event(ev, err) < 0)
		return -1;
	a = ck_audit_open(dir, err);
	if (a == NULL)
		return -1;
	ck_audit_set_sync(a, CK_AUDIT_SYNC_ALWAYS);
	if (ck_audit_lock(a, 0, NULL, err) < 0)
		goto out;
	if (ck_audit_add(a, ev, line ? &b : NULL, err) < 0 ||
	    ck_audit_commit(a, err) < 0)
		goto out;
	rc = 0;
	if (line)
		*line = ck_buf_detach(&b, NULL);
out:
	ck_buf_release(&b);
	ck_audit_free(a);
	return rc;
}

const char *
ck_audit_actor(void)
{
	static char buf[64];
	const char *a = getenv("COMPLYKIT_ACTOR");
	struct passwd *pw;

	if (a != NULL && *a != '\0')
		return a;
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_name != NULL && *pw->pw_name != '\0')
		return pw->pw_name;
	snprintf(buf, sizeof(buf), "uid:%lu", (unsigned long)getuid());
	return buf;
}

int
ck_audit_cut_torn(struct ck_audit *a, off_t at, struct ck_error *err)
{
	if (!a->locked || a->fd < 0)
		return ck_error_set(err, 0, "log not locked");
	if (ftruncate(a->fd, at) < 0 || fsync(a->fd) < 0)
		return ck_error_set(err, errno, "cannot cut %s", a->active);
	a->size = at;
	/* The cut line never made it to the leaves cache: extend_leaves
	 * only runs after a whole write. */
	return 0;
}
