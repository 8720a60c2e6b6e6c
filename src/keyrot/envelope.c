/* envelope.c -- the envelope format (see envelope.h): header, key
 * wrapping, and the segmented AES-256-GCM payload. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hash.h"
#include "keyrot/envelope.h"

static const unsigned char magic[6] = { 'K', 'E', 'Y', 'R', 'O', 'T' };

/* OpenSSL 3 looks a cipher up by name on every EVP_aes_256_gcm() init;
 * with a data key per record field that look-up dominates, so fetch it
 * once (kept for the life of the process). */
const EVP_CIPHER *
kr_gcm_cipher(void)
{
	static EVP_CIPHER *c;

	if (c == NULL)
		c = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
	return c != NULL ? c : EVP_aes_256_gcm();
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int
kr_is_envelope(const void *p, size_t n)
{
	return n >= sizeof(magic) && memcmp(p, magic, sizeof(magic)) == 0;
}

int
kr_header_parse(const void *p, size_t n, struct kr_header *h,
		struct ck_error *err)
{
	const unsigned char *b = p;

	if (!kr_is_envelope(p, n))
		return ck_error_set(err, 0, "not a keyrot envelope");
	if (n < KR_HDR_LEN)
		return ck_error_set(err, 0, "truncated header");
	if (b[6] != 1)
		return ck_error_set(err, 0, "envelope format version %u is not "
				    "supported (this build reads 1)", b[6]);
	if (b[7] != 0)
		return ck_error_set(err, 0, "unknown envelope flags 0x%02x",
				    b[7]);
	h->version = get32(b + 8);
	h->segsize = get32(b + 12);
	if (h->version == 0)
		return ck_error_set(err, 0, "key version 0 in header");
	if (h->segsize < KR_SEG_MIN || h->segsize > KR_SEG_MAX)
		return ck_error_set(err, 0, "segment size %u out of bounds",
				    h->segsize);
	memcpy(h->wnonce, b + 16, 12);
	memcpy(h->wrapped, b + 28, sizeof(h->wrapped));
	return 0;
}

void
kr_header_write(const struct kr_header *h, unsigned char out[KR_HDR_LEN])
{
	memcpy(out, magic, 6);
	out[6] = 1;
	out[7] = 0;
	put32(out + 8, h->version);
	put32(out + 12, h->segsize);
	memcpy(out + 16, h->wnonce, 12);
	memcpy(out + 28, h->wrapped, sizeof(h->wrapped));
}

/* As with the cipher, fetch SHA-256 once: a context per record field. */
void
kr_context_hash(const char *ctx, size_t n, unsigned char out[32])
{
	static EVP_MD *md;

	if (md == NULL)
		md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (md != NULL ? EVP_Digest(ctx, n, out, NULL, md, NULL) != 1 :
	    ck_sha256(ctx, n, out) < 0)
		abort();	/* SHA-256 of memory cannot fail but on ENOMEM */
}

void
kr_wrap_ad(const struct kr_header *h, const unsigned char ctxh[32],
	unsigned char ad[48])
{
	unsigned char raw[KR_HDR_LEN];

	kr_header_write(h, raw);
	memcpy(ad, raw, 16);
	memcpy(ad + 16, ctxh, 32);
}

static int
gcm_once(int enc, const unsigned char *key, const unsigned char *iv,
	 const unsigned char *ad, size_t adlen, const unsigned char *in,
	 size_t n, unsigned char *out, unsigned char *tag)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len, ok = 0;

	if (ctx == NULL)
		return -1;
	if (EVP_CipherInit_ex(ctx, kr_gcm_cipher(), NULL, key, iv, enc) == 1
	    && EVP_CipherUpdate(ctx, NULL, &len, ad, (int)adlen) == 1 &&
	    EVP_CipherUpdate(ctx, out, &len, in, (int)n) == 1 &&
	    (enc || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16,
					tag) == 1) &&
	    EVP_CipherFinal_ex(ctx, out + n, &len) == 1 &&
	    (!enc || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16,
					 tag) == 1))
		ok = 1;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int
kr_wrap(const unsigned char vkey[KR_KEY_LEN], struct kr_header *h,
	const unsigned char ctxh[32], const unsigned char dkey[KR_KEY_LEN],
	struct ck_error *err)
{
	unsigned char ad[48];

