/* seal.h -- a secret blob sealed under a master credential, and reading
 * that credential (shared by keyrot's keyring and ksign's secret keys).
 *
 * Sealed format, version 1 (all integers big-endian):
 *
 *   off len
 *     0   6  magic "CKSEAL"
 *     6   1  0x00
 *     7   1  format version (1)
 *     8   1  credential kind: 1 passphrase (scrypt), 2 raw 256-bit key
 *     9   1  scrypt log2(N)   (0 for a key)
 *    10   4  scrypt r         (0 for a key)
 *    14   4  scrypt p         (0 for a key)
 *    18  16  salt (random; used by scrypt, and as HKDF salt for a key)
 *    34  12  AES-256-GCM nonce (random)
 *    46   n  ciphertext of the blob
 *  46+n  16  GCM tag
 *
 * The 46 header bytes are the GCM associated data, so a changed KDF
 * parameter, salt or kind fails authentication like a changed byte of
 * ciphertext.  The sealing key is scrypt(passphrase, salt, N, r, p) for a
 * passphrase (RFC 7914, through OpenSSL's EVP_KDF "SCRYPT"), or
 * HKDF-SHA-256(key, salt, "complykit seal v1") for a raw key.  A wrong
 * credential and a tampered file look the same to GCM; the error says
 * both.  Every derived key and plaintext copy is wiped after use. */
#ifndef CK_SEAL_H
#define CK_SEAL_H

#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"
#include "common/err.h"

#define CK_SEAL_HEADER_LEN 46
#define CK_SEAL_TAG_LEN 16
#define CK_SEAL_KEY_LEN 32

enum ck_cred_kind {
	CK_CRED_PASSPHRASE = 1,
	CK_CRED_KEY = 2
};

/* A master credential: a passphrase (any bytes, no trailing newline) or
 * a 32-byte key.  secret is malloc'd and wiped by ck_cred_release. */
struct ck_cred {
	enum ck_cred_kind kind;
	unsigned char *secret;
	size_t len;
};

/* Reads a whole secret file (up to max bytes, NUL-terminated, as
 * ck_read_file), refusing one that group or others may read, as ssh
 * refuses such a private key ("k.key is readable by others (mode 0644);
 * chmod 600 it").  The caller wipes and frees *out. */
int ck_read_secret_file(const char *path, size_t max, char **out,
			size_t *len, struct ck_error *err);
/* The passphrase in FILE: its first line, without the newline. */
int ck_cred_passphrase_file(struct ck_cred *c, const char *path,
			    struct ck_error *err);
/* A key file: 32 raw bytes, or 64 hex digits (and an optional newline). */
int ck_cred_key_file(struct ck_cred *c, const char *path,
		     struct ck_error *err);
/* A key from the environment variable var: 64 hex digits.  1 if set and
 * valid, 0 if unset or empty, -1 with err if malformed. */
int ck_cred_key_env(struct ck_cred *c, const char *var, struct ck_error *err);
/* Reads a passphrase from /dev/tty with echo off (termios), prompting with
 * prompt; with confirm, asks twice and fails if they differ.  -1 with err
 * when there is no terminal or the passphrase is empty. */
int ck_cred_prompt(struct ck_cred *c, const char *prompt, int confirm,
		   struct ck_error *err);
/* Takes a copy of a passphrase held in memory (for tests and callers that
 * got it elsewhere). */
int ck_cred_passphrase(struct ck_cred *c, const void *p, size_t n,
		       struct ck_error *err);
void ck_cred_release(struct ck_cred *c);

/* scrypt cost; the defaults are N=2^15, r=8, p=1 (32 MiB, RFC 7914's
 * interactive figure).  ck_seal refuses costs outside the bounds below,
 * and so does ck_unseal, so a crafted file cannot demand gigabytes. */
struct ck_seal_params {
	uint8_t log_n;		/* 10..22 */
	uint32_t r;		/* 1..32 */
	uint32_t p;		/* 1..16 */
};
void ck_seal_params_default(struct ck_seal_params *sp);

/* Seals n bytes under c (params NULL for the defaults) into out (reset
 * first).  0 or -1 with err. */
int ck_seal(const struct ck_cred *c, const struct ck_seal_params *sp,
	    const void *plain, size_t n, struct ck_buf *out,
	    struct ck_error *err);
/* Opens a sealed blob into out (reset first; the caller releases it with
 * ck_buf_release_secret).  -1 with err on a malformed header, a credential
 * of the other kind, or failed authentication ("wrong master credential or
 * altered sealed data"); out is then empty. */
int ck_unseal(const struct ck_cred *c, const void *sealed, size_t n,
	      struct ck_buf *out, struct ck_error *err);

/* The parsed header of a sealed blob (no secret needed). */
struct ck_seal_info {
	int version;
	enum ck_cred_kind kind;
	struct ck_seal_params params;
	size_t payload_len;
};
int ck_seal_inspect(const void *sealed, size_t n, struct ck_seal_info *info,
		    struct ck_error *err);

#endif
