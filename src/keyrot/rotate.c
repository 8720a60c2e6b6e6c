/* rotate.c -- rotate, rewrap and reencrypt.
 *
 * rewrap and reencrypt replace objects in batches: each new object is
 * written to ".NAME.krtmp" beside its target and checked to decrypt under
 * the primary; then one syncfs(2) makes the batch durable, each temporary
 * is renamed over its target, each directory is fsync'd, and the batch's
 * paths are appended to DIR/journal.  A process killed at any instant
 * leaves every object either old (still decryptable: its version stays
 * active) or new; a rerun removes stale temporaries, skips what the
 * journal or the header says is done, and finishes.  One fsync per batch
 * rather than per object is what makes 100,000 small objects quick.
 *
 * The objects are shared among threads (-j, default one per core): each
 * takes runs of neighbouring objects and fills its own batch, so the
 * kernel's work per file (a new inode for the temporary, the rename, the
 * old inode freed) runs on every core, and each batch keeps the order
 * above: its temporaries synced before its renames, its renames synced
 * before its journal line (lines are appended whole, one at a time).  A
 * small object is read whole and re-wrapped in memory; files and
 * temporaries are opened and renamed relative to their directory.
 *
 * rewrap of a small object with one name rewrites its header in place
 * instead (batch.h says how that stays crash-safe): a new file and a
 * rename cost ext4 an inode allocated (scanning past every recently
 * freed one) and one freed (its blocks discarded), five times the CPU
 * of the rest and most of the waiting on the disk. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hash.h"
#include "common/jsonl.h"
#include "common/walk.h"
#include "keyrot/batch.h"
#include "keyrot/fieldseal.h"
#include "keyrot/keyrot.h"


int kr_is_temp(const char *path);

int
kr_cmd_rotate(struct kr_ctx *c)
{
	struct ck_error err;
	struct kr_version *p;
	uint32_t old;

	if (kr_open(c, 1) < 0)
		return CK_EXIT_TROUBLE;
	old = kr_keyring_primary(&c->kr)->id;
	if (c->retention >= 0)
		c->kr.retention_days = (uint32_t)c->retention;
	if (kr_keyring_add(&c->kr, &c->now, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	if (kr_save(c) < 0)
		return CK_EXIT_TROUBLE;
	p = kr_keyring_primary(&c->kr);
	return kr_record(c, "rotate", "success", p->id, -1,
			 json_pack("{s:I, s:i}", "previous", (json_int_t)old,
				   "retention_days",
				   (int)c->kr.retention_days)) < 0 ?
	       CK_EXIT_TROUBLE : CK_EXIT_OK;
}

/* Objects up to this size are read whole and re-wrapped in memory; a
 * larger one streams (bounded memory). */
#define KR_SMALL (1u << 20)
/* Fewest objects a thread takes at a time when a run is split among
 * threads (fewer would sync more often than they gain). */
#define KR_UNIT_MIN 32

/* What the threads of one rewrap or reencrypt share. */
struct pool {
	struct kr_ctx *c;
	int reencrypt;
	struct kr_version *primary;
	char **done;		/* journal paths of an interrupted run */
	size_t ndone;
	char *journal;
	int jfd;
	const char **obj;	/* the objects, in walk order */
	size_t nobj;
	size_t unit;		/* objects a thread takes at a time */
	size_t next;		/* first object not yet taken (mu) */
	int stop;		/* a batch failed: take no more (mu) */
	pthread_mutex_t mu;
	pthread_mutex_t jmu;	/* the journal */
};