	if (ck_random_bytes(h->wnonce, sizeof(h->wnonce), err) < 0)
		return -1;
	kr_wrap_ad(h, ctxh, ad);
	if (gcm_once(1, vkey, h->wnonce, ad, sizeof(ad), dkey, KR_KEY_LEN,
		     h->wrapped, h->wrapped + KR_KEY_LEN) < 0)
		return ck_error_set(err, 0, "AES-256-GCM failed");
	return 0;
}

int
kr_unwrap(const unsigned char vkey[KR_KEY_LEN], const struct kr_header *h,
	  const unsigned char ctxh[32], unsigned char dkey[KR_KEY_LEN],
	  struct ck_error *err)
{
	unsigned char ad[48], tag[KR_TAG_LEN];

	kr_wrap_ad(h, ctxh, ad);
	memcpy(tag, h->wrapped + KR_KEY_LEN, KR_TAG_LEN);
	if (gcm_once(0, vkey, h->wnonce, ad, sizeof(ad), h->wrapped,
		     KR_KEY_LEN, dkey, tag) < 0) {
		ck_wipe(dkey, KR_KEY_LEN);
		return ck_error_set(err, 0, "authentication failed (wrapped "
				    "data key: wrong key version, altered "
				    "header or another object's context)");
	}
	return 0;
}

ssize_t
kr_source_read(struct kr_source *s, void *buf, size_t n)
{
	size_t got = 0;

	if (s->fd < 0) {
		if (n > s->len - s->off)
			n = s->len - s->off;
		memcpy(buf, s->mem + s->off, n);
		s->off += n;
		return (ssize_t)n;
	}
	/* fill as much as asked: segment logic wants whole reads */
	while (got < n) {
		ssize_t r = read(s->fd, (char *)buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int
write_all(int fd, const void *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p = (const char *)p + w;
		n -= (size_t)w;
	}
	return 0;
}

int
kr_sink_write(struct kr_sink *k, const void *p, size_t n,
	      struct ck_error *err)
{
	k->written += n;
	if (k->discard)
		return 0;
	if (k->mem != NULL && !k->streamed) {
		if (ck_buf_append(k->mem, p, n) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		if (k->fd < 0 || k->mem->len <= k->hold)
			return 0;
		/* past the hold: what is held goes out, the rest streams */
		k->streamed = 1;
		if (write_all(k->fd, k->mem->data, k->mem->len) < 0)
			return ck_error_set(err, errno, "write error");
		/* never used again: wiped and freed now, so that the end
		 * has nothing to wipe */
		ck_wipe(k->mem->data, k->mem->len);
		ck_buf_release(k->mem);
		return 0;
	}
	if (write_all(k->fd, p, n) < 0)
		return ck_error_set(err, errno, "write error");
	return 0;
}

int
kr_sink_finish(struct kr_sink *k, struct ck_error *err)
{
	if (k->discard || k->mem == NULL || k->fd < 0 || k->streamed)
		return 0;
	if (write_all(k->fd, k->mem->data, k->mem->len) < 0)
		return ck_error_set(err, errno, "write error");
	return 0;
}

int
kr_read_header(struct kr_source *src, unsigned char raw[KR_HDR_LEN],
	       struct kr_header *h, struct ck_error *err)
{
	ssize_t n = kr_source_read(src, raw, KR_HDR_LEN);

	if (n < 0)
		return ck_error_set(err, errno, "read error");
	return kr_header_parse(raw, (size_t)n, h, err);
}

void
kr_seg_nonce(unsigned char iv[12], uint64_t counter, int final)
{
	memset(iv, 0, 3);
	for (int i = 0; i < 8; i++)
		iv[3 + i] = (unsigned char)(counter >> (56 - 8 * i));
	iv[11] = final ? 1 : 0;
}

int
kr_seg_crypt(EVP_CIPHER_CTX *ctx, int enc, uint64_t counter, int final,
	     const unsigned char ctxh[32], const unsigned char *in, size_t n,
	     unsigned char *out, unsigned char *tag)
{
	unsigned char iv[12];

	kr_seg_nonce(iv, counter, final);
	if (EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, enc) != 1)
		return -1;
	return kr_seg_body(ctx, enc, ctxh, in, n, out, tag);
}

int
kr_seg_body(EVP_CIPHER_CTX *ctx, int enc, const unsigned char ctxh[32],
	    const unsigned char *in, size_t n, unsigned char *out,
	    unsigned char *tag)
{
	int len;

	if (EVP_CipherUpdate(ctx, NULL, &len, ctxh, 32) != 1 ||
	    (n > 0 && EVP_CipherUpdate(ctx, out, &len, in, (int)n) != 1))
		return -1;
	if (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, KR_TAG_LEN,
					tag) != 1)
		return -1;
	if (EVP_CipherFinal_ex(ctx, out + n, &len) != 1)
		return -1;
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, KR_TAG_LEN,
				       tag) != 1)
		return -1;
	return 0;
}

