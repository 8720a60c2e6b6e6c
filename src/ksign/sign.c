/* sign.c -- ksign sign: files (a line appended to FILE.ksig), a manifest
 * (one signature over many files' hashes), or JSON Lines records (each
 * record's "signatures" array).  The key is unlocked once per invocation,
 * whatever the number of files or records. */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/canon.h"
#include "common/canonfast.h"
#include "common/jsonl.h"
#include "ksign/ksign.h"
#include "ksign/manifest.h"
#include "ksign/tsa.h"

/* Signs one file: hash, sign, append.  0 or -1 (reported). */
static int
sign_file(struct ks_ctx *c, const struct ck_key *k, struct ck_key_ctx *kc,
	  const char *path, int sync)
{
	struct ck_error err;
	struct ks_sig s;
	struct ck_time now;
	unsigned char d[CK_SHA256_LEN], *tok = NULL;
	size_t toklen = 0;
	struct ck_buf line = CK_BUF_INIT;
	char *ksig = NULL;
	int rc = -1;

	memset(&s, 0, sizeof s);
	if (ks_hash_file(path, d, &err) < 0)
		goto fail;
	if (c->tsa_token != NULL &&
	    ks_tsa_load(c->tsa_token, d, &tok, &toklen, &err) < 0)
		goto fail;
	ck_time_now(&now);
	if (ks_sig_make(&s, k, kc, c->meaning, &now, d, tok, toklen,
			&err) < 0)
		goto fail;
	if (ck_json_append_compact(&line, s.obj, &err) < 0 ||
	    ck_buf_append_char(&line, '\n') < 0) {
		ck_error_set(&err, ENOMEM, "out of memory");
		goto fail;
	}
	ksig = ks_path_cat(path, ".ksig");
	if (ks_append_line(ksig, line.data, line.len, sync, &err) < 0)
		goto fail;
	ck_info("%s: signed (%s) by %s", path, c->meaning, k->signer_name);
	rc = 0;
	goto out;
fail:
	ck_warn_error(&err);
out:
	ks_sig_release(&s);
	ck_buf_release(&line);
	free(ksig);
	free(tok);
	return rc;
}

struct record_signer {
	const struct ck_key *k;
	struct ck_key_ctx *kc;
	struct ks_sig_tmpl tmpl;	/* the fast path's signature texts */
	struct ck_canon_fast cf;	/* the fast path's canonical record */
	struct ck_buf line;		/* the fast path's output line */
};

/* A record that had no signatures goes out as it came in, with the new
 * member spliced before its closing brace: every other field is passed
 * through byte for byte (CONTRACT), and the record is not serialised
 * again, which is a tenth of the cost of signing it. */
static int
splice(FILE *out, json_t *rec, const char *raw, size_t n, const json_t *sig,
       struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	int rc = -1;

	while (n > 0 && (raw[n - 1] == ' ' || raw[n - 1] == '\t' ||
			 raw[n - 1] == '\r'))
		n--;
	if (n == 0 || raw[n - 1] != '}')
		return ck_error_set(err, 0, "unexpected record text");
	if (ck_buf_append(&b, raw, n - 1) < 0 ||
	    ck_buf_append_str(&b, json_object_size(rec) > 0 ?
			      ",\"signatures\":[" : "\"signatures\":[") < 0 ||
	    ck_json_append_compact(&b, sig, err) < 0 ||
	    ck_buf_append_str(&b, "]}\n") < 0) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0) {
		ck_error_set(err, errno, "cannot write the output");
		goto out;
	}
	rc = 0;
out:
	ck_buf_release(&b);
	return rc;
}

