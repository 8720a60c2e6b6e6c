/* keys.c -- --key FILE: one secret, and a key per operator derived from
 * it with HKDF, so that a pseudonym (which anyone may see) says nothing
 * about the key that opens encrypt tokens.
 *
 * HIPAA 164.514(c) allows a re-identification code only if it is not
 * derived from the PHI and its mechanism is not disclosed: the key is
 * that mechanism, so it is kept 0600 and never printed.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/atomic.h"
#include "phiredact/redact.h"

#define KEY_MIN 16
#define KEY_FILE_MAX 4096

static struct phi_hmac *
hmac_for(const unsigned char *master, size_t n, const char *label,
	 struct ck_error *err)
{
	unsigned char sub[CK_SHA256_LEN];
	struct phi_key k;
	struct phi_hmac *h;

	if (ck_derive_key(master, n, label, sub, sizeof(sub), err) < 0)
		return NULL;
	memset(&k, 0, sizeof(k));
	k.bytes = sub;
	k.len = sizeof(sub);
	h = phi_hmac_new(&k);
	ck_wipe(sub, sizeof(sub));
	if (h == NULL)
		ck_error_set(err, ENOMEM, "out of memory");
	return h;
}

int
rd_keys_load(struct rd_keys *k, const char *path, struct ck_error *err)
{
	unsigned char d[CK_SHA256_LEN];
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int rc = -1;

	memset(k, 0, sizeof(*k));
	if (stat(path, &st) < 0)
		return ck_error_set(err, errno, "key file %s", path);
	/* ssh's rule for private keys: a key others can read is no
	 * secret, and a pseudonym made with it protects nobody. */
	if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
		return ck_error_set(err, 0, "key file %s may be read by "
				    "others (chmod 600 %s)", path, path);
	if (ck_read_file(path, KEY_FILE_MAX, &data, &len, err) < 0) {
		ck_error_prefix(err, "key file");
		return -1;
	}
	/* A key written by echo or an editor ends in a newline. */
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len < KEY_MIN) {
		ck_error_set(err, 0, "key file %s holds %zu bytes, need at "
			     "least %d (e.g. head -c 32 /dev/urandom > %s)",
			     path, len, KEY_MIN, path);
		goto out;
	}
	if (ck_sha256(data, len, d) < 0) {
		ck_error_set(err, 0, "cannot hash the key");
		goto out;
	}
	ck_hex_encode(d, 4, k->id);
	k->id[8] = '\0';
	k->pseudo = hmac_for((unsigned char *)data, len,
			     "complykit phiredact pseudonym v1", err);
	k->surr = k->pseudo ? hmac_for((unsigned char *)data, len,
				       "complykit phiredact surrogate v1",
				       err) : NULL;
	if (k->surr == NULL ||
	    ck_derive_key(data, len, "complykit phiredact shift v1",
			  k->shift, sizeof(k->shift), err) < 0 ||
	    ck_derive_key(data, len, "complykit phiredact aes-siv v1",
			  k->siv, sizeof(k->siv), err) < 0)
		goto out;
	rc = 0;
out:
	ck_wipe(data, len);
	free(data);
	if (rc < 0)
		rd_keys_release(k);
	return rc;
}

void
rd_keys_release(struct rd_keys *k)
{
	phi_hmac_free(k->pseudo);
	phi_hmac_free(k->surr);
	ck_wipe(k, sizeof(*k));
}
