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
#include "common/seal.h"

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

/* signer-id / signer-name values: UTF-8 text on one line. */
static int
ident_ok(const char *v, size_t n)
{
	if (n == 0 || n >= CK_KEY_IDENT_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return 0;
	return 1;
}

int
ck_key_set_signer(struct ck_key *k, const char *id, const char *name,
		  struct ck_error *err)
{
	if (id != NULL && !ident_ok(id, strlen(id)))
		return ck_error_set(err, 0, "bad signer id (1..%d bytes of "
				    "text on one line)", CK_KEY_IDENT_MAX - 1);
	if (name != NULL && !ident_ok(name, strlen(name)))
		return ck_error_set(err, 0, "bad signer name (1..%d bytes of "
				    "text on one line)", CK_KEY_IDENT_MAX - 1);
	if (id != NULL)
		snprintf(k->signer_id, sizeof k->signer_id, "%s", id);
	if (name != NULL)
		snprintf(k->signer_name, sizeof k->signer_name, "%s", name);
	return 0;
}

/* What one pass over the lines of a key file found. */
struct keyfile {
	int type, have_id, have_pub, have_secret, kdf;	/* kdf 1 none 2 scrypt */
	char id[CK_KEY_ID_HEXLEN + 1];
	unsigned char seed[CK_KEY_SEED_LEN], pub[CK_KEY_PUB_LEN];
	const char *sealed;		/* base64 of the sealed seed */
	size_t sealed_len;
	const char *params;		/* kdf-params value */
	size_t params_len;
	unsigned long params_line;
};

static int
parse_line(struct keyfile *f, struct ck_key *k, const char *p, size_t l,
	   const char *name, unsigned long lineno, struct ck_error *err)
{
	const char *v;
	size_t vlen;

	if (l == 0)
		return 0;	/* blank lines are allowed */
	if (field(p, l, "type", &v, &vlen)) {
		if (vlen == 14 && memcmp(v, "ed25519-secret", 14) == 0)
			f->type = 1;
		else if (vlen == 14 && memcmp(v, "ed25519-public", 14) == 0)
			f->type = 0;
		else
			return ck_error_set(err, 0, "%s:%lu: unknown key type",
					    name, lineno);
	} else if (field(p, l, "key-id", &v, &vlen)) {
		if (vlen != CK_KEY_ID_HEXLEN)
			return ck_error_set(err, 0, "%s:%lu: bad key-id", name,
					    lineno);
		memcpy(f->id, v, vlen);
		f->id[vlen] = '\0';
		f->have_id = 1;
	} else if (field(p, l, "kdf", &v, &vlen)) {
		if (vlen == 4 && memcmp(v, "none", 4) == 0)
			f->kdf = 1;
		else if (vlen == 6 && memcmp(v, "scrypt", 6) == 0)
			f->kdf = 2;
		else
			return ck_error_set(err, 0, "%s:%lu: unknown kdf", name,
					    lineno);
	} else if (field(p, l, "kdf-params", &v, &vlen)) {
		f->params = v;
		f->params_len = vlen;
		f->params_line = lineno;
	} else if (field(p, l, "secret", &v, &vlen)) {
		f->sealed = v;
		f->sealed_len = vlen;
		f->have_secret = 1;
	} else if (field(p, l, "public", &v, &vlen)) {
		if (ck_b64_decode(v, vlen, f->pub, sizeof f->pub) !=
		    CK_KEY_PUB_LEN)
			return ck_error_set(err, 0, "%s:%lu: bad public key "
					    "encoding", name, lineno);
		f->have_pub = 1;
	} else if (field(p, l, "signer-id", &v, &vlen) ||
		   field(p, l, "signer-name", &v, &vlen)) {
		char *dst = p[7] == 'i' ? k->signer_id : k->signer_name;

		if (!ident_ok(v, vlen))
			return ck_error_set(err, 0, "%s:%lu: bad signer %s",
					    name, lineno,
					    p[7] == 'i' ? "id" : "name");
		memcpy(dst, v, vlen);
		dst[vlen] = '\0';
	} else {
		return ck_error_set(err, 0, "%s:%lu: unknown line in key file",
				    name, lineno);
	}
	return 0;
}

/* Opens the sealed seed of f into f->seed. */
static int
unseal_seed(struct keyfile *f, const char *name, const struct ck_cred *cred,
	    struct ck_error *err)
{
	struct ck_buf raw = CK_BUF_INIT, plain = CK_BUF_INIT;
	struct ck_seal_info info;
	char want[64];
	int rc = -1;

	if (f->params == NULL)
		return ck_error_set(err, 0, "%s: incomplete key file (no "
				    "kdf-params)", name);
	if (ck_buf_reserve(&raw, f->sealed_len + 1) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	{
		long n = ck_b64_decode(f->sealed, f->sealed_len,
				       (unsigned char *)raw.data,
				       f->sealed_len);

		if (n < 0 || ck_seal_inspect(raw.data, (size_t)n, &info,
					     NULL) < 0 ||
		    info.kind != CK_CRED_PASSPHRASE ||
		    info.payload_len != CK_KEY_SEED_LEN) {
			ck_error_set(err, 0, "%s: bad secret key encoding",
				     name);
			goto out;
		}
		raw.len = (size_t)n;
	}
	snprintf(want, sizeof want, "N=%llu r=%lu p=%lu",
		 1ull << info.params.log_n, (unsigned long)info.params.r,
		 (unsigned long)info.params.p);
	if (strlen(want) != f->params_len ||
	    memcmp(want, f->params, f->params_len) != 0) {
		ck_error_set(err, 0, "%s:%lu: kdf-params do not match the "
			     "sealed secret", name, f->params_line);
		goto out;
	}
	if (ck_unseal(cred, raw.data, raw.len, &plain, NULL) < 0 ||
	    plain.len != CK_KEY_SEED_LEN) {
		/* §11.300: say nothing of which component was wrong */
		ck_error_set(err, 0, "%s: wrong passphrase or damaged key file",
			     name);
		goto out;
	}
	memcpy(f->seed, plain.data, CK_KEY_SEED_LEN);
	rc = 0;
out:
	ck_buf_release_secret(&plain);
	ck_buf_release(&raw);
	return rc;
}

int
ck_key_parse_cred(struct ck_key *k, const char *text, size_t len,
		  const char *name, int want_secret,
		  const struct ck_cred *cred, struct ck_error *err)
{
	const char *p = text, *end = text + len;
	unsigned long lineno = 0;
	struct keyfile f;
	int rc = -1;

	memset(k, 0, sizeof *k);
	memset(&f, 0, sizeof f);
	f.type = -1;
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
		} else if (parse_line(&f, k, p, l, name, lineno, err) < 0) {
			goto out;
		}
		p = nl ? nl + 1 : end;
	}
	if (f.type < 0 || !f.have_id || !f.have_pub ||
	    (f.type == 1 && (!f.have_secret || !f.kdf)) ||
	    (f.type == 0 && (f.have_secret || f.kdf || f.params)) ||
	    (f.params != NULL && f.kdf != 2)) {
		ck_error_set(err, 0, "%s: incomplete key file", name);
		goto out;
	}
	if (want_secret && f.type != 1) {
		ck_error_set(err, 0, "%s: a public key file, not a secret key",
			     name);
		goto out;
	}
	k->sealed = f.kdf == 2;
	if (f.type == 1 && f.kdf == 1 &&
	    ck_b64_decode(f.sealed, f.sealed_len, f.seed, sizeof f.seed) !=
	    CK_KEY_SEED_LEN) {
		ck_error_set(err, 0, "%s: bad secret key encoding", name);
		goto out;
	}
	if (f.type == 1 && f.kdf == 2) {
		if (cred == NULL && want_secret) {
			ck_error_set(err, 0, "%s: the secret key is encrypted "
				     "and no passphrase was given", name);
			goto out;
		}
		if (cred != NULL && unseal_seed(&f, name, cred, err) < 0)
			goto out;
	}
	if (f.type == 1 && (f.kdf == 1 || cred != NULL)) {
		if (ck_key_from_seed(k, f.seed, err) < 0)
			goto out;
		if (!ck_ct_equal(k->pub, f.pub, CK_KEY_PUB_LEN)) {
			ck_error_set(err, 0, "%s: the public key does not match "
				     "the secret key", name);
			goto out;
		}
	} else {
		memcpy(k->pub, f.pub, CK_KEY_PUB_LEN);
		ck_key_id(k->pub, k->id);
	}
	if (strcmp(k->id, f.id) != 0) {
		ck_error_set(err, 0, "%s: key-id does not match the key "
			     "(damaged file?)", name);
		goto out;
	}
	rc = 0;
out:
	ck_wipe(&f, sizeof f);
	if (rc < 0)
		ck_key_clear(k);
	return rc;
}

