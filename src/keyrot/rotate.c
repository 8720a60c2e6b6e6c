/* rotate.c -- rotate, rewrap and reencrypt.
 *
 * rewrap and reencrypt replace objects in batches: each new object is
 * written to ".NAME.krtmp" beside its target and checked to decrypt under
 * the primary; then one syncfs(2) makes the batch durable, each temporary
 * is renamed over its target, each directory is fsync'd, and the batch's
 * paths are appended to DIR/journal.  A process killed at any instant
 * leaves every object either old (still decryptable: its version stays
 * active) or new; a rerun removes stale temporaries, skips what the
 * journal or the header says is done, and finishes.  One fsync per batch
 * rather than per object is what makes 100,000 small objects quick. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hash.h"
#include "common/jsonl.h"
#include "common/walk.h"
#include "keyrot/batch.h"
#include "keyrot/keyrot.h"


int kr_is_temp(const char *path);

int
kr_cmd_rotate(struct kr_ctx *c)
{
	struct ck_error err;
	struct kr_version *p;
	uint32_t old;

	if (kr_open(c, 1) < 0)
		return CK_EXIT_TROUBLE;
	old = kr_keyring_primary(&c->kr)->id;
	if (c->retention >= 0)
		c->kr.retention_days = (uint32_t)c->retention;
	if (kr_keyring_add(&c->kr, &c->now, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	if (kr_save(c) < 0)
		return CK_EXIT_TROUBLE;
	p = kr_keyring_primary(&c->kr);
	return kr_record(c, "rotate", "success", p->id, -1,
			 json_pack("{s:I, s:i}", "previous", (json_int_t)old,
				   "retention_days",
				   (int)c->kr.retention_days)) < 0 ?
	       CK_EXIT_TROUBLE : CK_EXIT_OK;
}

struct job {
	struct kr_ctx *c;
	int reencrypt;
	struct kr_version *primary;
	struct kr_batch batch;
	char **done;		/* journal paths of an interrupted run */
	size_t ndone;
	int64_t skipped, failed;
	char *journal;
	int jfd;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
copy_rest(int in, int out, struct ck_error *err)
{
	char buf[1 << 16];

	for (;;) {
		ssize_t r = read(in, buf, sizeof(buf)), w = 0;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ck_error_set(err, errno, "read error");
		if (r == 0)
			return 0;
		while (w < r) {
			ssize_t k = write(out, buf + w, (size_t)(r - w));

			if (k < 0)
				return ck_error_set(err, errno, "write error");
			w += k;
		}
	}
}

/* Decrypts fd's payload after header h to verify or to capture it. */
static int
open_payload(int fd, const struct kr_header *h, const unsigned char *dkey,
	     const unsigned char ctxh[32], struct ck_buf *capture,
	     struct ck_error *err)
{
	struct kr_source src = { fd, NULL, 0, 0 };
	struct kr_sink dst;

	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = capture;
	dst.discard = capture == NULL;
	if (lseek(fd, KR_HDR_LEN, SEEK_SET) < 0)
		return ck_error_set(err, errno, "seek error");
	return kr_decrypt_payload(h, dkey, ctxh, &src, &dst, err);
}

/* Writes the new form of one object to its temporary and checks it. */
static int
redo_object(struct job *j, int fd, const struct kr_header *h,
	    const unsigned char ctxh[32], const char *tmp, mode_t mode,
	    struct ck_error *err)
{
	struct kr_ctx *c = j->c;
	const unsigned char *vkey = kr_key_for(c, h->version, 1, err);
	unsigned char dkey[KR_KEY_LEN], check[KR_KEY_LEN];
	unsigned char sum1[32], sum2[32];
	struct ck_buf plain = CK_BUF_INIT, again = CK_BUF_INIT;
	struct kr_header nh;
	unsigned char raw[KR_HDR_LEN];
	int out = -1, rc = -1;

