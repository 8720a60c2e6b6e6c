/* fingerprint.c -- keyed fingerprints of matched values.
 *
 * An unkeyed hash of an SSN is no protection: there are only 10^9 of
 * them, so anyone can hash every candidate and read the baseline back.
 * HMAC-SHA-256 with a secret key per team makes the fingerprints useless
 * without the key (CONTRACT: fingerprints must be keyed).
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/phi/phi.h"
#include "common/phi/value.h"

#define KEY_MIN 16
#define KEY_NEW 32
#define KEY_FILE_MAX 4096
#define SHA256_BLOCK 64

static int
key_set(struct phi_key *k, const unsigned char *p, size_t n,
	struct ck_error *err)
{
	unsigned char d[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1];

	k->bytes = malloc(n);
	if (k->bytes == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	memcpy(k->bytes, p, n);
	k->len = n;
	if (ck_sha256(p, n, d) < 0)
		return ck_error_set(err, 0, "cannot hash the fingerprint key");
	ck_hex_encode(d, 4, hex);
	memcpy(k->id, hex, 8);
	k->id[8] = '\0';
	return 0;
}

static int
key_read(struct phi_key *k, const char *path, const char *what,
	 struct ck_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (ck_read_file(path, KEY_FILE_MAX, &data, &len, err) < 0) {
		ck_error_prefix(err, "%s", what);
		return -1;
	}
	/* A key written with echo or an editor ends in a newline; the same
	 * key must give the same fingerprints either way. */
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len < KEY_MIN) {
		ck_wipe(data, len);
		free(data);
		return ck_error_set(err, 0, "%s: key file %s holds %zu bytes, "
				    "need at least %d (e.g. head -c 32 "
				    "/dev/urandom > %s)", what, path, len,
				    KEY_MIN, path);
	}
	rc = key_set(k, (unsigned char *)data, len, err);
	ck_wipe(data, len);
	free(data);
	return rc;
}