/* One thread: its own batch, cipher state and buffers. */
struct worker {
	struct pool *p;
	struct kr_batch batch;
	struct kr_fseal *fs;
	struct ck_buf buf;	/* the object as read */
	struct ck_buf scratch;	/* plaintext checked, or the new object */
	struct ck_buf plain, again;	/* reencrypt: plaintext, checked */
	int64_t skipped, failed;
	int trouble;		/* a batch failed: stop with exit 2 */
	pthread_t th;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
copy_rest(int in, int out, struct ck_error *err)
{
	char buf[1 << 16];

	for (;;) {
		ssize_t r = read(in, buf, sizeof(buf)), w = 0;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ck_error_set(err, errno, "read error");
		if (r == 0)
			return 0;
		while (w < r) {
			ssize_t k = write(out, buf + w, (size_t)(r - w));

			if (k < 0)
				return ck_error_set(err, errno, "write error");
			w += k;
		}
	}
}

/* Decrypts fd's payload after header h to verify or to capture it. */
static int
open_payload(int fd, const struct kr_header *h, const unsigned char *dkey,
	     const unsigned char ctxh[32], struct ck_buf *capture,
	     struct ck_error *err)
{
	struct kr_source src = { fd, NULL, 0, 0 };
	struct kr_sink dst;

	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = capture;
	dst.discard = capture == NULL;
	if (lseek(fd, KR_HDR_LEN, SEEK_SET) < 0)
		return ck_error_set(err, errno, "seek error");
	return kr_decrypt_payload(h, dkey, ctxh, &src, &dst, err);
}

/* Writes the new form of a large object to its temporary (in directory
 * dfd) and checks it, streaming. */
static int
redo_stream(struct pool *j, int dfd, int fd, const struct kr_header *h,
	    const unsigned char ctxh[32], const char *tmp, mode_t mode,
	    struct ck_error *err)
{
	struct kr_ctx *c = j->c;
	const unsigned char *vkey = kr_key_for(c, h->version, 1, err);
	unsigned char dkey[KR_KEY_LEN], check[KR_KEY_LEN];
	unsigned char sum1[32], sum2[32];
	struct ck_buf plain = CK_BUF_INIT, again = CK_BUF_INIT;
	struct kr_header nh;
	unsigned char raw[KR_HDR_LEN];
	const char *tbase = kr_base_name(tmp);
	int out = -1, rc = -1;