	if (vkey == NULL || kr_unwrap(vkey, h, ctxh, dkey, err) < 0)
		return -1;
	/* the old object must be whole before it is replaced */
	if (open_payload(fd, h, dkey, ctxh, j->reencrypt ? &plain : NULL,
			 err) < 0)
		goto out;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		ck_error_set(err, errno, "cannot create %s", tmp);
		goto out;
	}
	if (!j->reencrypt) {
		nh = *h;
		nh.version = j->primary->id;
		if (kr_wrap(j->primary->key, &nh, ctxh, dkey, err) < 0)
			goto out;
		/* verify: the new header yields the same data key */
		if (kr_unwrap(j->primary->key, &nh, ctxh, check, err) < 0 ||
		    !ck_ct_equal(check, dkey, KR_KEY_LEN)) {
			ck_error_set(err, 0, "new wrapped key does not verify");
			goto out;
		}
		kr_header_write(&nh, raw);
		if (write(out, raw, sizeof(raw)) != (ssize_t)sizeof(raw) ||
		    lseek(fd, KR_HDR_LEN, SEEK_SET) < 0 ||
		    copy_rest(fd, out, err) < 0) {
			ck_error_set(err, errno, "cannot write %s", tmp);
			goto out;
		}
		/* verify: the payload came over whole */
		{
			struct stat a, b;

			if (fstat(fd, &a) < 0 || fstat(out, &b) < 0 ||
			    a.st_size != b.st_size) {
				ck_error_set(err, 0, "copy of the payload is "
					     "incomplete");
				goto out;
			}
		}
	} else {
		struct kr_source src = { -1, (unsigned char *)plain.data,
					 plain.len, 0 };
		struct kr_sink dst;
		struct kr_header th;
		int tfd;

		memset(&dst, 0, sizeof(dst));
		dst.fd = out;
		if (kr_encrypt_stream(j->primary->id, j->primary->key,
				      h->segsize, ctxh, &src, &dst, err) < 0)
			goto out;
		/* verify: the new object decrypts to the same bytes */
		tfd = open(tmp, O_RDONLY | O_CLOEXEC);
		if (tfd < 0 || pread(tfd, raw, KR_HDR_LEN, 0) != KR_HDR_LEN ||
		    kr_header_parse(raw, KR_HDR_LEN, &th, err) < 0 ||
		    kr_unwrap(j->primary->key, &th, ctxh, check, err) < 0 ||
		    open_payload(tfd, &th, check, ctxh, &again, err) < 0 ||
		    ck_sha256(plain.data, plain.len, sum1) < 0 ||
		    ck_sha256(again.data, again.len, sum2) < 0 ||
		    !ck_ct_equal(sum1, sum2, 32)) {
			if (tfd >= 0)
				close(tfd);
			ck_error_set(err, 0, "re-encrypted object does not "
				     "verify");
			goto out;
		}
		close(tfd);
	}
	rc = 0;
out:
	if (out >= 0 && close(out) < 0 && rc == 0)
		rc = ck_error_set(err, errno, "cannot write %s", tmp);
	if (rc < 0 && out >= 0)
		unlink(tmp);
	ck_wipe(dkey, sizeof(dkey));
	ck_wipe(check, sizeof(check));
	ck_buf_release_secret(&plain);
	ck_buf_release_secret(&again);
	return rc;
}

