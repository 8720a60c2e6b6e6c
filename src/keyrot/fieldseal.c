/* fieldseal.c -- envelopes of small in-memory objects with state kept
 * across objects (see fieldseal.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "common/hash.h"
#include "keyrot/fieldseal.h"

/* Random bytes per DRBG call: 44 a field, so about 90 fields a call. */
#define POOL 4096

struct kr_fseal {
	EVP_CIPHER_CTX *wrap;	/* keyed with vkey while have_vkey */
	EVP_CIPHER_CTX *data;	/* re-keyed with each data key */
	EVP_MD_CTX *md;		/* SHA-256 of contexts */
	EVP_MD *sha256;
	unsigned char vkey[KR_KEY_LEN];
	int have_vkey;
	unsigned char pool[POOL];
	size_t left;		/* unused bytes at the end of pool */
};

struct kr_fseal *
kr_fseal_new(void)
{
	struct kr_fseal *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->wrap = EVP_CIPHER_CTX_new();
	s->data = EVP_CIPHER_CTX_new();
	s->md = EVP_MD_CTX_new();
	s->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (s->wrap == NULL || s->data == NULL || s->md == NULL ||
	    s->sha256 == NULL ||
	    EVP_CipherInit_ex(s->wrap, kr_gcm_cipher(), NULL, NULL, NULL,
			      1) != 1 ||
	    EVP_CipherInit_ex(s->data, kr_gcm_cipher(), NULL, NULL, NULL,
			      1) != 1) {
		kr_fseal_free(s);
		errno = ENOMEM;
		return NULL;
	}
	return s;
}

void
kr_fseal_free(struct kr_fseal *s)
{
	if (s == NULL)
		return;
	EVP_CIPHER_CTX_free(s->wrap);	/* cleanses the key schedules */
	EVP_CIPHER_CTX_free(s->data);
	EVP_MD_CTX_free(s->md);
	EVP_MD_free(s->sha256);
	ck_wipe(s, sizeof(*s));
	free(s);
}

void
kr_fseal_hash(struct kr_fseal *s, const char *ctx, size_t n,
	      unsigned char out[32])
{
	if (EVP_DigestInit_ex(s->md, s->sha256, NULL) != 1 ||
	    EVP_DigestUpdate(s->md, ctx, n) != 1 ||
	    EVP_DigestFinal_ex(s->md, out, NULL) != 1)
		kr_context_hash(ctx, n, out);
}

/* Segment 0 keyed and its nonce set by one init (a field is mostly one
 * segment), later ones by kr_seg_crypt. */
static int
seg_first(struct kr_fseal *s, int enc, const unsigned char *dkey,
	  int final, const unsigned char ctxh[32], const unsigned char *in,
	  size_t n, unsigned char *out, unsigned char *tag)
{
	unsigned char iv[12];

	kr_seg_nonce(iv, 0, final);
	if (EVP_CipherInit_ex(s->data, NULL, NULL, dkey, iv, enc) != 1)
		return -1;
	return kr_seg_body(s->data, enc, ctxh, in, n, out, tag);
}

/* n random bytes from the pool, refilled from the DRBG when short. */
static int
take(struct kr_fseal *s, unsigned char *out, size_t n, struct ck_error *err)
{
	unsigned char *p;

	if (s->left < n) {
		if (ck_random_bytes(s->pool, sizeof(s->pool), err) < 0)
			return -1;
		s->left = sizeof(s->pool);
	}
	p = s->pool + sizeof(s->pool) - s->left;
	memcpy(out, p, n);
	ck_wipe(p, n);
	s->left -= n;
	return 0;
}

/* AES-256-GCM of one short message on the wrap context, keyed with vkey
 * (the schedule is kept while vkey stays the same). */
static int
wrap_gcm(struct kr_fseal *s, int enc, const unsigned char *vkey,
	 const unsigned char *iv, const unsigned char ad[48],
	 const unsigned char *in, unsigned char *out, unsigned char *tag)
{
	const unsigned char *key = NULL;
	int len;

	if (!s->have_vkey || CRYPTO_memcmp(s->vkey, vkey, KR_KEY_LEN) != 0) {
		memcpy(s->vkey, vkey, KR_KEY_LEN);
		s->have_vkey = 1;
		key = vkey;
	}
	if (EVP_CipherInit_ex(s->wrap, NULL, NULL, key, iv, enc) != 1 ||
	    EVP_CipherUpdate(s->wrap, NULL, &len, ad, 48) != 1 ||
	    EVP_CipherUpdate(s->wrap, out, &len, in, KR_KEY_LEN) != 1 ||
	    (!enc && EVP_CIPHER_CTX_ctrl(s->wrap, EVP_CTRL_GCM_SET_TAG,
					 KR_TAG_LEN, tag) != 1) ||
	    EVP_CipherFinal_ex(s->wrap, out + KR_KEY_LEN, &len) != 1 ||
	    (enc && EVP_CIPHER_CTX_ctrl(s->wrap, EVP_CTRL_GCM_GET_TAG,
					KR_TAG_LEN, tag) != 1)) {
		if (key != NULL)
			s->have_vkey = 0;	/* schedule state unknown */
		return -1;
	}
	return 0;
}

