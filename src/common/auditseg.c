/* auditseg.c -- segments of an audit log: listing, reading (zstd too) and
 * the check of one stored line that verify, recover and the writer share. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zstd.h>
/* SHA256_Init &c: three updates over one line without copying it; the
 * one-shot EVP digest has no streaming form that cheap. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "common/atomic.h"
#include "common/audit.h"
#include "common/canon.h"
#include "common/canonscan.h"
#include "common/hash.h"

/* No segment may decompress past this: 4 GiB is far above any rollover
 * size and keeps a zstd bomb from eating the machine. */
#define SEG_MAX ((size_t)4 << 30)

char *
ck_audit_path(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/* "00000000000000000042.jsonl" or ".jsonl.zst": the first seq, or 0. */
static uint64_t
seg_name(const char *name, int *zst)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 20; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(name[i] - '0');
	}
	if (strcmp(name + 20, ".jsonl") == 0)
		*zst = 0;
	else if (strcmp(name + 20, ".jsonl.zst") == 0)
		*zst = 1;
	else
		return 0;
	return v;
}

static int
seg_cmp(const void *x, const void *y)
{
	const struct ck_audit_seg *a = x, *b = y;

	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->zst - b->zst;	/* the plain copy first */
}

void
ck_audit_segs_free(struct ck_audit_seg *segs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(segs[i].path);
	free(segs);
}

int
ck_audit_segs(const char *dir, struct ck_audit_seg **segs, size_t *n,
	      struct ck_error *err)
{
	struct ck_audit_seg *v = NULL, *nv;
	size_t cnt = 0, cap = 0, i, o;
	char *sdir = ck_audit_path(dir, "seg");
	struct dirent *de;
	DIR *d;

	*segs = NULL;
	*n = 0;
	if (sdir == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	d = opendir(sdir);
	if (d == NULL) {
		int e = errno;

		ck_error_set(err, e, "cannot open %s", sdir);
		free(sdir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		int zst = 0;
		uint64_t first = seg_name(de->d_name, &zst);

		if (first == 0)
			continue;	/* temporaries, other files */
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof *v);
			if (nv == NULL)
				goto nomem;
			v = nv;
		}
		v[cnt].path = ck_audit_path(sdir, de->d_name);
		if (v[cnt].path == NULL)
			goto nomem;
		v[cnt].first = first;
		v[cnt].zst = zst;
		cnt++;
	}
	closedir(d);
	free(sdir);
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, seg_cmp);
	/* An archive interrupted between writing NAME.jsonl.zst and
	 * unlinking NAME.jsonl leaves both: the plain one is the original. */
	for (i = o = 0; i < cnt; i++) {
		if (o > 0 && v[o - 1].first == v[i].first) {
			free(v[i].path);
			continue;
		}
		v[o++] = v[i];
	}
	*segs = v;
	*n = o;
	return 0;
nomem:
	closedir(d);
	free(sdir);
	ck_audit_segs_free(v, cnt);
	return ck_error_set(err, ENOMEM, "out of memory");
}

static int
unzstd(const char *path, const char *in, size_t inlen, char **out,
       size_t *outlen, struct ck_error *err)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, inlen, 0 };
	size_t cap = inlen * 4 + 4096, len = 0, r = 1;
	char *buf = malloc(cap + 1), *nb;

	if (ds == NULL || buf == NULL)
		goto nomem;
	ZSTD_initDStream(ds);
	while (ib.pos < ib.size || r != 0) {
		ZSTD_outBuffer ob;

		if (cap - len < 65536) {
			if (cap >= SEG_MAX) {
				ck_error_set(err, EFBIG, "%s: decompresses to "
					     "more than 4 GiB", path);
				goto fail;
			}
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (nb == NULL)
				goto nomem;
			buf = nb;
		}
		ob.dst = buf + len;
		ob.size = cap - len;
		ob.pos = 0;
		r = ZSTD_decompressStream(ds, &ob, &ib);
		if (ZSTD_isError(r)) {
			ck_error_set(err, 0, "%s: %s", path, ZSTD_getErrorName(r));
			goto fail;
		}
		len += ob.pos;
		if (ib.pos == ib.size && ob.pos == 0 && r != 0) {
			ck_error_set(err, 0, "%s: truncated zstd data", path);
			goto fail;
		}
	}
	ZSTD_freeDStream(ds);
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
nomem:
	ck_error_set(err, ENOMEM, "out of memory");
