/* walk.c -- the input walker: the paths given, directories walked in
 * sorted order, standard input, symlinks and their loops.  What a file
 * holds (plain, compressed, an archive) is walkarc.c's business.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/walk.h"
#include "common/walk_priv.h"

void
ck_walk_limits_default(struct ck_walk_limits *l)
{
	l->max_member = UINT64_C(1) << 30;
	l->max_total = UINT64_C(8) << 30;
	l->max_ratio = 1000;
	l->max_depth = 2;
	l->max_entries = 1000000;
}

void
ck_walk_opts_default(struct ck_walk_opts *o)
{
	ck_walk_limits_default(&o->limits);
	o->archives = 1;
	o->decompress = 1;
	o->follow_symlinks = 0;
	o->skip_vcs = 1;
}

void
ck_wk_report(struct walker *w, const struct ck_error *err)
{
	if (strcmp(w->last, err->msg) == 0)
		return;
	memcpy(w->last, err->msg, sizeof(w->last));
	w->nerr++;
	if (w->efn != NULL && w->efn(err, w->arg) < 0)
		w->stopped = 1;
}

static void
walk_stdin(struct walker *w)
{
	struct stat st;

	if (fstat(STDIN_FILENO, &st) < 0) {
		struct ck_error err;

		ck_error_set(&err, errno, "cannot read standard input");
		ck_wk_report(w, &err);
		return;
	}
	ck_wk_fd(w, STDIN_FILENO, "-", "-", CK_INPUT_STDIN, &st);
}

/* in_dir: found in a directory, so a symlink swapped in after lstat is
 * not followed and a FIFO does not block. */
static void
walk_file(struct walker *w, const char *path, int in_dir)
{
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY;
	struct ck_error err;
	struct stat st;
	int fd;

	if (in_dir)
		flags |= O_NONBLOCK | (w->o->follow_symlinks ? 0 : O_NOFOLLOW);
	fd = open(path, flags);
	if (fd < 0) {
		ck_error_set(&err, errno, "cannot open %s", path);
		ck_wk_report(w, &err);
		return;
	}
	if (fstat(fd, &st) < 0) {
		ck_error_set(&err, errno, "cannot stat %s", path);
		ck_wk_report(w, &err);
		close(fd);
		return;
	}
	if (in_dir && !S_ISREG(st.st_mode)) {
		close(fd);
		return;
	}
	if (in_dir && fcntl(fd, F_SETFL, O_RDONLY) < 0) {
		ck_error_set(&err, errno, "cannot read %s", path);
		ck_wk_report(w, &err);
		close(fd);
		return;
	}
	ck_wk_fd(w, fd, path, path, CK_INPUT_FILE, &st);
	close(fd);
}

/* Expanding for ck_walk_expand, or walking now. */
struct visit {
	struct walker *w;
	struct ck_walk_list *list;	/* NULL: walk each file now */
	int nomem;
};

static void
visit_file(struct visit *v, const char *path, int in_dir)
{
	struct ck_walk_list *l = v->list;
	char **np, *dup;

	if (l == NULL) {
		v->w->last[0] = '\0';
		v->w->abort_input = 0;
		walk_file(v->w, path, in_dir);
		return;
	}
	dup = strdup(path);
	np = realloc(l->paths, (l->n + 1) * sizeof(*np));
	if (dup == NULL || np == NULL) {
		struct ck_error err;

		free(dup);
		if (np != NULL)
			l->paths = np;
		ck_error_set(&err, ENOMEM, "out of memory");
		ck_wk_report(v->w, &err);
		v->nomem = 1;
		v->w->stopped = 1;
		return;
	}
	l->paths = np;
	l->paths[l->n++] = dup;
}

struct ancestor {
	dev_t dev;
	ino_t ino;
	const struct ancestor *up;
};

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	/* strcmp, not strcoll: the order must not depend on the locale,
	 * or -j 8 output and baselines would differ between machines. */
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
is_vcs(const char *name)
{
	return !strcmp(name, ".git") || !strcmp(name, ".hg") ||
	       !strcmp(name, ".svn");
}

