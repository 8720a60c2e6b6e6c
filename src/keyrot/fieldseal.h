/* fieldseal.h -- envelopes of many small in-memory objects (record
 * fields), made and opened with state kept across objects: two cipher
 * contexts re-keyed per object instead of built and freed, the key
 * version's schedule kept while it stays the same, and random bytes
 * drawn from the DRBG in bulk (each byte wiped from the pool as it is
 * taken).  The bytes are those of kr_encrypt_stream (envelope.h) for the
 * same data key and wrap nonce; the format is unchanged. */
#ifndef KR_FIELDSEAL_H
#define KR_FIELDSEAL_H

#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"
#include "common/err.h"
#include "keyrot/envelope.h"

struct kr_fseal;

/* NULL on ENOMEM.  free wipes the pool and the cached key. */
struct kr_fseal *kr_fseal_new(void);
void kr_fseal_free(struct kr_fseal *s);

/* SHA-256 of a context string (as kr_context_hash), on a kept context. */
void kr_fseal_hash(struct kr_fseal *s, const char *ctx, size_t n,
		   unsigned char out[32]);
/* Appends to out the envelope of in[0..n) under a fresh data key wrapped
 * under (version, vkey), bound to ctxh.  0 or -1 with err. */
int kr_fseal_seal(struct kr_fseal *s, uint32_t version,
		  const unsigned char vkey[KR_KEY_LEN], uint32_t segsize,
		  const unsigned char ctxh[32], const unsigned char *in,
		  size_t n, struct ck_buf *out, struct ck_error *err);
/* The same with the data key and wrap nonce given (for tests). */
int kr_fseal_seal_keyed(struct kr_fseal *s, uint32_t version,
			const unsigned char vkey[KR_KEY_LEN],
			uint32_t segsize, const unsigned char ctxh[32],
			const unsigned char dkey[KR_KEY_LEN],
			const unsigned char wnonce[12],
			const unsigned char *in, size_t n, struct ck_buf *out,
			struct ck_error *err);
/* Opens the envelope env[0..n) whose header h was parsed from its first
 * KR_HDR_LEN bytes, appending the plaintext to out; on failure nothing
 * is left appended (wiped) and err says why, with the messages of
 * kr_unwrap and kr_decrypt_payload. */
int kr_fseal_open(struct kr_fseal *s, const struct kr_header *h,
		  const unsigned char vkey[KR_KEY_LEN],
		  const unsigned char ctxh[32], const unsigned char *env,
		  size_t n, struct ck_buf *out, struct ck_error *err);

/* Re-wraps the envelope env[0..n) in memory (keyrot rewrap of a small
 * file): its header h, parsed from the first KR_HDR_LEN bytes, is opened
 * with oldkey, the whole payload must authenticate (its plaintext passes
 * through scratch and is wiped there), the data key is wrapped under
 * (version, vkey) with a fresh nonce, and the new header must yield the
 * same data key.  The new header goes to raw; the payload bytes stay as
 * they are.  0, or -1 with err (kr_unwrap's and kr_decrypt_payload's
 * messages). */
int kr_fseal_rewrap(struct kr_fseal *s, const struct kr_header *h,
		    const unsigned char oldkey[KR_KEY_LEN], uint32_t version,
		    const unsigned char vkey[KR_KEY_LEN],
		    const unsigned char ctxh[32], const unsigned char *env,
		    size_t n, struct ck_buf *scratch,
		    unsigned char raw[KR_HDR_LEN], struct ck_error *err);
/* The same with the wrap nonce given (for tests). */
int kr_fseal_rewrap_keyed(struct kr_fseal *s, const struct kr_header *h,
			  const unsigned char oldkey[KR_KEY_LEN],
			  uint32_t version,
			  const unsigned char vkey[KR_KEY_LEN],
			  const unsigned char ctxh[32],
			  const unsigned char wnonce[12],
			  const unsigned char *env, size_t n,
			  struct ck_buf *scratch,
			  unsigned char raw[KR_HDR_LEN], struct ck_error *err);

#endif
