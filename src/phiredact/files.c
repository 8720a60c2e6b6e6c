/* files.c -- file mode: one document to standard output (or -o FILE), a
 * tree or archive to -o DIR keeping its layout, or --in-place.
 *
 * Every file written goes through a temporary beside it, fsync and rename
 * (common/atomic.h), so a run that is killed or fails leaves each output
 * either as it was or complete -- never half-written, never holding PHI
 * that was about to be removed.
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/progress.h"
#include "phiredact/redact.h"

/* A document is held in memory whole (offsets from --findings and the
 * re-scan of --verify need it); past this it is refused, not cut. */
#define DOC_MAX ((size_t)1 << 30)

enum dest { TO_STDOUT, TO_FILE, TO_DIR, IN_PLACE };

struct job {
	struct rd_run *r;
	enum dest dest;
	int wrote;		/* an output was written */
	struct rd_result res;
	struct ck_progress pr;	/* files and bytes redacted */
};

/* Counts one more document (done or failed) on the progress line. */
static void
progress(struct job *j, size_t len)
{
	ck_progress_set(&j->pr, j->pr.done + 1, j->pr.bytes + len);
}

static int
mkdir_p(const char *path, struct ck_error *err)
{
	char buf[PATH_MAX], *p;
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return ck_error_set(err, ENAMETOOLONG, "cannot create %s",
				    path);
	memcpy(buf, path, n + 1);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (ck_mkdir(buf, err) < 0)
			return -1;
		*p = '/';
	}
	return ck_mkdir(buf, err);
}

static int
has_suffix(const char *s, size_t n, const char *suf)
{
	size_t m = strlen(suf);

	return n > m && strcmp(s + n - m, suf) == 0;
}

/* Where an input lands under -o DIR: its display path, with an archive's
 * members under a directory named after the archive ("a.zip!x/y.txt" ->
 * DIR/a.zip/x/y.txt) and a compressed file without its suffix.  A
 * member named "../x" or "/etc/x" would escape DIR (zip slip): refused. */
static int
out_path(const char *dir, const char *display, enum ck_input_kind kind,
	 struct ck_buf *out, struct ck_error *err)
{
	const char *p = display, *seg;
	size_t n, len, dl = strlen(dir);

	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	while (*p == '/')
		p++;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	if (ck_buf_appendf(out, "%.*s/", (int)dl, dir) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (seg = p; *seg != '\0';) {
		n = strcspn(seg, "/!");
		if ((n == 2 && seg[0] == '.' && seg[1] == '.') ||
		    (n == 1 && seg[0] == '.'))
			return ck_error_set(err, 0, "%s: a path with '..' or "
					    "'.' would leave the output "
					    "directory; not written", display);
		if (n > 0 && (ck_buf_append(out, seg, n) < 0 ||
			      (seg[n] != '\0' &&
			       ck_buf_append_char(out, '/') < 0)))
			return ck_error_set(err, ENOMEM, "out of memory");
		seg += n;
		while (*seg == '/' || *seg == '!')
			seg++;
	}
	len = out->len;
	if (kind == CK_INPUT_COMPRESSED) {
		if (has_suffix(out->data, len, ".gz"))
			out->len -= 3;
		else if (has_suffix(out->data, len, ".zst"))
			out->len -= 4;
		out->data[out->len] = '\0';
	}
	if (out->len == dl + 1)
		return ck_error_set(err, 0, "%s: no name to write it under",
				    display);
	return 0;
}

static int
write_to(const char *path, const struct ck_buf *b, mode_t mode,
	 struct ck_error *err)
{
	char *slash, *dir;
	int rc;