static void
walk_dir(struct visit *v, const char *path, const struct ancestor *up)
{
	struct walker *w = v->w;
	struct dirent **ents = NULL;
	struct ck_error err;
	struct ancestor me;
	struct ck_buf full = CK_BUF_INIT;
	struct stat st;
	size_t plen = strlen(path);
	int n, i;

	n = scandir(path, &ents, NULL, by_name);
	if (n < 0) {
		ck_error_set(&err, errno, "cannot open directory %s", path);
		ck_wk_report(w, &err);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		const struct ancestor *a;

		if (w->stopped || !strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		ck_buf_reset(&full);
		if (ck_buf_appendf(&full, "%s%s%s", path,
				   plen && path[plen - 1] == '/' ? "" : "/",
				   name) < 0) {
			ck_error_set(&err, ENOMEM, "out of memory");
			ck_wk_report(w, &err);
			w->stopped = 1;
			continue;
		}
		if (lstat(full.data, &st) < 0) {
			ck_error_set(&err, errno, "cannot stat %s", full.data);
			ck_wk_report(w, &err);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			if (!w->o->follow_symlinks)
				continue;
			if (stat(full.data, &st) < 0) {
				ck_error_set(&err, errno, "cannot follow %s",
					     full.data);
				ck_wk_report(w, &err);
				continue;
			}
		}
		if (S_ISREG(st.st_mode)) {
			visit_file(v, full.data, 1);
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			continue;	/* FIFOs, sockets, devices */
		if (w->o->skip_vcs && is_vcs(name))
			continue;
		for (a = up; a != NULL; a = a->up)
			if (a->dev == st.st_dev && a->ino == st.st_ino)
				break;
		if (a != NULL) {
			/* Following it would walk forever. */
			ck_error_set(&err, ELOOP, "%s: symlink loop",
				     full.data);
			ck_wk_report(w, &err);
			continue;
		}
		me.dev = st.st_dev;
		me.ino = st.st_ino;
		me.up = up;
		walk_dir(v, full.data, &me);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	ck_buf_release(&full);
}

/* A path named by the user: always followed. */
static void
visit_path(struct visit *v, const char *path)
{
	struct walker *w = v->w;
	struct ck_error err;
	struct ancestor top;
	struct stat st;

	w->last[0] = '\0';
	w->abort_input = 0;
	if (!strcmp(path, "-")) {
		if (v->list != NULL)
			visit_file(v, path, 0);
		else
			walk_stdin(w);
		return;
	}
	if (stat(path, &st) < 0) {
		ck_error_set(&err, errno, "cannot open %s", path);
		ck_wk_report(w, &err);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		top.dev = st.st_dev;
		top.ino = st.st_ino;
		top.up = NULL;
		walk_dir(v, path, &top);
		return;
	}
	if (v->list != NULL)
		visit_file(v, path, 0);
	else
		walk_file(w, path, 0);
}

void
ck_wk_init(struct walker *w, const struct ck_walk_opts *o, ck_walk_fn fn,
	    ck_walk_err_fn efn, void *arg)
{
	memset(w, 0, sizeof(*w));
	w->o = o;
	w->fn = fn;
	w->efn = efn;
	w->arg = arg;
}

int
ck_walk(const char *const *paths, size_t n, const struct ck_walk_opts *o,
	ck_walk_fn fn, ck_walk_err_fn efn, void *arg)
{
	struct ck_walk_opts def;
	struct walker w;
	struct visit v = { &w, NULL, 0 };
	size_t i;

	if (o == NULL) {
		ck_walk_opts_default(&def);
		o = &def;
	}
	ck_wk_init(&w, o, fn, efn, arg);
	if (n == 0)
		visit_path(&v, "-");
	for (i = 0; i < n && !w.stopped; i++)
		visit_path(&v, paths[i]);
	return w.stopped ? -1 : w.nerr;
}

int
ck_walk_one(const char *path, const struct ck_walk_opts *o, ck_walk_fn fn,
	    ck_walk_err_fn efn, void *arg)
{
	return ck_walk(&path, 1, o, fn, efn, arg);
}

int
ck_walk_expand(const char *const *paths, size_t n,
	       const struct ck_walk_opts *o, struct ck_walk_list *out,
	       ck_walk_err_fn efn, void *arg)
{
	struct ck_walk_opts def;
	struct walker w;
	struct visit v = { &w, out, 0 };
	size_t i;

	if (o == NULL) {
		ck_walk_opts_default(&def);
		o = &def;
	}
	out->paths = NULL;
	out->n = 0;
	ck_wk_init(&w, o, NULL, efn, arg);
	if (n == 0)
		visit_path(&v, "-");
	for (i = 0; i < n && !w.stopped; i++)
		visit_path(&v, paths[i]);
	if (v.nomem)
		return -1;
	return w.stopped ? -1 : w.nerr;
}

void
ck_walk_list_free(struct ck_walk_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	l->paths = NULL;
	l->n = 0;
}