/* Segments processed per read: 1 MiB of plaintext at the default size. */
#define BATCH 16

/* A buffer for a regular file of the rest of its size (plus the byte
 * kept back), at least min and at most cap: a 1 KB object needs no MiB
 * (malloc'd from the heap, not brk grown and shrunk for each object). */
static size_t
fd_cap(int fd, size_t cap, size_t min)
{
	struct stat st;
	off_t off;
	size_t want;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (off = lseek(fd, 0, SEEK_CUR)) < 0)
		return cap;
	want = st.st_size > off ? (size_t)(st.st_size - off) + 1 : 1;
	if (want < min)
		want = min;
	return want < cap ? want : cap;
}

int
kr_encrypt_stream(uint32_t version, const unsigned char vkey[KR_KEY_LEN],
		  uint32_t segsize, const unsigned char ctxh[32],
		  struct kr_source *src, struct kr_sink *dst,
		  struct ck_error *err)
{
	unsigned char rnd[KR_KEY_LEN + 12];
	int rc;

	if (ck_random_bytes(rnd, sizeof(rnd), err) < 0)
		return -1;
	rc = kr_encrypt_stream_keyed(version, vkey, segsize, ctxh, rnd,
				     rnd + KR_KEY_LEN, src, dst, err);
	ck_wipe(rnd, sizeof(rnd));
	return rc;
}

int
kr_encrypt_stream_keyed(uint32_t version,
			const unsigned char vkey[KR_KEY_LEN],
			uint32_t segsize, const unsigned char ctxh[32],
			const unsigned char dkey_in[KR_KEY_LEN],
			const unsigned char wnonce[12], struct kr_source *src,
			struct kr_sink *dst, struct ck_error *err)
{
	struct kr_header h;
	unsigned char raw[KR_HDR_LEN], dkey[KR_KEY_LEN], ad[48];
	size_t cap = (size_t)segsize * BATCH + 1, have = 0, hw = 0;
	unsigned char *in = NULL, *out = NULL;
	size_t nout;
	EVP_CIPHER_CTX *ctx = NULL;
	uint64_t counter = 0;
	int eof = 0, rc = -1;

