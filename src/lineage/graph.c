/* graph.c -- the in-memory lineage graph, built from the log on load.
 *
 * Nodes are named as Marquez names them (dataset:NS:NAME, job:NS:NAME)
 * plus run:UUID; ids live in one arena and a power-of-two open-addressing
 * table maps them to dense numbers.  Edges (input -> run -> output, job ->
 * run) are sorted, deduplicated and laid out as compressed sparse rows in
 * both directions, so a walk touches only the nodes it reports. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lineage/graph_priv.h"

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static char *
arena_dup(struct ln_graph *g, const char *s)
{
	size_t len = strlen(s) + 1;
	char *p;

	if (g->nchunks == 0 || g->chunk_used + len > g->chunk_cap) {
		size_t cap = len > (1u << 20) ? len : (1u << 20);
		char **nc = realloc(g->chunks,
				    (g->nchunks + 1) * sizeof(*nc));

		if (nc == NULL)
			return NULL;
		g->chunks = nc;
		if ((nc[g->nchunks] = malloc(cap)) == NULL)
			return NULL;
		g->nchunks++;
		g->chunk_used = 0;
		g->chunk_cap = cap;
	}
	p = g->chunks[g->nchunks - 1] + g->chunk_used;
	memcpy(p, s, len);
	g->chunk_used += len;
	return p;
}

struct ln_graph *
ln_graph_new(void)
{
	return calloc(1, sizeof(struct ln_graph));
}

void
ln_graph_free(struct ln_graph *g)
{
	if (g == NULL)
		return;
	ck_buf_release(&g->scratch);
	free(g->tag);
	if (g->map != NULL) {
		/* loaded from an index: arrays point into the mapping */
		munmap(g->map, g->maplen);
		free(g->id);
		free(g->vers);
		free(g);
		return;
	}
	for (size_t i = 0; i < g->nchunks; i++)
		free(g->chunks[i]);
	free(g->chunks);
	free(g->id);
	free(g->kind);
	free(g->tab);
	free(g->vers);
	free(g->vtab);
	free(g->e);
	free(g->fwd.off);
	free(g->fwd.dst);
	free(g->fwd.ver);
	free(g->rev.off);
	free(g->rev.dst);
	free(g->rev.ver);
	free(g);
}

/* Looks s up in an interned table; with add, inserts it.  Returns the
 * index or -1 (absent, or ENOMEM when adding).  tags (NULL, or pointing
 * to NULL for a table mapped from an index) holds the upper half of
 * each slot's hash beside tab: a probe that meets another id is then
 * told apart without chasing the id's pointer and bytes, which were
 * half of a graph build's time (cache misses on a million ids). */
static long
intern(struct ln_graph *g, char ***names, size_t *n, size_t *cap,
       uint32_t **tab, uint32_t **tags, size_t *tabcap, const char *s,
       int add)
{
	uint64_t h = fnv(s);
	uint32_t tag = (uint32_t)(h >> 32), *tg;
	size_t mask, i;

	if (*tabcap == 0) {
		if (!add)
			return -1;
		if ((*tab = calloc(1024, sizeof(**tab))) == NULL)
			return -1;
		if (tags != NULL &&
		    (*tags = calloc(1024, sizeof(**tags))) == NULL) {
			free(*tab);
			*tab = NULL;
			return -1;
		}
		*tabcap = 1024;
	}
	tg = tags != NULL ? *tags : NULL;
	mask = *tabcap - 1;
	for (i = h & mask; (*tab)[i] != 0; i = (i + 1) & mask)
		if ((tg == NULL || tg[i] == tag) &&
		    strcmp((*names)[(*tab)[i] - 1], s) == 0)
			return (long)(*tab)[i] - 1;
	if (!add)
		return -1;
	if (*n + 1 >= UINT32_MAX)
		return -1;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 1024;
		char **nn = realloc(*names, nc * sizeof(*nn));

		if (nn == NULL)
			return -1;
		*names = nn;
		*cap = nc;
		if (names == &g->id) {
			unsigned char *nk = realloc(g->kind, nc);

			if (nk == NULL)
				return -1;
			g->kind = nk;
		}
	}
	if (((*names)[*n] = arena_dup(g, s)) == NULL)
		return -1;
	(*tab)[i] = (uint32_t)(*n + 1);
	if (tg != NULL)
		tg[i] = tag;
	(*n)++;
	if (*n * 2 > *tabcap) {
		/* keep the load under one half */
		size_t nt = *tabcap * 2;
		uint32_t *t = calloc(nt, sizeof(*t)), *nt2 = NULL;

		if (t == NULL ||
		    (tg != NULL && (nt2 = calloc(nt, sizeof(*nt2))) == NULL)) {
			free(t);
			return -1;
		}
		for (size_t k = 0; k < *n; k++) {
			uint64_t hk = fnv((*names)[k]);
			size_t j = hk & (nt - 1);

			while (t[j] != 0)
				j = (j + 1) & (nt - 1);
			t[j] = (uint32_t)(k + 1);
			if (nt2 != NULL)
				nt2[j] = (uint32_t)(hk >> 32);
		}
		free(*tab);
		*tab = t;
		if (tg != NULL) {
			free(*tags);
			*tags = nt2;
		}
		*tabcap = nt;
	}
	return (long)*n - 1;
}

