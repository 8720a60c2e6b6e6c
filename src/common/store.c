/* store.c -- the content-addressed object store (see store.h).
 *
 * A pack index is:
 *   "DSVIDX1\n", u64 count, count entries sorted by digest, each
 *   { sha[32], u64 offset, u64 csize, u64 size }, then the SHA-256 of all
 *   the bytes before it.  Integers are little-endian.
 * The trailer lets a flipped bit in an index be named instead of sending
 * a reader to a wrong offset. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/store.h"
#include "common/store_priv.h"

#define IDX_MAGIC "DSVIDX1\n"

static void
put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

uint64_t
store_get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

char *
store_pathf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

char *
store_loose_path(const struct ck_store *s, const unsigned char sha[CK_SHA256_LEN])
{
	char hex[CK_SHA256_HEXLEN + 1];

	ck_hex_encode(sha, CK_SHA256_LEN, hex);
	return store_pathf("%s/objects/%.2s/%s", s->dir, hex, hex + 2);
}

int
ck_store_init(const char *dir, struct ck_error *err)
{
	static const char *const sub[] = { "", "/objects", "/packs", "/tmp" };
	char *p;

	for (size_t i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		p = store_pathf("%s%s", dir, sub[i]);
		if (p == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		if (ck_mkdir(p, err) < 0) {
			free(p);
			return -1;
		}
		free(p);
	}
	return ck_fsync_parent(dir, err);
}

int
ck_store_idx_check(const void *p, size_t n, uint64_t pack_size,
		   struct ck_error *err)
{
	const unsigned char *b = p;
	unsigned char sum[CK_SHA256_LEN];
	uint64_t count;

	if (n < 16 + CK_SHA256_LEN || memcmp(b, IDX_MAGIC, 8) != 0)
		return ck_error_set(err, 0, "not a pack index");
	count = store_get64(b + 8);
	if (count > (n - 16 - CK_SHA256_LEN) / ENT_LEN ||
	    16 + count * ENT_LEN + CK_SHA256_LEN != n)
		return ck_error_set(err, 0, "index length does not match its "
				    "count");
	if (ck_sha256(b, n - CK_SHA256_LEN, sum) < 0 ||
	    memcmp(sum, b + n - CK_SHA256_LEN, CK_SHA256_LEN) != 0)
		return ck_error_set(err, 0, "index checksum mismatch");
	for (uint64_t i = 0; i < count; i++) {
		const unsigned char *e = b + 16 + i * ENT_LEN;
		uint64_t off = store_get64(e + 32), cs = store_get64(e + 40);

		if (i > 0 && memcmp(e - ENT_LEN, e, CK_SHA256_LEN) >= 0)
			return ck_error_set(err, 0, "index entries out of "
					    "order");
		if (off < 8 || cs == 0 || off > pack_size ||
		    cs > pack_size - off)
			return ck_error_set(err, 0, "index entry points "
					    "outside the pack");
	}
	return 0;
}

/* Loads packs/NAME.idx and opens NAME.pack.  1 loaded, 0 bad (recorded),
 * -1 system error. */
