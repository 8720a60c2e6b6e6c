/* check.h -- judging one signature against the trust file: the rules of
 * ksign verify, in the order they apply. */
#ifndef KS_CHECK_H
#define KS_CHECK_H

#include <stdint.h>
#include "ksign/sigrec.h"
#include "ksign/trust.h"

enum ks_verdict {
	KS_OK = 0,
	KS_UNKNOWN_KEY,		/* key_id not in the trust file */
	KS_BAD_SIG,		/* the record was changed (or forged) */
	KS_MODIFIED,		/* the signed file or record changed */
	KS_WRONG_SIGNER,	/* signer id/name differ from the trust file */
	KS_REVOKED,
	KS_NOT_YET_VALID,	/* dated before valid-after */
	KS_KEY_EXPIRED,		/* dated at or after valid-before */
	KS_FUTURE,		/* dated later than now + tolerance */
	KS_BAD_TSA		/* the timestamp token does not hold */
};

/* A short phrase for v ("bad signature", "revoked key"). */
const char *ks_verdict_text(enum ks_verdict v);
/* A token for JSON output ("bad-signature", "revoked"). */
const char *ks_verdict_name(enum ks_verdict v);

/* Judges s: the signature over its record must hold under the trusted
 * key, actual (the subject as it is now) must equal the signed subject,
 * the signer must be the key's identity, the time must lie in the key's
 * window, before any revocation and not past now + skew_sec.  *entry is
 * set to the trust entry when the key is known. */
enum ks_verdict ks_check(struct ks_trust *t, const struct ks_sig *s,
			 const unsigned char *actual,
			 const struct ck_time *now, int64_t skew_sec,
			 struct ks_trust_entry **entry);

/* a < b, a == b, a > b as -1, 0, 1. */
int ks_time_cmp(const struct ck_time *a, const struct ck_time *b);

#endif
