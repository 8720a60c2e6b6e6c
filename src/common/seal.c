/* seal.c -- secrets sealed under a passphrase (scrypt) or a key, with
 * AES-256-GCM; reading master credentials.  See seal.h for the format. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "common/atomic.h"
#include "common/hash.h"
#include "common/seal.h"

static const unsigned char seal_magic[8] = { 'C', 'K', 'S', 'E', 'A', 'L',
					     0x00, 0x01 };

void
ck_cred_release(struct ck_cred *c)
{
	if (c->secret != NULL) {
		ck_wipe(c->secret, c->len);
		free(c->secret);
	}
	c->secret = NULL;
	c->len = 0;
}

int
ck_cred_passphrase(struct ck_cred *c, const void *p, size_t n,
		   struct ck_error *err)
{
	c->kind = CK_CRED_PASSPHRASE;
	c->len = 0;
	if (n == 0) {
		c->secret = NULL;
		return ck_error_set(err, 0, "the passphrase is empty");
	}
	c->secret = malloc(n);
	if (c->secret == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	memcpy(c->secret, p, n);
	c->len = n;
	return 0;
}

/* Checks that a secret file is not readable by group or others. */
static int
check_private(const char *path, int fd, struct ck_error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return ck_error_set(err, errno, "cannot stat %s", path);
	if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
		return ck_error_set(err, 0, "%s is readable by others (mode "
				    "%04o); chmod 600 it", path,
				    (unsigned)(st.st_mode & 07777));
	return 0;
}

int
ck_read_secret_file(const char *path, size_t max, char **out, size_t *len,
		    struct ck_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return ck_error_set(err, errno, "cannot open %s", path);
	rc = check_private(path, fd, err);
	close(fd);
	if (rc < 0)
		return -1;
	return ck_read_file(path, max, out, len, err);
}

int
ck_cred_passphrase_file(struct ck_cred *c, const char *path,
			struct ck_error *err)
{
	char *text;
	size_t len, n;
	int rc;

	c->secret = NULL;
	c->len = 0;
	if (ck_read_secret_file(path, 4096, &text, &len, err) < 0)
		return -1;
	n = strcspn(text, "\n");
	if (n > 0 && text[n - 1] == '\r')
		n--;
	rc = ck_cred_passphrase(c, text, n, err);
	ck_wipe(text, len);
	free(text);
	if (rc < 0)
		ck_error_prefix(err, "%s", path);
	return rc;
}

static int
key_from_text(struct ck_cred *c, const char *text, size_t len,
	      const char *what, struct ck_error *err)
{
	c->kind = CK_CRED_KEY;
	c->secret = malloc(CK_SEAL_KEY_LEN);
	c->len = 0;
	if (c->secret == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (len == CK_SEAL_KEY_LEN) {
		/* 32 bytes are the raw key (64 hex digits are 64 or more) */
		memcpy(c->secret, text, CK_SEAL_KEY_LEN);
	} else {
		while (len > 0 && (text[len - 1] == '\n' ||
				   text[len - 1] == '\r'))
			len--;
		if (len != 2 * CK_SEAL_KEY_LEN ||
		    ck_hex_decode(text, len, c->secret, CK_SEAL_KEY_LEN) < 0) {
			free(c->secret);
			c->secret = NULL;
			return ck_error_set(err, 0, "%s is not a 256-bit key "
					    "(32 bytes, or 64 hex digits)",
					    what);
		}
	}
	c->len = CK_SEAL_KEY_LEN;
	return 0;
}

int
ck_cred_key_file(struct ck_cred *c, const char *path, struct ck_error *err)
{
	char *text;
	size_t len;
	int rc;

	c->secret = NULL;
	c->len = 0;
	if (ck_read_secret_file(path, 4096, &text, &len, err) < 0)
		return -1;
	rc = key_from_text(c, text, len, path, err);
	ck_wipe(text, len);
	free(text);
	return rc;
}

int
ck_cred_key_env(struct ck_cred *c, const char *var, struct ck_error *err)
{
	const char *v = getenv(var);

	c->secret = NULL;
	c->len = 0;
	if (v == NULL || *v == '\0')
		return 0;
	if (strlen(v) != 2 * CK_SEAL_KEY_LEN)
		return ck_error_set(err, 0, "%s is not a 256-bit key (64 hex "
				    "digits)", var);
	return key_from_text(c, v, strlen(v), var, err) < 0 ? -1 : 1;
}

/* Reads one line from fd into buf (at most cap-1 bytes), wiping nothing
 * itself; returns its length or -1. */
static ssize_t
read_line_fd(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	char ch;

	for (;;) {
		ssize_t r = read(fd, &ch, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || ch == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = ch;
	}
	buf[n] = '\0';
	return (ssize_t)n;
}

static int
prompt_once(int fd, const char *prompt, char *buf, size_t cap,
	    struct ck_error *err)
{
	struct termios old, quiet;
	ssize_t n;
	int restore = 0;

	if (write(fd, prompt, strlen(prompt)) < 0)
		return ck_error_set(err, errno, "cannot write to the terminal");
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
		quiet.c_lflag |= ICANON;
		if (tcsetattr(fd, TCSAFLUSH, &quiet) == 0)
			restore = 1;
	}
	n = read_line_fd(fd, buf, cap);
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* the newline the user typed was not echoed; nothing to do */
	}
	if (n <= 0)
		return ck_error_set(err, 0, "no passphrase given");
	return 0;
}

