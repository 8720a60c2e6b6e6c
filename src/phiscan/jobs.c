/* jobs.c -- file mode: expand the operands, then scan the files on N
 * threads and print their records in input order.
 *
 * Workers take files from the sorted list; each file's records go to its
 * own sink; the main thread prints sinks strictly in list order, so -j 8
 * writes byte for byte what -j 1 writes.  Workers may run at most
 * LOOKAHEAD files ahead of the printer and big sinks spill to temporary
 * files, so memory stays bounded when one huge file holds up the rest.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/progress.h"
#include "phiscan/cli.h"

struct item {
	char *path;
	int engine;
	int done;
	struct phi_sink sink;
};

struct pool {
	struct phi_run *run;
	struct item *items;
	size_t n;
	size_t next;		/* next item to take */
	size_t head;		/* next item to print */
	size_t lookahead;
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t done_cv;
	pthread_cond_t room_cv;
	struct ck_progress pr;	/* printer only */
};

struct leaf {
	struct phi_run *run;
	struct phi_worker *w;
	struct phi_sink *sink;
	int engine;
};

static ssize_t
input_read(void *ctx, void *buf, size_t n, struct ck_error *err)
{
	return ck_input_read(ctx, buf, n, err);
}

static int
on_leaf(struct ck_input *in, void *arg)
{
	struct leaf *l = arg;

	phi_docscan(l->w, l->sink, ck_input_path(in), l->engine, input_read,
		    in);
	return l->run->write_failed ? -1 : 0;
}

static int
on_walk_error(const struct ck_error *err, void *arg)
{
	struct leaf *l = arg;
	char msg[1400];

	phi_sink_error(l->sink, "%s", phi_errmsg(err, msg, sizeof(msg)));
	phi_sink_checkpoint(l->run, l->sink);
	return 0;
}

static void
scan_item(struct phi_run *r, struct phi_worker *w, struct item *it)
{
	struct leaf l = { r, w, &it->sink, it->engine };

	ck_walk_one(it->path, &r->walk, on_leaf, on_walk_error, &l);
}

static void *
worker_main(void *arg)
{
	struct pool *p = arg;
	struct phi_worker *w = phi_worker_new(p->run);
	size_t i;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (!p->stop && p->next < p->n &&
		       p->next >= p->head + p->lookahead)
			pthread_cond_wait(&p->room_cv, &p->mu);
		if (p->stop || p->next >= p->n) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (w == NULL)
			phi_sink_error(&p->items[i].sink, "%s: out of memory",
				       p->items[i].path);
		else
			scan_item(p->run, w, &p->items[i]);
		pthread_mutex_lock(&p->mu);
		p->items[i].done = 1;
		pthread_cond_broadcast(&p->done_cv);
		pthread_mutex_unlock(&p->mu);
	}
	phi_worker_free(w);
	return NULL;
}

