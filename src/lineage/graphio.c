/* graphio.c -- the graph index file (DIR/index), a cache of the graph the
 * log builds, so a query on a million-node graph maps it instead of
 * parsing the log again.  The log stays the source of truth: the index
 * carries the log's size, inode and mtime and is rebuilt whenever they
 * differ, or when any bound check below fails (a damaged index is never
 * trusted, only replaced). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "lineage/graph_priv.h"

#define MAGIC "LNIDX\001\0\0"	/* version 1; host byte order */

struct header {
	char magic[8];
	uint64_t endian;	/* 0x0102030405060708 as written */
	struct ln_stamp st;
	uint64_t n, ne, nvers, idbytes, verbytes, tabcap, vtabcap;
};

int
ln_stamp_of(const char *log, struct ln_stamp *st)
{
	struct stat sb;

	memset(st, 0, sizeof(*st));
	if (stat(log, &sb) < 0)
		return -1;
	st->size = (uint64_t)sb.st_size;
	st->ino = (uint64_t)sb.st_ino;
	st->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
		       sb.st_mtim.tv_nsec;
	return 0;
}

static size_t
pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static int
put(FILE *fp, const void *p, size_t n)
{
	static const char zero[8];

	if (n > 0 && fwrite(p, 1, n, fp) != n)
		return -1;
	if (pad8(n) != n && fwrite(zero, 1, pad8(n) - n, fp) != pad8(n) - n)
		return -1;
	return 0;
}

static int
put_names(FILE *fp, char *const *names, size_t n, uint64_t *bytes)
{
	uint64_t off = 0;

	/* offsets, then the NUL-terminated names back to back */
	for (size_t i = 0; i < n; i++) {
		if (fwrite(&off, sizeof(off), 1, fp) != 1)
			return -1;
		off += strlen(names[i]) + 1;
	}
	for (size_t i = 0; i < n; i++)
		if (fwrite(names[i], 1, strlen(names[i]) + 1, fp) !=
		    strlen(names[i]) + 1)
			return -1;
	if (pad8(off) != off &&
	    fwrite("\0\0\0\0\0\0\0", 1, pad8(off) - off, fp) !=
	    pad8(off) - off)
		return -1;
	*bytes = off;
	return 0;
}

int
ln_graph_save(const struct ln_graph *g, const char *path,
	      const struct ln_stamp *st, struct ck_error *err)
{
	struct ck_atomic_file af;
	struct header h;
	long pos;

	if (!g->finished)
		return ck_error_set(err, EINVAL, "graph not finished");
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.endian = 0x0102030405060708ull;
	h.st = *st;
	h.n = g->n;
	h.ne = g->ne;
	h.nvers = g->nvers;
	h.tabcap = g->tabcap;
	h.vtabcap = g->vtabcap;
	if (ck_atomic_open(&af, path, 0600, err) < 0)
		return -1;
	/* the header is rewritten once the name sizes are known */
	if (fwrite(&h, sizeof(h), 1, af.fp) != 1 ||
	    put(af.fp, g->kind, g->n) < 0 ||
	    put_names(af.fp, g->id, g->n, &h.idbytes) < 0 ||
	    put_names(af.fp, g->vers, g->nvers, &h.verbytes) < 0 ||
	    put(af.fp, g->tab, g->tabcap * sizeof(uint32_t)) < 0 ||
	    put(af.fp, g->vtab, g->vtabcap * sizeof(uint32_t)) < 0)
		goto fail;
	for (int r = 0; r < 2; r++) {
		const struct csr *c = r ? &g->rev : &g->fwd;

		if (put(af.fp, c->off, (g->n + 1) * sizeof(uint32_t)) < 0 ||
		    put(af.fp, c->dst, g->ne * sizeof(uint32_t)) < 0 ||
		    put(af.fp, c->ver, g->ne * sizeof(int32_t)) < 0)
			goto fail;
	}
	pos = ftell(af.fp);
	if (pos < 0 || fseek(af.fp, 0, SEEK_SET) < 0 ||
	    fwrite(&h, sizeof(h), 1, af.fp) != 1 ||
	    fseek(af.fp, pos, SEEK_SET) < 0)
		goto fail;
	return ck_atomic_commit(&af, err);
fail:
	ck_error_set(err, errno, "cannot write %s", path);
	ck_atomic_abort(&af);
	return -1;
}

struct cursor {
	const char *p, *end;
};

static const void *
take(struct cursor *c, uint64_t n, uint64_t size)
{
	const char *p = c->p;
	uint64_t bytes;

	if (size != 0 && n > UINT64_MAX / size)
		return NULL;
	bytes = n * size;
	if (bytes > (uint64_t)(c->end - c->p) ||
	    pad8((size_t)bytes) > (size_t)(c->end - c->p))
		return NULL;
	c->p += pad8((size_t)bytes);
	return p;
}