int
ck_cred_prompt(struct ck_cred *c, const char *prompt, int confirm,
	       struct ck_error *err)
{
	char a[1024], b[1024];
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	int rc = -1;

	c->secret = NULL;
	c->len = 0;
	if (fd < 0)
		return ck_error_set(err, 0, "no terminal to ask for the "
				    "passphrase");
	if (prompt_once(fd, prompt, a, sizeof(a), err) < 0)
		goto out;
	if (confirm) {
		if (prompt_once(fd, "Again: ", b, sizeof(b), err) < 0)
			goto out;
		if (strlen(a) != strlen(b) ||
		    !ck_ct_equal(a, b, strlen(a))) {
			ck_error_set(err, 0, "the passphrases differ");
			goto out;
		}
	}
	rc = ck_cred_passphrase(c, a, strlen(a), err);
out:
	ck_wipe(a, sizeof(a));
	ck_wipe(b, sizeof(b));
	close(fd);
	return rc;
}

void
ck_seal_params_default(struct ck_seal_params *sp)
{
	sp->log_n = 15;
	sp->r = 8;
	sp->p = 1;
}

static int
params_ok(const struct ck_seal_params *sp)
{
	return sp->log_n >= 10 && sp->log_n <= 22 && sp->r >= 1 &&
	       sp->r <= 32 && sp->p >= 1 && sp->p <= 16;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* The sealing key for a header (kind, params and salt already in it). */
static int
derive(const struct ck_cred *c, const unsigned char *hdr,
       unsigned char key[CK_SEAL_KEY_LEN], struct ck_error *err)
{
	OSSL_PARAM ps[7], *p = ps;
	EVP_KDF *kdf;
	EVP_KDF_CTX *kctx;
	uint64_t n = (uint64_t)1 << hdr[9];
	uint32_t r = get32(hdr + 10), par = get32(hdr + 14);
	uint64_t maxmem = 1024ull * 1024 * 1024 * 2;
	int ok;

	if (c->kind == CK_CRED_PASSPHRASE) {
		kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
		*p++ = OSSL_PARAM_construct_octet_string(
			OSSL_KDF_PARAM_PASSWORD, c->secret, c->len);
		*p++ = OSSL_PARAM_construct_octet_string(
			OSSL_KDF_PARAM_SALT, (void *)(hdr + 18), 16);
		*p++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
		*p++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
		*p++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P,
						   &par);
		*p++ = OSSL_PARAM_construct_uint64(
			OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
	} else {
		kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
		*p++ = OSSL_PARAM_construct_utf8_string(
			OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
		*p++ = OSSL_PARAM_construct_octet_string(
			OSSL_KDF_PARAM_KEY, c->secret, c->len);
		*p++ = OSSL_PARAM_construct_octet_string(
			OSSL_KDF_PARAM_SALT, (void *)(hdr + 18), 16);
		*p++ = OSSL_PARAM_construct_octet_string(
			OSSL_KDF_PARAM_INFO, (void *)"complykit seal v1", 17);
	}
	*p = OSSL_PARAM_construct_end();
	kctx = kdf != NULL ? EVP_KDF_CTX_new(kdf) : NULL;
	EVP_KDF_free(kdf);
	if (kctx == NULL)
		return ck_error_set(err, 0, "this OpenSSL has no %s",
				    c->kind == CK_CRED_PASSPHRASE ? "scrypt" :
				    "HKDF");
	ok = EVP_KDF_derive(kctx, key, CK_SEAL_KEY_LEN, ps) == 1;
	EVP_KDF_CTX_free(kctx);
	if (!ok)
		return ck_error_set(err, 0, "cannot derive the sealing key");
	return 0;
}

/* AES-256-GCM in one call; enc 1 seals in -> out and writes tag, enc 0
 * opens and checks tag.  0 or -1. */
static int
gcm(int enc, const unsigned char *key, const unsigned char *iv,
    const unsigned char *ad, size_t adlen, const unsigned char *in,
    size_t n, unsigned char *out, unsigned char *tag)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len, ok = 0;

	if (ctx == NULL)
		return -1;
	if (EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv, enc) != 1)
		goto out;
	if (EVP_CipherUpdate(ctx, NULL, &len, ad, (int)adlen) != 1)
		goto out;
	if (n > 0 && EVP_CipherUpdate(ctx, out, &len, in, (int)n) != 1)
		goto out;
	if (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16,
					tag) != 1)
		goto out;
	if (EVP_CipherFinal_ex(ctx, out + n, &len) != 1)
		goto out;
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16,
				       tag) != 1)
		goto out;
	ok = 1;