static int
one_object(struct job *j, const char *path)
{
	struct kr_ctx *c = j->c;
	unsigned char raw[KR_HDR_LEN], ctxh[32];
	struct kr_header h;
	struct ck_error err;
	struct stat st;
	char *ctx, *tmp;
	ssize_t n;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ck_warn_errno(errno, "cannot open %s", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	n = pread(fd, raw, sizeof(raw), 0);
	if (n < 6 || !kr_is_envelope(raw, (size_t)n)) {
		close(fd);	/* not ours: a tree may hold other files */
		return 0;
	}
	if (kr_header_parse(raw, (size_t)n, &h, &err) < 0) {
		close(fd);
		ck_warn("%s: %s", path, err.msg);
		return -1;
	}
	if ((!j->reencrypt && h.version == j->primary->id) ||
	    (j->ndone > 0 && bsearch(&path, j->done, j->ndone,
				     sizeof(char *), cmp_str) != NULL)) {
		close(fd);
		j->skipped++;
		return 0;
	}
	if (c->dry_run) {
		close(fd);
		fprintf(c->out, "%s: version %u -> %u\n", path, h.version,
			j->primary->id);
		j->batch.replaced++;
		return 0;
	}
	ctx = kr_file_context(path);
	kr_context_hash(ctx, strlen(ctx), ctxh);
	free(ctx);
	tmp = kr_temp_name(path);
	rc = redo_object(j, fd, &h, ctxh, tmp, st.st_mode & 07777, &err);
	close(fd);
	if (rc < 0) {
		ck_warn("%s: %s", path, err.msg);
		free(tmp);
		return -1;
	}
	return kr_batch_add(&j->batch, tmp, path, (uint64_t)st.st_size) < 0 ?
	       -2 : 0;
}

/* Reads an interrupted run's journal: which paths are done. */
static int
load_journal(struct job *j, const char *op)
{
	struct kr_journal jr;
	struct ck_error err;
	char *text;
	size_t len, off = 0;

	if (access(j->journal, F_OK) < 0)
		return 0;
	if (ck_read_file(j->journal, (size_t)1 << 31, &text, &len, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	if (memchr(text, '\n', len) == NULL) {
		/* no whole first line: the run was killed before it began */
		free(text);
		return 0;
	}
	if (text[len - 1] != '\n') {
		/* a line torn by a kill: cut it, so appends start clean */
		size_t keep = len;

		while (keep > 0 && text[keep - 1] != '\n')
			keep--;
		if (truncate(j->journal, (off_t)keep) < 0) {
			ck_warn_errno(errno, "cannot repair %s", j->journal);
			free(text);
			return -1;
		}
		len = keep;
	}
	if (kr_journal_parse(text, len, &jr, &err) < 0) {
		ck_warn("%s: %s", j->journal, err.msg);
		if (text != NULL)
			free(text);
		return -1;
	}
	if (!jr.complete && strcmp(jr.op, op) == 0 &&
	    jr.to == j->primary->id) {
		ck_warn("resuming an interrupted %s (%llu objects done)", op,
			(unsigned long long)jr.done);
		/* collect the done paths (whole lines only) */
		while (off < len) {
			char *nl = memchr(text + off, '\n', len - off);
			json_t *o, *ps;
			size_t i;

			if (nl == NULL)
				break;
			o = json_loadb(text + off, (size_t)(nl - text - off),
				       0, NULL);
			off = (size_t)(nl - text) + 1;
			ps = json_object_get(o, "paths");
			for (i = 0; i < json_array_size(ps); i++) {
				char **nd = realloc(j->done, (j->ndone + 1) *
						    sizeof(*nd));

				if (nd == NULL)
					ck_die(CK_EXIT_TROUBLE, ENOMEM,
					       "out of memory");
				j->done = nd;
				j->done[j->ndone++] = strdup(json_string_value(
					json_array_get(ps, i)));
			}
			json_decref(o);
		}
		if (j->ndone > 0)
			qsort(j->done, j->ndone, sizeof(char *), cmp_str);
	}
	free(text);
	return 0;
}

static int
walk_err(const struct ck_error *err, void *arg)
{
	(*(int64_t *)arg)++;
	ck_warn_error(err);
	return 0;
}

static int
redo_cmd(struct kr_ctx *c, int reencrypt)
{
	const char *op = reencrypt ? "reencrypt" : "rewrap";
	struct ck_walk_opts wo;
	struct ck_walk_list l = { NULL, 0 };
	struct job j;
	int rc = CK_EXIT_OK;

	memset(&j, 0, sizeof(j));
	j.c = c;
	j.reencrypt = reencrypt;
	j.jfd = -1;
	kr_batch_init(&j.batch, -1, NULL);
	if (kr_open(c, 1) < 0)
		return CK_EXIT_TROUBLE;
	j.primary = kr_keyring_primary(&c->kr);
	j.journal = kr_path_in(c->keyring_dir, "journal");
	j.batch.journal = j.journal;
	if (load_journal(&j, op) < 0) {
		rc = CK_EXIT_TROUBLE;
		goto out;
	}
	ck_walk_opts_default(&wo);
	wo.archives = 0;
	wo.decompress = 0;
	ck_walk_expand((const char *const *)c->argv, (size_t)c->argc, &wo, &l,
		       walk_err, &j.failed);
	if (!c->dry_run) {
		char now[CK_TIME_LEN];

		ck_time_format(&c->now, now);
		if (j.ndone == 0) {
			/* a new journal appears whole (temporary, rename) */
			json_t *o = json_pack("{s:s, s:I, s:s}", "op", op, "to",
					      (json_int_t)j.primary->id,
					      "started", now);
			char *line = o != NULL ? ck_json_compact(o) : NULL;
			struct ck_error err;
			size_t n;
			int w;

			json_decref(o);
			if (line == NULL)
				ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
			n = strlen(line);
			line[n] = '\n';
			w = ck_atomic_write(j.journal, line, n + 1, 0600, &err);
			free(line);
			if (w < 0) {
				ck_warn_error(&err);
				rc = CK_EXIT_TROUBLE;
				goto out;
			}
		}
		j.jfd = open(j.journal, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (j.jfd < 0) {
			ck_warn_errno(errno, "cannot open %s", j.journal);
			rc = CK_EXIT_TROUBLE;
			goto out;
		}
		j.batch.jfd = j.jfd;
	}
	for (size_t i = 0; i < l.n; i++) {
		int r;

		if (strcmp(l.paths[i], "-") == 0) {
			ck_warn("%s works on files, not standard input", op);
			j.failed++;
			continue;
		}
		if (kr_is_temp(l.paths[i])) {
			/* a temporary left by a killed run: ours, since the
			 * keyring lock is held */
			if (!c->dry_run && strstr(l.paths[i], ".krtmp") != NULL)
				unlink(l.paths[i]);
			continue;
		}
		r = one_object(&j, l.paths[i]);
		if (r == -2) {
			rc = CK_EXIT_TROUBLE;
			goto out;
		}
		if (r < 0)
			j.failed++;
	}
	if (!c->dry_run && kr_batch_flush(&j.batch) < 0) {
		rc = CK_EXIT_TROUBLE;
		goto out;
	}
	if (j.failed > 0)
		rc = CK_EXIT_TROUBLE;
	if (c->dry_run) {
		ck_info("%lld objects would be %s", (long long)j.batch.replaced,
			reencrypt ? "re-encrypted" : "re-wrapped");
		goto out;
	}
	if (j.failed == 0) {
		/* every object is done: the journal has served */
		if (kr_journal_append(j.jfd, j.journal,
				      json_pack("{s:b}", "end", 1)) < 0 ||
		    unlink(j.journal) < 0 ||
		    ck_fsync_parent(j.journal, NULL) < 0)
			rc = CK_EXIT_TROUBLE;
	}
	ck_info("%lld %s, %lld already current, %lld failed",
		(long long)j.batch.replaced, reencrypt ? "re-encrypted" :
		"re-wrapped", (long long)j.skipped, (long long)j.failed);
	if (kr_record(c, op, j.failed == 0 ? "success" : "failure",
		      j.primary->id, j.batch.replaced,
		      json_pack("{s:I, s:I}", "skipped", (json_int_t)j.skipped,
				"failed", (json_int_t)j.failed)) < 0)
		rc = CK_EXIT_TROUBLE;
out:
	if (j.jfd >= 0)
		close(j.jfd);
	for (size_t i = 0; i < j.ndone; i++)
		free(j.done[i]);
	free(j.done);
	kr_batch_release(&j.batch);
	free(j.journal);
	ck_walk_list_free(&l);
	return rc;
}

int
kr_cmd_rewrap(struct kr_ctx *c)
{
	return redo_cmd(c, 0);
}

int
kr_cmd_reencrypt(struct kr_ctx *c)
{
	return redo_cmd(c, 1);
}