static void
run_parallel(struct pool *p, long jobs)
{
	pthread_t *tids;
	size_t t, nt = (size_t)jobs, started = 0;

	if (nt > p->n)
		nt = p->n;
	tids = calloc(nt, sizeof(*tids));
	p->lookahead = 4 * nt;
	for (t = 0; tids != NULL && t < nt; t++) {
		if (pthread_create(&tids[t], NULL, worker_main, p) != 0)
			break;
		started++;
	}
	if (started == 0) {
		/* No threads to be had: scan here, one by one. */
		free(tids);
		p->lookahead = p->n + 1;
		worker_main(p);
		tids = NULL;
	}
	for (p->head = 0; p->head < p->n;) {
		struct item *it = &p->items[p->head];

		pthread_mutex_lock(&p->mu);
		while (!it->done)
			pthread_cond_wait(&p->done_cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		phi_sink_drain(p->run, &it->sink);
		phi_sink_release(&it->sink);
		ck_progress_set(&p->pr, p->head + 1, 0);
		pthread_mutex_lock(&p->mu);
		p->head++;
		if (p->run->write_failed) {
			/* Output is gone (EPIPE): stop taking work. */
			p->stop = 1;
			p->n = p->next;
		}
		pthread_cond_broadcast(&p->room_cv);
		pthread_mutex_unlock(&p->mu);
	}
	for (t = 0; t < started && tids != NULL; t++)
		pthread_join(tids[t], NULL);
	free(tids);
}

static void
run_serial(struct pool *p)
{
	struct phi_worker *w = phi_worker_new(p->run);
	size_t i;

	for (i = 0; i < p->n && !p->run->write_failed; i++) {
		struct item *it = &p->items[i];

		it->sink.direct = 1;
		if (w == NULL)
			phi_sink_error(&it->sink, "%s: out of memory",
				       it->path);
		else
			scan_item(p->run, w, it);
		phi_sink_drain(p->run, &it->sink);
		phi_sink_release(&it->sink);
		ck_progress_set(&p->pr, i + 1, 0);
	}
	phi_worker_free(w);
}

static int
expand_error(const struct ck_error *err, void *arg)
{
	struct phi_run *r = arg;
	char msg[1400];

	phi_errmsg(err, msg, sizeof(msg));
	ck_warn("%s", msg);
	phi_out_note_error(r, msg);
	r->errors++;
	return 0;
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (strcmp(path, "-") == 0 || slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* The engine governing each item: its directory's .complykit.yaml. */
static int
assign_engines(struct phi_run *r, struct item *items, size_t n)
{
	char *lastdir = NULL, *dir, *cfg = NULL;
	struct ck_error err;
	size_t i;
	int eng = -1;

	ck_error_clear(&err);
	for (i = 0; i < n; i++) {
		if (r->no_config) {
			items[i].engine = phi_engines_get(r->engines, NULL,
							  &err);
			if (items[i].engine < 0)
				goto fail;
			continue;
		}
		dir = dir_of(items[i].path);
		if (dir == NULL)
			goto oom;
		/* The list is sorted, so a directory's files come
		 * together: look each directory up once. */
		if (lastdir == NULL || strcmp(dir, lastdir) != 0) {
			free(lastdir);
			lastdir = dir;
			free(cfg);
			cfg = phi_config_find(dir);
			eng = phi_engines_get(r->engines, cfg, &err);
			if (eng < 0)
				goto fail;
		} else {
			free(dir);
		}
		items[i].engine = eng;
	}
	free(lastdir);
	free(cfg);
	return 0;
oom:
	ck_error_set(&err, ENOMEM, "out of memory");
fail:
	ck_warn_error(&err);
	free(lastdir);
	free(cfg);
	return -1;
}

int
phi_jobs_run(struct phi_run *r, const char *const *paths, size_t n)
{
	struct ck_walk_list list = { NULL, 0 };
	struct pool p;
	size_t i;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	p.run = r;
	if (ck_walk_expand(paths, n, &r->walk, &list, expand_error, r) < 0 &&
	    list.n == 0 && r->errors == 0) {
		ck_warn("cannot list the inputs: %s", strerror(errno));
		return -1;
	}
	p.n = list.n;
	p.items = calloc(p.n ? p.n : 1, sizeof(*p.items));
	if (p.items == NULL) {
		ck_warn("out of memory");
		goto out;
	}
	for (i = 0; i < p.n; i++) {
		p.items[i].path = list.paths[i];
		phi_sink_init(&p.items[i].sink, 0);
	}
	if (assign_engines(r, p.items, p.n) < 0)
		goto out;
	if (phi_out_begin(r) < 0) {
		ck_warn("out of memory");
		goto out;
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.done_cv, NULL);
	pthread_cond_init(&p.room_cv, NULL);
	/* progress on the terminal only while the records go elsewhere:
	 * records on the terminal show it themselves */
	ck_progress_start(&p.pr, "scanning", "files", p.n);
	if (isatty(fileno(r->out)))
		p.pr.fp = NULL;
	if (r->jobs <= 1 || p.n <= 1)
		run_serial(&p);
	else
		run_parallel(&p, r->jobs);
	ck_progress_end(&p.pr);
	pthread_cond_destroy(&p.done_cv);
	pthread_cond_destroy(&p.room_cv);
	pthread_mutex_destroy(&p.mu);
	rc = 0;
out:
	if (p.items != NULL)
		for (i = 0; i < list.n; i++)
			phi_sink_release(&p.items[i].sink);
	free(p.items);
	ck_walk_list_free(&list);
	return rc;
}

/* ---- standard input, already peeked at ---------------------------- */

struct stdin_src {
	const char *prefix;
	size_t plen, pos;
};

static ssize_t
stdin_read(void *ctx, void *buf, size_t n, struct ck_error *err)
{
	struct stdin_src *s = ctx;
	ssize_t got;

	if (s->pos < s->plen) {
		size_t k = s->plen - s->pos < n ? s->plen - s->pos : n;

		memcpy(buf, s->prefix + s->pos, k);
		s->pos += k;
		return (ssize_t)k;
	}
	do
		got = read(STDIN_FILENO, buf, n);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return ck_error_set(err, errno, "cannot read standard input");
	return got;
}

int
phi_stdin_run(struct phi_run *r, const char *prefix, size_t plen)
{
	struct stdin_src src = { prefix, plen, 0 };
	struct phi_worker *w;
	struct phi_sink sink;
	struct ck_error err;
	char *cfg = NULL;
	int eng;

	ck_error_clear(&err);
	if (!r->no_config)
		cfg = phi_config_find(".");
	eng = phi_engines_get(r->engines, cfg, &err);
	free(cfg);
	if (eng < 0) {
		ck_warn_error(&err);
		return -1;
	}
	if (phi_out_begin(r) < 0 || (w = phi_worker_new(r)) == NULL) {
		ck_warn("out of memory");
		return -1;
	}
	phi_sink_init(&sink, 1);
	phi_docscan(w, &sink, "-", eng, stdin_read, &src);
	phi_sink_drain(r, &sink);
	phi_sink_release(&sink);
	phi_worker_free(w);
	return 0;
}