static int
mkdir_p(char *dir)
{
	char *p;

	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* The default key, created on first use under a lock so that two
 * phiscans started together agree on one key. */
static int
key_default(struct phi_key *k, struct ck_error *err)
{
	struct ck_buf dir = CK_BUF_INIT, path = CK_BUF_INIT, lock = CK_BUF_INIT;
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	unsigned char fresh[KEY_NEW];
	struct ck_lock lk;
	int rc = -1;

	if (xdg != NULL && *xdg == '/')
		rc = ck_buf_appendf(&dir, "%s/complykit", xdg);
	else if (home != NULL && *home != '\0')
		rc = ck_buf_appendf(&dir, "%s/.config/complykit", home);
	else {
		ck_error_set(err, 0, "no fingerprint key: HOME is not set "
			     "(use --fingerprint-key FILE)");
		goto out;
	}
	if (rc < 0 || ck_buf_appendf(&path, "%s/fingerprint.key",
				     dir.data) < 0 ||
	    ck_buf_appendf(&lock, "%s.lock", path.data) < 0) {
		rc = ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	rc = -1;
	if (access(path.data, F_OK) == 0) {
		rc = key_read(k, path.data, "fingerprint key", err);
		goto out;
	}
	if (mkdir_p(dir.data) < 0) {
		ck_error_set(err, errno, "cannot create %s for the fingerprint "
			     "key (use --fingerprint-key FILE)", dir.data);
		goto out;
	}
	if (ck_lock_acquire(&lk, lock.data, 1, err) < 0)
		goto out;
	if (access(path.data, F_OK) == 0) {
		rc = key_read(k, path.data, "fingerprint key", err);
	} else if (ck_random_bytes(fresh, sizeof(fresh), err) == 0 &&
		   ck_atomic_write(path.data, fresh, sizeof(fresh), 0600,
				   err) == 0) {
		rc = key_set(k, fresh, sizeof(fresh), err);
		ck_info("created fingerprint key %s (id %s)", path.data,
			k->id);
	}
	ck_wipe(fresh, sizeof(fresh));
	ck_lock_release(&lk);
out:
	ck_buf_release(&dir);
	ck_buf_release(&path);
	ck_buf_release(&lock);
	return rc;
}

int
phi_key_load(struct phi_key *k, const char *path, int need_stable,
	     struct ck_error *err)
{
	const char *env = getenv("COMPLYKIT_FINGERPRINT_KEY");
	unsigned char fresh[KEY_NEW];
	struct ck_error derr;
	int rc;

	memset(k, 0, sizeof(*k));
	if (path != NULL)
		return key_read(k, path, "--fingerprint-key", err);
	if (env != NULL && *env != '\0')
		return key_read(k, env, "COMPLYKIT_FINGERPRINT_KEY", err);
	ck_error_clear(&derr);
	if (key_default(k, &derr) == 0)
		return 0;
	if (need_stable) {
		*err = derr;
		return -1;
	}
	/* Scanning must not fail because HOME is read-only (CI); the
	 * fingerprints then only compare within this run. */
	ck_info("%s; fingerprints use a one-time key", derr.msg);
	if (ck_random_bytes(fresh, sizeof(fresh), err) < 0)
		return -1;
	rc = key_set(k, fresh, sizeof(fresh), err);
	ck_wipe(fresh, sizeof(fresh));
	k->ephemeral = 1;
	return rc;
}

void
phi_key_release(struct phi_key *k)
{
	if (k->bytes != NULL) {
		ck_wipe(k->bytes, k->len);
		free(k->bytes);
	}
	memset(k, 0, sizeof(*k));
}

/* RFC 2104 with the key's inner and outer pad blocks hashed once: a
 * finding then costs two context copies and two short hashes instead of
 * a key schedule, which matters when a 1 GiB input has millions. */
struct phi_hmac {
	EVP_MD_CTX *inner, *outer, *tmp;
};

struct phi_hmac *
phi_hmac_new(const struct phi_key *k)
{
	unsigned char kb[SHA256_BLOCK], ipad[SHA256_BLOCK], opad[SHA256_BLOCK];
	struct phi_hmac *h = calloc(1, sizeof(*h));
	const EVP_MD *md = EVP_sha256();
	size_t i;
	int ok;

	if (h == NULL)
		return NULL;
	memset(kb, 0, sizeof(kb));
	if (k->len > SHA256_BLOCK)
		ok = ck_sha256(k->bytes, k->len, kb) == 0;
	else {
		memcpy(kb, k->bytes, k->len);
		ok = 1;
	}
	for (i = 0; i < SHA256_BLOCK; i++) {
		ipad[i] = kb[i] ^ 0x36;
		opad[i] = kb[i] ^ 0x5c;
	}
	h->inner = EVP_MD_CTX_new();
	h->outer = EVP_MD_CTX_new();
	h->tmp = EVP_MD_CTX_new();
	ok = ok && h->inner && h->outer && h->tmp &&
	     EVP_DigestInit_ex(h->inner, md, NULL) == 1 &&
	     EVP_DigestUpdate(h->inner, ipad, sizeof(ipad)) == 1 &&
	     EVP_DigestInit_ex(h->outer, md, NULL) == 1 &&
	     EVP_DigestUpdate(h->outer, opad, sizeof(opad)) == 1;
	ck_wipe(kb, sizeof(kb));
	ck_wipe(ipad, sizeof(ipad));
	ck_wipe(opad, sizeof(opad));
	if (!ok) {
		phi_hmac_free(h);
		return NULL;
	}
	return h;
}

void
phi_hmac_free(struct phi_hmac *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->inner);
	EVP_MD_CTX_free(h->outer);
	EVP_MD_CTX_free(h->tmp);
	free(h);
}

static int
hmac(struct phi_hmac *h, const void *msg, size_t n,
     unsigned char out[CK_SHA256_LEN])
{
	unsigned char ih[CK_SHA256_LEN];
	unsigned int len = 0;
	int ok;

	ok = EVP_MD_CTX_copy_ex(h->tmp, h->inner) == 1 &&
	     EVP_DigestUpdate(h->tmp, msg, n) == 1 &&
	     EVP_DigestFinal_ex(h->tmp, ih, &len) == 1 &&
	     EVP_MD_CTX_copy_ex(h->tmp, h->outer) == 1 &&
	     EVP_DigestUpdate(h->tmp, ih, sizeof(ih)) == 1 &&
	     EVP_DigestFinal_ex(h->tmp, out, &len) == 1;
	ck_wipe(ih, sizeof(ih));
	return ok ? 0 : -1;
}

int
phi_fingerprint(struct phi_hmac *h, int type, const char *value, size_t len,
		unsigned char out[CK_SHA256_LEN])
{
	char small[256];
	char *norm = small;
	const char *tn = phi_type_name(type);
	size_t tl = strlen(tn), i, n = 0;
	int rc;

	if (tl + 1 + len > sizeof(small)) {
		norm = malloc(tl + 1 + len);
		if (norm == NULL)
			return -1;
	}
	memcpy(norm, tn, tl);
	n = tl;
	norm[n++] = ':';
	/* Case, spacing and punctuation vary between writings of one value;
	 * letters, digits and non-ASCII bytes identify it. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c >= 'A' && c <= 'Z')
			norm[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 c >= 0x80)
			norm[n++] = (char)c;
	}
	rc = hmac(h, norm, n, out);
	ck_wipe(norm, n);
	if (norm != small)
		free(norm);
	return rc;
}