static long
node(struct ln_graph *g, enum ln_kind k, const char *id)
{
	long i = intern(g, &g->id, &g->n, &g->ncap, &g->tab, &g->tag,
			&g->tabcap, id, 1);

	if (i >= 0)
		g->kind[i] = (unsigned char)k;
	return i;
}

static int
edge(struct ln_graph *g, long from, long to, int32_t ver)
{
	if (g->ne == g->ecap) {
		size_t nc = g->ecap ? g->ecap * 2 : 4096;
		struct edge *ne = realloc(g->e, nc * sizeof(*ne));

		if (ne == NULL)
			return -1;
		g->e = ne;
		g->ecap = nc;
	}
	g->e[g->ne++] = (struct edge){ (uint32_t)from, (uint32_t)to, ver };
	return 0;
}

static char *
dataset_id(const json_t *d)
{
	const char *ns = json_string_value(json_object_get(d, "namespace"));
	const char *name = json_string_value(json_object_get(d, "name"));
	char *s;

	if (ns == NULL || name == NULL)
		return NULL;
	if ((s = malloc(strlen(ns) + strlen(name) + 10)) != NULL)
		sprintf(s, "dataset:%s:%s", ns, name);
	return s;
}

static int32_t
dataset_version(struct ln_graph *g, const json_t *d)
{
	const char *v = json_string_value(json_object_get(json_object_get(
		json_object_get(d, "facets"), "version"), "datasetVersion"));
	long i;

	if (v == NULL)
		return -1;
	i = intern(g, &g->vers, &g->nvers, &g->verscap, &g->vtab, NULL,
		   &g->vtabcap, v, 1);
	return i < 0 ? -2 : (int32_t)i;
}

