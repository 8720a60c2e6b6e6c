/* tokens.c -- the encrypt operator's tokens:
 *
 *   ENC[SSN.1a2b3c4d.<base64url of AES-256-SIV(tag || ciphertext)>]
 *
 * The type tells a reader what was there; the key version (the first 8
 * hex digits of SHA-256 of the key file) tells --reveal which key opens
 * it, so data encrypted before a key rotation stays readable with the old
 * key.  The type is bound as associated data: a token moved to another
 * type's place fails to open.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/b64.h"
#include "phiredact/redact.h"

#define TOKEN_MAX_DATA (64u << 10)
#define AD_PREFIX "complykit phiredact encrypt v1:"

/* Appends the unpadded base64url of p[0..n) to out. */
static int
b64_append(const unsigned char *p, size_t n, struct ck_buf *out)
{
	if (ck_buf_reserve(out, CK_B64URL_LEN(n) + 1) < 0)
		return -1;
	ck_b64url_encode(p, n, out->data + out->len);
	out->len += CK_B64URL_LEN(n);
	return 0;
}

static int
ad_for(int type, char *ad, size_t cap)
{
	int n = snprintf(ad, cap, "%s%s", AD_PREFIX, phi_type_name(type));

	return n > 0 && (size_t)n < cap ? n : -1;
}

int
rd_token_seal(const struct rd_keys *k, int type, const char *v, size_t n,
	      struct ck_buf *out, struct ck_error *err)
{
	unsigned char *ct;
	char ad[96];
	int adlen = ad_for(type, ad, sizeof(ad)), rc = -1;

	if (n == 0)
		return ck_buf_appendf(out, "%s%s.%s.]", RD_TOKEN_OPEN,
				      phi_type_name(type), k->id);
	if (adlen < 0 || n > TOKEN_MAX_DATA - CK_SIV_TAG_LEN)
		return ck_error_set(err, 0, "value too long to encrypt");
	ct = malloc(n + CK_SIV_TAG_LEN);
	if (ct == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (ck_siv_seal(k->siv, ad, (size_t)adlen, v, n, ct, err) == 0 &&
	    ck_buf_appendf(out, "%s%s.%s.", RD_TOKEN_OPEN,
			   phi_type_name(type), k->id) == 0 &&
	    b64_append(ct, n + CK_SIV_TAG_LEN, out) == 0 &&
	    ck_buf_append_char(out, ']') == 0)
		rc = 0;
	else if (err->msg[0] == '\0')
		ck_error_set(err, ENOMEM, "out of memory");
	free(ct);
	return rc;
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

size_t
rd_token_parse(const char *p, size_t n, int *type, char id[9],
	       const char **data, size_t *dlen)
{
	size_t i = sizeof(RD_TOKEN_OPEN) - 1, t0, d0;
	char tname[24];

	if (n < i || memcmp(p, RD_TOKEN_OPEN, i) != 0)
		return 0;
	for (t0 = i; i < n && i - t0 < sizeof(tname) - 1 &&
		     ((p[i] >= 'A' && p[i] <= 'Z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '_'); i++)
		;
	if (i == t0 || i >= n || p[i] != '.')
		return 0;
	memcpy(tname, p + t0, i - t0);
	tname[i - t0] = '\0';
	if ((*type = phi_type_parse(tname)) < 0)
		return 0;
	i++;
	if (n - i < 9)
		return 0;
	for (d0 = 0; d0 < 8; d0++)
		if (!is_hex(p[i + d0]))
			return 0;
	if (p[i + 8] != '.')
		return 0;
	memcpy(id, p + i, 8);
	id[8] = '\0';
	i += 9;
	for (d0 = i; i < n && i - d0 <= TOKEN_MAX_DATA * 4 / 3 + 4 &&
		     ck_b64url_val(p[i]) >= 0; i++)
		;
	if (i >= n || p[i] != ']')
		return 0;
	*data = p + d0;
	*dlen = i - d0;
	return i + 1;
}

int
rd_token_open(const struct rd_keys *keys, size_t nkeys, int type,
	      const char *id, const char *data, size_t dlen,
	      struct ck_buf *out, struct ck_error *err)
{
	const struct rd_keys *k = NULL;
	unsigned char *raw, *pt;
	char ad[96];
	long rn;
	size_t i;
	int adlen = ad_for(type, ad, sizeof(ad)), rc = -1;

	for (i = 0; i < nkeys; i++)
		if (strcmp(keys[i].id, id) == 0)
			k = &keys[i];
	if (k == NULL) {
		struct ck_buf ids = CK_BUF_INIT;

		for (i = 0; i < nkeys; i++)
			ck_buf_appendf(&ids, "%s%s", i ? ", " : "",
				       keys[i].id);
		ck_error_set(err, 0, "token made with key %s; the key%s "
			     "given %s %s", id, nkeys == 1 ? "" : "s",
			     nkeys == 1 ? "is" : "are",
			     ids.data ? ids.data : "none");
		ck_buf_release(&ids);
		return -1;
	}
	if (dlen == 0)
		return 0;
	if (adlen < 0)
		return ck_error_set(err, 0, "bad token type");
	raw = malloc(dlen);
	pt = malloc(dlen);
	if (raw == NULL || pt == NULL) {
		free(raw);
		free(pt);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	rn = ck_b64url_decode(data, dlen, raw, dlen);
	if (rn <= CK_SIV_TAG_LEN)
		ck_error_set(err, 0, "malformed token");
	else if (ck_siv_open(k->siv, ad, (size_t)adlen, raw, (size_t)rn, pt,
			     err) == 0) {
		rc = ck_buf_append(out, pt, (size_t)rn - CK_SIV_TAG_LEN);
		if (rc < 0)
			ck_error_set(err, ENOMEM, "out of memory");
		ck_wipe(pt, (size_t)rn - CK_SIV_TAG_LEN);
	}
	free(raw);
	free(pt);
	return rc;
}