int
ck_key_parse(struct ck_key *k, const char *text, size_t len, const char *name,
	     int want_secret, struct ck_error *err)
{
	return ck_key_parse_cred(k, text, len, name, want_secret, NULL, err);
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

int
ck_key_load_secret(struct ck_key *k, const char *path,
		   const struct ck_cred *cred, struct ck_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	memset(k, 0, sizeof *k);
	if (ck_read_secret_file(path, 64 * 1024, &text, &len, err) < 0)
		return -1;
	rc = ck_key_parse_cred(k, text, len, path, 0, cred, err);
	if (rc == 0 && cred != NULL && !k->has_secret) {
		ck_key_clear(k);
		rc = ck_error_set(err, 0, "%s: a public key file, not a secret "
				  "key", path);
	}
	ck_wipe(text, len);
	free(text);
	return rc;
}

/* The lines every key file shares after its type and key-id. */
static int
format_signer(const struct ck_key *k, struct ck_buf *b)
{
	int rc = 0;

	if (k->signer_id[0])
		rc |= ck_buf_appendf(b, "signer-id: %s\n", k->signer_id);
	if (k->signer_name[0])
		rc |= ck_buf_appendf(b, "signer-name: %s\n", k->signer_name);
	return rc;
}

/* secret: NULL for a public file, else the value of the secret line,
 * after kdf lines kdf (already formatted). */
static int
format_key(const struct ck_key *k, const char *kdf, const char *secret,
	   struct ck_buf *b)
{
	char pub[CK_B64_LEN(CK_KEY_PUB_LEN) + 1];

	ck_b64_encode(k->pub, CK_KEY_PUB_LEN, pub);
	if (ck_buf_appendf(b, MAGIC "\ntype: ed25519-%s\nkey-id: %s\n",
			   secret ? "secret" : "public", k->id) < 0 ||
	    format_signer(k, b) < 0)
		return -1;
	if (secret != NULL && ck_buf_appendf(b, "%ssecret: %s\n", kdf,
					     secret) < 0)
		return -1;
	return ck_buf_appendf(b, "public: %s\n", pub);
}

static int
save_secret_text(const struct ck_key *k, const char *path, const char *kdf,
		 const char *secret, struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	struct stat st;
	int rc;

	/* A secret key is never overwritten: losing it would orphan every
	 * signature it made. */
	if (lstat(path, &st) == 0)
		return ck_error_set(err, EEXIST, "%s", path);
	if (format_key(k, kdf, secret, &b) < 0) {
		ck_buf_release_secret(&b);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	rc = ck_atomic_write(path, b.data, b.len, 0600, err);
	ck_buf_release_secret(&b);
	return rc;
}

int
ck_key_save_secret(const struct ck_key *k, const char *path,
		   struct ck_error *err)
{
	char sec[CK_B64_LEN(CK_KEY_SEED_LEN) + 1];
	int rc;

	if (!k->has_secret)
		return ck_error_set(err, 0, "no secret key to save");
	ck_b64_encode(k->seed, CK_KEY_SEED_LEN, sec);
	rc = save_secret_text(k, path, "kdf: none\n", sec, err);
	ck_wipe(sec, sizeof sec);
	return rc;
}

int
ck_key_save_sealed(const struct ck_key *k, const char *path,
		   const struct ck_cred *cred, const struct ck_seal_params *sp,
		   struct ck_error *err)
{
	struct ck_seal_params def;
	struct ck_buf sealed = CK_BUF_INIT;
	char kdf[96], *b64 = NULL;
	int rc = -1;

	if (!k->has_secret)
		return ck_error_set(err, 0, "no secret key to save");
	if (sp == NULL) {
		ck_seal_params_default(&def);
		sp = &def;
	}
	if (ck_seal(cred, sp, k->seed, CK_KEY_SEED_LEN, &sealed, err) < 0)
		goto out;
	b64 = malloc(CK_B64_LEN(sealed.len) + 1);
	if (b64 == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	ck_b64_encode((const unsigned char *)sealed.data, sealed.len, b64);
	snprintf(kdf, sizeof kdf, "kdf: scrypt\nkdf-params: N=%llu r=%lu "
		 "p=%lu\n", 1ull << sp->log_n, (unsigned long)sp->r,
		 (unsigned long)sp->p);
	rc = save_secret_text(k, path, kdf, b64, err);
out:
	free(b64);
	ck_buf_release(&sealed);
	return rc;
}

int
ck_key_save_public(const struct ck_key *k, const char *path,
		   struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	int rc;

	if (format_key(k, NULL, NULL, &b) < 0) {
		ck_buf_release(&b);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	rc = ck_atomic_write(path, b.data, b.len, 0644, err);
	ck_buf_release(&b);
	return rc;
}

struct ck_key_ctx {
	EVP_PKEY *pkey;
	EVP_MD_CTX *md;		/* initialised for signing (secret keys) */
	EVP_MD_CTX *vmd;	/* initialised for verifying */
	int sign_ready, verify_ready;
};

struct ck_key_ctx *
ck_key_ctx_new(const struct ck_key *k, struct ck_error *err)
{
	struct ck_key_ctx *c = calloc(1, sizeof *c);

	if (c == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	c->pkey = k->has_secret
		? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL,
					       k->seed, CK_KEY_SEED_LEN)
		: EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, k->pub,
					      CK_KEY_PUB_LEN);
	c->md = EVP_MD_CTX_new();
	c->vmd = EVP_MD_CTX_new();
	if (c->pkey == NULL || c->md == NULL || c->vmd == NULL) {
		ck_key_ctx_free(c);
		ck_error_set(err, 0, "cannot load an Ed25519 key");
		return NULL;
	}
	return c;
}

void
ck_key_ctx_free(struct ck_key_ctx *c)
{
	if (c == NULL)
		return;
	EVP_MD_CTX_free(c->md);
	EVP_MD_CTX_free(c->vmd);
	EVP_PKEY_free(c->pkey);	/* OpenSSL cleanses the private key */
	free(c);
}

/* Ed25519 is one-shot (EVP_DigestSign, no Update), and OpenSSL 3 lets
 * an initialised context sign message after message, as `openssl speed`
 * does: initialising costs about a seventh of a signature, so it is done
 * once, and again only if a call fails. */
int
ck_key_ctx_sign(struct ck_key_ctx *c, const void *msg, size_t n,
		unsigned char sig[CK_KEY_SIG_LEN], struct ck_error *err)
{
	for (int tries = 0; tries < 2; tries++) {
		size_t siglen = CK_KEY_SIG_LEN;

		if (!c->sign_ready) {
			if (EVP_DigestSignInit(c->md, NULL, NULL, NULL,
					       c->pkey) != 1)
				break;
			c->sign_ready = 1;
		}
		if (EVP_DigestSign(c->md, sig, &siglen, msg, n) == 1 &&
		    siglen == CK_KEY_SIG_LEN)
			return 0;
		c->sign_ready = 0;
	}
	return ck_error_set(err, 0, "Ed25519 signing failed");
}

int
ck_key_ctx_verify(struct ck_key_ctx *c, const void *msg, size_t n,
		  const unsigned char sig[CK_KEY_SIG_LEN])
{
	int rc;

	if (!c->verify_ready) {
		if (EVP_DigestVerifyInit(c->vmd, NULL, NULL, NULL,
					 c->pkey) != 1)
			return -1;
		c->verify_ready = 1;
	}
	rc = EVP_DigestVerify(c->vmd, sig, CK_KEY_SIG_LEN, msg, n);
	if (rc == 1)
		return 0;
	/* 0 is a bad signature; anything else leaves the context unsure */
	if (rc != 0)
		c->verify_ready = 0;
	return -1;
}

int
ck_key_sign(const struct ck_key *k, const void *msg, size_t n,
	    unsigned char sig[CK_KEY_SIG_LEN], struct ck_error *err)
{
	struct ck_key_ctx *c;
	int rc;

	if (!k->has_secret)
		return ck_error_set(err, 0, "no secret key to sign with");
	if ((c = ck_key_ctx_new(k, err)) == NULL)
		return -1;
	rc = ck_key_ctx_sign(c, msg, n, sig, err);
	ck_key_ctx_free(c);
	return rc;
}

int
ck_key_verify(const unsigned char pub[CK_KEY_PUB_LEN], const void *msg,
	      size_t n, const unsigned char sig[CK_KEY_SIG_LEN])
{
	struct ck_key k;
	struct ck_key_ctx *c;
	int rc;

	memset(&k, 0, sizeof k);
	memcpy(k.pub, pub, CK_KEY_PUB_LEN);
	if ((c = ck_key_ctx_new(&k, NULL)) == NULL)
		return -1;
	rc = ck_key_ctx_verify(c, msg, n, sig);
	ck_key_ctx_free(c);
	return rc;
}
