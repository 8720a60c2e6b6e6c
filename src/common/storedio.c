/* storedio.c -- a store file written front to back with O_DIRECT, by a
 * helper thread while the caller goes on hashing.
 *
 * Why: through the page cache, every byte the store writes is copied
 * into freshly allocated pages and then walked again by writeback; on a
 * first snapshot that costs more CPU than the SHA-256 of the same bytes.
 * With O_DIRECT the device reads the bytes from our buffer.  The caller
 * only copies them into an aligned buffer (a plain memcpy); whole
 * buffers go to the helper, which writes them while the next one
 * fills, so the disk stays busy and the caller is held back only when
 * the disk is the slower of the two.
 *
 * The last, partial block is written through the page cache (O_DIRECT
 * needs aligned lengths).  Durability is unchanged: O_DIRECT does not
 * make data durable, so the store still fsyncs every file before it
 * names it.  Where O_DIRECT is refused (tmpfs and some network file
 * systems say EINVAL) the file is written through the page cache. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/store_priv.h"

#define DIO_ALIGN 4096
#define DIO_CHUNK (2u << 20)	/* a buffer is handed over past this */
#define DIO_BUF (2 * DIO_CHUNK)	/* so STORE_DIO_ROOM always fits after it */
#define DIO_NBUF 4
#define HUGE_PAGE (2u << 20)

