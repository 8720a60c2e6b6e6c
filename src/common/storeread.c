/* storeread.c -- the object store's reading side: one object, every
 * object, the check of every object, and garbage collection (see
 * store.h). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/store.h"
#include "common/store_priv.h"

/* Reads one packed object. */
int
store_read_packed(struct pack *p, const unsigned char *e, ck_store_sink sink,
	    void *arg, uint64_t *size, struct ck_error *err)
{
	uint64_t off = store_get64(e + 32), cs = store_get64(e + 40), n = store_get64(e + 48);
	char hex[CK_SHA256_HEXLEN + 1];
	unsigned char *cb = NULL, *ub = NULL, sum[CK_SHA256_LEN];
	size_t got;
	int rc = -1;

	ck_hex_encode(e, CK_SHA256_LEN, hex);
	if (n > CK_STORE_SMALL) {
		ck_error_set(err, 0, "object %s is corrupt (size)", hex);
		return -1;
	}
	cb = malloc(cs ? cs : 1);
	ub = malloc(n ? n : 1);
	if (cb == NULL || ub == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (pread(p->fd, cb, cs, (off_t)off) != (ssize_t)cs) {
		ck_error_set(err, errno, "object %s: cannot read pack %s",
			     hex, p->name);
		goto out;
	}
	got = ZSTD_decompress(ub, n, cb, cs);
	if (ZSTD_isError(got) || got != n ||
	    ck_sha256(ub, n, sum) < 0 || memcmp(sum, e, CK_SHA256_LEN) != 0) {
		ck_error_set(err, 0, "object %s is corrupt", hex);
		goto out;
	}
	if (sink != NULL && sink(arg, ub, n) < 0) {
		ck_error_set(err, errno, "object %s: write failed", hex);
		goto out;
	}
	if (size != NULL)
		*size = n;
	rc = 0;
out:
	free(cb);
	free(ub);
	return rc;
}

int
store_read_loose(const char *path, const unsigned char *sha, ck_store_sink sink,
	   void *arg, uint64_t *size, struct ck_error *err)
{
	char hex[CK_SHA256_HEXLEN + 1];
	size_t inc = ZSTD_DStreamInSize(), outc = ZSTD_DStreamOutSize();
	unsigned char *ib = malloc(inc), *ob = malloc(outc), sum[CK_SHA256_LEN];
	struct ck_sha256 *h = ck_sha256_new();
	ZSTD_DCtx *z = ZSTD_createDCtx();
	uint64_t total = 0;
	size_t last = 0;
	ssize_t r;
	int fd = -1, rc = -1;

	ck_hex_encode(sha, CK_SHA256_LEN, hex);
	if (ib == NULL || ob == NULL || h == NULL || z == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ck_error_set(err, errno, "object %s: cannot open", hex);
		goto out;
	}
	while ((r = read(fd, ib, inc)) != 0) {
		ZSTD_inBuffer in = { ib, 0, 0 };

		if (r < 0) {
			if (errno == EINTR)
				continue;
			ck_error_set(err, errno, "object %s: cannot read", hex);
			goto out;
		}
		in.size = (size_t)r;
		while (in.pos < in.size) {
			ZSTD_outBuffer out = { ob, outc, 0 };

			last = ZSTD_decompressStream(z, &out, &in);
			if (ZSTD_isError(last)) {
				ck_error_set(err, 0, "object %s is corrupt", hex);
				goto out;
			}
			ck_sha256_update(h, ob, out.pos);
			total += out.pos;
			if (sink != NULL && out.pos > 0 &&
			    sink(arg, ob, out.pos) < 0) {
				ck_error_set(err, errno, "object %s: write "
					     "failed", hex);
				goto out;
			}
		}
	}
	/* Flush what the decoder still holds. */
	for (;;) {
		ZSTD_inBuffer in = { ib, 0, 0 };
		ZSTD_outBuffer out = { ob, outc, 0 };

		if (last == 0)
			break;
		last = ZSTD_decompressStream(z, &out, &in);
		if (ZSTD_isError(last) || out.pos == 0)
			break;
		ck_sha256_update(h, ob, out.pos);
		total += out.pos;
		if (sink != NULL && sink(arg, ob, out.pos) < 0) {
			ck_error_set(err, errno, "object %s: write failed", hex);
			goto out;
		}
	}
	if (last != 0 || ck_sha256_final(h, sum) < 0 ||
	    memcmp(sum, sha, CK_SHA256_LEN) != 0) {
		ck_error_set(err, 0, "object %s is corrupt", hex);
		goto out;
	}
	if (size != NULL)
		*size = total;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(ib);
	free(ob);
	ck_sha256_free(h);
	ZSTD_freeDCtx(z);
	return rc;
}

int
ck_store_read(struct ck_store *s, const unsigned char sha[CK_SHA256_LEN],
	      ck_store_sink sink, void *arg, uint64_t *size,
	      struct ck_error *err)
{
	char hex[CK_SHA256_HEXLEN + 1], *lp;
	int rc, refreshed = 0;

again:
	for (size_t i = 0; i < s->npacks; i++) {
		const unsigned char *e = store_pack_find(&s->packs[i], sha);

		if (e != NULL)
			return store_read_packed(&s->packs[i], e, sink, arg, size,
					   err);
	}
	lp = store_loose_path(s, sha);
	if (lp == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (access(lp, F_OK) < 0) {
		char *t = store_pending_tmp(s, sha);

		free(lp);
		if (t != NULL) {	/* written by this handle, not synced */
			rc = store_read_loose(t, sha, sink, arg, size, err);
			free(t);
			return rc;
		}
		/* A writer may have published a pack since this store was
		 * opened (readers take no lock): look once more. */
		if (!refreshed) {
			refreshed = 1;
			if (ck_store_refresh(s, err) < 0)
				return -1;
			goto again;
		}
		ck_hex_encode(sha, CK_SHA256_LEN, hex);
		return ck_error_set(err, 0, "object %s is missing", hex);
	}
	rc = store_read_loose(lp, sha, sink, arg, size, err);
	free(lp);
	return rc;
}

/* Calls fn(arg, sha, path) for every loose object file. */
static int
each_loose(struct ck_store *s,
	   int (*fn)(void *, const unsigned char *, const char *), void *arg,
	   struct ck_error *err)
{
	char *od = store_pathf("%s/objects", s->dir);
	struct dirent *de, *fe;
	DIR *d, *f;
	int rc = 0;

	if (od == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	d = opendir(od);
	if (d == NULL) {
		rc = ck_error_set(err, errno, "cannot read %s", od);
		free(od);
		return rc;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char hex[CK_SHA256_HEXLEN + 1], *sd;
		unsigned char sha[CK_SHA256_LEN];

		if (strlen(de->d_name) != 2 || de->d_name[0] == '.')
			continue;
		sd = store_pathf("%s/%s", od, de->d_name);
		f = sd ? opendir(sd) : NULL;
		if (f == NULL) {
			free(sd);
			continue;
		}
		while (rc == 0 && (fe = readdir(f)) != NULL) {
			char *fp;

			if (strlen(fe->d_name) != CK_SHA256_HEXLEN - 2)
				continue;
			memcpy(hex, de->d_name, 2);
			memcpy(hex + 2, fe->d_name, CK_SHA256_HEXLEN - 2);
			if (ck_hex_decode(hex, CK_SHA256_HEXLEN, sha,
					  CK_SHA256_LEN) < 0)
				continue;
			fp = store_pathf("%s/%s", sd, fe->d_name);
			if (fp == NULL) {
				rc = ck_error_set(err, ENOMEM, "out of memory");
				break;
			}
			rc = fn(arg, sha, fp);
			free(fp);
		}
		closedir(f);
		free(sd);
	}
	closedir(d);
	free(od);
	return rc;
}

struct each_arg {
	ck_store_each_fn fn;
	void *arg;
};

static int
each_cb(void *arg, const unsigned char *sha, const char *path)
{
	struct each_arg *a = arg;

	(void)path;
	return a->fn(a->arg, sha);
}

int
ck_store_foreach(struct ck_store *s, ck_store_each_fn fn, void *arg,
		 struct ck_error *err)
{
	struct each_arg a = { fn, arg };

	if (each_loose(s, each_cb, &a, err) < 0)
		return -1;
	for (size_t i = 0; i < s->npacks; i++)
		for (uint64_t k = 0; k < s->packs[i].n; k++)
			if (fn(arg, s->packs[i].ent + 16 + k * ENT_LEN) != 0)
				return 0;
	return 0;
}

struct check_arg {
	ck_store_bad_fn bad;
	void *arg;
	long nbad;
};

static int
check_loose(void *arg, const unsigned char *sha, const char *path)
{
	struct check_arg *a = arg;
	struct ck_error e;
	char hex[CK_SHA256_HEXLEN + 1];

	if (store_read_loose(path, sha, NULL, NULL, NULL, &e) < 0) {
		ck_hex_encode(sha, CK_SHA256_LEN, hex);
		if (a->bad != NULL)
			a->bad(a->arg, hex, e.msg);
		a->nbad++;
	}
	return 0;
}

long
ck_store_check(struct ck_store *s, ck_store_bad_fn bad, void *arg,
	       struct ck_error *err)
{
	struct check_arg a = { bad, arg, 0 };
	struct ck_error e;
	char hex[CK_SHA256_HEXLEN + 1];

	for (size_t i = 0; i < s->nbadidx; i++) {
		if (bad != NULL)
			bad(arg, s->badidx[i], "pack index is corrupt");
		a.nbad++;
	}
	if (each_loose(s, check_loose, &a, err) < 0)
		return -1;
	for (size_t i = 0; i < s->npacks; i++)
		for (uint64_t k = 0; k < s->packs[i].n; k++) {
			const unsigned char *ent = s->packs[i].ent + 16 +
						   k * ENT_LEN;

			if (store_read_packed(&s->packs[i], ent, NULL, NULL, NULL,
					&e) < 0) {
				ck_hex_encode(ent, CK_SHA256_LEN, hex);
				if (bad != NULL)
					bad(arg, hex, e.msg);
				a.nbad++;
			}
		}
	return a.nbad;
}

/* ---- garbage collection ---- */

struct gc_arg {
	ck_store_live_fn live;
	void *arg;
	uint64_t removed, freed;
	struct ck_error *err;
};

static int
gc_loose(void *arg, const unsigned char *sha, const char *path)
{
	struct gc_arg *g = arg;
	struct stat st;

	if (g->live(g->arg, sha))
		return 0;
	if (lstat(path, &st) == 0)
		g->freed += (uint64_t)st.st_size;
	if (unlink(path) < 0)
		return ck_error_set(g->err, errno, "cannot remove %s", path);
	g->removed++;
	return 0;
}

static int
rm_dir_files(const char *dir, const char *suffix_keep_pair)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	(void)suffix_keep_pair;
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char *p;

		if (de->d_name[0] == '.')
			continue;
		p = store_pathf("%s/%s", dir, de->d_name);
		if (p != NULL)
			unlink(p);
		free(p);
	}
	closedir(d);
	return 0;
}

/* Rewrites pack i keeping its live entries. */
static int
repack(struct ck_store *s, size_t i, struct gc_arg *g)
{
	struct pack *p = &s->packs[i];
	struct pend *keep = malloc((size_t)p->n * sizeof(*keep) + 1);
	char *tmp = store_pathf("%s/tmp/pack-XXXXXX", s->dir), *old;
	unsigned char *buf = NULL;
	size_t nk = 0;
	uint64_t off = 8;
	int fd = -1, rc = -1;

	if (keep == NULL || tmp == NULL) {
		ck_error_set(g->err, ENOMEM, "out of memory");
		goto out;
	}
	for (uint64_t k = 0; k < p->n; k++) {
		const unsigned char *e = p->ent + 16 + k * ENT_LEN;

		if (g->live(g->arg, e)) {
			memcpy(keep[nk].sha, e, CK_SHA256_LEN);
			keep[nk].off = store_get64(e + 32);
			keep[nk].csize = store_get64(e + 40);
			keep[nk].size = store_get64(e + 48);
			nk++;
		} else {
			g->removed++;
			g->freed += store_get64(e + 40);
		}
	}
	if (nk == p->n) {
		rc = 0;
		goto out;
	}
	if (nk > 0) {
		fd = mkstemp(tmp);
		if (fd < 0 || ck_write_all(fd, PACK_MAGIC, 8) < 0) {
			ck_error_set(g->err, errno, "cannot write %s", tmp);
			goto out;
		}
		for (size_t k = 0; k < nk; k++) {
			buf = realloc(buf, keep[k].csize);
			if (buf == NULL ||
			    pread(p->fd, buf, keep[k].csize,
				  (off_t)keep[k].off) != (ssize_t)keep[k].csize ||
			    ck_write_all(fd, buf, keep[k].csize) < 0) {
				ck_error_set(g->err, errno, "cannot repack %s",
					     p->name);
				goto out;
			}
			keep[k].off = off;
			off += keep[k].csize;
		}
		if (store_publish(s, fd, tmp, keep, nk, off, g->err) < 0)
			goto out;
		p = &s->packs[i];	/* publish may move the array */
	}
	/* The new index is durable: now the old pack may go, index first
	 * so that no reader ever follows it to a missing pack. */
	old = store_pathf("%s/packs/%s.idx", s->dir, p->name);
	if (old != NULL && unlink(old) == 0)
		ck_fsync_parent(old, NULL);
	free(old);
	old = store_pathf("%s/packs/%s.pack", s->dir, p->name);
	if (old != NULL)
		unlink(old);
	free(old);
	p->n = 0;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(keep);
	free(tmp);
	return rc;
}

int
ck_store_gc(struct ck_store *s, ck_store_live_fn live, void *arg,
	    uint64_t *removed, uint64_t *freed, struct ck_error *err)
{
	struct gc_arg g = { live, arg, 0, 0, err };
	size_t n = s->npacks;
	struct dirent *de;
	char *pd, *td;
	DIR *d;

	if (each_loose(s, gc_loose, &g, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (repack(s, i, &g) < 0)
			return -1;
	td = store_pathf("%s/tmp", s->dir);
	if (td != NULL)
		rm_dir_files(td, NULL);
	free(td);
	/* A pack whose index was never written (a crash in between) holds
	 * nothing reachable. */
	pd = store_pathf("%s/packs", s->dir);
	d = pd ? opendir(pd) : NULL;
	while (d != NULL && (de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char *ip, *pp;

		if (l < 6 || strcmp(de->d_name + l - 5, ".pack") != 0)
			continue;
		pp = store_pathf("%s/%s", pd, de->d_name);
		ip = store_pathf("%s/%.*s.idx", pd, (int)(l - 5), de->d_name);
		if (pp != NULL && ip != NULL && access(ip, F_OK) < 0 &&
		    errno == ENOENT)
			unlink(pp);
		free(pp);
		free(ip);
	}
	if (d != NULL)
		closedir(d);
	free(pd);
	if (removed != NULL)
		*removed = g.removed;
	if (freed != NULL)
		*freed = g.freed;
	return 0;
}