static int
sign_record(struct ks_ctx *c, json_t *rec, const char *name,
	    unsigned long line, const char *raw, size_t rawlen, void *arg)
{
	struct record_signer *rs = arg;
	json_t *sigs = json_object_get(rec, "signatures");
	unsigned char d[CK_SHA256_LEN];
	struct ck_error err;
	struct ks_sig s;
	struct ck_time now;

	if (sigs != NULL && !json_is_array(sigs)) {
		ck_warn("%s:%lu: \"signatures\" is not an array", name, line);
		return CK_EXIT_TROUBLE;
	}
	ck_time_now(&now);
	if (ks_record_subject(rec, d, &err) < 0 ||
	    ks_sig_make(&s, rs->k, rs->kc, c->meaning, &now, d, NULL, 0,
			&err) < 0) {
		ck_error_prefix(&err, "%s:%lu", name, line);
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	if (sigs == NULL) {
		int rc = splice(c->out, rec, raw, rawlen, s.obj, &err);

		ks_sig_release(&s);
		if (rc < 0) {
			ck_warn_error(&err);
			return -1;
		}
		return CK_EXIT_OK;
	}
	json_array_append(sigs, s.obj);
	ks_sig_release(&s);
	if (ck_jsonl_write(c->out, rec, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	return CK_EXIT_OK;
}

/* The common case without a JSON tree: a record without "signatures"
 * that ck_canon_fast fully understands (its canonical text is then the
 * one ks_record_subject hashes), signed through the template and spliced
 * as splice() does.  Anything else is not sure: sign_record takes it. */
static int
sign_line(struct ks_ctx *c, const char *name, unsigned long line,
	  const char *raw, size_t n, void *arg)
{
	struct record_signer *rs = arg;
	struct ck_canon_fast *cf = &rs->cf;
	struct ck_buf *b = &rs->line;
	unsigned char d[CK_SHA256_LEN];
	struct ck_error err;
	struct ck_time now;

	if (!rs->tmpl.ok || ck_canon_fast(cf, raw, n) != 1 ||
	    ck_canon_top_find(cf->out.data, &cf->top, "signatures") != NULL ||
	    ck_sha256(cf->out.data, cf->out.len, d) < 0)
		return KS_NOT_SURE;
	/* one object, whitespace around it: as splice() cuts it */
	while (n > 0 && (raw[n - 1] == ' ' || raw[n - 1] == '\t' ||
			 raw[n - 1] == '\r'))
		n--;
	ck_time_now(&now);
	ck_buf_reset(b);
	if (ck_buf_append(b, raw, n - 1) < 0 ||
	    ck_buf_append_str(b, cf->top.count > 0 ? ",\"signatures\":[" :
			      "\"signatures\":[") < 0) {
		ck_warn("%s:%lu: out of memory", name, line);
		return CK_EXIT_TROUBLE;
	}
	if (ks_sig_tmpl_sign(&rs->tmpl, rs->kc, &now, d, b, &err) < 0) {
		ck_error_prefix(&err, "%s:%lu", name, line);
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	if (ck_buf_append_str(b, "]}\n") < 0) {
		ck_warn("%s:%lu: out of memory", name, line);
		return CK_EXIT_TROUBLE;
	}
	if (fwrite(b->data, 1, b->len, c->out) != b->len ||
	    fflush(c->out) != 0) {
		ck_error_set(&err, errno, "cannot write the output");
		ck_warn_error(&err);
		return -1;
	}
	return CK_EXIT_OK;
}

int
ks_sign_records(struct ks_ctx *c, const struct ck_key *k,
		struct ck_key_ctx *kc)
{
	struct record_signer rs;
	int rc;

	memset(&rs, 0, sizeof rs);
	rs.k = k;
	rs.kc = kc;
	ck_canon_fast_init(&rs.cf);
	rs.cf.reals = 1;
	ks_sig_tmpl_init(&rs.tmpl, k, kc, c->meaning);
	rc = ks_each_record(c, ks_no_fast_path() ? NULL : sign_line,
			    sign_record, &rs);
	ks_sig_tmpl_release(&rs.tmpl);
	ck_canon_fast_release(&rs.cf);
	ck_buf_release(&rs.line);
	return rc;
}

/* Many files are signed by a few threads, each with its own OpenSSL
 * context: Ed25519 and creating the .ksig files are the cost, and both
 * scale with cores.  The key stays unlocked once for all of them. */
struct batch {
	struct ks_ctx *c;
	const struct ck_key *k;
	char **paths;
	size_t n;
	atomic_size_t next;
	atomic_int failed;
};

static void *
batch_worker(void *arg)
{
	struct batch *b = arg;
	struct ck_error err;
	struct ck_key_ctx *kc = ck_key_ctx_new(b->k, &err);
	size_t i;

	if (kc == NULL) {
		ck_warn_error(&err);
		atomic_store(&b->failed, 1);
		return NULL;
	}
	while ((i = atomic_fetch_add(&b->next, 1)) < b->n)
		if (sign_file(b->c, b->k, kc, b->paths[i], 0) < 0)
			atomic_store(&b->failed, 1);
	ck_key_ctx_free(kc);
	return NULL;
}

/* 0, or -1 if any file failed (reported). */
static int
sign_batch(struct ks_ctx *c, const struct ck_key *k, char **paths, size_t n)
{
	struct batch b = { c, k, paths, n, 0, 0 };
	pthread_t tid[8];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (size_t)ncpu, started = 0;

	if (nt > n / 256 + 1)
		nt = n / 256 + 1;
	for (size_t i = 1; i < nt; i++)
		if (pthread_create(&tid[started], NULL, batch_worker, &b) == 0)
			started++;
	batch_worker(&b);
	for (size_t i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	return atomic_load(&b.failed) ? -1 : 0;
}

/* syncfs of each file system the .ksig files went to. */
static int
sync_batch(char **paths, size_t n)
{
	dev_t seen[16];
	int nseen = 0, rc = 0;
	struct ck_error err;

	for (size_t i = 0; i < n; i++) {
		struct stat st;
		int known = 0;

		if (stat(paths[i], &st) < 0)
			continue;
		for (int j = 0; j < nseen; j++)
			known |= seen[j] == st.st_dev;
		if (known)
			continue;
		if (nseen < 16)
			seen[nseen++] = st.st_dev;
		if (ks_sync_fs(paths[i], &err) < 0) {
			ck_warn_error(&err);
			rc = -1;
		}
	}
	return rc;
}

int
ks_cmd_sign(struct ks_ctx *c)
{
	struct ks_policy pol = { NULL, 0 };
	struct ck_error err;
	struct ck_key k;
	struct ck_key_ctx *kc = NULL;
	int rc = CK_EXIT_TROUBLE, records;

	memset(&k, 0, sizeof k);
	records = c->records || c->argc == 0 ||
		  (c->argc == 1 && strcmp(c->argv[0], "-") == 0);
	if (c->policy_path != NULL &&
	    ks_policy_load(&pol, c->policy_path, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	if (!ks_policy_allows(&pol, c->meaning)) {
		ck_warn("unknown meaning '%s' (approval, review, authorship, "
			"responsibility%s)", c->meaning,
			pol.n ? ", or one of the policy file's" :
			"; --policy adds more");
		goto out;
	}
	if (c->tsa_token != NULL && (records || c->argc != 1)) {
		ck_warn("--tsa-token timestamps one file: give exactly one");
		goto out;
	}
	if (c->manifest != NULL && records) {
		ck_warn("--manifest needs the files to list");
		goto out;
	}
	if (ks_unlock_key(c, &k) < 0 || (kc = ck_key_ctx_new(&k, &err)) == NULL)
		goto out;
	if (records) {
		rc = ks_sign_records(c, &k, kc);
	} else {
		char **paths;
		size_t n;
		int sync;

		if (ks_expand(c, &paths, &n) < 0)
			rc = CK_EXIT_TROUBLE;
		else
			rc = CK_EXIT_OK;
		if (c->manifest != NULL) {
			if (ks_manifest_write(c->manifest, paths, n) < 0 ||
			    sign_file(c, &k, kc, c->manifest, 1) < 0)
				rc = CK_EXIT_TROUBLE;
		} else {
			sync = n == 1;
			if (sync && sign_file(c, &k, kc, paths[0], 1) < 0)
				rc = CK_EXIT_TROUBLE;
			if (!sync && n > 0 &&
			    (sign_batch(c, &k, paths, n) < 0 ||
			     sync_batch(paths, n) < 0))
				rc = CK_EXIT_TROUBLE;
		}
		ks_expand_free(paths, n);
	}
out:
	ck_key_ctx_free(kc);
	ck_key_clear(&k);
	ks_policy_release(&pol);
	return rc;
}
