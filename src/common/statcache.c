/* statcache.c -- stat-keyed digest cache (see statcache.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/statcache.h"

#define MAGIC "DSVSTAT1"
#define REC_FIXED (4 + 8 * 5 + 4 + CK_SHA256_LEN)
#define MAX_CACHE ((size_t)1 << 33)

struct ent {
	char *path;
	size_t len;
	uint64_t dev, ino, size;
	int64_t mtime, ctime;
	uint32_t mode;
	unsigned char sha[CK_SHA256_LEN];
};

struct ck_statcache {
	int64_t stamp;
	struct ent *e;
	size_t n, cap;
};

static void
put64(struct ck_buf *b, uint64_t v)
{
	unsigned char p[8];

	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
	ck_buf_append(b, p, 8);
}

static void
put32(struct ck_buf *b, uint32_t v)
{
	unsigned char p[4];

	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
	ck_buf_append(b, p, 4);
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int64_t
ns_of(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static int64_t
floor_sec(int64_t ns)
{
	return ns >= 0 ? ns / 1000000000 : -((-ns + 999999999) / 1000000000);
}

struct ck_statcache *
ck_statcache_new(int64_t stamp_ns)
{
	struct ck_statcache *c = calloc(1, sizeof(*c));

	if (c != NULL)
		c->stamp = stamp_ns;
	return c;
}

void
ck_statcache_free(struct ck_statcache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->e[i].path);
	free(c->e);
	free(c);
}

size_t
ck_statcache_count(const struct ck_statcache *c)
{
	return c->n;
}

static int
ent_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int r = memcmp(a, b, al < bl ? al : bl);

	if (r != 0)
		return r;
	return al < bl ? -1 : al > bl;
}

static int
cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	return ent_cmp(x->path, x->len, y->path, y->len);
}

void
ck_statcache_sort(struct ck_statcache *c)
{
	if (c->n > 1)
		qsort(c->e, c->n, sizeof(*c->e), cmp_ent);
}

int
ck_statcache_add(struct ck_statcache *c, const char *path, size_t len,
		 const struct stat *st, const unsigned char sha[CK_SHA256_LEN])
{
	struct ent *e;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		void *np = realloc(c->e, cap * sizeof(*c->e));

		if (np == NULL)
			return -1;
		c->e = np;
		c->cap = cap;
	}
	e = &c->e[c->n];
	e->path = malloc(len + 1);
	if (e->path == NULL)
		return -1;
	memcpy(e->path, path, len);
	e->path[len] = '\0';
	e->len = len;
	e->dev = (uint64_t)st->st_dev;
	e->ino = (uint64_t)st->st_ino;
	e->size = (uint64_t)st->st_size;
	e->mtime = ns_of(&st->st_mtim);
	e->ctime = ns_of(&st->st_ctim);
	e->mode = (uint32_t)st->st_mode;
	memcpy(e->sha, sha, CK_SHA256_LEN);
	c->n++;
	return 0;
}

int
ck_statcache_trusted(uint64_t dev, uint64_t ino, uint64_t size,
		     int64_t mtime_ns, int64_t ctime_ns, uint32_t mode,
		     int64_t stamp_ns, const struct stat *st)
{
	if (dev != (uint64_t)st->st_dev || ino != (uint64_t)st->st_ino ||
	    size != (uint64_t)st->st_size || mode != (uint32_t)st->st_mode ||
	    mtime_ns != ns_of(&st->st_mtim) || ctime_ns != ns_of(&st->st_ctim))
		return 0;
	/* Racy clean: a file stamped in the second the scan began (or
	 * later) may have been written again after it was read, within one
	 * tick of a coarse file system clock; whole seconds cover every
	 * common granularity up to 1 s. */
	if (floor_sec(mtime_ns) >= floor_sec(stamp_ns) ||
	    floor_sec(ctime_ns) >= floor_sec(stamp_ns))
		return 0;
	return 1;
}

const unsigned char *
ck_statcache_lookup(const struct ck_statcache *c, const char *path,
		    size_t len, const struct stat *st)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ent *e = &c->e[mid];
		int r = ent_cmp(path, len, e->path, e->len);

		if (r == 0)
			return ck_statcache_trusted(e->dev, e->ino, e->size,
						    e->mtime, e->ctime,
						    e->mode, c->stamp, st)
				       ? e->sha : NULL;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

