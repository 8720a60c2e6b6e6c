/* fields.h -- field-level encryption of JSON Lines records: what the
 * general path (fields.c, on jansson) and the fast path for flat records
 * (fieldfast.c) share. */
#ifndef KR_FIELDS_H
#define KR_FIELDS_H

#include <stddef.h>
#include "common/buf.h"
#include "common/err.h"
#include "keyrot/fieldseal.h"
#include "keyrot/keyrot.h"

#define FIELD_PREFIX "krt:1:"
#define FIELD_PREFIX_LEN 6
/* Field values are small: one segment of this size holds most. */
#define FIELD_SEG 4096u

/* Scratch kept across records: the sealing state and buffers. */
struct field_run {
	struct kr_fseal *fs;
	struct ck_buf ctx;	/* "record:<id>\nfield:<name>" */
	struct ck_buf tmp;	/* envelope, or plaintext (secret) */
	struct ck_buf b64;	/* "krt:1:<base64>", or decoded envelope */
	struct ck_buf vals;	/* fast path: the record's new values */
};

/* Sets fr->ctx to the context of field name in the record whose id is
 * the compact JSON id[0..idlen). */
int kr_field_context(struct field_run *fr, const char *id, size_t idlen,
		     const char *name, struct ck_error *err);
/* Seals plain[0..n) (a value's compact JSON) bound to fr->ctx under the
 * primary: fr->b64 holds "krt:1:<base64>" (no quotes). */
int kr_field_seal(struct kr_ctx *c, struct field_run *fr, const char *plain,
		  size_t n, struct ck_error *err);
/* Opens s[0..n) (what follows "krt:1:") bound to fr->ctx: fr->tmp holds
 * the plaintext, to be wiped by the caller. */
int kr_field_open(struct kr_ctx *c, struct field_run *fr, const char *name,
		  const char *s, size_t n, struct ck_error *err);

/* The fast path: a line that is a flat object in compact form (scalar
 * values, strings without escapes, small integers, no duplicate keys)
 * is rewritten without jansson into out (no newline), byte for byte what
 * the general path writes.  1 done, 0 not such a line (out unchanged:
 * take the general path), -1 the record fails (err, as the general path
 * says it). */
int kr_field_fast(struct kr_ctx *c, int encrypt, const char *line,
		  size_t len, struct field_run *fr, struct ck_buf *out,
		  struct ck_error *err);

#endif