int
kr_fseal_seal_keyed(struct kr_fseal *s, uint32_t version,
		    const unsigned char vkey[KR_KEY_LEN], uint32_t segsize,
		    const unsigned char ctxh[32],
		    const unsigned char dkey[KR_KEY_LEN],
		    const unsigned char wnonce[12], const unsigned char *in,
		    size_t n, struct ck_buf *out, struct ck_error *err)
{
	struct kr_header h;
	unsigned char ad[48], *o;
	size_t nseg = n == 0 ? 1 : (n + segsize - 1) / segsize, off = 0;
	uint64_t counter;

	if (ck_buf_reserve(out, KR_HDR_LEN + n + nseg * KR_TAG_LEN) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	h.version = version;
	h.segsize = segsize;
	memcpy(h.wnonce, wnonce, sizeof(h.wnonce));
	kr_wrap_ad(&h, ctxh, ad);
	if (wrap_gcm(s, 1, vkey, h.wnonce, ad, dkey, h.wrapped,
		     h.wrapped + KR_KEY_LEN) < 0)
		return ck_error_set(err, 0, "AES-256-GCM failed");
	o = (unsigned char *)out->data + out->len;
	kr_header_write(&h, o);
	o += KR_HDR_LEN;
	for (counter = 0; counter < nseg; counter++) {
		size_t k = n - off < segsize ? n - off : segsize;

		int final = counter == nseg - 1;

		if ((counter == 0 ?
		     seg_first(s, 1, dkey, final, ctxh, in + off, k, o, o + k) :
		     kr_seg_crypt(s->data, 1, counter, final, ctxh, in + off,
				  k, o, o + k)) < 0)
			return ck_error_set(err, 0, "AES-256-GCM failed");
		off += k;
		o += k + KR_TAG_LEN;
	}
	out->len += KR_HDR_LEN + n + nseg * KR_TAG_LEN;
	out->data[out->len] = '\0';
	return 0;
}

int
kr_fseal_seal(struct kr_fseal *s, uint32_t version,
	      const unsigned char vkey[KR_KEY_LEN], uint32_t segsize,
	      const unsigned char ctxh[32], const unsigned char *in, size_t n,
	      struct ck_buf *out, struct ck_error *err)
{
	unsigned char rnd[KR_KEY_LEN + 12];
	int rc;

	if (take(s, rnd, sizeof(rnd), err) < 0)
		return -1;
	rc = kr_fseal_seal_keyed(s, version, vkey, segsize, ctxh, rnd,
				 rnd + KR_KEY_LEN, in, n, out, err);
	ck_wipe(rnd, sizeof(rnd));
	return rc;
}

/* The payload after the header: as kr_decrypt_payload, from memory. */
static int
open_payload(struct kr_fseal *s, const struct kr_header *h,
	     const unsigned char *dkey, const unsigned char ctxh[32],
	     const unsigned char *in, size_t n, struct ck_buf *out,
	     struct ck_error *err)
{
	size_t segc = (size_t)h->segsize + KR_TAG_LEN, off = 0, start;
	uint64_t counter = 0;
	unsigned char *o, *tag;

	if (n == 0)
		return ck_error_set(err, 0, "truncated: the final segment is "
				    "missing");
	if (ck_buf_reserve(out, n) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	start = out->len;
	o = (unsigned char *)out->data + start;
	while (off < n) {
		size_t k = n - off < segc ? n - off : segc;
		int final = off + k == n;

		if (k < KR_TAG_LEN || (final && k == KR_TAG_LEN &&
				       counter > 0)) {
			ck_wipe(out->data + start, (size_t)(o -
				(unsigned char *)out->data) - start);
			return ck_error_set(err, 0, "truncated segment %llu",
					    (unsigned long long)counter);
		}
		k -= KR_TAG_LEN;
		tag = (unsigned char *)in + off + k;
		if ((counter == 0 ?
		     seg_first(s, 0, dkey, final, ctxh, in + off, k, o, tag) :
		     kr_seg_crypt(s->data, 0, counter, final, ctxh, in + off,
				  k, o, tag)) < 0) {
			ck_wipe(out->data + start, (size_t)(o + k -
				(unsigned char *)out->data) - start);
			return ck_error_set(err, 0, "authentication failed at "
					    "segment %llu (altered, "
					    "reordered, truncated or "
					    "extended)",
					    (unsigned long long)counter);
		}
		counter++;
		off += k + KR_TAG_LEN;
		o += k;
	}
	out->len = (size_t)(o - (unsigned char *)out->data);
	out->data[out->len] = '\0';
	return 0;
}

int
kr_fseal_open(struct kr_fseal *s, const struct kr_header *h,
	      const unsigned char vkey[KR_KEY_LEN],
	      const unsigned char ctxh[32], const unsigned char *env,
	      size_t n, struct ck_buf *out, struct ck_error *err)
{
	unsigned char ad[48], tag[KR_TAG_LEN], dkey[KR_KEY_LEN];
	int rc;

	kr_wrap_ad(h, ctxh, ad);
	memcpy(tag, h->wrapped + KR_KEY_LEN, KR_TAG_LEN);
	if (wrap_gcm(s, 0, vkey, h->wnonce, ad, h->wrapped, dkey, tag) < 0) {
		ck_wipe(dkey, sizeof(dkey));
		return ck_error_set(err, 0, "authentication failed (wrapped "
				    "data key: wrong key version, altered "
				    "header or another object's context)");
	}
	rc = open_payload(s, h, dkey, ctxh, env + KR_HDR_LEN, n - KR_HDR_LEN,
			  out, err);
	ck_wipe(dkey, sizeof(dkey));
	return rc;
}

/* The data key of h under key, or -1 with kr_unwrap's message. */
static int
unwrap(struct kr_fseal *s, const struct kr_header *h,
       const unsigned char key[KR_KEY_LEN], const unsigned char ctxh[32],
       unsigned char dkey[KR_KEY_LEN], struct ck_error *err)
{
	unsigned char ad[48], tag[KR_TAG_LEN];

	kr_wrap_ad(h, ctxh, ad);
	memcpy(tag, h->wrapped + KR_KEY_LEN, KR_TAG_LEN);
	if (wrap_gcm(s, 0, key, h->wnonce, ad, h->wrapped, dkey, tag) < 0) {
		ck_wipe(dkey, KR_KEY_LEN);
		return ck_error_set(err, 0, "authentication failed (wrapped "
				    "data key: wrong key version, altered "
				    "header or another object's context)");
	}
	return 0;
}

int
kr_fseal_rewrap_keyed(struct kr_fseal *s, const struct kr_header *h,
		      const unsigned char oldkey[KR_KEY_LEN], uint32_t version,
		      const unsigned char vkey[KR_KEY_LEN],
		      const unsigned char ctxh[32],
		      const unsigned char wnonce[12],
		      const unsigned char *env, size_t n,
		      struct ck_buf *scratch, unsigned char raw[KR_HDR_LEN],
		      struct ck_error *err)
{
	unsigned char dkey[KR_KEY_LEN], check[KR_KEY_LEN], ad[48];
	struct kr_header nh;
	int rc = -1;

	if (n < KR_HDR_LEN)
		return ck_error_set(err, 0, "truncated header");
	if (unwrap(s, h, oldkey, ctxh, dkey, err) < 0)
		return -1;
	/* the old object must be whole before it is replaced */
	ck_buf_reset(scratch);
	rc = open_payload(s, h, dkey, ctxh, env + KR_HDR_LEN, n - KR_HDR_LEN,
			  scratch, err);
	if (scratch->data != NULL)
		ck_wipe(scratch->data, scratch->len);
	scratch->len = 0;
	if (rc < 0)
		goto out;
	rc = -1;
	nh = *h;
	nh.version = version;
	memcpy(nh.wnonce, wnonce, sizeof(nh.wnonce));
	kr_wrap_ad(&nh, ctxh, ad);
	if (wrap_gcm(s, 1, vkey, nh.wnonce, ad, dkey, nh.wrapped,
		     nh.wrapped + KR_KEY_LEN) < 0) {
		ck_error_set(err, 0, "AES-256-GCM failed");
		goto out;
	}
	/* verify: the new header yields the same data key */
	if (unwrap(s, &nh, vkey, ctxh, check, err) < 0 ||
	    CRYPTO_memcmp(check, dkey, KR_KEY_LEN) != 0) {
		ck_error_set(err, 0, "new wrapped key does not verify");
		goto out;
	}
	kr_header_write(&nh, raw);
	rc = 0;
out:
	ck_wipe(dkey, sizeof(dkey));
	ck_wipe(check, sizeof(check));
	return rc;
}

int
kr_fseal_rewrap(struct kr_fseal *s, const struct kr_header *h,
		const unsigned char oldkey[KR_KEY_LEN], uint32_t version,
		const unsigned char vkey[KR_KEY_LEN],
		const unsigned char ctxh[32], const unsigned char *env,
		size_t n, struct ck_buf *scratch,
		unsigned char raw[KR_HDR_LEN], struct ck_error *err)
{
	unsigned char nonce[12];

	if (take(s, nonce, sizeof(nonce), err) < 0)
		return -1;
	return kr_fseal_rewrap_keyed(s, h, oldkey, version, vkey, ctxh, nonce,
				     env, n, scratch, raw, err);
}
