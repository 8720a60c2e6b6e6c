/* trust.h -- the trust file of ksign verify, in the spirit of ssh's
 * allowed_signers: one key a line,
 *
 *   IDENTITY [OPTIONS] ed25519 BASE64-PUBLIC-KEY
 *
 *   chris@example.org name="Chris Chen",role=customer ed25519 AAAA...
 *   dana@example.org valid-before=2026-06-01T00:00:00Z ed25519 BBBB...
 *   dana@example.org valid-after=2026-06-01T00:00:00Z ed25519 CCCC...
 *   eve@example.org revoked=2026-03-01T00:00:00Z ed25519 DDDD...
 *
 * OPTIONS are comma-separated, values optionally in double quotes (which
 * may hold spaces and commas, not quotes):
 *   name="..."        the printed name the key's signatures must carry
 *   role=R            a role the signer holds in agreements (repeatable)
 *   valid-after=T     signatures dated before T fail (RFC 3339)
 *   valid-before=T    signatures dated at or after T fail
 *   revoked           every signature by the key fails
 *   revoked=T         signatures dated at or after T fail
 * Blank lines and lines starting with '#' are ignored.  A key may have one
 * line only.  Errors name the file and line ("trusted:3: unknown option
 * 'foo'"). */
#ifndef KS_TRUST_H
#define KS_TRUST_H

#include <stddef.h>
#include "common/err.h"
#include "common/key.h"
#include "common/timefmt.h"

struct ks_trust_entry {
	char *identity;
	char *name;			/* NULL: any printed name */
	char **roles;
	size_t nroles;
	int has_after, has_before, revoked, has_revoked_at;
	struct ck_time after, before, revoked_at;
	unsigned char pub[CK_KEY_PUB_LEN];
	char key_id[CK_KEY_ID_HEXLEN + 1];
	unsigned long line;
	struct ck_key_ctx *ctx;		/* made on first use */
};

struct ks_trust {
	struct ks_trust_entry *v;
	size_t n;
};

/* Parses text (name labels errors).  0, or -1 with err; t is then empty.
 * ks_trust_release frees it either way. */
int ks_trust_parse(struct ks_trust *t, const char *text, size_t len,
		   const char *name, struct ck_error *err);
int ks_trust_load(struct ks_trust *t, const char *path, struct ck_error *err);
void ks_trust_release(struct ks_trust *t);
/* The entry for key_id, or NULL. */
struct ks_trust_entry *ks_trust_find(struct ks_trust *t, const char *key_id);
/* Whether the entry holds role. */
int ks_trust_has_role(const struct ks_trust_entry *e, const char *role);

#endif
