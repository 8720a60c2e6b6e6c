/* storeput.c -- the store's writing side: small objects into the current
 * pack, big ones through a streaming writer into tmp/ and then, synced,
 * into objects/ (see store.h).
 *
 * Bytes are encoded by storeframe.c, which leaves a frame either in its
 * own buffer or as headers around the caller's bytes; either way it
 * reaches the file with one writev and no further copy.  A packed object
 * is encoded outside the lock and appended to the pack under it; both
 * kinds of file are written by storedio.c (O_DIRECT, a helper thread). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/store.h"
#include "common/store_priv.h"

static struct store_enc *
enc_get(struct ck_store *s)
{
	struct store_enc *e = NULL;

	pthread_mutex_lock(&s->mu);
	if (s->nenc > 0)
		e = s->enc[--s->nenc];
	pthread_mutex_unlock(&s->mu);
	return e != NULL ? e : store_enc_new();
}

static void
enc_put(struct ck_store *s, struct store_enc *e)
{
	if (e == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	if (s->nenc < NENC) {
		s->enc[s->nenc++] = e;
		e = NULL;
	}
	pthread_mutex_unlock(&s->mu);
	store_enc_free(e);
}

/* Under s->mu. */
static int
cur_open(struct ck_store *s, struct ck_error *err)
{
	s->cur_tmp = store_pathf("%s/tmp/pack-XXXXXX", s->dir);
	if (s->cur_tmp == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	s->cur_fd = mkstemp(s->cur_tmp);
	if (s->cur_fd < 0) {
		int e = errno;

		free(s->cur_tmp);
		s->cur_tmp = NULL;
		return ck_error_set(err, e, "cannot create a pack in %s/tmp",
				    s->dir);
	}
	s->cur_dio = store_dio_new(s->cur_fd, 0, &s->bufs);
	if (s->cur_dio == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	{
		struct iovec v = { PACK_MAGIC, 8 };
		int e = store_dio_write(s->cur_dio, &v, 1);

		if (e != 0)
			return ck_error_set(err, e, "cannot write %s",
					    s->cur_tmp);
	}
	s->cur_off = 8;
	return 0;
}

/* Under s->mu: a place for an entry of len bytes in the current pack,
 * recorded as pending.  Its offset in *off, the pack's fd in *fd.
 * 1 if sha is already present (nothing reserved), 0, or -1 with err. */
static int
reserve(struct ck_store *s, const unsigned char *sha, size_t n, size_t len,
	uint64_t *off, int *fd, struct ck_error *err)
{
	if (store_has_locked(s, sha))
		return 1;
	if (s->cur_fd < 0 && cur_open(s, err) < 0)
		return -1;
	if (s->npend == s->cappend) {
		size_t cap = s->cappend ? s->cappend * 2 : 1024;
		void *np = realloc(s->pend, cap * sizeof(*s->pend));

		if (np == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		s->pend = np;
		s->cappend = cap;
	}
	memcpy(s->pend[s->npend].sha, sha, CK_SHA256_LEN);
	s->pend[s->npend].off = s->cur_off;
	s->pend[s->npend].csize = len;
	s->pend[s->npend].size = n;
	if (store_set_add(s, s->npend) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	s->npend++;
	*off = s->cur_off;
	*fd = s->cur_fd;
	s->cur_off += len;
	return 0;
}

static int
put_small(struct ck_store *s, const unsigned char *sha, const void *p,
	  size_t n, struct ck_error *err)
{
	struct store_enc *e;
	uint64_t off = 0;
	int rc, fd = -1;

	pthread_mutex_lock(&s->mu);
	rc = store_has_locked(s, sha);
	pthread_mutex_unlock(&s->mu);
	if (rc)
		return 0;
	e = enc_get(s);
	if (e == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	rc = store_encode(e, p, n, err);
	if (rc == 0) {
		/* appended in the order the offsets are handed out */
		pthread_mutex_lock(&s->mu);
		rc = reserve(s, sha, n, e->len, &off, &fd, err);
		if (rc == 0) {
			int en = store_dio_write(s->cur_dio, e->iov, e->niov);

			if (en != 0) {
				/* the entry is recorded: the pack must not
				 * be published */
				s->broken = 1;
				rc = ck_error_set(err, en, "cannot write %s",
						  s->cur_tmp);
			}
		}
		pthread_mutex_unlock(&s->mu);
	}
	enc_put(s, e);
	return rc < 0 ? -1 : 0;
}

struct ck_store_writer *
ck_store_writer_new(struct ck_store *s, struct ck_error *err)
{
	struct ck_store_writer *w = calloc(1, sizeof(*w));

	if (w == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	w->s = s;
	w->fd = -1;
	w->tmp = store_pathf("%s/tmp/obj-XXXXXX", s->dir);
	w->enc = enc_get(s);
	if (w->tmp == NULL || w->enc == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	w->fd = mkstemp(w->tmp);
	if (w->fd < 0) {
		ck_error_set(err, errno, "cannot create a file in %s/tmp",
			     s->dir);
		goto fail;
	}
	w->dio = store_dio_new(w->fd, 0, &s->bufs);
	if (w->dio == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	return w;
fail:
	free(w->tmp);
	w->tmp = NULL;
	ck_store_writer_abort(w);
	return NULL;
}

static int
wr_frame(struct ck_store_writer *w, const void *p, size_t n,
	 struct ck_error *err)
{
	int e;

	if (store_encode(w->enc, p, n, err) < 0)
		return -1;
	e = store_dio_write(w->dio, w->enc->iov, w->enc->niov);
	if (e != 0)
		return ck_error_set(err, e, "cannot write %s", w->tmp);
	w->total += n;
	return 0;
}

int
ck_store_writer_write(struct ck_store_writer *w, const void *p, size_t n,
		      struct ck_error *err)
{
	const unsigned char *c = p;

	while (n > 0) {
		size_t k;

		/* whole frames straight from the caller's buffer */
		if (w->blen == 0 && n >= STORE_FRAME) {
			if (wr_frame(w, c, STORE_FRAME, err) < 0)
				return -1;
			c += STORE_FRAME;
			n -= STORE_FRAME;
			continue;
		}
		if (w->buf == NULL && (w->buf = malloc(STORE_FRAME)) == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		k = STORE_FRAME - w->blen < n ? STORE_FRAME - w->blen : n;
		memcpy(w->buf + w->blen, c, k);
		w->blen += k;
		c += k;
		n -= k;
		if (w->blen == STORE_FRAME) {
			if (wr_frame(w, w->buf, w->blen, err) < 0)
				return -1;
			w->blen = 0;
		}
	}
	return 0;
}

/* read(2) until n bytes or end of file: the count, or -1. */
static ssize_t
read_full(int fd, unsigned char *p, size_t n)
{
	size_t have = 0;

	while (have < n) {
		ssize_t r = read(fd, p + have, n - have);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	return (ssize_t)have;
}

int
ck_store_writer_read(struct ck_store_writer *w, int fd, struct ck_sha256 *h,
		     unsigned char *buf, size_t *got, const char *what,
		     struct ck_error *err)
{
	unsigned char *f = w->blen == 0 ? store_dio_reserve(w->dio) : NULL;
	struct store_enc *e = w->enc;
	size_t n = 0;
	ssize_t r;
	int raw;

	*got = 0;
	if (f == NULL) {
		r = read_full(fd, buf, STORE_FRAME);
		if (r < 0)
			return ck_error_set(err, errno, "cannot read %s", what);
		ck_sha256_update(h, buf, (size_t)r);
		*got = (size_t)r;
		return ck_store_writer_write(w, buf, (size_t)r, err);
	}
	/* read as a raw frame lays the bytes out: block by block, leaving
	 * room for the headers */
	for (int k = 0; k < (int)(STORE_FRAME / STORE_RAW_BLOCK); k++) {
		r = read_full(fd, f + STORE_RAW_DATA(k), STORE_RAW_BLOCK);
		if (r < 0)
			return ck_error_set(err, errno, "cannot read %s", what);
		ck_sha256_update(h, f + STORE_RAW_DATA(k), (size_t)r);
		n += (size_t)r;
		if ((size_t)r < STORE_RAW_BLOCK)
			break;
	}
	if (n == 0)
		return 0;
	raw = store_probe(e, f + STORE_RAW_DATA(0), n, err);
	if (raw < 0)
		return -1;
	if (raw) {
		store_raw_seal(f, n);
		r = store_dio_commit(w->dio, store_raw_len(n));
	} else {
		/* worth compressing: gather the blocks, then put the frame
		 * where they were */
		unsigned char *o;

		for (size_t k = 0, at = 0; at < n;
		     k++, at += STORE_RAW_BLOCK)
			memcpy(buf + at, f + STORE_RAW_DATA(k),
			       n - at < STORE_RAW_BLOCK ? n - at
							: STORE_RAW_BLOCK);
		if (store_encode(e, buf, n, err) < 0)
			return -1;
		o = f;
		for (int i = 0; i < e->niov; i++) {
			memcpy(o, e->iov[i].iov_base, e->iov[i].iov_len);
			o += e->iov[i].iov_len;
		}
		r = store_dio_commit(w->dio, e->len);
	}
	if (r != 0)
		return ck_error_set(err, (int)r, "cannot write %s", w->tmp);
	w->total += n;
	*got = n;
	return 0;
}

void
ck_store_writer_abort(struct ck_store_writer *w)
{
	if (w == NULL)
		return;
	store_dio_close(w->dio);
	if (w->fd >= 0) {
		close(w->fd);
		unlink(w->tmp);
	}
	enc_put(w->s, w->enc);
	free(w->tmp);
	free(w->buf);
	free(w);
}

/* Syncs and renames the pending big objects l[0..n) into place (and
 * frees them).  A pending object is complete in tmp/; its writeback was
 * started when it was finished, so these fsyncs mostly find it done.
 * Each objects/xx directory that gained a name is synced once, after
 * all the renames. */
static int
flush_loose(struct ck_store *s, struct lpend *l, size_t n,
	    struct ck_error *err)
{
	char **dirs = calloc(n + 1, sizeof(char *));
	size_t nd = 0;
	int rc = 0;

	if (dirs == NULL)
		rc = ck_error_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		char *dst = NULL, *d;
		int fd;

		if (rc < 0)
			goto drop;
		fd = open(l[i].tmp, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) < 0) {
			rc = ck_error_set(err, errno, "cannot sync %s",
					  l[i].tmp);
			if (fd >= 0)
				close(fd);
			goto drop;
		}
		close(fd);
		dst = store_loose_path(s, l[i].sha);
		if (dst == NULL) {
			rc = ck_error_set(err, ENOMEM, "out of memory");
			goto drop;
		}
		d = strrchr(dst, '/');
		*d = '\0';
		if (ck_mkdir(dst, err) < 0) {
			rc = -1;
			goto drop;
		}
		*d = '/';
		if (rename(l[i].tmp, dst) < 0) {
			rc = ck_error_set(err, errno, "cannot rename %s",
					  l[i].tmp);
			goto drop;
		}
		{
			size_t k;

			for (k = 0; k < nd; k++)
				if (strncmp(dirs[k], dst, (size_t)(d - dst)) ==
				    0)
					break;
			if (k == nd)
				dirs[nd++] = dst;
			else
				free(dst);
		}
		free(l[i].tmp);
		continue;
drop:
		free(dst);
		unlink(l[i].tmp);
		free(l[i].tmp);
	}
	/* Without these the renames may be lost on power failure. */
	for (size_t k = 0; k < nd; k++) {
		if (rc == 0 && ck_fsync_parent(dirs[k], err) < 0)
			rc = -1;
		free(dirs[k]);
	}
	free(dirs);
	free(l);
	return rc;
}

/* Takes the pending list away (under the lock) for flush_loose. */
static struct lpend *
take_loose(struct ck_store *s, size_t *n)
{
	struct lpend *l = s->lpend;

	*n = s->nlpend;
	s->lpend = NULL;
	s->nlpend = s->caplpend = 0;
	return l;
}

int
store_flush_loose(struct ck_store *s, struct ck_error *err)
{
	struct lpend *l;
	size_t n;

	pthread_mutex_lock(&s->mu);
	l = take_loose(s, &n);
	pthread_mutex_unlock(&s->mu);
	return flush_loose(s, l, n, err);
}

char *
store_pending_tmp(struct ck_store *s, const unsigned char *sha)
{
	char *t = NULL;

	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < s->nlpend; i++)
		if (memcmp(s->lpend[i].sha, sha, CK_SHA256_LEN) == 0) {
			t = strdup(s->lpend[i].tmp);
			break;
		}
	pthread_mutex_unlock(&s->mu);
	return t;
}

int
ck_store_writer_finish(struct ck_store_writer *w,
		       const unsigned char sha[CK_SHA256_LEN],
		       struct ck_error *err)
{
	struct ck_store *s = w->s;
	struct lpend *full = NULL;
	size_t nfull = 0;
	int rc = -1;

	/* the rest, or one empty frame for an empty object */
	if ((w->blen > 0 || w->total == 0) &&
	    wr_frame(w, w->buf ? w->buf : (unsigned char *)"", w->blen,
		     err) < 0)
		goto out;
	{
		int e = store_dio_close(w->dio);

		w->dio = NULL;
		if (e != 0) {
			ck_error_set(err, e, "cannot write %s", w->tmp);
			goto out;
		}
	}
	if (ck_store_has(s, sha)) {
		rc = 0;
		goto out;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	/* start the writeback now; ck_store_sync waits for it */
	sync_file_range(w->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
	pthread_mutex_lock(&s->mu);
	if (store_has_locked(s, sha)) {
		pthread_mutex_unlock(&s->mu);
		rc = 0;
		goto out;
	}
	if (s->nlpend == s->caplpend) {
		size_t cap = s->caplpend ? s->caplpend * 2 : 8;
		void *np = realloc(s->lpend, cap * sizeof(*s->lpend));

		if (np == NULL) {
			pthread_mutex_unlock(&s->mu);
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		s->lpend = np;
		s->caplpend = cap;
	}
	memcpy(s->lpend[s->nlpend].sha, sha, CK_SHA256_LEN);
	s->lpend[s->nlpend++].tmp = w->tmp;
	w->tmp = NULL;	/* the pending list owns it now */
	if (s->nlpend >= LPEND_MAX)
		full = take_loose(s, &nfull);
	pthread_mutex_unlock(&s->mu);
	close(w->fd);
	w->fd = -1;
	rc = full != NULL ? flush_loose(s, full, nfull, err) : 0;
out:
	ck_store_writer_abort(w);
	return rc;
}

int
ck_store_put(struct ck_store *s, const unsigned char sha[CK_SHA256_LEN],
	     const void *p, size_t n, struct ck_error *err)
{
	struct ck_store_writer *w;

	if (n <= CK_STORE_SMALL)
		return put_small(s, sha, p, n, err);
	if (ck_store_has(s, sha))
		return 0;
	w = ck_store_writer_new(s, err);
	if (w == NULL)
		return -1;
	if (ck_store_writer_write(w, p, n, err) < 0) {
		ck_store_writer_abort(w);
		return -1;
	}
	return ck_store_writer_finish(w, sha, err);
}