	if (vkey == NULL || kr_unwrap(vkey, h, ctxh, dkey, err) < 0)
		return -1;
	/* the old object must be whole before it is replaced */
	if (open_payload(fd, h, dkey, ctxh, j->reencrypt ? &plain : NULL,
			 err) < 0)
		goto out;
	out = openat(dfd, tbase, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		     mode);
	if (out < 0) {
		ck_error_set(err, errno, "cannot create %s", tmp);
		goto out;
	}
	if (!j->reencrypt) {
		nh = *h;
		nh.version = j->primary->id;
		if (kr_wrap(j->primary->key, &nh, ctxh, dkey, err) < 0)
			goto out;
		/* verify: the new header yields the same data key */
		if (kr_unwrap(j->primary->key, &nh, ctxh, check, err) < 0 ||
		    !ck_ct_equal(check, dkey, KR_KEY_LEN)) {
			ck_error_set(err, 0, "new wrapped key does not verify");
			goto out;
		}
		kr_header_write(&nh, raw);
		if (write(out, raw, sizeof(raw)) != (ssize_t)sizeof(raw) ||
		    lseek(fd, KR_HDR_LEN, SEEK_SET) < 0 ||
		    copy_rest(fd, out, err) < 0) {
			ck_error_set(err, errno, "cannot write %s", tmp);
			goto out;
		}
		/* verify: the payload came over whole */
		{
			struct stat a, b;

			if (fstat(fd, &a) < 0 || fstat(out, &b) < 0 ||
			    a.st_size != b.st_size) {
				ck_error_set(err, 0, "copy of the payload is "
					     "incomplete");
				goto out;
			}
		}
	} else {
		struct kr_source src = { -1, (unsigned char *)plain.data,
					 plain.len, 0 };
		struct kr_sink dst;
		struct kr_header th;
		int tfd;

		memset(&dst, 0, sizeof(dst));
		dst.fd = out;
		if (kr_encrypt_stream(j->primary->id, j->primary->key,
				      h->segsize, ctxh, &src, &dst, err) < 0)
			goto out;
		/* verify: the new object decrypts to the same bytes */
		tfd = openat(dfd, tbase, O_RDONLY | O_CLOEXEC);
		if (tfd < 0 || pread(tfd, raw, KR_HDR_LEN, 0) != KR_HDR_LEN ||
		    kr_header_parse(raw, KR_HDR_LEN, &th, err) < 0 ||
		    kr_unwrap(j->primary->key, &th, ctxh, check, err) < 0 ||
		    open_payload(tfd, &th, check, ctxh, &again, err) < 0 ||
		    ck_sha256(plain.data, plain.len, sum1) < 0 ||
		    ck_sha256(again.data, again.len, sum2) < 0 ||
		    !ck_ct_equal(sum1, sum2, 32)) {
			if (tfd >= 0)
				close(tfd);
			ck_error_set(err, 0, "re-encrypted object does not "
				     "verify");
			goto out;
		}
		close(tfd);
	}
	rc = 0;
out:
	if (out >= 0 && close(out) < 0 && rc == 0)
		rc = ck_error_set(err, errno, "cannot write %s", tmp);
	if (rc < 0 && out >= 0)
		unlinkat(dfd, tbase, 0);
	ck_wipe(dkey, sizeof(dkey));
	ck_wipe(check, sizeof(check));
	ck_buf_release_secret(&plain);
	ck_buf_release_secret(&again);
	return rc;
}

/* 1 if the object needs nothing: already under the primary (rewrap) or
 * done by the interrupted run the journal records. */
static int
is_done(const struct pool *j, const struct kr_header *h, const char *path)
{
	return (!j->reencrypt && h->version == j->primary->id) ||
	       (j->ndone > 0 && bsearch(&path, j->done, j->ndone,
					sizeof(char *), cmp_str) != NULL);
}

/* A large object (or not a regular file): the streaming path. */
static int
big_object(struct worker *w, int dfd, int fd, const struct stat *st,
	   const char *path)
{
	struct pool *j = w->p;
	struct kr_ctx *c = j->c;
	unsigned char raw[KR_HDR_LEN], ctxh[32];
	struct kr_header h;
	struct ck_error err;
	char *ctx, *tmp;
	ssize_t n;
	int rc;

	n = pread(fd, raw, sizeof(raw), 0);
	if (n < 6 || !kr_is_envelope(raw, (size_t)n))
		return 0;	/* not ours: a tree may hold other files */
	if (kr_header_parse(raw, (size_t)n, &h, &err) < 0) {
		ck_warn("%s: %s", path, err.msg);
		return -1;
	}
	if (is_done(j, &h, path)) {
		w->skipped++;
		return 0;
	}
	if (c->dry_run) {
		fprintf(c->out, "%s: version %u -> %u\n", path, h.version,
			j->primary->id);
		w->batch.replaced++;
		return 0;
	}
	ctx = kr_file_context(path);
	kr_context_hash(ctx, strlen(ctx), ctxh);
	free(ctx);
	tmp = kr_temp_name(path);
	rc = redo_stream(j, dfd, fd, &h, ctxh, tmp, st->st_mode & 07777, &err);
	if (rc < 0) {
		ck_warn("%s: %s", path, err.msg);
		free(tmp);
		return -1;
	}
	return kr_batch_add(&w->batch, tmp, path, (uint64_t)st->st_size) < 0 ?
	       -2 : 0;
}

/* Reads a regular file of size bytes whole into b: one read(2) when it
 * has not changed size (a short read of a regular file is its end). */
static int
read_whole(int fd, size_t size, struct ck_buf *b)
{
	size_t want = size + 1;

	ck_buf_reset(b);
	for (;;) {
		ssize_t r;
		size_t ask;

		if (ck_buf_reserve(b, want) < 0)
			return -1;
		ask = b->cap - b->len - 1;
		r = read(fd, b->data + b->len, ask);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		b->len += (size_t)r;
		if (b->len == size && (size_t)r < ask)
			return 0;
		want = 1 << 16;	/* it grew since fstat: read on */
	}
}

/* Reencrypt in memory: open, seal under a fresh data key, check that the
 * new object opens to the same bytes; the new object is in scratch. */
static int
reseal(struct worker *w, const struct kr_header *h,
       const unsigned char *vkey, const unsigned char ctxh[32],
       struct ck_error *err)
{
	const struct kr_version *p = w->p->primary;
	struct kr_header th;
	int rc = -1;