int
ln_graph_add_event(struct ln_graph *g, const json_t *ev, struct ck_error *err)
{
	const json_t *job = json_object_get(ev, "job");
	const char *ns = json_string_value(json_object_get(job, "namespace"));
	const char *name = json_string_value(json_object_get(job, "name"));
	const char *rid = json_string_value(json_object_get(
		json_object_get(ev, "run"), "runId"));
	char *s;
	long jn, rn;

	if (g->finished)
		return ck_error_set(err, EINVAL, "graph already finished");
	if (ns == NULL || name == NULL || rid == NULL)
		return ck_error_set(err, 0, "event has no job or run");
	if ((s = malloc(strlen(ns) + strlen(name) + 6)) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	sprintf(s, "job:%s:%s", ns, name);
	jn = node(g, LN_JOB, s);
	free(s);
	if ((s = malloc(strlen(rid) + 5)) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	sprintf(s, "run:%s", rid);
	rn = node(g, LN_RUN, s);
	free(s);
	if (jn < 0 || rn < 0 || edge(g, jn, rn, -1) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (int out = 0; out < 2; out++) {
		const json_t *a = json_object_get(ev, out ? "outputs"
							  : "inputs"), *d;
		size_t i;

		json_array_foreach(a, i, d) {
			int32_t ver = dataset_version(g, d);
			long dn;

			if ((s = dataset_id(d)) == NULL)
				return ck_error_set(err, ENOMEM,
						    "out of memory");
			dn = node(g, LN_DATASET, s);
			free(s);
			if (dn < 0 || ver == -2 ||
			    (out ? edge(g, rn, dn, ver)
				 : edge(g, dn, rn, ver)) < 0)
				return ck_error_set(err, ENOMEM,
						    "out of memory");
		}
	}
	return 0;
}

/* b = prefix a[":" c], NUL-terminated; NULL on ENOMEM. */
static const char *
compose(struct ck_buf *b, const char *prefix, const struct ln_span *a,
	const struct ln_span *c)
{
	ck_buf_reset(b);
	if (ck_buf_append_str(b, prefix) < 0 ||
	    ck_buf_append(b, a->p, a->len) < 0 ||
	    (c != NULL && (ck_buf_append_char(b, ':') < 0 ||
			   ck_buf_append(b, c->p, c->len) < 0)))
		return NULL;
	return b->data;
}

int
ln_graph_add_ids(struct ln_graph *g, const struct ln_ids *v,
		  struct ck_error *err)
{
	struct ck_buf *b = &g->scratch;
	const char *s;
	long jn, rn;

	if (g->finished)
		return ck_error_set(err, EINVAL, "graph already finished");
	if (v->esc)
		return ck_error_set(err, EINVAL, "event ids not decoded");
	/* the same nodes, edges and versions in the same order as
	 * ln_graph_add_event: node numbers follow insertion */
	if ((s = compose(b, "job:", &v->job_ns, &v->job_name)) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	jn = node(g, LN_JOB, s);
	if ((s = compose(b, "run:", &v->run_id, NULL)) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	rn = node(g, LN_RUN, s);
	if (jn < 0 || rn < 0 || edge(g, jn, rn, -1) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < v->nin + v->nout; i++) {
		const struct ln_ds_ids *d = &v->ds[i];
		int32_t ver = -1;
		long dn, vi;

		if (d->ver.p != NULL) {
			if ((s = compose(b, "", &d->ver, NULL)) == NULL)
				return ck_error_set(err, ENOMEM,
						    "out of memory");
			vi = intern(g, &g->vers, &g->nvers, &g->verscap,
				    &g->vtab, NULL, &g->vtabcap, s, 1);
			if (vi < 0)
				return ck_error_set(err, ENOMEM,
						    "out of memory");
			ver = (int32_t)vi;
		}
		if ((s = compose(b, "dataset:", &d->ns, &d->name)) == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		dn = node(g, LN_DATASET, s);
		if (dn < 0 || (i >= v->nin ? edge(g, rn, dn, ver)
					    : edge(g, dn, rn, ver)) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

static int
edge_cmp(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return (x->ver > y->ver) - (x->ver < y->ver);
}

static int
build(struct csr *c, size_t n, const struct edge *e, size_t ne, int rev)
{
	uint32_t *fill;

	c->off = calloc(n + 1, sizeof(*c->off));
	c->dst = malloc((ne ? ne : 1) * sizeof(*c->dst));
	c->ver = malloc((ne ? ne : 1) * sizeof(*c->ver));
	fill = calloc(n + 1, sizeof(*fill));
	if (c->off == NULL || c->dst == NULL || c->ver == NULL ||
	    fill == NULL) {
		free(fill);
		return -1;
	}
	for (size_t i = 0; i < ne; i++)
		c->off[(rev ? e[i].to : e[i].from) + 1]++;
	for (size_t i = 0; i < n; i++)
		c->off[i + 1] += c->off[i];
	for (size_t i = 0; i < ne; i++) {
		uint32_t s = rev ? e[i].to : e[i].from;
		uint32_t k = c->off[s] + fill[s]++;

		c->dst[k] = rev ? e[i].from : e[i].to;
		c->ver[k] = e[i].ver;
	}
	free(fill);
	return 0;
}

int
ln_graph_finish(struct ln_graph *g, struct ck_error *err)
{
	size_t w = 0;

	if (g->finished)
		return 0;
	if (g->ne > 0)
		qsort(g->e, g->ne, sizeof(*g->e), edge_cmp);
	for (size_t i = 0; i < g->ne; i++)
		if (w == 0 || edge_cmp(&g->e[w - 1], &g->e[i]) != 0)
			g->e[w++] = g->e[i];
	g->ne = w;
	if (build(&g->fwd, g->n, g->e, g->ne, 0) < 0 ||
	    build(&g->rev, g->n, g->e, g->ne, 1) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	free(g->e);
	g->e = NULL;
	g->ecap = 0;
	g->finished = 1;
	return 0;
}

long
ln_graph_find(const struct ln_graph *g, const char *id)
{
	struct ln_graph *m = (struct ln_graph *)g;
	char buf[48];

	if (ln_uuid_ok(id)) {
		snprintf(buf, sizeof(buf), "run:%s", id);
		id = buf;
	}
	return intern(m, &m->id, &m->n, &m->ncap, &m->tab, &m->tag,
		      &m->tabcap, id, 0);
}

size_t ln_graph_nodes(const struct ln_graph *g) { return g->n; }
size_t ln_graph_edges(const struct ln_graph *g) { return g->ne; }
const char *ln_graph_id(const struct ln_graph *g, long i) { return g->id[i]; }
enum ln_kind
ln_graph_kind(const struct ln_graph *g, long i)
{
	return (enum ln_kind)g->kind[i];
}

int
ln_graph_walk(const struct ln_graph *g, long start, int dir, unsigned depth,
	      const char *version, struct ln_hit **out, size_t *n,
	      struct ck_error *err)
{
	const struct csr *c = dir ? &g->fwd : &g->rev;
	struct ln_hit *q;
	unsigned char *seen;
	size_t head = 0, tail = 0;
	long want = -2;

	*out = NULL;
	*n = 0;
	if (!g->finished)
		return ck_error_set(err, EINVAL, "graph not finished");
	if (version != NULL) {
		struct ln_graph *m = (struct ln_graph *)g;

		want = intern(m, &m->vers, &m->nvers, &m->verscap, &m->vtab,
			      NULL, &m->vtabcap, version, 0);
		if (want < 0)
			return 0;	/* no run used that version */
	}
	seen = calloc(g->n, 1);
	q = malloc((g->n ? g->n : 1) * sizeof(*q));
	if (seen == NULL || q == NULL) {
		free(seen);
		free(q);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	seen[start] = 1;
	q[tail++] = (struct ln_hit){ start, 0, -1 };
	while (head < tail) {
		struct ln_hit h = q[head++];

		if (depth != 0 && h.depth >= depth)
			continue;
		for (uint32_t k = c->off[h.node]; k < c->off[h.node + 1];
		     k++) {
			uint32_t v = c->dst[k];

			if (seen[v])
				continue;
			if (want >= 0 && h.depth == 0 && c->ver[k] != want)
				continue;
			seen[v] = 1;
			q[tail++] = (struct ln_hit){ v, h.depth + 1, h.node };
		}
	}
	free(seen);
	/* drop the start, keep BFS order */
	memmove(q, q + 1, (tail - 1) * sizeof(*q));
	*out = q;
	*n = tail - 1;
	return 0;
}

long
ln_graph_pred_of_kind(const struct ln_graph *g, long node, enum ln_kind kind)
{
	for (uint32_t k = g->rev.off[node]; k < g->rev.off[node + 1]; k++)
		if (g->kind[g->rev.dst[k]] == kind)
			return (long)g->rev.dst[k];
	return -1;
}

int
ln_graph_path(const struct ln_graph *g, long a, long b, long **out,
	      size_t *n, struct ck_error *err)
{
	struct ln_hit *hits;
	size_t nh, len = 1;
	long *prev, *p, cur;

	*out = NULL;
	*n = 0;
	if (a == b) {
		if ((*out = malloc(sizeof(**out))) == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		(*out)[0] = a;
		*n = 1;
		return 0;
	}
	if (ln_graph_walk(g, a, 1, 0, NULL, &hits, &nh, err) < 0)
		return -1;
	prev = malloc(g->n * sizeof(*prev));
	if (prev == NULL) {
		free(hits);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < g->n; i++)
		prev[i] = -2;
	prev[a] = -1;
	for (size_t i = 0; i < nh; i++)
		prev[hits[i].node] = hits[i].via;
	free(hits);
	if (prev[b] == -2) {
		free(prev);
		return 0;
	}
	for (cur = b; cur != a; cur = prev[cur])
		len++;
	if ((p = malloc(len * sizeof(*p))) == NULL) {
		free(prev);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	cur = b;
	for (size_t i = len; i > 0; i--, cur = prev[cur])
		p[i - 1] = cur;
	free(prev);
	*out = p;
	*n = len;
	return 0;
}

void
ln_graph_each_edge(const struct ln_graph *g,
		   void (*fn)(long from, long to, void *arg), void *arg)
{
	/* the forward rows hold the edges sorted by (from, to, version) */
	for (size_t v = 0; v < g->n; v++)
		for (uint32_t k = g->fwd.off[v]; k < g->fwd.off[v + 1]; k++)
			if (k == g->fwd.off[v] ||
			    g->fwd.dst[k - 1] != g->fwd.dst[k])
				fn((long)v, g->fwd.dst[k], arg);
}
