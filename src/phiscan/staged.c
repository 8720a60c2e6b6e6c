/* staged.c -- --staged: scan what `git commit` would record.
 *
 * A pre-commit hook that scans the working tree misses the point: the
 * index may hold a version with an SSN that the working tree has since
 * lost (git add -p, an edit after git add).  So the paths come from
 * `git diff --cached --raw` (added, copied, modified, renamed), and their
 * content is the blob the index points at, streamed from one
 * `git cat-file --batch`.  Display paths are repository paths.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/buf.h"
#include "phiscan/cli.h"

extern char **environ;

struct entry {
	char *path;
	char sha[65];
	int engine;
};

/* Starts argv with pipes on the requested ends; stderr goes to /dev/null
 * when quiet.  Returns the pid or -1. */
static pid_t
spawn(char *const argv[], int *to_child, int *from_child, int quiet)
{
	posix_spawn_file_actions_t fa;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 };
	pid_t pid = -1;

	if ((to_child && pipe2(in, O_CLOEXEC) < 0) ||
	    (from_child && pipe2(out, O_CLOEXEC) < 0))
		goto out;
	posix_spawn_file_actions_init(&fa);
	if (to_child)
		posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	if (from_child)
		posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO,
						 "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
out:
	if (in[0] >= 0)
		close(in[0]);
	if (out[1] >= 0)
		close(out[1]);
	if (pid < 0) {
		if (in[1] >= 0)
			close(in[1]);
		if (out[0] >= 0)
			close(out[0]);
		return -1;
	}
	if (to_child)
		*to_child = in[1];
	if (from_child)
		*from_child = out[0];
	return pid;
}

/* Runs argv and collects its standard output; the exit status, or -1 if
 * it could not run. */
static int
capture(char *const argv[], struct ck_buf *b, int quiet)
{
	char chunk[65536];
	ssize_t n;
	pid_t pid;
	int fd, st;

	pid = spawn(argv, NULL, &fd, quiet);
	if (pid < 0)
		return -1;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (ck_buf_append(b, chunk, (size_t)n) < 0)
			break;
	}
	close(fd);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* Parses `git diff --raw -z` output:
 * ":100644 100644 <old> <new> M\0path\0" per file. */
static int
parse_raw(char *p, size_t len, struct entry **out, size_t *nout)
{
	char *end = p + len, *meta, *path, *sp;
	struct entry *v = NULL;
	size_t n = 0, cap = 0;
	char *f[5];
	int i;

	while (p < end && *p == ':') {
		meta = p;
		p += strlen(p) + 1;
		if (p >= end)
			break;
		path = p;
		p += strlen(p) + 1;
		/* mode mode sha sha status */
		for (i = 0, sp = meta + 1; i < 5; i++) {
			f[i] = sp;
			sp = strchr(sp, ' ');
			if (sp == NULL && i < 4)
				goto bad;
			if (sp != NULL)
				*sp++ = '\0';
		}
		/* Gitlinks (160000) are other repositories; symlinks
		 * (120000) hold a path, not content. */
		if (strcmp(f[1], "160000") == 0 || strcmp(f[1], "120000") == 0)
			continue;
		if (n == cap) {
			size_t nc = cap ? 2 * cap : 32;
			void *nv = realloc(v, nc * sizeof(*v));

			if (nv == NULL)
				goto bad;
			v = nv;
			cap = nc;
		}
		if (strlen(f[3]) >= sizeof(v[n].sha) ||
		    (v[n].path = strdup(path)) == NULL)
			goto bad;
		strcpy(v[n].sha, f[3]);
		v[n].engine = -1;
		n++;
	}
	*out = v;
	*nout = n;
	return 0;
bad:
	while (n > 0)
		free(v[--n].path);
	free(v);
	return -1;
}

struct blob {
	FILE *fp;
	uint64_t left;
};

static ssize_t
blob_read(void *ctx, void *buf, size_t n, struct ck_error *err)
{
	struct blob *b = ctx;
	size_t got;

	if (b->left == 0)
		return 0;
	if (n > b->left)
		n = (size_t)b->left;
	got = fread(buf, 1, n, b->fp);
	if (got == 0)
		return ck_error_set(err, EIO, "git cat-file ended early");
	b->left -= got;
	return (ssize_t)got;
}