	ck_buf_reset(&w->plain);
	ck_buf_reset(&w->again);
	ck_buf_reset(&w->scratch);
	if (kr_fseal_open(w->fs, h, vkey, ctxh, (unsigned char *)w->buf.data,
			  w->buf.len, &w->plain, err) < 0)
		goto out;
	if (kr_fseal_seal(w->fs, p->id, p->key, h->segsize, ctxh,
			  (unsigned char *)w->plain.data, w->plain.len,
			  &w->scratch, err) < 0)
		goto out;
	/* verify: the new object decrypts to the same bytes */
	if (kr_header_parse(w->scratch.data, w->scratch.len, &th, err) < 0 ||
	    kr_fseal_open(w->fs, &th, p->key, ctxh,
			  (unsigned char *)w->scratch.data, w->scratch.len,
			  &w->again, err) < 0 ||
	    w->again.len != w->plain.len ||
	    !ck_ct_equal(w->plain.data, w->again.data, w->plain.len)) {
		ck_error_set(err, 0, "re-encrypted object does not verify");
		goto out;
	}
	rc = 0;
out:
	if (w->plain.data != NULL)
		ck_wipe(w->plain.data, w->plain.len);
	if (w->again.data != NULL)
		ck_wipe(w->again.data, w->again.len);
	w->plain.len = w->again.len = 0;
	return rc;
}

/* Writes p[0..n) to the temporary tmp in directory dfd. */
static int
write_temp(int dfd, const char *tmp, mode_t mode, const void *p, size_t n,
	   struct ck_error *err)
{
	const char *tbase = kr_base_name(tmp);
	int out = openat(dfd, tbase, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			 mode);
	size_t off = 0;

