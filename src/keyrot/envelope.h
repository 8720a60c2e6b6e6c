/* envelope.h -- keyrot's envelope format: one object (a file, a stream or
 * one JSON field) encrypted under its own data key, wrapped under a key
 * version of the keyring.
 *
 * Header, 76 bytes (integers big-endian):
 *
 *   off len
 *     0   6  magic "KEYROT"
 *     6   1  format version (1)
 *     7   1  flags (0)
 *     8   4  key version id that wraps the data key
 *    12   4  segment size S (plaintext bytes per segment, 1 KiB..16 MiB)
 *    16  12  wrap nonce (random)
 *    28  48  wrapped data key: AES-256-GCM of the 32-byte data key under
 *            the key version, tag last; associated data = bytes 0..15 of
 *            the header and SHA-256 of the object's context
 *
 * Payload: segments of S plaintext bytes (the last one 0..S), each
 * AES-256-GCM under the data key with a 16-byte tag, nonce = 11-byte
 * big-endian segment counter || final flag (0x01 on the last segment,
 * else 0x00), associated data = SHA-256 of the context.  As in age's
 * STREAM, the counter catches reordered or swapped segments, the final
 * flag catches truncation at a segment boundary and bytes appended after
 * it; an empty final segment is only valid as the first one.  Since every
 * object has a fresh random data key, counter nonces never repeat under a
 * key.  Re-wrapping rewrites bytes 8..75 only; the payload is untouched.
 *
 * The context binds an object to where it belongs (a file's name, or a
 * record's id and field name): decrypting with another context fails at
 * the wrapped key. */
#ifndef KR_ENVELOPE_H
#define KR_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <openssl/evp.h>
#include "common/buf.h"
#include "common/err.h"

#define KR_HDR_LEN 76
#define KR_KEY_LEN 32
#define KR_TAG_LEN 16
#define KR_SEG_DEFAULT 65536u
#define KR_SEG_MIN 1024u
#define KR_SEG_MAX (16u * 1024u * 1024u)

struct kr_header {
	uint32_t version;	/* key version id */
	uint32_t segsize;
	unsigned char wnonce[12];
	unsigned char wrapped[KR_KEY_LEN + KR_TAG_LEN];
};

/* 1 if p starts with the envelope magic (n >= 6). */
int kr_is_envelope(const void *p, size_t n);
/* Parses and checks the fixed fields (not the wrapped key). */
int kr_header_parse(const void *p, size_t n, struct kr_header *h,
		    struct ck_error *err);
void kr_header_write(const struct kr_header *h, unsigned char out[KR_HDR_LEN]);

/* SHA-256 of a context string. */
void kr_context_hash(const char *ctx, size_t n, unsigned char out[32]);

/* Wraps dkey under vkey into h (version and segsize set by the caller). */
int kr_wrap(const unsigned char vkey[KR_KEY_LEN], struct kr_header *h,
	    const unsigned char ctxh[32], const unsigned char dkey[KR_KEY_LEN],
	    struct ck_error *err);
/* Unwraps h's data key; -1 "authentication failed (wrapped key)" when the
 * key, header or context does not match. */
int kr_unwrap(const unsigned char vkey[KR_KEY_LEN], const struct kr_header *h,
	      const unsigned char ctxh[32], unsigned char dkey[KR_KEY_LEN],
	      struct ck_error *err);

/* Where bytes come from: a file descriptor or memory. */
struct kr_source {
	int fd;			/* -1 for memory */
	const unsigned char *mem;
	size_t len, off;
};
/* Where plaintext or ciphertext goes: to fd, or gathered in mem (then,
 * when fd >= 0 and mem grows past hold, flushed and streamed). */
struct kr_sink {
	int fd;			/* -1: memory only */
	struct ck_buf *mem;	/* NULL: straight to fd */
	size_t hold;
	int streamed;		/* set once bytes left for fd */
	int discard;		/* count only (verification) */
	uint64_t written;
};
ssize_t kr_source_read(struct kr_source *s, void *buf, size_t n);
int kr_sink_write(struct kr_sink *k, const void *p, size_t n,
		  struct ck_error *err);
/* Flushes what mem holds to fd. */
int kr_sink_finish(struct kr_sink *k, struct ck_error *err);

/* Encrypts all of src to dst as header+payload with a fresh data key
 * wrapped under (version, vkey). */
int kr_encrypt_stream(uint32_t version, const unsigned char vkey[KR_KEY_LEN],
		      uint32_t segsize, const unsigned char ctxh[32],
		      struct kr_source *src, struct kr_sink *dst,
		      struct ck_error *err);
/* The same with the data key and wrap nonce given (tests compare the
 * bytes of other encoders against this one). */
int kr_encrypt_stream_keyed(uint32_t version,
			    const unsigned char vkey[KR_KEY_LEN],
			    uint32_t segsize, const unsigned char ctxh[32],
			    const unsigned char dkey[KR_KEY_LEN],
			    const unsigned char wnonce[12],
			    struct kr_source *src, struct kr_sink *dst,
			    struct ck_error *err);
/* Decrypts the payload after a header already read (h) with dkey. */
int kr_decrypt_payload(const struct kr_header *h,
		       const unsigned char dkey[KR_KEY_LEN],
		       const unsigned char ctxh[32], struct kr_source *src,
		       struct kr_sink *dst, struct ck_error *err);
/* Reads exactly KR_HDR_LEN bytes; -1 "not a keyrot envelope" or
 * "truncated header". */
int kr_read_header(struct kr_source *src, unsigned char raw[KR_HDR_LEN],
		   struct kr_header *h, struct ck_error *err);

/* Building blocks shared with fieldseal.c. */
/* AES-256-GCM, fetched once for the process. */
const EVP_CIPHER *kr_gcm_cipher(void);
/* Associated data of the wrapped key: header bytes 0..15, context hash. */
void kr_wrap_ad(const struct kr_header *h, const unsigned char ctxh[32],
		unsigned char ad[48]);
/* Segment nonce: 11-byte big-endian counter, final flag. */
void kr_seg_nonce(unsigned char iv[12], uint64_t counter, int final);
/* One segment on ctx (keyed with the data key): in (n bytes) -> out
 * (n bytes), with tag written (enc) or checked (!enc); 0 or -1. */
int kr_seg_crypt(EVP_CIPHER_CTX *ctx, int enc, uint64_t counter, int final,
		 const unsigned char ctxh[32], const unsigned char *in,
		 size_t n, unsigned char *out, unsigned char *tag);
/* The same after the nonce is set (with the key, by one init). */
int kr_seg_body(EVP_CIPHER_CTX *ctx, int enc, const unsigned char ctxh[32],
		const unsigned char *in, size_t n, unsigned char *out,
		unsigned char *tag);

#endif
