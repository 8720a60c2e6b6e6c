/* key.h -- Ed25519 signing keys and their files, shared by auditlog
 * (checkpoint signing) and ksign (record signatures).
 *
 * File format (text, UTF-8, one "name: value" per line after a first line
 * naming the format; unknown names are an error, so a reader never
 * silently ignores a field it does not understand):
 *
 *   complykit-key v1
 *   type: ed25519-secret            (or ed25519-public)
 *   key-id: <32 lowercase hex digits>
 *   kdf: none                       (secret files only)
 *   secret: <base64 of the 32-byte Ed25519 seed>   (secret files only)
 *   public: <base64 of the 32-byte public key>
 *
 * key-id is the first 16 bytes of SHA-256("complykit-ed25519\n" ||
 * public key), in hex: it names the key in records and lets a loader catch
 * a damaged file.  Secret files are created 0600 (crash-safely, never over
 * an existing file) and the seed is wiped from memory on free.
 *
 * Optional lines in either file name the key's owner, so a public key
 * carries the identity a trust file and a signature show:
 *
 *   signer-id: chris@example.org
 *   signer-name: Chris Chen
 *
 * (UTF-8, 1..255 bytes, no control characters.)
 *
 * A secret key encrypted under a passphrase (ksign's keys) has
 *
 *   kdf: scrypt
 *   kdf-params: N=<n> r=<r> p=<p>
 *   secret: <base64 of a ck_seal blob (seal.h) of the 32-byte seed>
 *
 * The sealed blob carries the scrypt parameters, salt and nonce in its
 * authenticated header; kdf-params repeats them for the reader and must
 * agree.  A wrong passphrase and a changed byte of the blob look the same
 * (AES-GCM): the error says "wrong passphrase or damaged key file" and no
 * more.  After unsealing, the seed must give the file's public key and
 * key-id, so no line of the file can be changed unnoticed. */
#ifndef CK_KEY_H
#define CK_KEY_H

#include <stddef.h>
#include "common/err.h"
#include "common/seal.h"

#define CK_KEY_SEED_LEN 32
#define CK_KEY_PUB_LEN 32
#define CK_KEY_SIG_LEN 64
#define CK_KEY_ID_HEXLEN 32
#define CK_KEY_IDENT_MAX 256	/* signer-id / signer-name, with the NUL */

struct ck_key {
	int has_secret;
	unsigned char seed[CK_KEY_SEED_LEN];	/* valid if has_secret */
	unsigned char pub[CK_KEY_PUB_LEN];
	char id[CK_KEY_ID_HEXLEN + 1];
	int sealed;			/* the file's secret is "kdf: scrypt" */
	char signer_id[CK_KEY_IDENT_MAX];	/* "" when the file has none */
	char signer_name[CK_KEY_IDENT_MAX];
};

/* A new random key pair.  0 or -1 with err. */
int ck_key_generate(struct ck_key *k, struct ck_error *err);
/* Derives pub and id from seed (has_secret set). */
int ck_key_from_seed(struct ck_key *k, const unsigned char *seed,
		     struct ck_error *err);
/* Computes id from pub. */
void ck_key_id(const unsigned char pub[CK_KEY_PUB_LEN],
	       char id[CK_KEY_ID_HEXLEN + 1]);
/* Wipes the seed (ck_wipe) and clears the structure. */
void ck_key_clear(struct ck_key *k);

/* Loads a secret or public key file; the error names the file and line
 * ("k.key:3: bad key-id"), never a key byte.  want_secret 1 fails on a
 * public file. */
int ck_key_load(struct ck_key *k, const char *path, int want_secret,
		struct ck_error *err);
/* Parses the text of a key file (name labels errors). */
int ck_key_parse(struct ck_key *k, const char *text, size_t len,
		 const char *name, int want_secret, struct ck_error *err);
/* As ck_key_parse, but a "kdf: scrypt" secret is opened with cred.  With
 * cred NULL a sealed file loads as its public half (has_secret 0, sealed
 * 1), so a caller can show whose key it is before asking for the
 * passphrase; want_secret then fails on it. */
int ck_key_parse_cred(struct ck_key *k, const char *text, size_t len,
		      const char *name, int want_secret,
		      const struct ck_cred *cred, struct ck_error *err);
/* Loads a secret key file the way ssh loads a private key: refused when
 * group or others may read it; then as ck_key_parse_cred. */
int ck_key_load_secret(struct ck_key *k, const char *path,
		       const struct ck_cred *cred, struct ck_error *err);
/* Sets signer_id / signer_name; -1 with err when too long, empty or with
 * a control character. */
int ck_key_set_signer(struct ck_key *k, const char *id, const char *name,
		      struct ck_error *err);
/* Writes the secret file sealed under cred (sp NULL: seal.h's defaults),
 * 0600, never over an existing file. */
int ck_key_save_sealed(const struct ck_key *k, const char *path,
		       const struct ck_cred *cred,
		       const struct ck_seal_params *sp, struct ck_error *err);
/* Writes the secret file (0600, refuses to replace an existing file) or
 * the public file (0644; replaces). */
int ck_key_save_secret(const struct ck_key *k, const char *path,
		       struct ck_error *err);
int ck_key_save_public(const struct ck_key *k, const char *path,
		       struct ck_error *err);

/* Ed25519 (RFC 8032) over msg. */
int ck_key_sign(const struct ck_key *k, const void *msg, size_t n,
		unsigned char sig[CK_KEY_SIG_LEN], struct ck_error *err);
/* 0 when sig is a valid signature of msg by pub, -1 otherwise. */
int ck_key_verify(const unsigned char pub[CK_KEY_PUB_LEN], const void *msg,
		  size_t n, const unsigned char sig[CK_KEY_SIG_LEN]);

/* A key loaded into OpenSSL once, for many signatures or verifications
 * (deriving the key object costs about as much as one signature).  Made
 * from a secret key it signs and verifies, from a public one it only
 * verifies.  NULL with err. */
struct ck_key_ctx;
struct ck_key_ctx *ck_key_ctx_new(const struct ck_key *k,
				  struct ck_error *err);
int ck_key_ctx_sign(struct ck_key_ctx *c, const void *msg, size_t n,
		    unsigned char sig[CK_KEY_SIG_LEN], struct ck_error *err);
/* 0 when valid, -1 otherwise. */
int ck_key_ctx_verify(struct ck_key_ctx *c, const void *msg, size_t n,
		      const unsigned char sig[CK_KEY_SIG_LEN]);
void ck_key_ctx_free(struct ck_key_ctx *c);

#endif
