/* tsa.c -- RFC 3161 timestamp tokens (see tsa.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "common/atomic.h"
#include "ksign/tsa.h"

#define TSA_MAX (1024 * 1024)

/* The imprint of info must be SHA-256 of subject. */
static int
imprint_ok(TS_TST_INFO *info, const unsigned char *subject)
{
	TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(info);
	X509_ALGOR *alg = TS_MSG_IMPRINT_get_algo(mi);
	ASN1_OCTET_STRING *d = TS_MSG_IMPRINT_get_msg(mi);
	const ASN1_OBJECT *obj;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	return OBJ_obj2nid(obj) == NID_sha256 &&
	       ASN1_STRING_length(d) == CK_SHA256_LEN &&
	       memcmp(ASN1_STRING_get0_data(d), subject, CK_SHA256_LEN) == 0;
}

static int
gentime(TS_TST_INFO *info, struct ck_time *t)
{
	const ASN1_GENERALIZEDTIME *g = TS_TST_INFO_get_time(info);
	struct tm tm;

	if (g == NULL || ASN1_TIME_to_tm(g, &tm) != 1)
		return -1;
	t->sec = ck_days_from_civil(tm.tm_year + 1900,
				    (unsigned)tm.tm_mon + 1,
				    (unsigned)tm.tm_mday) * 86400 +
		 tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	t->usec = 0;
	return 0;
}

int
ks_tsa_load(const char *path, const unsigned char subject[CK_SHA256_LEN],
	    unsigned char **tok, size_t *len, struct ck_error *err)
{
	char *der;
	size_t n;
	const unsigned char *p;
	TS_RESP *resp = NULL;
	PKCS7 *token = NULL;
	TS_TST_INFO *info = NULL;
	unsigned char *out = NULL;
	int olen, rc = -1;

	*tok = NULL;
	*len = 0;
	if (ck_read_file(path, TSA_MAX, &der, &n, err) < 0)
		return -1;
	p = (const unsigned char *)der;
	if ((resp = d2i_TS_RESP(NULL, &p, (long)n)) != NULL) {
		TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
		const ASN1_INTEGER *st = TS_STATUS_INFO_get0_status(si);

		if (ASN1_INTEGER_get(st) > 1) {	/* granted, grantedWithMods */
			ck_error_set(err, 0, "%s: the TSA refused the request",
				     path);
			goto out;
		}
		token = PKCS7_dup(TS_RESP_get_token(resp));
	} else {
		p = (const unsigned char *)der;
		token = d2i_PKCS7(NULL, &p, (long)n);
	}
	if (token == NULL || (info = PKCS7_to_TS_TST_INFO(token)) == NULL) {
		ck_error_set(err, 0, "%s: not an RFC 3161 timestamp response "
			     "or token", path);
		goto out;
	}
	if (!imprint_ok(info, subject)) {
		ck_error_set(err, 0, "%s: the timestamp is not over this "
			     "file's SHA-256", path);
		goto out;
	}
	if ((olen = i2d_PKCS7(token, &out)) <= 0) {
		ck_error_set(err, 0, "%s: cannot encode the token", path);
		goto out;
	}
	if ((*tok = malloc((size_t)olen)) == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	memcpy(*tok, out, (size_t)olen);
	*len = (size_t)olen;
	rc = 0;
out:
	OPENSSL_free(out);
	TS_TST_INFO_free(info);
	PKCS7_free(token);
	TS_RESP_free(resp);
	free(der);
	ERR_clear_error();
	return rc;
}

int
ks_tsa_time(const unsigned char *tok, size_t len, struct ck_time *t)
{
	const unsigned char *p = tok;
	PKCS7 *token = d2i_PKCS7(NULL, &p, (long)len);
	TS_TST_INFO *info = token ? PKCS7_to_TS_TST_INFO(token) : NULL;
	int rc = info != NULL ? gentime(info, t) : -1;

	TS_TST_INFO_free(info);
	PKCS7_free(token);
	ERR_clear_error();
	return rc;
}

int
ks_tsa_verify(const unsigned char *tok, size_t len,
	      const unsigned char subject[CK_SHA256_LEN], const char *cafile,
	      struct ck_time *t, struct ck_error *err)
{
	const unsigned char *p = tok;
	PKCS7 *token = d2i_PKCS7(NULL, &p, (long)len);
	TS_VERIFY_CTX *ctx = TS_VERIFY_CTX_new();
	X509_STORE *store = X509_STORE_new();
	unsigned char *imp = OPENSSL_malloc(CK_SHA256_LEN);
	int rc = -1;

	if (token == NULL || ctx == NULL || store == NULL || imp == NULL) {
		ck_error_set(err, 0, "unreadable timestamp token");
		goto out;
	}
	if (X509_STORE_load_file(store, cafile) != 1) {
		ck_error_set(err, 0, "cannot load the TSA CA from %s", cafile);
		goto out;
	}
	memcpy(imp, subject, CK_SHA256_LEN);
	TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE |
				TS_VFY_IMPRINT);
	TS_VERIFY_CTX_set_imprint(ctx, imp, CK_SHA256_LEN);
	imp = NULL;		/* owned by ctx */
	TS_VERIFY_CTX_set_store(ctx, store);
	store = NULL;
	if (TS_RESP_verify_token(ctx, token) != 1) {
		unsigned long e = ERR_peek_last_error();

		ck_error_set(err, 0, "timestamp token does not verify (%s)",
			     e && ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "unknown reason");
		goto out;
	}
	if (ks_tsa_time(tok, len, t) < 0) {
		ck_error_set(err, 0, "timestamp token has no time");
		goto out;
	}
	rc = 0;
out:
	OPENSSL_free(imp);
	X509_STORE_free(store);
	TS_VERIFY_CTX_free(ctx);
	PKCS7_free(token);
	ERR_clear_error();
	return rc;
}
