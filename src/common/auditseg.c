/* auditseg.c -- segments of an audit log: listing, reading (zstd too) and
 * the check of one stored line that verify, recover and the writer share. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zstd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
/* SHA256_Init &c: three updates over one line without copying it; the
 * one-shot EVP digest has no streaming form that cheap. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "common/atomic.h"
#include "common/audit.h"
#include "common/canon.h"
#include "common/canonscan.h"
#include "common/hash.h"
#include "common/merkle.h"
#include "common/sha256x2.h"

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
#ifdef __SSE2__
/* Sixteen hex digits to their values; clears *ok on any other byte. */
static inline __m128i
hexval(__m128i x, int *ok)
{
	__m128i dig = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
				    _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
	__m128i let = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
				    _mm_cmplt_epi8(x, _mm_set1_epi8('f' + 1)));

	*ok &= _mm_movemask_epi8(_mm_or_si128(dig, let)) == 0xffff;
	return _mm_or_si128(
		_mm_and_si128(dig, _mm_sub_epi8(x, _mm_set1_epi8('0'))),
		_mm_and_si128(let, _mm_sub_epi8(x, _mm_set1_epi8('a' - 10))));
}

/* Pairs of digit values (high, low) to bytes: eight of them. */
static inline __m128i
hexpairs(__m128i v)
{
	return _mm_or_si128(
		_mm_slli_epi16(_mm_and_si128(v, _mm_set1_epi16(0x00ff)), 4),
		_mm_srli_epi16(v, 8));
}
#endif

static int
hex64(const char *s, size_t n, unsigned char out[CK_SHA256_LEN])
{
	const unsigned char *u = (const unsigned char *)s + 1;
	int ok = 1;

	if (n != 66 || s[0] != '"' || s[65] != '"')
		return 0;
#ifdef __SSE2__
	{
		int k;

		for (k = 0; k < 2; k++) {
			const __m128i *q = (const __m128i *)(const void *)
				(u + 32 * k);
			__m128i a = hexval(_mm_loadu_si128(q), &ok);
			__m128i b = hexval(_mm_loadu_si128(q + 1), &ok);

			_mm_storeu_si128((__m128i *)(void *)(out + 16 * k),
					 _mm_packus_epi16(hexpairs(a),
							  hexpairs(b)));
		}
	}
#else
	{
		/* digit value + 1; 0 for anything but 0-9a-f */
		static const unsigned char val[256] = {
			['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
			['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
			['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14,
			['e'] = 15, ['f'] = 16,
		};
		int i;

		for (i = 0; i < CK_SHA256_LEN; i++) {
			unsigned hi = val[u[2 * i]], lo = val[u[2 * i + 1]];

			ok &= hi != 0 && lo != 0;
			out[i] = (unsigned char)((hi - 1) << 4 | ((lo - 1) & 0xf));
		}
	}
#endif
	return ok;
}

/* The reading half of ck_audit_line_read: 1 with seq, prev, hash and
 * action in l and where the hash member is cut from the text that was
 * hashed (cut, cutlen), 0 when the line is not in the form it reads. */
static int
line_parse(const char *line, size_t len, struct ck_audit_line *l,
	   size_t *cutp, size_t *cutlenp)
{
	struct ck_canon_top top;
	const struct ck_canon_member *ms, *mp, *mh, *ma;
	size_t i;

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
		*cutp = mh->start - 1;
		*cutlenp = mh->val + mh->vallen - *cutp;
	} else {
		*cutp = mh->start;
		*cutlenp = mh->val + mh->vallen + 1 - *cutp;
	}
	return 1;
}

int
ck_audit_line_read(const char *line, size_t len, struct ck_audit_line *l)
{
	unsigned char want[CK_SHA256_LEN];
	size_t cut, cutlen;
	SHA256_CTX c;

	if (!line_parse(line, len, l, &cut, &cutlen))
		return 0;
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
ck_audit_line_read_leaf(const char *line, size_t len, struct ck_audit_line *l,
			unsigned char leaf[CK_SHA256_LEN])
{
	static const unsigned char zero = 0x00;	/* RFC 9162 leaf prefix */
	struct ck_sha256_msg chain, lm;
	unsigned char want[CK_SHA256_LEN];
	size_t cut, cutlen;

	lm.np = 2;
	lm.p[0] = &zero;
	lm.n[0] = 1;
	lm.p[1] = line;
	lm.n[1] = len;
	if (!line_parse(line, len, l, &cut, &cutlen)) {
		ck_merkle_leaf_hash(line, len, leaf);
		return 0;
	}
	chain.np = 3;
	chain.p[0] = l->prev;
	chain.n[0] = CK_SHA256_LEN;
	chain.p[1] = line;
	chain.n[1] = cut;
	chain.p[2] = line + cut + cutlen;
	chain.n[2] = len - cut - cutlen;
	ck_sha256_two(&chain, want, &lm, leaf);
	l->hash_ok = ck_ct_equal(want, l->hash, CK_SHA256_LEN);
	return 1;
}

void
ck_audit_lines_read_leaf(const char *const *line, const size_t *len,
			 unsigned n, struct ck_audit_line *l,
			 unsigned char (*leaf)[CK_SHA256_LEN], int *fast)
{
	static const unsigned char zero = 0x00;	/* RFC 9162 leaf prefix */
	struct ck_sha256_msg m[16];
	unsigned char d[16][CK_SHA256_LEN];
	unsigned i, k = 0, chain[8];

	m[0].np = 0;
	for (i = 0; i < n && i < 8; i++) {
		size_t cut, cutlen;

		m[k].np = 2;
		m[k].p[0] = &zero;
		m[k].n[0] = 1;
		m[k].p[1] = line[i];
		m[k].n[1] = len[i];
		k++;
		fast[i] = line_parse(line[i], len[i], &l[i], &cut, &cutlen);
		if (!fast[i])
			continue;
		chain[i] = k;
		m[k].np = 3;
		m[k].p[0] = l[i].prev;
		m[k].n[0] = CK_SHA256_LEN;
		m[k].p[1] = line[i];
		m[k].n[1] = cut;
		m[k].p[2] = line[i] + cut + cutlen;
		m[k].n[2] = len[i] - cut - cutlen;
		k++;
	}
	ck_sha256_many(m, k, d);
	for (i = 0, k = 0; i < n && i < 8; i++) {
		memcpy(leaf[i], d[k++], CK_SHA256_LEN);
		if (fast[i]) {
			l[i].hash_ok = ck_ct_equal(d[chain[i]], l[i].hash,
						   CK_SHA256_LEN);
			k++;
		}
	}
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
