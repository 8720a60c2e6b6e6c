/* check.c -- the verdict on one signature (see check.h). */
#include <config.h>

#include <string.h>

#include "ksign/check.h"

static const struct {
	const char *text, *name;
} verdicts[] = {
	[KS_OK] = { "good signature", "ok" },
	[KS_UNKNOWN_KEY] = { "unknown key (not in the trust file)",
			     "unknown-key" },
	[KS_BAD_SIG] = { "bad signature (the signature record was altered)",
			 "bad-signature" },
	[KS_MODIFIED] = { "modified since it was signed", "modified" },
	[KS_WRONG_SIGNER] = { "signer does not match the trust file",
			      "wrong-signer" },
	[KS_REVOKED] = { "revoked key", "revoked" },
	[KS_NOT_YET_VALID] = { "signed before the key's validity window",
			       "not-yet-valid" },
	[KS_KEY_EXPIRED] = { "signed after the key's validity window",
			     "key-expired" },
	[KS_FUTURE] = { "signature time is in the future", "future-time" },
	[KS_BAD_TSA] = { "bad timestamp token", "bad-timestamp" },
};

const char *
ks_verdict_text(enum ks_verdict v)
{
	return verdicts[v].text;
}

const char *
ks_verdict_name(enum ks_verdict v)
{
	return verdicts[v].name;
}

int
ks_time_cmp(const struct ck_time *a, const struct ck_time *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->usec != b->usec)
		return a->usec < b->usec ? -1 : 1;
	return 0;
}

enum ks_verdict
ks_check(struct ks_trust *t, const struct ks_sig *s,
	 const unsigned char *actual, const struct ck_time *now,
	 int64_t skew_sec, struct ks_trust_entry **entry)
{
	struct ks_trust_entry *e = ks_trust_find(t, s->key_id);
	struct ck_time limit;

	*entry = e;
	if (e == NULL)
		return KS_UNKNOWN_KEY;
	if (e->ctx == NULL) {
		struct ck_key k;

		memset(&k, 0, sizeof k);
		memcpy(k.pub, e->pub, CK_KEY_PUB_LEN);
		if ((e->ctx = ck_key_ctx_new(&k, NULL)) == NULL)
			return KS_BAD_SIG;
	}
	if (ks_sig_check(s, e->ctx) < 0)
		return KS_BAD_SIG;
	/* §11.70: the signature is linked to this content and no other */
	if (!ck_ct_equal(actual, s->subject, CK_SHA256_LEN))
		return KS_MODIFIED;
	if (strcmp(s->signer_id, e->identity) != 0 ||
	    (e->name != NULL && strcmp(s->signer_name, e->name) != 0))
		return KS_WRONG_SIGNER;
	if (e->revoked && (!e->has_revoked_at ||
			   ks_time_cmp(&s->time, &e->revoked_at) >= 0))
		return KS_REVOKED;
	if (e->has_after && ks_time_cmp(&s->time, &e->after) < 0)
		return KS_NOT_YET_VALID;
	if (e->has_before && ks_time_cmp(&s->time, &e->before) >= 0)
		return KS_KEY_EXPIRED;
	limit = *now;
	limit.sec += skew_sec;
	if (ks_time_cmp(&s->time, &limit) > 0)
		return KS_FUTURE;
	return KS_OK;
}