	dir = strdup(path);
	if (dir == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	slash = strrchr(dir, '/');
	rc = 0;
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		rc = mkdir_p(dir, err);
	}
	free(dir);
	if (rc < 0)
		return -1;
	return ck_atomic_write(path, b->data ? b->data : "", b->len, mode,
			       err);
}

static int
to_stdout(const struct ck_buf *b, struct ck_error *err)
{
	if ((b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len) ||
	    fflush(stdout) != 0)
		return ck_error_set(err, errno ? errno : EIO, "write error");
	return 0;
}

/* Reports a problem with one input; the run goes on and exits 2. */
static void
input_error(struct rd_run *r, const char *path, const struct ck_error *err)
{
	if (strncmp(err->msg, path, strlen(path)) == 0 ||
	    strncmp(err->msg, "cannot", 6) == 0)
		ck_warn_error(err);
	else {
		struct ck_error e = *err;

		ck_error_prefix(&e, "%s", path);
		ck_warn_error(&e);
	}
	r->errors++;
}

static int
on_leaf(struct ck_input *in, void *arg)
{
	struct job *j = arg;
	struct rd_run *r = j->r;
	const char *path = ck_input_path(in);
	enum ck_input_kind kind = ck_input_kind(in);
	struct ck_buf dst = CK_BUF_INIT;
	struct ck_error err;
	struct stat st;
	mode_t mode = 0644;
	char *doc = NULL;
	size_t len = 0;

	ck_error_clear(&err);
	if (rd_interrupted)
		return -1;	/* stop the walk between two files */
	r->docs++;
	if (j->dest == IN_PLACE && kind != CK_INPUT_FILE) {
		ck_error_set(&err, 0, "cannot be redacted in place (%s); "
			     "use -o DIR", kind == CK_INPUT_STDIN ?
			     "standard input" : kind == CK_INPUT_MEMBER ?
			     "an archive member" : "a compressed file");
		goto fail;
	}
	/* -o PATH naming an archive's output: a directory after all. */
	if (j->dest == TO_FILE && kind == CK_INPUT_MEMBER && !j->wrote) {
		if (mkdir_p(r->output, &err) < 0)
			goto fail;
		j->dest = TO_DIR;
	}
	if ((j->dest == TO_STDOUT || j->dest == TO_FILE) &&
	    kind == CK_INPUT_MEMBER) {
		ck_error_set(&err, 0, "an archive member: use -o DIR to keep "
			     "the archive's layout");
		goto fail;
	}
	if (rd_select(r, ck_input_disk_path(in), &err) < 0)
		goto fail;
	if (ck_input_slurp(in, DOC_MAX, &doc, &len, &err) < 0)
		goto fail;
	if (rd_is_binary(doc, len)) {
		ck_error_set(&err, 0, "binary file, not redacted (it may "
			     "hold PHI that phiredact cannot see)");
		goto fail;
	}
	if (rd_doc(r, path, NULL, doc, len, &j->res, &err) < 0)
		goto fail;
	if (rd_audit_doc(r, path, doc, len, &j->res, &err) < 0) {
		/* fail closed: no output without its event, and stop */
		r->audit_failed = 1;
		input_error(r, path, &err);
		ck_wipe(doc, len);
		free(doc);
		ck_buf_release(&dst);
		return -1;
	}
	if (kind == CK_INPUT_FILE &&
	    stat(ck_input_disk_path(in), &st) == 0)
		mode = st.st_mode & 0777;
	switch (j->dest) {
	case TO_STDOUT:
		if (to_stdout(&j->res.out, &err) < 0) {
			ck_warn_error(&err);
			r->errors++;
			free(doc);
			return -1;	/* EPIPE: stop */
		}
		break;
	case TO_FILE:
		if (write_to(r->output, &j->res.out, mode, &err) < 0)
			goto fail;
		break;
	case TO_DIR:
		if (out_path(r->output, path, kind, &dst, &err) < 0 ||
		    write_to(dst.data, &j->res.out, mode, &err) < 0)
			goto fail;
		break;
	case IN_PLACE:
		/* An unchanged file is left alone (its time stamps too):
		 * a second run over redacted files writes nothing. */
		if (j->res.out.len == len &&
		    memcmp(j->res.out.data ? j->res.out.data : "", doc,
			   len) == 0)
			break;
		if (ck_atomic_write(ck_input_disk_path(in),
				    j->res.out.data ? j->res.out.data : "",
				    j->res.out.len, mode, &err) < 0)
			goto fail;
		break;
	}
	j->wrote = 1;
	if (j->res.n > 0)
		r->changed++;
	if (j->res.survivors > 0) {
		ck_warn("%s: %u finding%s survive%s redaction (--verify)",
			path, j->res.survivors,
			j->res.survivors == 1 ? "" : "s",
			j->res.survivors == 1 ? "s" : "");
		r->tripped = 1;
	}
	ck_info("%s: %zu change%s", path, j->res.n, j->res.n == 1 ? "" : "s");
	progress(j, len);
	ck_wipe(doc, len);
	free(doc);
	ck_buf_release(&dst);
	return 0;
fail:
	input_error(r, path, &err);
	progress(j, len);
	if (doc != NULL) {
		ck_wipe(doc, len);
		free(doc);
	}
	ck_buf_release(&dst);
	return 0;
}

static int
on_walk_error(const struct ck_error *err, void *arg)
{
	struct job *j = arg;

	ck_warn_error(err);
	j->r->errors++;
	return 0;
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int
rd_files_run(struct rd_run *r, const char *const *paths, size_t n)
{
	struct job j;
	size_t i;
	int tree = 0, rc;

	memset(&j, 0, sizeof(j));
	j.r = r;
	rd_result_init(&j.res);
	for (i = 0; i < n; i++)
		if (is_dir(paths[i]))
			tree = 1;
	if (r->in_place) {
		j.dest = IN_PLACE;
	} else if (r->output != NULL && strcmp(r->output, "-") != 0) {
		size_t ol = strlen(r->output);

		/* -o DIR for a tree, several inputs, or a name ending in
		 * '/' or naming a directory; else -o FILE. */
		j.dest = tree || n > 1 || is_dir(r->output) ||
				 (ol > 0 && r->output[ol - 1] == '/')
			 ? TO_DIR : TO_FILE;
		if (j.dest == TO_DIR) {
			struct ck_error err;

			ck_error_clear(&err);
			if (mkdir_p(r->output, &err) < 0) {
				ck_warn_error(&err);
				rd_result_release(&j.res);
				return -1;
			}
		}
	} else {
		if (tree || n > 1) {
			ck_warn("several inputs or a directory: use -o DIR or "
				"--in-place");
			rd_result_release(&j.res);
			return -1;
		}
		j.dest = TO_STDOUT;
	}
	ck_progress_start(&j.pr, "redacting", "files", 0);
	if (j.dest == TO_STDOUT)
		j.pr.fp = NULL;	/* one document: nothing to follow */
	rc = ck_walk(paths, n, &r->walk, on_leaf, on_walk_error, &j);
	ck_progress_end(&j.pr);
	rd_result_release(&j.res);
	return rc < 0 ? -1 : 0;
}

int
rd_stdin_run(struct rd_run *r, const char *doc, size_t len)
{
	struct rd_result res;
	struct ck_error err;
	int rc = -1;

	ck_error_clear(&err);
	rd_result_init(&res);
	r->docs++;
	if (rd_is_binary(doc, len)) {
		ck_error_set(&err, 0, "-: binary input, not redacted");
		goto out;
	}
	if (rd_select(r, NULL, &err) < 0)
		goto out;
	if (rd_doc(r, "-", NULL, doc, len, &res, &err) < 0) {
		ck_error_prefix(&err, "-");
		goto out;
	}
	if (rd_audit_doc(r, "-", doc, len, &res, &err) < 0) {
		r->audit_failed = 1;
		goto out;
	}
	if (r->output != NULL && strcmp(r->output, "-") != 0) {
		if (write_to(r->output, &res.out, 0644, &err) < 0)
			goto out;
	} else if (to_stdout(&res.out, &err) < 0) {
		goto out;
	}
	if (res.n > 0)
		r->changed++;
	if (res.survivors > 0) {
		ck_warn("-: %u finding%s survive%s redaction (--verify)",
			res.survivors, res.survivors == 1 ? "" : "s",
			res.survivors == 1 ? "s" : "");
		r->tripped = 1;
	}
	rc = 0;
out:
	if (rc < 0) {
		ck_warn_error(&err);
		r->errors++;
	}
	rd_result_release(&res);
	return rc;
}