struct store_dio {
	struct store_bufs *pool;
	int fd;
	int through;		/* no buffers: plain writes at off */
	int direct;		/* O_DIRECT is set on fd */
	off_t off;		/* of the filling buffer's first byte */
	unsigned char *buf[DIO_NBUF];
	size_t len[DIO_NBUF];	/* bytes queued in each, 0 when free */
	off_t at[DIO_NBUF];
	int fill;		/* the buffer being filled */
	size_t flen;		/* its bytes so far */
	int head;		/* the next buffer the helper writes */
	int stop, err;
	int started;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* pwrite of all of p; with O_DIRECT refused (EINVAL), clears it and
 * goes on through the page cache.  0 or an errno. */
static int
write_at(struct store_dio *d, const unsigned char *p, size_t n, off_t at)
{
	while (n > 0) {
		ssize_t w = pwrite(d->fd, p, n, at);

		if (w < 0 && errno == EINVAL && d->direct) {
			int fl = fcntl(d->fd, F_GETFL);

			if (fl < 0 || fcntl(d->fd, F_SETFL, fl & ~O_DIRECT) < 0)
				return EINVAL;
			d->direct = 0;
			continue;
		}
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (w == 0)
			return ENOSPC;
		p += w;
		n -= (size_t)w;
		at += w;
	}
	return 0;
}

static void *
helper(void *arg)
{
	struct store_dio *d = arg;

	pthread_mutex_lock(&d->mu);
	for (;;) {
		int i = d->head;
		int e;

		while (d->len[i] == 0 && !d->stop)
			pthread_cond_wait(&d->cv, &d->mu);
		if (d->len[i] == 0)
			break;
		pthread_mutex_unlock(&d->mu);
		e = d->err ? 0 : write_at(d, d->buf[i], d->len[i], d->at[i]);
		pthread_mutex_lock(&d->mu);
		if (e != 0 && d->err == 0)
			d->err = e;
		d->len[i] = 0;
		d->head = (i + 1) % DIO_NBUF;
		pthread_cond_broadcast(&d->cv);
	}
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

void
store_bufs_init(struct store_bufs *p)
{
	pthread_mutex_init(&p->mu, NULL);
	p->n = 0;
}

void
store_bufs_release(struct store_bufs *p)
{
	for (int i = 0; i < p->n; i++)
		free(p->b[i]);
	p->n = 0;
	pthread_mutex_destroy(&p->mu);
}

static unsigned char *
buf_get(struct store_bufs *p)
{
	void *b = NULL;

	if (p != NULL) {
		pthread_mutex_lock(&p->mu);
		if (p->n > 0)
			b = p->b[--p->n];
		pthread_mutex_unlock(&p->mu);
		if (b != NULL)
			return b;
	}
	/* aligned to a huge page: pinning a buffer for the device then
	 * costs one lookup, not one per 4 KiB page */
	if (posix_memalign(&b, HUGE_PAGE, DIO_BUF) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(b, DIO_BUF, MADV_HUGEPAGE);
#endif
	return b;
}

static void
buf_put(struct store_bufs *p, unsigned char *b)
{
	if (b != NULL && p != NULL) {
		pthread_mutex_lock(&p->mu);
		if (p->n < STORE_NBUFS) {
			p->b[p->n++] = b;
			b = NULL;
		}
		pthread_mutex_unlock(&p->mu);
	}
	free(b);
}

struct store_dio *
store_dio_new(int fd, off_t off, struct store_bufs *pool)
{
	struct store_dio *d = calloc(1, sizeof(*d));
	int fl;

	if (d == NULL)
		return NULL;
	d->pool = pool;
	d->fd = fd;
	d->off = off;
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	d->through = 1;
	if (off % DIO_ALIGN != 0)
		return d;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_DIRECT) < 0)
		return d;
	d->direct = 1;
	for (int i = 0; i < DIO_NBUF; i++)
		if ((d->buf[i] = buf_get(pool)) == NULL) {
			fcntl(fd, F_SETFL, fl);
			d->direct = 0;
			return d;
		}
	d->through = 0;
	return d;
}

/* Hands the whole blocks of the filling buffer to the helper, waits for
 * the next buffer to be free, and carries the partial block over. */
static int
queue_fill(struct store_dio *d)
{
	size_t whole = d->flen - d->flen % DIO_ALIGN, rest = d->flen - whole;
	int e, next = (d->fill + 1) % DIO_NBUF;

	pthread_mutex_lock(&d->mu);
	if (!d->started) {
		if (pthread_create(&d->th, NULL, helper, d) != 0) {
			pthread_mutex_unlock(&d->mu);
			e = write_at(d, d->buf[d->fill], whole, d->off);
			d->off += (off_t)whole;
			memmove(d->buf[d->fill], d->buf[d->fill] + whole, rest);
			d->flen = rest;
			return e;
		}
		d->started = 1;
	}
	d->len[d->fill] = whole;
	d->at[d->fill] = d->off;
	d->off += (off_t)whole;
	pthread_cond_broadcast(&d->cv);
	while (d->len[next] != 0)
		pthread_cond_wait(&d->cv, &d->mu);
	e = d->err;
	pthread_mutex_unlock(&d->mu);
	/* the helper only reads the buffer it was handed */
	memcpy(d->buf[next], d->buf[d->fill] + whole, rest);
	d->fill = next;
	d->flen = rest;
	return e;
}

int
store_dio_write(struct store_dio *d, const struct iovec *iov, int n)
{
	if (d->through) {
		struct iovec v[2 * (STORE_FRAME / (128 * 1024)) + 1];
		size_t len = 0;

		if (n > (int)(sizeof(v) / sizeof(v[0])))
			return EINVAL;
		memcpy(v, iov, (size_t)n * sizeof(*v));
		for (int i = 0; i < n; i++)
			len += v[i].iov_len;
		if (store_writev_all(d->fd, v, n, d->off) < 0)
			return errno;
		d->off += (off_t)len;
		return 0;
	}
	for (int i = 0; i < n; i++) {
		const unsigned char *p = iov[i].iov_base;
		size_t k = iov[i].iov_len;

		while (k > 0) {
			size_t room = DIO_BUF - d->flen;
			size_t c = room < k ? room : k;

			memcpy(d->buf[d->fill] + d->flen, p, c);
			d->flen += c;
			p += c;
			k -= c;
			if (d->flen >= DIO_CHUNK) {
				int e = queue_fill(d);

				if (e != 0)
					return e;
			}
		}
	}
	return 0;
}

unsigned char *
store_dio_reserve(struct store_dio *d)
{
	return d->through ? NULL : d->buf[d->fill] + d->flen;
}

int
store_dio_commit(struct store_dio *d, size_t n)
{
	d->flen += n;
	return d->flen >= DIO_CHUNK ? queue_fill(d) : 0;
}

int
store_dio_close(struct store_dio *d)
{
	int e = 0;

	if (d == NULL)
		return 0;
	if (d->started) {
		pthread_mutex_lock(&d->mu);
		d->stop = 1;
		pthread_cond_broadcast(&d->cv);
		pthread_mutex_unlock(&d->mu);
		pthread_join(d->th, NULL);
		e = d->err;
	}
	if (e == 0 && d->flen > 0) {
		size_t whole = d->flen - d->flen % DIO_ALIGN;

		e = write_at(d, d->buf[d->fill], whole, d->off);
		if (e == 0 && whole < d->flen) {
			int fl = fcntl(d->fd, F_GETFL);

			if (d->direct && fl >= 0)
				fcntl(d->fd, F_SETFL, fl & ~O_DIRECT);
			d->direct = 0;
			e = write_at(d, d->buf[d->fill] + whole,
				     d->flen - whole, d->off + (off_t)whole);
		}
	}
	for (int i = 0; i < DIO_NBUF; i++)
		buf_put(d->pool, d->buf[i]);
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->cv);
	free(d);
	return e;
}