/* Points names[i] into the blob after the offsets; every name must end
 * inside it. */
static char **
take_names(struct cursor *c, uint64_t n, uint64_t bytes)
{
	const uint64_t *off = take(c, n, sizeof(uint64_t));
	const char *blob = take(c, bytes, 1);
	char **names;

	if (off == NULL || blob == NULL || (n > 0 && bytes == 0) ||
	    (bytes > 0 && blob[bytes - 1] != '\0'))
		return NULL;
	if ((names = malloc((n ? n : 1) * sizeof(*names))) == NULL)
		return NULL;
	for (uint64_t i = 0; i < n; i++) {
		if (off[i] >= bytes || (i > 0 && off[i] <= off[i - 1])) {
			free(names);
			return NULL;
		}
		names[i] = (char *)blob + off[i];
	}
	return names;
}

static int
csr_ok(const struct csr *c, uint64_t n, uint64_t ne, uint64_t nvers)
{
	if (c->off[0] != 0 || c->off[n] != ne)
		return 0;
	for (uint64_t i = 0; i < n; i++)
		if (c->off[i] > c->off[i + 1])
			return 0;
	for (uint64_t k = 0; k < ne; k++)
		if (c->dst[k] >= n || c->ver[k] < -1 ||
		    (c->ver[k] >= 0 && (uint64_t)c->ver[k] >= nvers))
			return 0;
	return 1;
}

static int
tab_ok(const uint32_t *tab, uint64_t cap, uint64_t n)
{
	uint64_t used = 0;

	if (cap == 0 ? n != 0 : (cap & (cap - 1)) != 0 || n * 2 > cap)
		return 0;
	/* exactly n slots used, so a probe always meets an empty one */
	for (uint64_t i = 0; i < cap; i++) {
		if (tab[i] > n)
			return 0;
		used += tab[i] != 0;
	}
	return used == n;
}

int
ln_graph_load(const char *path, const struct ln_stamp *st,
	      struct ln_graph **out, struct ck_error *err)
{
	struct ln_graph *g = NULL;
	const struct header *h;
	struct cursor c;
	struct stat sb;
	void *map;
	int fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &sb) < 0 || sb.st_size < (off_t)sizeof(*h)) {
		close(fd);
		return 0;
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return 0;
	h = map;
	c.p = (const char *)map + sizeof(*h);
	c.end = (const char *)map + sb.st_size;
	if (memcmp(h->magic, MAGIC, 8) != 0 ||
	    h->endian != 0x0102030405060708ull ||
	    memcmp(&h->st, st, sizeof(*st)) != 0 ||
	    h->n >= UINT32_MAX || h->ne >= UINT32_MAX ||
	    h->nvers >= UINT32_MAX)
		goto stale;
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		munmap(map, (size_t)sb.st_size);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	g->map = map;
	g->maplen = (size_t)sb.st_size;
	g->n = g->ncap = h->n;
	g->ne = h->ne;
	g->nvers = g->verscap = h->nvers;
	g->tabcap = h->tabcap;
	g->vtabcap = h->vtabcap;
	if ((g->kind = (unsigned char *)take(&c, h->n, 1)) == NULL ||
	    (g->id = take_names(&c, h->n, h->idbytes)) == NULL ||
	    (g->vers = take_names(&c, h->nvers, h->verbytes)) == NULL ||
	    (g->tab = (uint32_t *)take(&c, h->tabcap, 4)) == NULL ||
	    (g->vtab = (uint32_t *)take(&c, h->vtabcap, 4)) == NULL)
		goto stale;
	for (int r = 0; r < 2; r++) {
		struct csr *cs = r ? &g->rev : &g->fwd;

		if ((cs->off = (uint32_t *)take(&c, h->n + 1, 4)) == NULL ||
		    (cs->dst = (uint32_t *)take(&c, h->ne, 4)) == NULL ||
		    (cs->ver = (int32_t *)take(&c, h->ne, 4)) == NULL ||
		    !csr_ok(cs, h->n, h->ne, h->nvers))
			goto stale;
	}
	for (uint64_t i = 0; i < h->n; i++)
		if (g->kind[i] > LN_RUN)
			goto stale;
	if (c.p != c.end || !tab_ok(g->tab, h->tabcap, h->n) ||
	    !tab_ok(g->vtab, h->vtabcap, h->nvers))
		goto stale;
	g->finished = 1;
	*out = g;
	return 1;
stale:
	if (g != NULL) {
		ln_graph_free(g);	/* unmaps */
	} else {
		munmap(map, (size_t)sb.st_size);
	}
	return 0;
}