static int
scan_blobs(struct phi_run *r, const char *top, struct entry *v, size_t n)
{
	char *argv[] = { "git", "-C", (char *)top, "cat-file", "--batch",
			 NULL };
	struct phi_worker *w;
	struct phi_sink sink;
	char *line = NULL, chunk[65536];
	size_t cap = 0, i;
	int to, from, st, rc = 0;
	pid_t pid;
	FILE *in, *out;

	pid = spawn(argv, &to, &from, 0);
	if (pid < 0) {
		ck_warn("--staged: cannot run git cat-file: %s",
			strerror(errno));
		return -1;
	}
	in = fdopen(to, "w");
	out = fdopen(from, "r");
	w = phi_worker_new(r);
	phi_sink_init(&sink, 1);
	if (in == NULL || out == NULL || w == NULL) {
		ck_warn("--staged: out of memory");
		rc = -1;
		goto out;
	}
	for (i = 0; i < n && !r->write_failed; i++) {
		unsigned long long size;
		struct blob b;
		char type[32];

		if (fprintf(in, "%s\n", v[i].sha) < 0 || fflush(in) != 0 ||
		    getline(&line, &cap, out) < 0) {
			ck_warn("--staged: git cat-file stopped early");
			rc = -1;
			break;
		}
		if (sscanf(line, "%*s %31s %llu", type, &size) != 2 ||
		    strcmp(type, "blob") != 0) {
			phi_sink_error(&sink, "%s: not in the index as a blob",
				       v[i].path);
			phi_sink_drain(r, &sink);
			continue;
		}
		b.fp = out;
		b.left = size;
		phi_docscan(w, &sink, v[i].path, v[i].engine, blob_read, &b);
		phi_sink_drain(r, &sink);
		/* What docscan left (a binary file) and the '\n' after. */
		b.left += 1;
		while (b.left > 0) {
			size_t k = b.left < sizeof(chunk) ? b.left :
							    sizeof(chunk);
			size_t got = fread(chunk, 1, k, out);

			if (got == 0)
				break;
			b.left -= got;
		}
	}
out:
	if (in != NULL)
		fclose(in);
	else
		close(to);
	if (out != NULL)
		fclose(out);
	else
		close(from);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	free(line);
	phi_sink_release(&sink);
	phi_worker_free(w);
	return rc;
}

int
phi_staged_run(struct phi_run *r, const char *const *pathspec, size_t n)
{
	char *top_argv[] = { "git", "rev-parse", "--show-toplevel", NULL };
	struct ck_buf top = CK_BUF_INIT, raw = CK_BUF_INIT, cfgdir = CK_BUF_INIT;
	struct ck_error err;
	struct entry *v = NULL;
	size_t nv = 0, i;
	char **argv;
	int rc = -1, st;

	ck_error_clear(&err);
	st = capture(top_argv, &top, 1);
	if (st < 0) {
		ck_warn("--staged: cannot run git: %s", strerror(errno));
		goto out;
	}
	if (st != 0 || top.len == 0) {
		ck_warn("--staged: not inside a git work tree (run it in the "
			"repository, or scan paths without --staged)");
		goto out;
	}
	while (top.len > 0 && top.data[top.len - 1] == '\n')
		top.data[--top.len] = '\0';
	argv = calloc(n + 12, sizeof(*argv));
	if (argv == NULL)
		goto oom;
	i = 0;
	argv[i++] = "git";
	argv[i++] = "diff";
	argv[i++] = "--cached";
	argv[i++] = "--raw";
	argv[i++] = "-z";
	argv[i++] = "--no-abbrev";
	argv[i++] = "--no-renames";
	argv[i++] = "--no-ext-diff";
	argv[i++] = "--diff-filter=ACMR";
	argv[i++] = "--";
	memcpy(argv + i, pathspec, n * sizeof(*argv));
	st = capture(argv, &raw, 0);
	free(argv);
	if (st != 0) {
		ck_warn("--staged: git diff --cached failed");
		goto out;
	}
	if (parse_raw(raw.data ? raw.data : "", raw.len, &v, &nv) < 0)
		goto oom;
	for (i = 0; i < nv; i++) {
		char *cfg = NULL, *slash;

		if (!r->no_config) {
			ck_buf_reset(&cfgdir);
			if (ck_buf_appendf(&cfgdir, "%s/%s", top.data,
					   v[i].path) < 0)
				goto oom;
			slash = strrchr(cfgdir.data, '/');
			*slash = '\0';
			cfg = phi_config_find(cfgdir.data);
		}
		v[i].engine = phi_engines_get(r->engines, cfg, &err);
		free(cfg);
		if (v[i].engine < 0) {
			ck_warn_error(&err);
			goto out;
		}
	}
	if (nv == 0 && phi_engines_get(r->engines, NULL, &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	if (phi_out_begin(r) < 0)
		goto oom;
	rc = nv ? scan_blobs(r, top.data, v, nv) : 0;
	goto out;
oom:
	ck_warn("--staged: out of memory");
out:
	for (i = 0; i < nv; i++)
		free(v[i].path);
	free(v);
	ck_buf_release(&top);
	ck_buf_release(&raw);
	ck_buf_release(&cfgdir);
	return rc;
}