struct ck_statcache *
ck_statcache_parse(const void *p, size_t n, const char *name,
		   struct ck_error *err)
{
	const unsigned char *b = p, *q, *end;
	unsigned char sum[CK_SHA256_LEN];
	struct ck_statcache *c;
	uint64_t count;

	if (n < 24 + CK_SHA256_LEN || memcmp(b, MAGIC, 8) != 0) {
		ck_error_set(err, 0, "%s: not a stat cache", name);
		return NULL;
	}
	if (ck_sha256(b, n - CK_SHA256_LEN, sum) < 0 ||
	    memcmp(sum, b + n - CK_SHA256_LEN, CK_SHA256_LEN) != 0) {
		ck_error_set(err, 0, "%s: stat cache checksum mismatch", name);
		return NULL;
	}
	c = ck_statcache_new((int64_t)get64(b + 8));
	if (c == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	count = get64(b + 16);
	q = b + 24;
	end = b + n - CK_SHA256_LEN;
	for (uint64_t i = 0; i < count; i++) {
		struct stat st;
		uint32_t pl;

		if ((size_t)(end - q) < REC_FIXED)
			goto bad;
		pl = get32(q);
		if ((size_t)(end - q) - REC_FIXED < pl || pl == 0)
			goto bad;
		memset(&st, 0, sizeof(st));
		q += 4;
		{
			const unsigned char *f = q + pl;

			st.st_dev = (dev_t)get64(f);
			st.st_ino = (ino_t)get64(f + 8);
			st.st_size = (off_t)get64(f + 16);
			st.st_mode = (mode_t)get32(f + 40);
			if (ck_statcache_add(c, (const char *)q, pl, &st,
					     f + 44) < 0) {
				ck_statcache_free(c);
				ck_error_set(err, ENOMEM, "out of memory");
				return NULL;
			}
			c->e[c->n - 1].mtime = (int64_t)get64(f + 24);
			c->e[c->n - 1].ctime = (int64_t)get64(f + 32);
			if (c->n > 1 &&
			    cmp_ent(&c->e[c->n - 2], &c->e[c->n - 1]) >= 0)
				goto bad;
			q = f + 44 + CK_SHA256_LEN;
		}
	}
	if (q != end)
		goto bad;
	return c;
bad:
	ck_statcache_free(c);
	ck_error_set(err, 0, "%s: stat cache is malformed", name);
	return NULL;
}

struct ck_statcache *
ck_statcache_load(const char *path, struct ck_error *err)
{
	struct ck_statcache *c;
	char *buf;
	size_t len;

	if (access(path, F_OK) < 0 && errno == ENOENT)
		return ck_statcache_new(0);
	if (ck_read_file(path, MAX_CACHE, &buf, &len, err) < 0)
		return NULL;
	c = ck_statcache_parse(buf, len, path, err);
	free(buf);
	return c;
}

int
ck_statcache_save(struct ck_statcache *c, const char *path,
		  struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	unsigned char sum[CK_SHA256_LEN];
	int rc;

	ck_statcache_sort(c);
	ck_buf_append(&b, MAGIC, 8);
	put64(&b, (uint64_t)c->stamp);
	put64(&b, c->n);
	for (size_t i = 0; i < c->n; i++) {
		const struct ent *e = &c->e[i];

		put32(&b, (uint32_t)e->len);
		ck_buf_append(&b, e->path, e->len);
		put64(&b, e->dev);
		put64(&b, e->ino);
		put64(&b, e->size);
		put64(&b, (uint64_t)e->mtime);
		put64(&b, (uint64_t)e->ctime);
		put32(&b, e->mode);
		ck_buf_append(&b, e->sha, CK_SHA256_LEN);
	}
	if (b.data == NULL || ck_sha256(b.data, b.len, sum) < 0 ||
	    ck_buf_append(&b, sum, CK_SHA256_LEN) < 0) {
		ck_buf_release(&b);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	rc = ck_atomic_write(path, b.data, b.len, 0600, err);
	ck_buf_release(&b);
	return rc;
}