fail:
	ZSTD_freeDStream(ds);
	free(buf);
	return -1;
}

int
ck_audit_seg_read(const struct ck_audit_seg *s, char **data, size_t *len,
		  struct ck_error *err)
{
	char *raw;
	size_t n;
	int rc;

	if (ck_read_file(s->path, SEG_MAX, &raw, &n, err) < 0)
		return -1;
	if (!s->zst) {
		*data = raw;
		*len = n;
		return 0;
	}
	rc = unzstd(s->path, raw, n, data, len, err);
	free(raw);
	return rc;
}

/* A value "<64 lowercase hex digits>" (with its quotes) decoded; 0 when
 * it is anything else. */
static int
hex64(const char *s, size_t n, unsigned char out[CK_SHA256_LEN])
{
	/* digit value + 1; 0 for anything but 0-9a-f */
	static const unsigned char val[256] = {
		['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
		['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
		['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
		['f'] = 16,
	};
	const unsigned char *u = (const unsigned char *)s + 1;
	int ok = 1, i;

	if (n != 66 || s[0] != '"' || s[65] != '"')
		return 0;
	for (i = 0; i < CK_SHA256_LEN; i++) {
		unsigned hi = val[u[2 * i]], lo = val[u[2 * i + 1]];

		ok &= hi != 0 && lo != 0;
		out[i] = (unsigned char)((hi - 1) << 4 | ((lo - 1) & 0xf));
	}
	return ok;
}

int
ck_audit_line_read(const char *line, size_t len, struct ck_audit_line *l)
{
	struct ck_canon_top top;
	const struct ck_canon_member *ms, *mp, *mh, *ma;
	unsigned char want[CK_SHA256_LEN];
	size_t i, cut, cutlen;
	SHA256_CTX c;

	if (!ck_canon_scan(line, len, &top))
		return 0;
	ms = ck_canon_top_find(line, &top, "seq");
	mp = ck_canon_top_find(line, &top, "prev");
	mh = ck_canon_top_find(line, &top, "hash");
	if (ms == NULL || mp == NULL || mh == NULL || ms->vallen > 15 ||
	    line[ms->val] == '-' ||
	    !hex64(line + mh->val, mh->vallen, l->hash) ||
	    !hex64(line + mp->val, mp->vallen, l->prev))
		return 0;	/* let the slow path say what is wrong */
	ma = ck_canon_top_find(line, &top, "action");
	l->action = ma ? ma->val : 0;
	l->action_len = ma ? ma->vallen : 0;
	l->seq = 0;
	for (i = 0; i < ms->vallen; i++)
		l->seq = l->seq * 10 + (uint64_t)(line[ms->val + i] - '0');
	/* Cut `"hash":"..."` with the comma before it, or after it when it
	 * is the first member. */
	if (mh->start > 1) {
		cut = mh->start - 1;
		cutlen = mh->val + mh->vallen - cut;
	} else {
		cut = mh->start;
		cutlen = mh->val + mh->vallen + 1 - cut;
	}
	/* Hashed from the line's own prev: ck_audit_line_link checks that
	 * prev is the hash of the event before. */
	SHA256_Init(&c);
	SHA256_Update(&c, l->prev, CK_SHA256_LEN);
	SHA256_Update(&c, line, cut);
	SHA256_Update(&c, line + cut + cutlen, len - cut - cutlen);
	SHA256_Final(want, &c);
	l->hash_ok = ck_ct_equal(want, l->hash, CK_SHA256_LEN);
	return 1;
}

int
ck_audit_line_link(const struct ck_audit_line *l, uint64_t want_seq,
		   const unsigned char prev[CK_SHA256_LEN],
		   unsigned char hash[CK_SHA256_LEN], struct ck_error *err)
{
	if (l->seq != want_seq)
		return ck_error_set(err, 0, "seq %llu where %llu was expected "
				    "(event removed, inserted or reordered)",
				    (unsigned long long)l->seq,
				    (unsigned long long)want_seq);
	if (memcmp(l->prev, prev, CK_SHA256_LEN) != 0)
		return ck_error_set(err, 0, "prev does not match the hash of "
				    "the event before");
	if (!l->hash_ok)
		return ck_error_set(err, 0, "hash mismatch (event changed)");
	memcpy(hash, l->hash, CK_SHA256_LEN);
	return 0;
}

int
ck_audit_check_line(const char *line, size_t len, uint64_t want_seq,
		    const unsigned char prev[CK_SHA256_LEN],
		    unsigned char hash[CK_SHA256_LEN], json_t **evp,
		    struct ck_error *err)
{
	unsigned char want[CK_SHA256_LEN], got[CK_SHA256_LEN];
	char prevhex[CK_SHA256_HEXLEN + 1], member[80];
	struct ck_buf b = CK_BUF_INIT;
	json_error_t jerr;
	json_t *ev, *v;
	const char *hs, *at;
	size_t mlen;
	int rc = -1;

	if (evp)
		*evp = NULL;
	if (evp == NULL) {
		/* The fast path: the line is already canonical, so the text
		 * without "hash" is the line with that member cut out and is
		 * hashed in place. */
		struct ck_audit_line l;

		if (ck_audit_line_read(line, len, &l))
			return ck_audit_line_link(&l, want_seq, prev, hash,
						  err);
	}
	ev = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (ev == NULL || !json_is_object(ev)) {
		ck_error_set(err, 0, "not a JSON object");
		goto out;
	}
	v = json_object_get(ev, "seq");
	if (!json_is_integer(v) || (uint64_t)json_integer_value(v) != want_seq) {
		ck_error_set(err, 0, json_is_integer(v) ? "seq %lld where %llu "
			     "was expected (event removed, inserted or "
			     "reordered)" : "no seq", (long long)
			     json_integer_value(v), (unsigned long long)want_seq);
		goto out;
	}
	ck_hex_encode(prev, CK_SHA256_LEN, prevhex);
	v = json_object_get(ev, "prev");
	if (!json_is_string(v) || strcmp(json_string_value(v), prevhex) != 0) {
		ck_error_set(err, 0, "prev does not match the hash of the "
			     "event before");
		goto out;
	}
	v = json_object_get(ev, "hash");
	hs = json_string_value(v);
	if (hs == NULL || strlen(hs) != CK_SHA256_HEXLEN ||
	    ck_hex_decode(hs, CK_SHA256_HEXLEN, got, sizeof got) < 0) {
		ck_error_set(err, 0, "no valid hash");
		goto out;
	}
	ck_hex_encode(got, CK_SHA256_LEN, prevhex);
	if (strcmp(prevhex, hs) != 0) {	/* lowercase only: one spelling */
		ck_error_set(err, 0, "no valid hash");
		goto out;
	}
	mlen = (size_t)snprintf(member, sizeof member, "\"hash\":\"%s\"", hs);
	{
		/* hash = SHA-256(prev || canonical JSON without hash); a
		 * shallow copy keeps the caller's event in its order. */
		json_t *copy = json_copy(ev);
		struct ck_sha256 *h;
		int ok;

		if (copy == NULL || json_object_del(copy, "hash") < 0 ||
		    ck_canon_append(&b, copy, err) < 0) {
			json_decref(copy);
			if (err && err->msg[0] == '\0')
				ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		json_decref(copy);
		h = ck_sha256_new();
		ok = h && ck_sha256_update(h, prev, CK_SHA256_LEN) == 0 &&
		     ck_sha256_update(h, b.data, b.len) == 0 &&
		     ck_sha256_final(h, want) == 0;
		ck_sha256_free(h);
		if (!ok) {
			ck_error_set(err, ENOMEM, "cannot hash");
			goto out;
		}
	}
	if (!ck_ct_equal(want, got, CK_SHA256_LEN)) {
		ck_error_set(err, 0, "hash mismatch (event changed)");
		goto out;
	}
	/* The line must be the canonical form: that form with the hash
	 * member taken out is exactly what was hashed. */
	at = memmem(line, len, member, mlen);
	if (at == NULL || b.len + mlen + 1 != len) {
		ck_error_set(err, 0, "not in canonical form");
		goto out;
	}
	{
		size_t pre = (size_t)(at - line);
		int comma_before = pre > 0 && line[pre - 1] == ',';
		size_t cut = comma_before ? pre - 1 : pre;
		size_t tail = cut + mlen + 1;	/* after "member," or ",member" */

		if (memcmp(line, b.data, cut) != 0 ||
		    (!comma_before && line[pre + mlen] != ',') ||
		    memcmp(line + tail, b.data + cut, len - tail) != 0) {
			ck_error_set(err, 0, "not in canonical form");
			goto out;
		}
	}
	memcpy(hash, got, CK_SHA256_LEN);
	if (evp) {
		*evp = ev;
		ev = NULL;
	}
	rc = 0;
out:
	ck_buf_release(&b);
	json_decref(ev);
	return rc;
}