static int
load_pack(struct ck_store *s, const char *name, struct ck_error *err)
{
	char *ip = store_pathf("%s/packs/%s.idx", s->dir, name);
	char *pp = store_pathf("%s/packs/%s.pack", s->dir, name);
	struct ck_error e2;
	struct stat st;
	char *buf = NULL;
	size_t len;
	int fd = -1, rc = -1;
	void *np;

	if (ip == NULL || pp == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	fd = open(pp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ck_error_set(&e2, errno, "pack %s: cannot open", name);
		goto bad;
	}
	if (ck_read_file(ip, (size_t)1 << 34, &buf, &len, &e2) < 0)
		goto bad;
	if (ck_store_idx_check(buf, len, (uint64_t)st.st_size, &e2) < 0)
		goto bad;
	np = realloc(s->packs, (s->npacks + 1) * sizeof(*s->packs));
	if (np == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	s->packs = np;
	s->packs[s->npacks].name = strdup(name);
	s->packs[s->npacks].fd = fd;
	s->packs[s->npacks].size = (uint64_t)st.st_size;
	s->packs[s->npacks].n = store_get64((unsigned char *)buf + 8);
	s->packs[s->npacks].ent = (unsigned char *)buf;
	s->npacks++;
	fd = -1;
	buf = NULL;
	rc = 1;
	goto out;
bad:
	np = realloc(s->badidx, (s->nbadidx + 1) * sizeof(char *));
	if (np == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	s->badidx = np;
	s->badidx[s->nbadidx++] = store_pathf("packs/%s.idx: %s", name, e2.msg);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(ip);
	free(pp);
	return rc;
}

struct ck_store *
ck_store_open(const char *dir, struct ck_error *err)
{
	struct ck_store *s;
	struct dirent *de;
	struct stat st;
	char *pd;
	DIR *d;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		ck_error_set(err, errno ? errno : ENOTDIR,
			     "no store at %s (run 'dsver init')", dir);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->dir = strdup(dir)) == NULL) {
		free(s);
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&s->mu, NULL);
	store_bufs_init(&s->bufs);
	s->cur_fd = -1;
	pd = store_pathf("%s/packs", dir);
	d = pd ? opendir(pd) : NULL;
	if (d == NULL) {
		ck_error_set(err, errno, "no store at %s (run 'dsver init')",
			     dir);
		free(pd);
		ck_store_free(s);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char name[256];

		if (l != CK_SHA256_HEXLEN + 4 ||
		    strcmp(de->d_name + CK_SHA256_HEXLEN, ".idx") != 0)
			continue;
		memcpy(name, de->d_name, CK_SHA256_HEXLEN);
		name[CK_SHA256_HEXLEN] = '\0';
		if (load_pack(s, name, err) < 0) {
			closedir(d);
			free(pd);
			ck_store_free(s);
			return NULL;
		}
	}
	closedir(d);
	free(pd);
	return s;
}

int
ck_store_refresh(struct ck_store *s, struct ck_error *err)
{
	struct dirent *de;
	char *pd = store_pathf("%s/packs", s->dir);
	DIR *d = pd ? opendir(pd) : NULL;
	int rc = 0;

	if (d == NULL) {
		rc = ck_error_set(err, errno, "cannot read %s", pd ? pd : s->dir);
		free(pd);
		return rc;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name), i;
		char name[CK_SHA256_HEXLEN + 1];

		if (l != CK_SHA256_HEXLEN + 4 ||
		    strcmp(de->d_name + CK_SHA256_HEXLEN, ".idx") != 0)
			continue;
		memcpy(name, de->d_name, CK_SHA256_HEXLEN);
		name[CK_SHA256_HEXLEN] = '\0';
		for (i = 0; i < s->npacks; i++)
			if (strcmp(s->packs[i].name, name) == 0)
				break;
		if (i < s->npacks)
			continue;
		pthread_mutex_lock(&s->mu);
		rc = load_pack(s, name, err);
		pthread_mutex_unlock(&s->mu);
		if (rc < 0)
			break;
		rc = 0;
	}
	closedir(d);
	free(pd);
	return rc;
}

const char *
ck_store_dir(const struct ck_store *s)
{
	return s->dir;
}

void
store_cur_drop(struct ck_store *s)
{
	store_dio_close(s->cur_dio);
	s->cur_dio = NULL;
	if (s->cur_fd >= 0) {
		close(s->cur_fd);
		unlink(s->cur_tmp);
	}
	s->cur_fd = -1;
	free(s->cur_tmp);
	s->cur_tmp = NULL;
	s->npend = 0;
	s->broken = 0;
	free(s->set);
	s->set = NULL;
	s->setcap = 0;
}

void
ck_store_free(struct ck_store *s)
{
	if (s == NULL)
		return;
	store_cur_drop(s);
	for (size_t i = 0; i < s->nlpend; i++) {
		unlink(s->lpend[i].tmp);	/* never synced: not published */
		free(s->lpend[i].tmp);
	}
	free(s->lpend);
	free(s->pend);
	for (size_t i = 0; i < s->npacks; i++) {
		free(s->packs[i].name);
		free(s->packs[i].ent);
		if (s->packs[i].fd >= 0)
			close(s->packs[i].fd);
	}
	free(s->packs);
	for (size_t i = 0; i < s->nbadidx; i++)
		free(s->badidx[i]);
	free(s->badidx);
	for (size_t i = 0; i < s->nenc; i++)
		store_enc_free(s->enc[i]);
	store_bufs_release(&s->bufs);
	pthread_mutex_destroy(&s->mu);
	free(s->dir);
	free(s);
}

