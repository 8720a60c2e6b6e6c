/* key.c -- Ed25519 keys through OpenSSL EVP and the complykit key file. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "common/atomic.h"
#include "common/b64.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/key.h"

#define MAGIC "complykit-key v1"

void
ck_key_id(const unsigned char pub[CK_KEY_PUB_LEN],
	  char id[CK_KEY_ID_HEXLEN + 1])
{
	static const char dom[] = "complykit-ed25519\n";
	unsigned char in[sizeof dom - 1 + CK_KEY_PUB_LEN], d[CK_SHA256_LEN];

	/* Domain-separated so the id of a key is never the hash of
	 * something else the toolkit hashes. */
	memcpy(in, dom, sizeof dom - 1);
	memcpy(in + sizeof dom - 1, pub, CK_KEY_PUB_LEN);
	ck_sha256(in, sizeof in, d);
	ck_hex_encode(d, CK_KEY_ID_HEXLEN / 2, id);
}

void
ck_key_clear(struct ck_key *k)
{
	ck_wipe(k, sizeof *k);
}

int
ck_key_from_seed(struct ck_key *k, const unsigned char *seed,
		 struct ck_error *err)
{
	EVP_PKEY *p;
	size_t n = CK_KEY_PUB_LEN;

	p = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed,
					 CK_KEY_SEED_LEN);
	if (p == NULL)
		return ck_error_set(err, 0, "cannot load an Ed25519 key");
	if (EVP_PKEY_get_raw_public_key(p, k->pub, &n) != 1 ||
	    n != CK_KEY_PUB_LEN) {
		EVP_PKEY_free(p);
		return ck_error_set(err, 0, "cannot derive an Ed25519 key");
	}
	EVP_PKEY_free(p);
	if (k->seed != seed)
		memcpy(k->seed, seed, CK_KEY_SEED_LEN);
	k->has_secret = 1;
	ck_key_id(k->pub, k->id);
	return 0;
}

int
ck_key_generate(struct ck_key *k, struct ck_error *err)
{
	unsigned char seed[CK_KEY_SEED_LEN];
	int rc;

	memset(k, 0, sizeof *k);
	if (ck_random_bytes(seed, sizeof seed, err) < 0)
		return -1;
	rc = ck_key_from_seed(k, seed, err);
	ck_wipe(seed, sizeof seed);
	return rc;
}

/* The value of "name: value" at line start, or NULL. */
static int
field(const char *line, size_t len, const char *name, const char **v,
      size_t *vlen)
{
	size_t n = strlen(name);

	if (len < n + 2 || memcmp(line, name, n) != 0 || line[n] != ':' ||
	    line[n + 1] != ' ')
		return 0;
	*v = line + n + 2;
	*vlen = len - n - 2;
	return 1;
}

int
ck_key_parse(struct ck_key *k, const char *text, size_t len, const char *name,
	     int want_secret, struct ck_error *err)
{
	const char *p = text, *end = text + len, *v;
	size_t vlen;
	unsigned long lineno = 0;
	int type = -1, have_id = 0, have_pub = 0, have_secret = 0, kdf = 0;
	char id[CK_KEY_ID_HEXLEN + 1] = "";
	unsigned char seed[CK_KEY_SEED_LEN], pub[CK_KEY_PUB_LEN];
	int rc = -1;

	memset(k, 0, sizeof *k);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		lineno++;
		if (lineno == 1) {
			if (l != strlen(MAGIC) || memcmp(p, MAGIC, l) != 0) {
				ck_error_set(err, 0, "%s:1: not a complykit "
					     "key file", name);
				goto out;
			}
		} else if (l == 0) {
			;	/* blank lines are allowed */
		} else if (field(p, l, "type", &v, &vlen)) {
			if (vlen == 14 && memcmp(v, "ed25519-secret", 14) == 0)
				type = 1;
			else if (vlen == 14 &&
				 memcmp(v, "ed25519-public", 14) == 0)
				type = 0;
			else {
				ck_error_set(err, 0, "%s:%lu: unknown key type",
					     name, lineno);
				goto out;
			}
		} else if (field(p, l, "key-id", &v, &vlen)) {
			if (vlen != CK_KEY_ID_HEXLEN) {
				ck_error_set(err, 0, "%s:%lu: bad key-id", name,
					     lineno);
				goto out;
			}
			memcpy(id, v, vlen);
			id[vlen] = '\0';
			have_id = 1;
		} else if (field(p, l, "kdf", &v, &vlen)) {
			if (vlen == 4 && memcmp(v, "none", 4) == 0) {
				kdf = 1;
			} else {
				ck_error_set(err, 0, "%s:%lu: the secret key is "
					     "encrypted (kdf %.*s), which this "
					     "version cannot read", name,
					     lineno, (int)(vlen > 16 ? 16 : vlen),
					     v);
				goto out;
			}
		} else if (field(p, l, "secret", &v, &vlen)) {
			if (ck_b64_decode(v, vlen, seed, sizeof seed) !=
			    CK_KEY_SEED_LEN) {
				ck_error_set(err, 0, "%s:%lu: bad secret key "
					     "encoding", name, lineno);
				goto out;
			}
			have_secret = 1;
		} else if (field(p, l, "public", &v, &vlen)) {
			if (ck_b64_decode(v, vlen, pub, sizeof pub) !=
			    CK_KEY_PUB_LEN) {
				ck_error_set(err, 0, "%s:%lu: bad public key "
					     "encoding", name, lineno);
				goto out;
			}
			have_pub = 1;
		} else {
			ck_error_set(err, 0, "%s:%lu: unknown line in key file",
				     name, lineno);
			goto out;
		}
		p = nl ? nl + 1 : end;
	}
	if (type < 0 || !have_id || !have_pub ||
	    (type == 1 && (!have_secret || !kdf)) ||
	    (type == 0 && (have_secret || kdf))) {
		ck_error_set(err, 0, "%s: incomplete key file", name);
		goto out;
	}
	if (want_secret && type != 1) {
		ck_error_set(err, 0, "%s: a public key file, not a secret key",
			     name);
		goto out;
	}
	if (type == 1) {
		if (ck_key_from_seed(k, seed, err) < 0)
			goto out;
		if (!ck_ct_equal(k->pub, pub, CK_KEY_PUB_LEN)) {
			ck_error_set(err, 0, "%s: the public key does not match "
				     "the secret key", name);
			goto out;
		}
	} else {
		memcpy(k->pub, pub, CK_KEY_PUB_LEN);
		ck_key_id(k->pub, k->id);
	}
	if (strcmp(k->id, id) != 0) {
		ck_error_set(err, 0, "%s: key-id does not match the key "
			     "(damaged file?)", name);
		goto out;
	}
	rc = 0;
