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
 * Reserved for ksign's passphrase encryption: "kdf: scrypt" with lines
 * "kdf-params: N=<n> r=<r> p=<p> salt=<base64>" and "secret:" holding the
 * base64 of an AES-256-GCM sealed seed (nonce || ciphertext || tag) under
 * the scrypt-derived key, the first three lines as associated data.  This
 * version refuses such a file with a clear message rather than misreading
 * it. */
#ifndef CK_KEY_H
#define CK_KEY_H

#include <stddef.h>
#include "common/err.h"

#define CK_KEY_SEED_LEN 32
#define CK_KEY_PUB_LEN 32
#define CK_KEY_SIG_LEN 64
#define CK_KEY_ID_HEXLEN 32

struct ck_key {
	int has_secret;
	unsigned char seed[CK_KEY_SEED_LEN];	/* valid if has_secret */
	unsigned char pub[CK_KEY_PUB_LEN];
	char id[CK_KEY_ID_HEXLEN + 1];
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

#endif
