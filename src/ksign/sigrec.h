/* sigrec.h -- ksign's signature record (CONTRACT "Signatures (ksign)"):
 *
 *   {"kind":"signature","alg":"ed25519","key_id":"...",
 *    "signer":{"id":"...","name":"Chris Chen"},"meaning":"approval",
 *    "time":"...","subject":{"sha256":"..."},"sig":"<base64>"}
 *
 * plus an optional "tsa" (base64 DER of an RFC 3161 TimeStampToken over
 * the subject).  sig is Ed25519 over the RFC 8785 canonical JSON of the
 * record without sig, so the printed name, time and meaning are bound to
 * the subject (Part 11 §11.50, §11.70).  Further members are allowed and
 * covered by the signature like the rest. */
#ifndef KS_SIGREC_H
#define KS_SIGREC_H

#include <stddef.h>
#include <jansson.h>
#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/key.h"
#include "common/timefmt.h"

#define KS_MEANING_MAX 64

struct ks_sig {
	json_t *obj;			/* the record (owned) */
	char key_id[CK_KEY_ID_HEXLEN + 1];
	const char *signer_id;		/* borrowed from obj */
	const char *signer_name;
	const char *meaning;
	struct ck_time time;
	unsigned char subject[CK_SHA256_LEN];
	unsigned char sig[CK_KEY_SIG_LEN];
	unsigned char *tsa;		/* DER token or NULL (owned) */
	size_t tsa_len;
	/* The signed message when the caller already has it (the canonical
	 * record without sig, borrowed), else NULL: ks_sig_check makes it. */
	const char *msg;
	size_t msg_len;
};

/* Builds and signs a record for subject with the unlocked key k (its
 * signer_id and signer_name are the signer) through ctx.  tsa may be
 * NULL.  0, or -1 with err.  The strings of s borrow from k and meaning
 * (and s->tsa stays NULL): use s->obj beyond their lifetime. */
int ks_sig_make(struct ks_sig *s, const struct ck_key *k,
		struct ck_key_ctx *ctx, const char *meaning,
		const struct ck_time *t, const unsigned char *subject,
		const unsigned char *tsa, size_t tsa_len,
		struct ck_error *err);
/* Record mode signs one record after another with the same key and
 * meaning: only the time, the subject and the sig change.  A template
 * holds the rest of the two texts ks_sig_make produces -- the canonical
 * message it signs and the compact record ck_json_append_compact writes
 * of s->obj -- so that a signature costs no JSON tree.  ks_sig_tmpl_init
 * makes one sample both ways and sets ok only when they agree byte for
 * byte (a name that is not UTF-8, say, leaves ok 0: the caller then
 * takes ks_sig_make, which says what is wrong).  Not for --tsa-token. */
struct ks_sig_tmpl {
	struct ck_buf msg;	/* canonical text up to the subject's hex */
	struct ck_buf rec;	/* compact record up to the time */
	struct ck_buf tmp;	/* the message being signed */
	int ok;
};
void ks_sig_tmpl_init(struct ks_sig_tmpl *t, const struct ck_key *k,
		      struct ck_key_ctx *ctx, const char *meaning);
void ks_sig_tmpl_release(struct ks_sig_tmpl *t);
/* Signs subject at time when through ctx (the key of the template) and
 * appends the compact signature record, the same bytes as ks_sig_make
 * then ck_json_append_compact, to out.  0, or -1 with err. */
int ks_sig_tmpl_sign(struct ks_sig_tmpl *t, struct ck_key_ctx *ctx,
		     const struct ck_time *when,
		     const unsigned char subject[CK_SHA256_LEN],
		     struct ck_buf *out, struct ck_error *err);
/* Takes a parsed record (a new reference is kept) and checks its shape;
 * -1 with err ("missing signer.name", "bad sig") when it is not a
 * signature record.  Nothing is verified yet. */
int ks_sig_from_json(struct ks_sig *s, json_t *obj, struct ck_error *err);
/* Parses one .ksig line (len bytes, no newline). */
int ks_sig_parse(struct ks_sig *s, const char *line, size_t len,
		 struct ck_error *err);
/* 0 when sig is a valid Ed25519 signature of the record by ctx's key. */
int ks_sig_check(const struct ks_sig *s, struct ck_key_ctx *ctx);
/* The signed message: canonical JSON of the record without sig (malloc'd).
 * NULL with err. */
char *ks_sig_message(const json_t *obj, size_t *len, struct ck_error *err);
void ks_sig_release(struct ks_sig *s);

/* SHA-256 of the canonical JSON of rec without its "signatures" member:
 * the subject of a record signature. */
int ks_record_subject(const json_t *rec, unsigned char out[CK_SHA256_LEN],
		      struct ck_error *err);

#endif