	h.version = version;
	h.segsize = segsize;
	memcpy(dkey, dkey_in, sizeof(dkey));
	memcpy(h.wnonce, wnonce, sizeof(h.wnonce));
	kr_wrap_ad(&h, ctxh, ad);
	if (gcm_once(1, vkey, h.wnonce, ad, sizeof(ad), dkey, KR_KEY_LEN,
		     h.wrapped, h.wrapped + KR_KEY_LEN) < 0) {
		ck_error_set(err, 0, "AES-256-GCM failed");
		goto out;
	}
	kr_header_write(&h, raw);
	if (kr_sink_write(dst, raw, sizeof(raw), err) < 0)
		goto out;
	/* memory (a record field) needs buffers its size, not a batch's:
	 * small allocations, little to wipe */
	if (src->fd < 0 && src->len - src->off < cap - 1)
		cap = src->len - src->off + 1;
	else if (src->fd >= 0)
		cap = fd_cap(src->fd, cap, (size_t)segsize + 1);
	nout = cap + (cap / segsize + 2) * KR_TAG_LEN;
	in = malloc(cap);
	out = malloc(nout);
	ctx = EVP_CIPHER_CTX_new();
	if (in == NULL || out == NULL || ctx == NULL ||
	    EVP_EncryptInit_ex(ctx, kr_gcm_cipher(), NULL, dkey, NULL) != 1) {
		ck_error_set(err, ENOMEM, "cannot set up AES-256-GCM");
		goto out;
	}
	for (;;) {
		size_t o = 0, k, off = 0;

		while (!eof && have < cap) {
			ssize_t r = kr_source_read(src, in + have, cap - have);

			if (r < 0) {
				ck_error_set(err, errno, "read error");
				goto out;
			}
			if (r == 0)
				eof = 1;
			have += (size_t)r;
			if (have > hw)
				hw = have;
		}
		/* without EOF keep at least one byte back: the segment
		 * before it is then known not to be the last */
		k = eof ? (have + segsize - 1) / segsize : (have - 1) / segsize;
		if (eof && k == 0)
			k = 1;	/* an empty object: one empty final segment */
		for (size_t i = 0; i < k; i++) {
			size_t n = have - off < segsize ? have - off : segsize;
			int final = eof && i == k - 1;

			if (kr_seg_crypt(ctx, 1, counter++, final, ctxh,
					 in + off, n, out + o,
					 out + o + n) < 0) {
				ck_error_set(err, 0, "AES-256-GCM failed");
				goto out;
			}
			off += n;
			o += n + KR_TAG_LEN;
		}
		if (kr_sink_write(dst, out, o, err) < 0)
			goto out;
		if (eof)
			break;
		memmove(in, in + off, have - off);
		have -= off;
	}
	rc = 0;
out:
	ck_wipe(dkey, sizeof(dkey));
	if (in != NULL) {
		/* only what was read holds plaintext: wiping all of cap
		 * would fault in a MiB for a 1 KB object */
		ck_wipe(in, hw);
		free(in);
	}
	free(out);
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int
kr_decrypt_payload(const struct kr_header *h,
		   const unsigned char dkey[KR_KEY_LEN],
		   const unsigned char ctxh[32], struct kr_source *src,
		   struct kr_sink *dst, struct ck_error *err)
{
	size_t segc = (size_t)h->segsize + KR_TAG_LEN;
	size_t cap = segc * BATCH + 1, have = 0, outcap, hw = 0;
	unsigned char *in, *out;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint64_t counter = 0;
	int eof = 0, rc = -1;

	if (src->fd < 0 && src->len - src->off < cap - 1)
		cap = src->len - src->off + 1;	/* a field: its own size */
	else if (src->fd >= 0)
		cap = fd_cap(src->fd, cap, segc + 1);
	outcap = cap;
	in = malloc(cap);
	out = malloc(outcap);
	if (in == NULL || out == NULL || ctx == NULL ||
	    EVP_DecryptInit_ex(ctx, kr_gcm_cipher(), NULL, dkey, NULL) != 1) {
		ck_error_set(err, ENOMEM, "cannot set up AES-256-GCM");
		goto out;
	}
	for (;;) {
		size_t o = 0, k, off = 0;

		while (!eof && have < cap) {
			ssize_t r = kr_source_read(src, in + have, cap - have);

			if (r < 0) {
				ck_error_set(err, errno, "read error");
				goto out;
			}
			if (r == 0)
				eof = 1;
			have += (size_t)r;
		}
		if (eof && have == 0) {
			ck_error_set(err, 0, "truncated: the final segment is "
				     "missing");
			goto out;
		}
		k = eof ? (have + segc - 1) / segc : (have - 1) / segc;
		for (size_t i = 0; i < k; i++) {
			size_t n = have - off < segc ? have - off : segc;
			int final = eof && i == k - 1;

			if (n < KR_TAG_LEN || (final && n == KR_TAG_LEN &&
					       counter > 0)) {
				ck_error_set(err, 0, "truncated segment %llu",
					     (unsigned long long)counter);
				goto out;
			}
			n -= KR_TAG_LEN;
			if (kr_seg_crypt(ctx, 0, counter, final, ctxh, in + off,
				      n, out + o,
				      in + off + n) < 0) {
				ck_wipe(out, o + n);
				ck_error_set(err, 0, "authentication failed at "
					     "segment %llu (altered, "
					     "reordered, truncated or "
					     "extended)",
					     (unsigned long long)counter);
				goto out;
			}
			counter++;
			off += n + KR_TAG_LEN;
			o += n;
		}
		if (o > hw)
			hw = o;
		/* out is overwritten by the next batch and wiped whole at the
		 * end: no wipe per batch (it cost a fifth of the time) */
		if (kr_sink_write(dst, out, o, err) < 0)
			goto out;
		if (eof)
			break;
		memmove(in, in + off, have - off);
		have -= off;
	}
	rc = 0;
out:
	free(in);
	if (out != NULL) {
		/* what was written (also by a segment that failed) */
		ck_wipe(out, hw);
		free(out);
	}
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}
