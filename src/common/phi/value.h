/* value.h -- what may be shown or stored of a matched value: keyed
 * fingerprints (so a value can be recognised without being kept) and
 * masked excerpts (so a report can point at it without printing it).
 * Shared by every tool that reports on PHI (phiscan, phiredact). */
#ifndef PHI_VALUE_H
#define PHI_VALUE_H

#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"

/* ---- fingerprint.c --------------------------------------------------- */

struct phi_key {
	unsigned char *bytes;
	size_t len;
	char id[9];		/* first 8 hex of SHA-256(key) */
	int ephemeral;		/* random for this run only (no key file) */
};

/* Loads --fingerprint-key FILE, else the file named by
 * $COMPLYKIT_FINGERPRINT_KEY, else $XDG_CONFIG_HOME/complykit/
 * fingerprint.key (~/.config/...), creating that last one (0600, 32 random
 * bytes) if missing.  need_stable: fail rather than fall back to a random
 * key when the default key cannot be created. */
int phi_key_load(struct phi_key *k, const char *path, int need_stable,
		 struct ck_error *err);
void phi_key_release(struct phi_key *k);
/* A keyed hasher for one thread (the contexts are not shareable). */
struct phi_hmac;
struct phi_hmac *phi_hmac_new(const struct phi_key *k);
void phi_hmac_free(struct phi_hmac *h);
/* HMAC-SHA-256(key, TYPE ":" normalised value), so equal values written
 * differently ("123-45-6789", "123 45 6789") share a fingerprint and no
 * one without the key can test candidate values against it. */
int phi_fingerprint(struct phi_hmac *h, int type, const char *value,
		    size_t len, unsigned char out[CK_SHA256_LEN]);

/* ---- mask.c ---------------------------------------------------------- */

/* Appends the masked excerpt of a value of the given type to out. */
int phi_mask(int type, const char *value, size_t len, struct ck_buf *out);
/* Appends value with control characters and invalid UTF-8 escaped, for
 * --show-match in text output. */
int phi_escape_text(const char *value, size_t len, struct ck_buf *out);

#endif