out:
	ck_wipe(seed, sizeof seed);
	if (rc < 0)
		ck_key_clear(k);
	return rc;
}

int
ck_key_load(struct ck_key *k, const char *path, int want_secret,
	    struct ck_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	memset(k, 0, sizeof *k);
	if (ck_read_file(path, 64 * 1024, &text, &len, err) < 0)
		return -1;
	rc = ck_key_parse(k, text, len, path, want_secret, err);
	ck_wipe(text, len);
	free(text);
	return rc;
}

static int
format_key(const struct ck_key *k, int secret, struct ck_buf *b)
{
	char pub[CK_B64_LEN(CK_KEY_PUB_LEN) + 1];
	char sec[CK_B64_LEN(CK_KEY_SEED_LEN) + 1];
	int rc;

	ck_b64_encode(k->pub, CK_KEY_PUB_LEN, pub);
	if (!secret)
		return ck_buf_appendf(b, MAGIC "\ntype: ed25519-public\n"
				      "key-id: %s\npublic: %s\n", k->id, pub);
	ck_b64_encode(k->seed, CK_KEY_SEED_LEN, sec);
	rc = ck_buf_appendf(b, MAGIC "\ntype: ed25519-secret\nkey-id: %s\n"
			    "kdf: none\nsecret: %s\npublic: %s\n", k->id, sec,
			    pub);
	ck_wipe(sec, sizeof sec);
	return rc;
}

int
ck_key_save_secret(const struct ck_key *k, const char *path,
		   struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	struct stat st;
	int rc;

	if (!k->has_secret)
		return ck_error_set(err, 0, "no secret key to save");
	/* A secret key is never overwritten: losing it would orphan every
	 * signature it made. */
	if (lstat(path, &st) == 0)
		return ck_error_set(err, EEXIST, "%s", path);
	if (format_key(k, 1, &b) < 0) {
		ck_buf_release_secret(&b);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	rc = ck_atomic_write(path, b.data, b.len, 0600, err);
	ck_buf_release_secret(&b);
	return rc;
}

int
ck_key_save_public(const struct ck_key *k, const char *path,
		   struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	int rc;

	if (format_key(k, 0, &b) < 0) {
		ck_buf_release(&b);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	rc = ck_atomic_write(path, b.data, b.len, 0644, err);
	ck_buf_release(&b);
	return rc;
}

int
ck_key_sign(const struct ck_key *k, const void *msg, size_t n,
	    unsigned char sig[CK_KEY_SIG_LEN], struct ck_error *err)
{
	EVP_PKEY *p;
	EVP_MD_CTX *c;
	size_t siglen = CK_KEY_SIG_LEN;
	int ok;

	if (!k->has_secret)
		return ck_error_set(err, 0, "no secret key to sign with");
	p = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, k->seed,
					 CK_KEY_SEED_LEN);
	c = EVP_MD_CTX_new();
	ok = p && c && EVP_DigestSignInit(c, NULL, NULL, NULL, p) == 1 &&
	     EVP_DigestSign(c, sig, &siglen, msg, n) == 1 &&
	     siglen == CK_KEY_SIG_LEN;
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(p);	/* OpenSSL cleanses the private key */
	return ok ? 0 : ck_error_set(err, 0, "Ed25519 signing failed");
}

int
ck_key_verify(const unsigned char pub[CK_KEY_PUB_LEN], const void *msg,
	      size_t n, const unsigned char sig[CK_KEY_SIG_LEN])
{
	EVP_PKEY *p;
	EVP_MD_CTX *c;
	int ok;

	p = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub,
					CK_KEY_PUB_LEN);
	c = EVP_MD_CTX_new();
	ok = p && c && EVP_DigestVerifyInit(c, NULL, NULL, NULL, p) == 1 &&
	     EVP_DigestVerify(c, sig, CK_KEY_SIG_LEN, msg, n) == 1;
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(p);
	return ok ? 0 : -1;
}
