/* keygen.c -- ksign keygen: an Ed25519 key pair whose secret half is
 * sealed under a passphrase with scrypt (about 1 s by default, so that
 * guessing passphrases from a stolen key file is slow), and ksign trust:
 * the trust-file line of a public key. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "common/b64.h"
#include "ksign/ksign.h"

int
ks_cmd_keygen(struct ks_ctx *c)
{
	struct ck_key k;
	struct ck_cred cred = { CK_CRED_PASSPHRASE, NULL, 0 };
	struct ck_seal_params sp;
	struct ck_error err;
	char *sec = ks_path_cat(c->out_base, ".key");
	char *pub = ks_path_cat(c->out_base, ".pub");
	int rc = CK_EXIT_TROUBLE;

	memset(&k, 0, sizeof k);
	/* RFC 7914 cost: N=2^17, r=8 (128 MiB) takes about 1 s here */
	sp.log_n = (uint8_t)c->kdf_log_n;
	sp.r = 8;
	sp.p = 1;
	if (ck_key_generate(&k, &err) < 0 ||
	    ck_key_set_signer(&k, c->id, c->name, &err) < 0)
		goto fail;
	if (ks_get_passphrase(c, &cred, 1) < 0)
		goto out;
	if (ck_key_save_sealed(&k, sec, &cred, &sp, &err) < 0 ||
	    ck_key_save_public(&k, pub, &err) < 0)
		goto fail;
	ck_info("wrote %s (secret, 0600) and %s (public); key %s", sec, pub,
		k.id);
	fprintf(c->out, "%s\n", k.id);
	rc = CK_EXIT_OK;
	goto out;
fail:
	ck_warn_error(&err);
out:
	ck_cred_release(&cred);
	ck_key_clear(&k);
	free(sec);
	free(pub);
	return rc;
}

/* A value for a trust option: quoted when it holds a space or comma. */
static void
put_opt(FILE *fp, int *first, const char *k, const char *v)
{
	fprintf(fp, "%s%s", *first ? " " : ",", k);
	if (v != NULL)
		fprintf(fp, strpbrk(v, " ,\t") ? "=\"%s\"" : "=%s", v);
	*first = 0;
}

static int
check_time_opt(const char *opt, const char *v)
{
	struct ck_time t;

	if (v != NULL && ck_time_parse(v, &t) < 0) {
		ck_warn("invalid %s '%s' (an RFC 3339 time)", opt, v);
		return -1;
	}
	return 0;
}

int
ks_cmd_trust(struct ks_ctx *c)
{
	struct ck_key k;
	struct ck_error err;
	char b64[CK_B64_LEN(CK_KEY_PUB_LEN) + 1];
	int first = 1;

	if (check_time_opt("--valid-after", c->valid_after) < 0 ||
	    check_time_opt("--valid-before", c->valid_before) < 0 ||
	    (c->revoked && *c->revoked &&
	     check_time_opt("--revoked", c->revoked) < 0))
		return CK_EXIT_TROUBLE;
	if (c->role != NULL && (strpbrk(c->role, " ,\"\t") || !*c->role)) {
		ck_warn("invalid --role '%s'", c->role);
		return CK_EXIT_TROUBLE;
	}
	if (ck_key_load(&k, c->argv[0], 0, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	if (!k.signer_id[0] || !k.signer_name[0] ||
	    strpbrk(k.signer_id, " \t\"") || strchr(k.signer_name, '"')) {
		ck_warn("%s: the key names no signer that a trust file can "
			"hold", c->argv[0]);
		ck_key_clear(&k);
		return CK_EXIT_TROUBLE;
	}
	fputs(k.signer_id, c->out);
	put_opt(c->out, &first, "name", k.signer_name);
	if (c->role)
		put_opt(c->out, &first, "role", c->role);
	if (c->valid_after)
		put_opt(c->out, &first, "valid-after", c->valid_after);
	if (c->valid_before)
		put_opt(c->out, &first, "valid-before", c->valid_before);
	if (c->revoked)
		put_opt(c->out, &first, "revoked",
			*c->revoked ? c->revoked : NULL);
	ck_b64_encode(k.pub, CK_KEY_PUB_LEN, b64);
	fprintf(c->out, " ed25519 %s\n", b64);
	ck_key_clear(&k);
	return CK_EXIT_OK;
}