const unsigned char *
store_pack_find(const struct pack *p, const unsigned char *sha)
{
	uint64_t lo = 0, hi = p->n;

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		const unsigned char *e = p->ent + 16 + mid * ENT_LEN;
		int c = memcmp(sha, e, CK_SHA256_LEN);

		if (c == 0)
			return e;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static size_t
set_slot(const unsigned char *sha, size_t cap)
{
	uint64_t h;

	memcpy(&h, sha, sizeof(h));
	return (size_t)h & (cap - 1);
}

/* Under s->mu.  1 if pending in the current pack. */
static int
set_has(const struct ck_store *s, const unsigned char *sha)
{
	if (s->setcap == 0)
		return 0;
	for (size_t i = set_slot(sha, s->setcap);; i = (i + 1) & (s->setcap - 1)) {
		if (s->set[i] == 0)
			return 0;
		if (memcmp(s->pend[s->set[i] - 1].sha, sha, CK_SHA256_LEN) == 0)
			return 1;
	}
}

int
store_set_add(struct ck_store *s, size_t idx)
{
	if ((s->npend + 1) * 2 > s->setcap) {
		size_t cap = s->setcap ? s->setcap * 2 : 1024;
		size_t *ns = calloc(cap, sizeof(size_t));

		if (ns == NULL)
			return -1;
		free(s->set);
		s->set = ns;
		s->setcap = cap;
		for (size_t k = 0; k < s->npend; k++)
			if (k != idx) {
				size_t i = set_slot(s->pend[k].sha, cap);

				while (ns[i] != 0)
					i = (i + 1) & (cap - 1);
				ns[i] = k + 1;
			}
	}
	size_t i = set_slot(s->pend[idx].sha, s->setcap);

	while (s->set[i] != 0)
		i = (i + 1) & (s->setcap - 1);
	s->set[i] = idx + 1;
	return 0;
}

int
store_has_locked(struct ck_store *s, const unsigned char *sha)
{
	for (size_t i = 0; i < s->npacks; i++)
		if (store_pack_find(&s->packs[i], sha) != NULL)
			return 1;
	for (size_t i = 0; i < s->nlpend; i++)
		if (memcmp(s->lpend[i].sha, sha, CK_SHA256_LEN) == 0)
			return 1;
	return set_has(s, sha);
}

int
ck_store_has(struct ck_store *s, const unsigned char sha[CK_SHA256_LEN])
{
	char *p;
	int r;

	pthread_mutex_lock(&s->mu);
	r = store_has_locked(s, sha);
	pthread_mutex_unlock(&s->mu);
	if (r)
		return 1;
	p = store_loose_path(s, sha);
	r = p != NULL && access(p, F_OK) == 0;
	free(p);
	return r;
}

static int
cmp_pend(const void *a, const void *b)
{
	return memcmp(a, b, CK_SHA256_LEN);
}

/* Writes the index of a pack of entries e[0..n) (sorted) to
 * packs/NAME.idx, having renamed tmp to packs/NAME.pack.  The name is the
 * digest of the index body, so the same content gets the same name. */
int
store_publish(struct ck_store *s, int fd, const char *tmp, struct pend *e,
	size_t n, uint64_t size, struct ck_error *err)
{
	size_t len = 16 + n * ENT_LEN + CK_SHA256_LEN;
	unsigned char *b = malloc(len), sum[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1], *pp = NULL, *ip = NULL;
	int rc = -1;

	if (b == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	qsort(e, n, sizeof(*e), cmp_pend);
	memcpy(b, IDX_MAGIC, 8);
	put64(b + 8, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char *p = b + 16 + i * ENT_LEN;

		memcpy(p, e[i].sha, CK_SHA256_LEN);
		put64(p + 32, e[i].off);
		put64(p + 40, e[i].csize);
		put64(p + 48, e[i].size);
	}
	ck_sha256(b, len - CK_SHA256_LEN, sum);
	memcpy(b + len - CK_SHA256_LEN, sum, CK_SHA256_LEN);
	ck_hex_encode(sum, CK_SHA256_LEN, hex);
	pp = store_pathf("%s/packs/%s.pack", s->dir, hex);
	ip = store_pathf("%s/packs/%s.idx", s->dir, hex);
	if (pp == NULL || ip == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	/* The pack is durable before its index names it: an index never
	 * points at bytes a crash could lose. */
	if (fsync(fd) < 0 || rename(tmp, pp) < 0) {
		ck_error_set(err, errno, "cannot publish %s", pp);
		goto out;
	}
	if (ck_fsync_parent(pp, err) < 0 ||
	    ck_atomic_write(ip, b, len, 0644, err) < 0)
		goto out;
	{
		struct ck_error e2;
		int r = load_pack(s, hex, &e2);

		if (r <= 0) {
			ck_error_set(err, 0, "%s", r < 0 ? e2.msg :
				     "new pack fails its check");
			goto out;
		}
	}
	rc = 0;
	(void)size;
out:
	free(b);
	free(pp);
	free(ip);
	return rc;
}

int
ck_store_sync(struct ck_store *s, struct ck_error *err)
{
	int rc = 0, e;

	if (store_flush_loose(s, err) < 0) {
		store_cur_drop(s);
		return -1;
	}
	if (s->cur_fd < 0)
		return 0;
	e = store_dio_close(s->cur_dio);
	s->cur_dio = NULL;
	if (e != 0)
		rc = ck_error_set(err, e, "cannot write %s", s->cur_tmp);
	else if (s->broken)
		rc = ck_error_set(err, EIO, "a write into %s failed: the pack "
				  "is not published", s->cur_tmp);
	else if (s->npend > 0)
		rc = store_publish(s, s->cur_fd, s->cur_tmp, s->pend, s->npend,
				   s->cur_off, err);
	store_cur_drop(s);
	return rc;
}