	if (out < 0)
		return ck_error_set(err, errno, "cannot create %s", tmp);
	while (off < n) {
		ssize_t k = write(out, (const char *)p + off, n - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			ck_error_set(err, k < 0 ? errno : EIO,
				     "cannot write %s", tmp);
			close(out);
			unlinkat(dfd, tbase, 0);
			return -1;
		}
		off += (size_t)k;
	}
	if (close(out) < 0) {
		ck_error_set(err, errno, "cannot write %s", tmp);
		unlinkat(dfd, tbase, 0);
		return -1;
	}
	return 0;
}

/* One object: 0 done or left alone, -1 failed (reported), -2 a batch
 * failed (stop).  A small one costs openat, fstat, one read, close, then
 * openat of its temporary, one write, close, and its share of the
 * batch's renameat and syncs: no path walks, no seeks. */
static int
one_object(struct worker *w, const char *path)
{
	struct pool *j = w->p;
	struct kr_ctx *c = j->c;
	unsigned char ctxh[32];
	const unsigned char *vkey;
	struct kr_header h;
	struct ck_error err;
	struct stat st;
	const void *data;
	size_t len;
	char *ctx, *tmp;
	int dfd, fd, rc;

	dfd = kr_batch_dir(&w->batch, path);
	if (dfd == -2)
		return -2;
	fd = dfd < 0 ? -1 : openat(dfd, kr_base_name(path),
				   O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ck_warn_errno(errno, "cannot open %s", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)KR_SMALL) {
		rc = big_object(w, dfd, fd, &st, path);
		close(fd);
		return rc;
	}
	rc = read_whole(fd, (size_t)st.st_size, &w->buf);
	if (rc < 0) {
		ck_warn_errno(errno, "cannot read %s", path);
		close(fd);
		return -1;
	}
	close(fd);
	if (w->buf.len < 6 || !kr_is_envelope(w->buf.data, w->buf.len))
		return 0;	/* not ours: a tree may hold other files */
	if (kr_header_parse(w->buf.data, w->buf.len, &h, &err) < 0) {
		ck_warn("%s: %s", path, err.msg);
		return -1;
	}
	if (is_done(j, &h, path)) {
		w->skipped++;
		return 0;
	}
	if (c->dry_run) {
		fprintf(c->out, "%s: version %u -> %u\n", path, h.version,
			j->primary->id);
		w->batch.replaced++;
		return 0;
	}
	ctx = kr_file_context(path);
	kr_fseal_hash(w->fs, ctx, strlen(ctx), ctxh);
	free(ctx);
	vkey = kr_key_for(c, h.version, 1, &err);
	if (vkey == NULL)
		rc = -1;
	else if (j->reencrypt)
		rc = reseal(w, &h, vkey, ctxh, &err);
	else
		/* the new header replaces the old in the bytes read */
		rc = kr_fseal_rewrap(w->fs, &h, vkey, j->primary->id,
				     j->primary->key, ctxh,
				     (unsigned char *)w->buf.data, w->buf.len,
				     &w->scratch, (unsigned char *)w->buf.data,
				     &err);
	if (rc < 0) {
		ck_warn("%s: %s", path, err.msg);
		return -1;
	}
	/* rewrap: only the header changes, so it is rewritten in place
	 * (through the journal, see batch.h) when this is the file's only
	 * name and it may be written; else the object is replaced whole */
	if (!j->reencrypt && j->jfd >= 0 && st.st_nlink == 1 &&
	    faccessat(dfd, kr_base_name(path), W_OK, AT_EACCESS) == 0)
		return kr_batch_rehead(&w->batch, path,
				       (unsigned char *)w->buf.data) < 0 ?
		       -2 : 0;
	data = j->reencrypt ? w->scratch.data : w->buf.data;
	len = j->reencrypt ? w->scratch.len : w->buf.len;
	tmp = kr_temp_name(path);
	if (write_temp(dfd, tmp, st.st_mode & 07777, data, len, &err) < 0) {
		ck_warn("%s: %s", path, err.msg);
		free(tmp);
		return -1;
	}
	return kr_batch_add(&w->batch, tmp, path, (uint64_t)len) < 0 ? -2 : 0;
}

/* A thread: takes runs of objects (neighbours in walk order, so mostly
 * one directory) until none is left, flushing its batch after each. */
static void *
work(void *arg)
{
	struct worker *w = arg;
	struct pool *j = w->p;

	for (;;) {
		size_t i, end;

		pthread_mutex_lock(&j->mu);
		if (j->stop || j->next >= j->nobj) {
			pthread_mutex_unlock(&j->mu);
			break;
		}
		i = j->next;
		end = j->nobj - i > j->unit ? i + j->unit : j->nobj;
		j->next = end;
		pthread_mutex_unlock(&j->mu);
		for (; i < end; i++) {
			int r = one_object(w, j->obj[i]);

			if (r == -2) {
				w->trouble = 1;
				break;
			}
			if (r < 0)
				w->failed++;
		}
		if (kr_batch_flush(&w->batch) < 0)
			w->trouble = 1;
		if (w->trouble) {
			pthread_mutex_lock(&j->mu);
			j->stop = 1;
			pthread_mutex_unlock(&j->mu);
			break;
		}
	}
	return NULL;
}

/* Runs the objects on jobs threads (the calling one among them). */
static void
run_workers(struct pool *j, int jobs, int64_t *replaced, int64_t *skipped,
	    int64_t *failed, int *trouble)
{
	struct worker *ws;
	size_t nunits;
	int n, started;

	j->unit = KR_BATCH_OBJECTS;
	if (jobs > 1 && j->nobj < (size_t)jobs * j->unit) {
		/* split a small run among the threads, not too finely */
		j->unit = (j->nobj + (size_t)jobs - 1) / (size_t)jobs;
		if (j->unit < KR_UNIT_MIN)
			j->unit = KR_UNIT_MIN;
	}
	nunits = (j->nobj + j->unit - 1) / j->unit;
	n = nunits < (size_t)jobs ? (int)nunits : jobs;
	if (n < 1)
		n = 1;
	ws = calloc((size_t)n, sizeof(*ws));
	if (ws == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	/* process-wide state set up before any thread runs */
	(void)kr_gcm_cipher();
	{
		unsigned char h[32];

		kr_context_hash("", 0, h);
	}
	for (int i = 0; i < n; i++) {
		ws[i].p = j;
		kr_batch_init(&ws[i].batch, j->jfd, j->journal);
		ws[i].batch.jmu = &j->jmu;
		ws[i].fs = kr_fseal_new();
		if (ws[i].fs == NULL)
			ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	}
	started = 0;
	for (int i = 1; i < n; i++)
		if (pthread_create(&ws[i].th, NULL, work, &ws[i]) == 0)
			started = i;
		else
			break;	/* the threads running take the rest */
	work(&ws[0]);
	for (int i = 1; i <= started; i++)
		pthread_join(ws[i].th, NULL);
	for (int i = 0; i < n; i++) {
		*replaced += ws[i].batch.replaced;
		*skipped += ws[i].skipped;
		*failed += ws[i].failed + ws[i].batch.failed;
		*trouble |= ws[i].trouble;
		kr_batch_release(&ws[i].batch);
		kr_fseal_free(ws[i].fs);
		ck_buf_release(&ws[i].buf);
		ck_buf_release_secret(&ws[i].scratch);
		ck_buf_release_secret(&ws[i].plain);
		ck_buf_release_secret(&ws[i].again);
	}
	free(ws);
}

/* 1 if raw is an intact header of the object with context hash ctxh:
 * it parses and its data key unwraps under its key version. */
static int
head_ok(struct kr_ctx *c, const unsigned char raw[KR_HDR_LEN],
	const unsigned char ctxh[32])
{
	unsigned char dkey[KR_KEY_LEN];
	const unsigned char *key;
	struct kr_header h;
	struct ck_error err;

	if (kr_header_parse(raw, KR_HDR_LEN, &h, &err) < 0 ||
	    (key = kr_key_for(c, h.version, 1, &err)) == NULL ||
	    kr_unwrap(key, &h, ctxh, dkey, &err) < 0)
		return 0;
	ck_wipe(dkey, sizeof(dkey));
	return 1;
}

/* A header an interrupted rewrap journaled before writing it in place:
 * if a power loss tore the write, the object's header is neither the old
 * nor the new one, and the new one (checked against this payload before
 * it was journaled) is written again. */
static void
repair_header(struct kr_ctx *c, const char *path, const char *hex)
{
	unsigned char want[KR_HDR_LEN], cur[KR_HDR_LEN], ctxh[32];
	char *ctx;
	int fd;

	if (hex == NULL || strlen(hex) != 2 * KR_HDR_LEN ||
	    ck_hex_decode(hex, 2 * KR_HDR_LEN, want, KR_HDR_LEN) < 0)
		return;
	ctx = kr_file_context(path);
	kr_context_hash(ctx, strlen(ctx), ctxh);
	free(ctx);
	if (!head_ok(c, want, ctxh))
		return;		/* not a header of this object: leave it */
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	if (pread(fd, cur, KR_HDR_LEN, 0) == KR_HDR_LEN &&
	    memcmp(cur, want, KR_HDR_LEN) != 0 && !head_ok(c, cur, ctxh)) {
		if (pwrite(fd, want, KR_HDR_LEN, 0) != KR_HDR_LEN ||
		    fsync(fd) < 0)
			ck_warn_errno(errno, "%s: cannot repair its header",
				      path);
		else
			ck_warn("%s: torn header repaired from the journal",
				path);
	}
	close(fd);
}

/* Reads an interrupted run's journal: which paths are done. */
static int
load_journal(struct pool *j, const char *op)
{
	struct kr_journal jr;
	struct ck_error err;
	char *text;
	size_t len, off = 0;

	if (access(j->journal, F_OK) < 0)
		return 0;
	if (ck_read_file(j->journal, (size_t)1 << 31, &text, &len, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	if (memchr(text, '\n', len) == NULL) {
		/* no whole first line: the run was killed before it began */
		free(text);
		return 0;
	}
	if (text[len - 1] != '\n') {
		/* a line torn by a kill: cut it, so appends start clean */
		size_t keep = len;

		while (keep > 0 && text[keep - 1] != '\n')
			keep--;
		if (truncate(j->journal, (off_t)keep) < 0) {
			ck_warn_errno(errno, "cannot repair %s", j->journal);
			free(text);
			return -1;
		}
		len = keep;
	}
	if (kr_journal_parse(text, len, &jr, &err) < 0) {
		ck_warn("%s: %s", j->journal, err.msg);
		if (text != NULL)
			free(text);
		return -1;
	}
	/* headers an interrupted rewrap was writing in place, whatever runs
	 * now: a torn one must not wait for the same command */
	for (off = 0; !jr.complete && off < len;) {
		char *nl = memchr(text + off, '\n', len - off);
		json_t *o, *hs;

		if (nl == NULL)
			break;
		o = json_loadb(text + off, (size_t)(nl - text - off), 0, NULL);
		off = (size_t)(nl - text) + 1;
		hs = json_object_get(o, "headers");
		for (size_t i = 0; i < json_array_size(hs); i++) {
			json_t *e = json_array_get(hs, i);
			const char *p = json_string_value(json_array_get(e, 0));

			if (p != NULL)
				repair_header(j->c, p, json_string_value(
					json_array_get(e, 1)));
		}
		json_decref(o);
	}
	off = 0;
	if (!jr.complete && strcmp(jr.op, op) == 0 &&
	    jr.to == j->primary->id) {
		ck_warn("resuming an interrupted %s (%llu objects done)", op,
			(unsigned long long)jr.done);
		/* collect the done paths (whole lines only) */
		while (off < len) {
			char *nl = memchr(text + off, '\n', len - off);
			json_t *o, *ps;
			size_t i;

			if (nl == NULL)
				break;
			o = json_loadb(text + off, (size_t)(nl - text - off),
				       0, NULL);
			off = (size_t)(nl - text) + 1;
			ps = json_object_get(o, "paths");
			for (i = 0; i < json_array_size(ps); i++) {
				char **nd = realloc(j->done, (j->ndone + 1) *
						    sizeof(*nd));

				if (nd == NULL)
					ck_die(CK_EXIT_TROUBLE, ENOMEM,
					       "out of memory");
				j->done = nd;
				j->done[j->ndone++] = strdup(json_string_value(
					json_array_get(ps, i)));
			}
			json_decref(o);
		}
		if (j->ndone > 0)
			qsort(j->done, j->ndone, sizeof(char *), cmp_str);
	}
	free(text);
	return 0;
}

static int
walk_err(const struct ck_error *err, void *arg)
{
	(*(int64_t *)arg)++;
	ck_warn_error(err);
	return 0;
}

static int
redo_cmd(struct kr_ctx *c, int reencrypt)
{
	const char *op = reencrypt ? "reencrypt" : "rewrap";
	struct ck_walk_opts wo;
	struct ck_walk_list l = { NULL, 0 };
	struct pool j;
	int64_t replaced = 0, skipped = 0, failed = 0;
	int trouble = 0;
	int rc = CK_EXIT_OK;

	memset(&j, 0, sizeof(j));
	j.c = c;
	j.reencrypt = reencrypt;
	j.jfd = -1;
	pthread_mutex_init(&j.mu, NULL);
	pthread_mutex_init(&j.jmu, NULL);
	if (kr_open(c, 1) < 0) {
		rc = CK_EXIT_TROUBLE;
		goto out;
	}
	j.primary = kr_keyring_primary(&c->kr);
	j.journal = kr_path_in(c->keyring_dir, "journal");
	if (load_journal(&j, op) < 0) {
		rc = CK_EXIT_TROUBLE;
		goto out;
	}
	ck_walk_opts_default(&wo);
	wo.archives = 0;
	wo.decompress = 0;
	ck_walk_expand((const char *const *)c->argv, (size_t)c->argc, &wo, &l,
		       walk_err, &failed);
	if (!c->dry_run) {
		char now[CK_TIME_LEN];

		ck_time_format(&c->now, now);
		if (j.ndone == 0) {
			/* a new journal appears whole (temporary, rename) */
			json_t *o = json_pack("{s:s, s:I, s:s}", "op", op, "to",
					      (json_int_t)j.primary->id,
					      "started", now);
			char *line = o != NULL ? ck_json_compact(o) : NULL;
			struct ck_error err;
			size_t n;
			int w;

			json_decref(o);
			if (line == NULL)
				ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
			n = strlen(line);
			line[n] = '\n';
			w = ck_atomic_write(j.journal, line, n + 1, 0600, &err);
			free(line);
			if (w < 0) {
				ck_warn_error(&err);
				rc = CK_EXIT_TROUBLE;
				goto out;
			}
		}
		j.jfd = open(j.journal, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (j.jfd < 0) {
			ck_warn_errno(errno, "cannot open %s", j.journal);
			rc = CK_EXIT_TROUBLE;
			goto out;
		}
	}
	/* standard input and stale temporaries first, here: no thread ever
	 * meets one */
	j.obj = malloc((l.n > 0 ? l.n : 1) * sizeof(*j.obj));
	if (j.obj == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.paths[i], "-") == 0) {
			ck_warn("%s works on files, not standard input", op);
			failed++;
			continue;
		}
		if (kr_is_temp(l.paths[i])) {
			/* a temporary left by a killed run: ours, since the
			 * keyring lock is held */
			if (!c->dry_run && strstr(l.paths[i], ".krtmp") != NULL)
				unlink(l.paths[i]);
			continue;
		}
		j.obj[j.nobj++] = l.paths[i];
	}
	/* --dry-run lists in walk order: one thread */
	run_workers(&j, c->dry_run ? 1 : c->jobs, &replaced, &skipped,
		    &failed, &trouble);
	if (trouble) {
		rc = CK_EXIT_TROUBLE;
		goto out;
	}
	if (failed > 0)
		rc = CK_EXIT_TROUBLE;
	if (c->dry_run) {
		ck_info("%lld objects would be %s", (long long)replaced,
			reencrypt ? "re-encrypted" : "re-wrapped");
		goto out;
	}
	if (failed == 0) {
		/* every object is done: the journal has served */
		if (kr_journal_append(j.jfd, j.journal,
				      json_pack("{s:b}", "end", 1)) < 0 ||
		    unlink(j.journal) < 0 ||
		    ck_fsync_parent(j.journal, NULL) < 0)
			rc = CK_EXIT_TROUBLE;
	}
	ck_info("%lld %s, %lld already current, %lld failed",
		(long long)replaced, reencrypt ? "re-encrypted" :
		"re-wrapped", (long long)skipped, (long long)failed);
	if (kr_record(c, op, failed == 0 ? "success" : "failure",
		      j.primary->id, replaced,
		      json_pack("{s:I, s:I}", "skipped", (json_int_t)skipped,
				"failed", (json_int_t)failed)) < 0)
		rc = CK_EXIT_TROUBLE;
out:
	if (j.jfd >= 0)
		close(j.jfd);
	for (size_t i = 0; i < j.ndone; i++)
		free(j.done[i]);
	free(j.done);
	free(j.obj);
	free(j.journal);
	ck_walk_list_free(&l);
	pthread_mutex_destroy(&j.mu);
	pthread_mutex_destroy(&j.jmu);
	return rc;
}

int
kr_cmd_rewrap(struct kr_ctx *c)
{
	return redo_cmd(c, 0);
}

int
kr_cmd_reencrypt(struct kr_ctx *c)
{
	return redo_cmd(c, 1);
}
