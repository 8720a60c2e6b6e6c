/* query.c -- loading the graph and walking it: upstream, downstream,
 * impact, path; ingest and verify, which read events in bulk. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/jsonl.h"
#include "lineage/cmd.h"

int
ln_emit(struct ln_ctx *c, const json_t *rec, const char *text)
{
	struct ck_error err;

	if (c->format == LN_TEXT && text != NULL) {
		if (fprintf(c->out, "%s\n", text) < 0 || fflush(c->out) != 0) {
			ck_warn_errno(errno, "cannot write output");
			return -1;
		}
		return 0;
	}
	if (ck_jsonl_write(c->out, rec, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	return 0;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct load {
	struct ln_graph *g;
	struct ln_fast fast;
};

static int
add_one(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct load *l = arg;

	(void)lineno;
	return ln_graph_add_event(l->g, ev, err);
}

/* Most lines of the log take the fast path: no tree, the ids taken
 * from the line's bytes; the rest are parsed by jansson (add_one). */
static int
add_line(const char *line, size_t len, unsigned long lineno, void *arg,
	 struct ck_error *err)
{
	struct load *l = arg;
	int r = ln_event_fast(&l->fast, line, len);

	(void)lineno;
	if (r < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (r == 0 || l->fast.v.esc)
		return 0;
	return ln_graph_add_ids(l->g, &l->fast.v, err) < 0 ? -1 : 1;
}

int
ln_load(struct ln_ctx *c, struct ln_store *s, struct ln_graph **g)
{
	struct ck_error err;
	struct ln_stamp before, after;
	double t0 = now_ms();
	int have_log, r;

	*g = NULL;
	if (ln_store_open(s, c->store_opt, 0, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	have_log = ln_stamp_of(s->log, &before) == 0;
	if (have_log) {
		if ((r = ln_graph_load(s->index, &before, g, &err)) < 0) {
			ck_warn_error(&err);
			goto fail;
		}
		if (r == 1) {
			ck_info("mapped the index: %zu nodes, %zu edges in "
				"%.1f ms", ln_graph_nodes(*g),
				ln_graph_edges(*g), now_ms() - t0);
			return 0;
		}
	}
	if ((*g = ln_graph_new()) == NULL) {
		ck_warn("out of memory");
		goto fail;
	}
	{
		struct load l = { .g = *g };

		r = ln_store_scan_fast(s, add_line, add_one, &l, &err);
		ln_fast_release(&l.fast);
	}
	if (r < 0 || ln_graph_finish(*g, &err) < 0) {
		ck_warn_error(&err);
		goto fail;
	}
	ck_info("built the graph from the log: %zu nodes, %zu edges in "
		"%.1f ms", ln_graph_nodes(*g), ln_graph_edges(*g),
		now_ms() - t0);
	/* cache it, unless a writer appended while we read */
	if (have_log && ln_stamp_of(s->log, &after) == 0 &&
	    memcmp(&before, &after, sizeof(before)) == 0 &&
	    ln_graph_save(*g, s->index, &after, &err) < 0)
		ck_info("index not written: %s", err.msg);
	return 0;
fail:
	ln_graph_free(*g);
	*g = NULL;
	ln_store_release(s);
	return -1;
}

static const char *const kinds[] = { "dataset", "job", "run" };

static long
find_node(const struct ln_graph *g, const char *id)
{
	long n = ln_graph_find(g, id);

	if (n < 0)
		ck_warn("unknown node '%s' (nodes are dataset:NS:NAME, "
			"job:NS:NAME, run:UUID)", id);
	return n;
}

/* The job a run belongs to (its job -> run edge), or NULL. */
static const char *
job_of(const struct ln_graph *g, long run)
{
	long j = ln_graph_pred_of_kind(g, run, LN_JOB);

	return j < 0 ? NULL : ln_graph_id(g, j);
}

/* Marquez's lineage graph: {"graph":[{id,type,inEdges,outEdges}]}. */
static int
emit_marquez(struct ln_ctx *c, const struct ln_graph *g, long start,
	     const struct ln_hit *h, size_t n, int dir)
{
	json_t *graph = json_array(), *doc;
	int rc;

	for (size_t i = 0; i <= n; i++) {
		long v = i == 0 ? start : h[i - 1].node;
		json_t *node = json_pack("{s:s, s:s, s:[], s:[]}", "id",
			ln_graph_id(g, v), "type",
			ln_graph_kind(g, v) == LN_DATASET ? "DATASET" :
			ln_graph_kind(g, v) == LN_JOB ? "JOB" : "RUN",
			"inEdges", "outEdges");

		json_array_append_new(graph, node);
	}
	for (size_t i = 0; i < n; i++) {
		/* the BFS tree edge that reached each node */
		const char *a = ln_graph_id(g, h[i].via);
		const char *b = ln_graph_id(g, h[i].node);
		const char *from = dir ? a : b, *to = dir ? b : a;
		json_t *e = json_pack("{s:s, s:s}", "origin", from,
				      "destination", to);
		size_t k;
		json_t *node;

		json_array_foreach(graph, k, node) {
			const char *id = json_string_value(
				json_object_get(node, "id"));

			if (strcmp(id, from) == 0)
				json_array_append(json_object_get(node,
					"outEdges"), e);
			if (strcmp(id, to) == 0)
				json_array_append(json_object_get(node,
					"inEdges"), e);
		}
		json_decref(e);
	}
	doc = json_pack("{s:o}", "graph", graph);
	rc = ln_emit(c, doc, NULL);
	json_decref(doc);
	return rc;
}

static int
walk_cmd(struct ln_ctx *c, int dir, int impact)
{
	struct ln_store s;
	struct ln_graph *g;
	struct ck_error err;
	struct ln_hit *h = NULL;
	size_t n = 0;
	long start;
	int rc = CK_EXIT_TROUBLE;
	double t0;

	if (ln_load(c, &s, &g) < 0)
		return CK_EXIT_TROUBLE;
	if ((start = find_node(g, c->argv[0])) < 0)
		goto out;
	if (impact && ln_graph_kind(g, start) != LN_DATASET) {
		ck_warn("impact: '%s' is not a dataset", c->argv[0]);
		goto out;
	}
	t0 = now_ms();
	if (ln_graph_walk(g, start, dir, c->depth, impact ? c->version : NULL,
			  &h, &n, &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	ck_info("walked %zu nodes in %.3f ms", n, now_ms() - t0);
	rc = CK_EXIT_OK;
	if (c->format == LN_MARQUEZ) {
		if (emit_marquez(c, g, start, h, n, dir) < 0)
			rc = CK_EXIT_TROUBLE;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		enum ln_kind k = ln_graph_kind(g, h[i].node);
		const char *id = ln_graph_id(g, h[i].node);
		char text[4096];
		json_t *rec;

		if (impact && k == LN_JOB)
			continue;
		rec = json_pack("{s:s, s:s, s:i, s:s}", "id", id, "kind",
				kinds[k], "depth", (int)h[i].depth, "via",
				ln_graph_id(g, h[i].via));
		if (k == LN_RUN) {
			const char *job = job_of(g, h[i].node);

			if (job != NULL)
				json_object_set_new(rec, "job",
						    json_string(job));
		}
		snprintf(text, sizeof(text), "%u %s", h[i].depth, id);
		if (ln_emit(c, rec, text) < 0)
			rc = CK_EXIT_TROUBLE;
		json_decref(rec);
		if (rc != CK_EXIT_OK)
			break;
	}
out:
	free(h);
	ln_graph_free(g);
	ln_store_release(&s);
	return rc;
}

int ln_cmd_upstream(struct ln_ctx *c) { return walk_cmd(c, 0, 0); }
int ln_cmd_downstream(struct ln_ctx *c) { return walk_cmd(c, 1, 0); }
int ln_cmd_impact(struct ln_ctx *c) { return walk_cmd(c, 1, 1); }

int
ln_cmd_path(struct ln_ctx *c)
{
	struct ln_store s;
	struct ln_graph *g;
	struct ck_error err;
	long a, b, *p = NULL;
	size_t n = 0;
	int rc = CK_EXIT_TROUBLE;

	if (ln_load(c, &s, &g) < 0)
		return CK_EXIT_TROUBLE;
	if ((a = find_node(g, c->argv[0])) < 0 ||
	    (b = find_node(g, c->argv[1])) < 0)
		goto out;
	if (ln_graph_path(g, a, b, &p, &n, &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	/* no path is an answer, not trouble: exit 1, as grep finding
	 * nothing */
	rc = n == 0 ? CK_EXIT_TRIP : CK_EXIT_OK;
	for (size_t i = 0; i < n; i++) {
		json_t *rec = json_pack("{s:s, s:s, s:i}", "id",
			ln_graph_id(g, p[i]), "kind",
			kinds[ln_graph_kind(g, p[i])], "step", (int)i);

		if (ln_emit(c, rec, ln_graph_id(g, p[i])) < 0)
			rc = CK_EXIT_TROUBLE;
		json_decref(rec);
	}
out:
	free(p);
	ln_graph_free(g);
	ln_store_release(&s);
	return rc;
}

/* ---- ingest and verify --------------------------------------------- */

struct batch {
	const char *name;
	struct ck_buf buf;	/* the lines, each '\n'-terminated */
	size_t n;
	struct ln_fast fast;	/* zeroed is initialised */
};

static int
take_event(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct batch *b = arg;
	const char *line;
	size_t len;

	if (ln_event_check(ev, err) < 0) {
		ck_error_prefix(err, "%s:%lu", strcmp(b->name, "-") ? b->name
			       : "<stdin>", lineno);
		return -1;
	}
	/* stored as the producer wrote it: one checked line */
	line = ln_scan_line(&len);
	if (ck_buf_append(&b->buf, line, len) < 0 ||
	    ck_buf_append_char(&b->buf, '\n') < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	b->n++;
	return 0;
}

/* The fast path: a line ln_event_fast accepts is taken as it is; for
 * any other, take_event runs the jansson parse and ln_event_check,
 * which give the message and location of a rejection. */
static int
take_line(const char *line, size_t len, unsigned long lineno, void *arg,
	  struct ck_error *err)
{
	struct batch *b = arg;
	int r = ln_event_fast(&b->fast, line, len);

	(void)lineno;
	if (r <= 0)
		return r < 0 ? ck_error_set(err, ENOMEM, "out of memory") : 0;
	if (ck_buf_reserve(&b->buf, len + 1) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	memcpy(b->buf.data + b->buf.len, line, len);
	b->buf.len += len;
	b->buf.data[b->buf.len++] = '\n';
	b->buf.data[b->buf.len] = '\0';
	b->n++;
	return 1;
}

struct chunk {
	char *data;
	size_t len;
	unsigned long first;	/* line number of its first line */
	struct batch b;
	struct ck_error err;
	int rc;
};

static void *
check_chunk(void *arg)
{
	struct chunk *k = arg;

	ck_error_clear(&k->err);
	k->rc = ln_scan_buf_fast(k->data, k->len, k->b.name, k->first,
				 take_line, take_event, &k->b, &k->err);
	ln_fast_release(&k->b.fast);
	return NULL;
}

/* A regular file is mapped and its lines checked on up to 8 threads, cut
 * at newlines; the first error by line number is the one reported. */
static int
ingest_file(const char *path, struct batch *out, struct ck_error *err)
{
	struct chunk k[8];
	pthread_t th[8];
	struct stat sb;
	char *map;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt, start = 0;
	unsigned long line = 1;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ck_error_set(err, errno, "cannot open %s", path);
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		int e = errno;

		close(fd);
		if (S_ISDIR(sb.st_mode))
			return ck_error_set(err, EISDIR, "cannot read %s",
					    path);
		/* a pipe or device: read it as a stream */
		FILE *fp = fopen(path, "re");

		if (fp == NULL)
			return ck_error_set(err, e ? e : errno,
					    "cannot open %s", path);
		out->name = path;
		rc = ln_scan_stream_fast(fp, path, 0, take_line, take_event,
					 out, err);
		fclose(fp);
		return rc;
	}
	if (sb.st_size == 0) {
		close(fd);
		return 0;
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return ck_error_set(err, errno, "cannot read %s", path);
	nt = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (size_t)ncpu;
	if ((size_t)sb.st_size < ((size_t)1 << 20))
		nt = 1;
	for (size_t i = 0; i < nt; i++) {
		size_t end = i + 1 == nt ? (size_t)sb.st_size :
			     (size_t)sb.st_size / nt * (i + 1);
		char *nl;

		if (end < start)
			end = start;
		nl = end < (size_t)sb.st_size ?
		     memchr(map + end, '\n', (size_t)sb.st_size - end) : NULL;
		if (i + 1 < nt)
			end = nl ? (size_t)(nl - map) + 1 : (size_t)sb.st_size;
		k[i] = (struct chunk){ .data = map + start,
				       .len = end - start, .first = line,
				       .b = { .name = path,
					      .buf = CK_BUF_INIT } };
		for (char *p = map + start;
		     (p = memchr(p, '\n', (size_t)(map + end - p))) != NULL;
		     p++)
			line++;
		start = end;
	}
	for (size_t i = 1; i < nt; i++)
		if (pthread_create(&th[i], NULL, check_chunk, &k[i]) != 0) {
			check_chunk(&k[i]);
			th[i] = 0;
		}
	check_chunk(&k[0]);
	for (size_t i = 1; i < nt; i++)
		if (th[i] != 0)
			pthread_join(th[i], NULL);
	for (size_t i = 0; i < nt; i++) {
		if (rc == 0 && k[i].rc < 0) {
			*err = k[i].err;
			rc = -1;
		}
		if (rc == 0 && (ck_buf_append(&out->buf, k[i].b.buf.data,
					     k[i].b.buf.len) < 0))
			rc = ck_error_set(err, ENOMEM, "out of memory");
		out->n += k[i].b.n;
		ck_buf_release(&k[i].b.buf);
	}
	munmap(map, (size_t)sb.st_size);
	return rc;
}

int
ln_cmd_ingest(struct ln_ctx *c)
{
	struct batch b = { .buf = CK_BUF_INIT };
	struct ck_error err;
	struct ln_store s;
	int rc = CK_EXIT_TROUBLE, i = 0;
	char *one[] = { "-" };
	char **files = c->argc ? c->argv : one;
	int nfiles = c->argc ? c->argc : 1;

	ck_error_clear(&err);
	/* jansson seeds its hash function on first use: do it before any
	 * thread does */
	json_object_seed(0);
	/* every file is checked before anything is appended: one bad event
	 * and the log is left as it was */
	for (i = 0; i < nfiles; i++) {
		int r;

		b.name = files[i];
		if (strcmp(files[i], "-") == 0)
			r = ln_scan_stream_fast(stdin, "-", 0, take_line,
						take_event, &b, &err);
		else
			r = ingest_file(files[i], &b, &err);
		if (r < 0)
			goto out;
	}
	if (ln_store_open(&s, c->store_opt, 1, &err) < 0)
		goto out;
	if (b.n > 0 && ln_store_append_buf(&s, b.buf.data, b.buf.len,
					   &err) < 0) {
		ln_store_release(&s);
		goto out;
	}
	ln_store_release(&s);
	{
		json_t *rec = json_pack("{s:s, s:I}", "kind", "ingest",
					"events", (json_int_t)b.n);
		char text[64];

		snprintf(text, sizeof(text), "ingested %zu events", b.n);
		rc = ln_emit(c, rec, text) < 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
		json_decref(rec);
	}
out:
	if (rc == CK_EXIT_TROUBLE && err.msg[0] != '\0')
		ck_warn_error(&err);
	ck_buf_release(&b.buf);
	ln_fast_release(&b.fast);
	return rc;
}

struct vstate {
	const char *log;
	unsigned long events;
	struct ln_fast fast;
};

static int
verify_line(const char *line, size_t len, unsigned long lineno, void *arg,
	    struct ck_error *err)
{
	struct vstate *v = arg;
	int r = ln_event_fast(&v->fast, line, len);

	(void)lineno;
	if (r <= 0)
		return r < 0 ? ck_error_set(err, ENOMEM, "out of memory") : 0;
	v->events++;
	return 1;
}

static int
verify_one(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct vstate *v = arg;

	if (ln_event_check(ev, err) < 0) {
		ck_error_prefix(err, "%s:%lu", v->log, lineno);
		return -1;
	}
	v->events++;
	return 0;
}

int
ln_cmd_verify(struct ln_ctx *c)
{
	struct ck_error err;
	struct ln_store s;
	struct vstate v = { .log = NULL };
	json_t *rec;
	char text[128];
	int rc, r;

	if (ln_store_open(&s, c->store_opt, 0, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	v.log = s.log;
	r = ln_store_scan_fast(&s, verify_line, verify_one, &v, &err);
	ln_fast_release(&v.fast);
	if (r < 0) {
		ck_warn_error(&err);
		ln_store_release(&s);
		/* a log that does not read back is a failed verification */
		return CK_EXIT_TRIP;
	}
	ln_store_release(&s);
	rec = json_pack("{s:s, s:b, s:I}", "kind", "verify", "ok", 1,
			"events", (json_int_t)v.events);
	snprintf(text, sizeof(text), "ok: %lu events", v.events);
	rc = ln_emit(c, rec, text) < 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
	json_decref(rec);
	return rc;
}