out:
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int
ck_seal(const struct ck_cred *c, const struct ck_seal_params *sp,
	const void *plain, size_t n, struct ck_buf *out, struct ck_error *err)
{
	struct ck_seal_params def;
	unsigned char key[CK_SEAL_KEY_LEN];
	unsigned char *hdr;
	int rc = -1;

	if (sp == NULL) {
		ck_seal_params_default(&def);
		sp = &def;
	}
	if (c->kind == CK_CRED_PASSPHRASE && !params_ok(sp))
		return ck_error_set(err, 0, "scrypt parameters out of bounds");
	if (n > (size_t)1 << 30)
		return ck_error_set(err, 0, "secret too large to seal");
	ck_buf_reset(out);
	if (ck_buf_reserve(out, CK_SEAL_HEADER_LEN + n + CK_SEAL_TAG_LEN) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	hdr = (unsigned char *)out->data;
	memset(hdr, 0, CK_SEAL_HEADER_LEN);
	memcpy(hdr, seal_magic, 8);
	hdr[8] = (unsigned char)c->kind;
	if (c->kind == CK_CRED_PASSPHRASE) {
		hdr[9] = sp->log_n;
		put32(hdr + 10, sp->r);
		put32(hdr + 14, sp->p);
	}
	if (ck_random_bytes(hdr + 18, 16 + 12, err) < 0)
		return -1;
	if (derive(c, hdr, key, err) < 0)
		goto out;
	if (gcm(1, key, hdr + 34, hdr, CK_SEAL_HEADER_LEN, plain, n,
		hdr + CK_SEAL_HEADER_LEN, hdr + CK_SEAL_HEADER_LEN + n) < 0) {
		ck_error_set(err, 0, "AES-256-GCM failed");
		goto out;
	}
	out->len = CK_SEAL_HEADER_LEN + n + CK_SEAL_TAG_LEN;
	out->data[out->len] = '\0';
	rc = 0;
out:
	ck_wipe(key, sizeof(key));
	return rc;
}

int
ck_seal_inspect(const void *sealed, size_t n, struct ck_seal_info *info,
		struct ck_error *err)
{
	const unsigned char *h = sealed;

	if (n < CK_SEAL_HEADER_LEN + CK_SEAL_TAG_LEN ||
	    memcmp(h, seal_magic, 6) != 0 || h[6] != 0)
		return ck_error_set(err, 0, "not a sealed file");
	if (h[7] != 1)
		return ck_error_set(err, 0, "sealed format version %u is not "
				    "supported (this build reads 1)", h[7]);
	info->version = h[7];
	info->kind = (enum ck_cred_kind)h[8];
	info->params.log_n = h[9];
	info->params.r = get32(h + 10);
	info->params.p = get32(h + 14);
	info->payload_len = n - CK_SEAL_HEADER_LEN - CK_SEAL_TAG_LEN;
	if (info->kind == CK_CRED_PASSPHRASE) {
		if (!params_ok(&info->params))
			return ck_error_set(err, 0, "sealed file asks for "
					    "scrypt parameters out of bounds");
	} else if (info->kind == CK_CRED_KEY) {
		if (info->params.log_n != 0 || info->params.r != 0 ||
		    info->params.p != 0)
			return ck_error_set(err, 0, "malformed sealed header");
	} else {
		return ck_error_set(err, 0, "unknown credential kind %u in "
				    "sealed header", h[8]);
	}
	return 0;
}

int
ck_unseal(const struct ck_cred *c, const void *sealed, size_t n,
	  struct ck_buf *out, struct ck_error *err)
{
	struct ck_seal_info info;
	unsigned char key[CK_SEAL_KEY_LEN];
	const unsigned char *h = sealed;
	int rc = -1;

	ck_buf_reset(out);
	if (ck_seal_inspect(sealed, n, &info, err) < 0)
		return -1;
	if (info.kind != c->kind)
		return ck_error_set(err, 0, "sealed under a %s, but a %s was "
				    "given", info.kind == CK_CRED_PASSPHRASE ?
				    "passphrase" : "key",
				    c->kind == CK_CRED_PASSPHRASE ?
				    "passphrase" : "key");
	if (ck_buf_reserve(out, info.payload_len + 1) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (derive(c, h, key, err) < 0)
		goto out;
	if (gcm(0, key, h + 34, h, CK_SEAL_HEADER_LEN,
		h + CK_SEAL_HEADER_LEN, info.payload_len,
		(unsigned char *)out->data,
		(unsigned char *)(uintptr_t)(h + n - CK_SEAL_TAG_LEN)) < 0) {
		ck_wipe(out->data, info.payload_len);
		ck_error_set(err, 0, "wrong master credential or altered "
			     "sealed data");
		goto out;
	}
	out->len = info.payload_len;
	out->data[out->len] = '\0';
	rc = 0;
out:
	ck_wipe(key, sizeof(key));
	return rc;
}
