/* files.c -- init, and encrypt/decrypt of files, trees and streams. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/hash.h"
#include "common/walk.h"
#include "keyrot/batch.h"
#include "keyrot/keyrot.h"

/* Plaintext to a pipe is held back up to this much, so an object that
 * fails authentication writes nothing; past it, output streams. */
#define HOLD (64u * 1024u * 1024u)

int
kr_cmd_init(struct kr_ctx *c)
{
	struct ck_error err;
	char *path;
	int rc;

	if (ck_time_now(&c->now) < 0) {
		ck_warn("invalid COMPLYKIT_NOW");
		return CK_EXIT_TROUBLE;
	}
	if (c->keyring_dir == NULL)
		ck_usage_error("init: give --keyring DIR or set KEYROT_KEYRING");
	if (mkdir(c->keyring_dir, 0700) < 0 && errno != EEXIST) {
		ck_warn_errno(errno, "cannot create %s", c->keyring_dir);
		return CK_EXIT_TROUBLE;
	}
	path = kr_path_in(c->keyring_dir, "keyring.sealed");
	rc = access(path, F_OK);
	free(path);
	if (rc == 0) {
		ck_warn("%s already holds a keyring", c->keyring_dir);
		return CK_EXIT_TROUBLE;
	}
	if (kr_keyring_check_modes(c->keyring_dir, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	path = kr_path_in(c->keyring_dir, ".lock");
	rc = ck_lock_acquire(&c->lock, path, 0, &err);
	free(path);
	if (rc < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	c->locked = 1;
	if (kr_get_cred(c, 1) < 0)
		return CK_EXIT_TROUBLE;
	c->kr.retention_days = c->retention >= 0 ? (uint32_t)c->retention : 30;
	if (kr_keyring_add(&c->kr, &c->now, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	if (kr_save(c) < 0)
		return CK_EXIT_TROUBLE;
	return kr_record(c, "init", "success", 1, -1,
			 json_pack("{s:i}", "retention_days",
				   (int)c->kr.retention_days)) < 0 ?
	       CK_EXIT_TROUBLE : CK_EXIT_OK;
}

/* Encrypts or decrypts src (named name, bound to ctx) into dst. */
static int
crypt_one(struct kr_ctx *c, int encrypt, const char *ctx,
	  struct kr_source *src, struct kr_sink *dst, struct ck_error *err)
{
	unsigned char ctxh[32], raw[KR_HDR_LEN], dkey[KR_KEY_LEN];
	const unsigned char *vkey;
	struct kr_header h;
	int rc;

	kr_context_hash(ctx, strlen(ctx), ctxh);
	if (encrypt) {
		struct kr_version *p = kr_keyring_primary(&c->kr);

		return kr_encrypt_stream(p->id, p->key, KR_SEG_DEFAULT, ctxh,
					 src, dst, err);
	}
	if (kr_read_header(src, raw, &h, err) < 0)
		return -1;
	vkey = kr_key_for(c, h.version, 0, err);
	if (vkey == NULL || kr_unwrap(vkey, &h, ctxh, dkey, err) < 0)
		return -1;
	rc = kr_decrypt_payload(&h, dkey, ctxh, src, dst, err);
	ck_wipe(dkey, sizeof(dkey));
	return rc;
}

static int
is_envelope_fd(int fd)
{
	unsigned char m[6];
	ssize_t n = pread(fd, m, sizeof(m), 0);

	return n == (ssize_t)sizeof(m) && kr_is_envelope(m, sizeof(m));
}

/* One file to out, crash-safely (ck_atomic: temporary, fsync, rename);
 * or, with out NULL, in place through the batch (see batch.h). */
static int
crypt_file(struct kr_ctx *c, int encrypt, const char *path, const char *out,
	   struct kr_batch *batch, int *skipped)
{
	struct ck_atomic_file af;
	struct ck_error err;
	struct kr_source src = { -1, NULL, 0, 0 };
	struct kr_sink dst;
	struct stat st;
	char *ctx = NULL, *tmp = NULL;
	int fd, tfd = -1, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ck_warn_errno(errno, "cannot open %s", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (out == NULL && is_envelope_fd(fd) == encrypt) {
		/* in place: already in the wanted form */
		if (encrypt)
			ck_info("%s: already encrypted, left as is", path);
		else
			ck_info("%s: not encrypted, left as is", path);
		(*skipped)++;
		close(fd);
		return 0;
	}
	ctx = c->context != NULL ? strdup(c->context) : kr_file_context(path);
	src.fd = fd;
	memset(&dst, 0, sizeof(dst));
	if (out != NULL) {
		if (ck_atomic_open(&af, out, st.st_mode & 07777, &err) < 0) {
			ck_warn_error(&err);
			goto out;
		}
		dst.fd = fileno(af.fp);
		if (crypt_one(c, encrypt, ctx, &src, &dst, &err) < 0) {
			ck_atomic_abort(&af);
			ck_warn("%s: %s", path, err.msg);
			goto out;
		}
		if (ck_atomic_commit(&af, &err) < 0) {
			ck_warn_error(&err);
			goto out;
		}
		rc = 0;
		goto out;
	}
	tmp = kr_temp_name(path);
	tfd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		   st.st_mode & 07777);
	if (tfd < 0) {
		ck_warn_errno(errno, "cannot create %s", tmp);
		goto out;
	}
	dst.fd = tfd;
	if (crypt_one(c, encrypt, ctx, &src, &dst, &err) < 0) {
		ck_warn("%s: %s", path, err.msg);
		goto out;
	}
	if (close(tfd) < 0) {
		tfd = -1;
		ck_warn_errno(errno, "cannot write %s", tmp);
		goto out;
	}
	tfd = -1;
	rc = kr_batch_add(batch, tmp, path, (uint64_t)st.st_size);
	tmp = NULL;	/* the batch owns it now */
out:
	if (tfd >= 0)
		close(tfd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(ctx);
	close(fd);
	return rc;
}

static int
crypt_stream(struct kr_ctx *c, int encrypt)
{
	struct ck_buf held = CK_BUF_INIT;
	struct ck_error err;
	struct kr_source src = { 0, NULL, 0, 0 };
	struct kr_sink dst;
	const char *ctx = c->context != NULL ? c->context : "";
	int rc = -1;

	if (c->output != NULL && strcmp(c->output, "-") != 0) {
		struct ck_atomic_file af;

		if (ck_atomic_open(&af, c->output, 0600, &err) < 0) {
			ck_warn_error(&err);
			return -1;
		}
		memset(&dst, 0, sizeof(dst));
		dst.fd = fileno(af.fp);
		if (crypt_one(c, encrypt, ctx, &src, &dst, &err) < 0) {
			ck_atomic_abort(&af);
			ck_warn("<stdin>: %s", err.msg);
			return -1;
		}
		if (ck_atomic_commit(&af, &err) < 0) {
			ck_warn_error(&err);
			return -1;
		}
		return 0;
	}
	memset(&dst, 0, sizeof(dst));
	dst.fd = STDOUT_FILENO;
	if (!encrypt) {
		dst.mem = &held;
		dst.hold = HOLD;
	}
	if (crypt_one(c, encrypt, ctx, &src, &dst, &err) < 0) {
		ck_warn("<stdin>: %s%s", err.msg, dst.streamed ?
			" (output after the first 64 MiB is incomplete)" : "");
		goto out;
	}
	if (kr_sink_finish(&dst, &err) < 0) {
		ck_warn("<stdout>: %s", err.msg);
		goto out;
	}
	rc = 0;
out:
	/* only held.len bytes were ever written: wiping the capacity too
	 * (up to twice as much) would fault in pages never used */
	ck_wipe(held.data, held.len);
	ck_buf_release(&held);
	return rc;
}

static int
walk_err(const struct ck_error *err, void *arg)
{
	(*(int *)arg)++;
	ck_warn_error(err);
	return 0;
}

/* Our temporaries (".NAME.krtmp", ck_atomic's ".NAME.tmpXXXXXX") are
 * never objects. */
int kr_is_temp(const char *path);
int
kr_is_temp(const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b != NULL ? b + 1 : path;
	n = strlen(b);
	return b[0] == '.' && ((n > 6 && strcmp(b + n - 6, ".krtmp") == 0) ||
			       (n > 10 && strncmp(b + n - 10, ".tmp", 4) == 0));
}

/* The keyring must not live beside the data: a tree that holds it would
 * have the sealed keyring itself encrypted in place. */
static int
keyring_inside(struct kr_ctx *c)
{
	char *kr = realpath(c->keyring_dir, NULL);
	int rc = 0;

	for (int i = 0; kr != NULL && i < c->argc && rc == 0; i++) {
		char *p = realpath(c->argv[i], NULL);
		size_t n = p != NULL ? strlen(p) : 0;

		if (p != NULL && strncmp(kr, p, n) == 0 &&
		    (kr[n] == '/' || kr[n] == '\0' || n == 1)) {
			ck_warn("%s holds the keyring %s; keep the keyring "
				"apart from the data", c->argv[i],
				c->keyring_dir);
			rc = -1;
		}
		free(p);
	}
	free(kr);
	return rc;
}

static int
crypt_cmd(struct kr_ctx *c, int encrypt)
{
	struct ck_walk_opts wo;
	struct ck_walk_list l = { NULL, 0 };
	struct kr_batch batch;
	int errors = 0, skipped = 0, done = 0;

	if (c->nfields > 0)
		return kr_fields_run(c, encrypt);
	if (kr_open(c, 0) < 0)
		return CK_EXIT_TROUBLE;
	if (c->argc == 0 || (c->argc == 1 && strcmp(c->argv[0], "-") == 0))
		return crypt_stream(c, encrypt) < 0 ? CK_EXIT_TROUBLE :
		       CK_EXIT_OK;
	if (c->output != NULL) {
		struct stat st;

		if (c->argc != 1 || stat(c->argv[0], &st) < 0 ||
		    !S_ISREG(st.st_mode))
			ck_usage_error("%s: -o takes one file (or standard "
				       "input)", c->cmd);
		return crypt_file(c, encrypt, c->argv[0], c->output, NULL,
				  &skipped) < 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
	}
	if (keyring_inside(c) < 0)
		return CK_EXIT_TROUBLE;
	kr_batch_init(&batch, -1, NULL);
	ck_walk_opts_default(&wo);
	wo.archives = 0;
	wo.decompress = 0;
	ck_walk_expand((const char *const *)c->argv, (size_t)c->argc, &wo, &l,
		       walk_err, &errors);
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.paths[i], "-") == 0) {
			ck_warn("'-' cannot be mixed with paths");
			errors++;
			continue;
		}
		if (kr_is_temp(l.paths[i]))
			continue;
		if (crypt_file(c, encrypt, l.paths[i], NULL, &batch,
			       &skipped) < 0)
			errors++;
		else
			done++;
	}
	if (kr_batch_flush(&batch) < 0)
		errors++;
	kr_batch_release(&batch);
	ck_walk_list_free(&l);
	ck_info("%d %s, %d left as they were, %d failed", done - skipped,
		encrypt ? "encrypted" : "decrypted", skipped, errors);
	return errors > 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
}

int
kr_cmd_encrypt(struct kr_ctx *c)
{
	return crypt_cmd(c, 1);
}

int
kr_cmd_decrypt(struct kr_ctx *c)
{
	return crypt_cmd(c, 0);
}
