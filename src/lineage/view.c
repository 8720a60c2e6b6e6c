/* view.c -- the exportable view of the graph: built from the log for
 * the DOT and PROV exports, turned back into events by their imports. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/canon.h"
#include "common/timefmt.h"
#include "lineage/view.h"

#define F_VERSION "https://openlineage.io/spec/facets/1-0-1/" \
	"DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet"

static const char *const kind_name[] = { "dataset", "job", "run" };

void
ln_view_init(struct ln_view *v)
{
	memset(v, 0, sizeof(*v));
	v->keys = json_object();
}

static void
node_release(struct ln_vnode *n)
{
	free(n->key);
	free(n->ns);
	free(n->name);
	free(n->run);
	free(n->type);
	free(n->time);
}

void
ln_view_release(struct ln_view *v)
{
	for (size_t i = 0; i < v->nn; i++)
		node_release(&v->n[i]);
	for (size_t i = 0; i < v->ne; i++)
		free(v->e[i].version);
	free(v->n);
	free(v->e);
	json_decref(v->keys);
	memset(v, 0, sizeof(*v));
}

int
ln_view_set(char **field, const char *s)
{
	char *d;

	if (s == NULL)
		return 0;
	if ((d = strdup(s)) == NULL)
		return -1;
	free(*field);
	*field = d;
	return 0;
}

long
ln_view_node(struct ln_view *v, const char *key, enum ln_kind kind, int add)
{
	json_t *i = json_object_get(v->keys, key);
	struct ln_vnode *n;

	if (i != NULL)
		return (long)json_integer_value(i);
	if (!add || v->keys == NULL)
		return -1;
	if (v->nn == v->ncap) {
		size_t nc = v->ncap ? v->ncap * 2 : 64;
		struct ln_vnode *nv = realloc(v->n, nc * sizeof(*nv));

		if (nv == NULL)
			return -1;
		v->n = nv;
		v->ncap = nc;
	}
	n = &v->n[v->nn];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	if ((n->key = strdup(key)) == NULL ||
	    json_object_set_new(v->keys, key,
				json_integer((json_int_t)v->nn)) < 0) {
		free(n->key);
		return -1;
	}
	return (long)v->nn++;
}

int
ln_view_edge(struct ln_view *v, size_t from, size_t to, const char *version)
{
	struct ln_vedge *e;

	if (v->ne == v->ecap) {
		size_t nc = v->ecap ? v->ecap * 2 : 64;
		struct ln_vedge *ne = realloc(v->e, nc * sizeof(*ne));

		if (ne == NULL)
			return -1;
		v->e = ne;
		v->ecap = nc;
	}
	e = &v->e[v->ne];
	e->from = from;
	e->to = to;
	e->version = NULL;
	if (version != NULL && (e->version = strdup(version)) == NULL)
		return -1;
	v->ne++;
	return 0;
}

static int
node_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ln_vnode *)a)->key,
		      ((const struct ln_vnode *)b)->key);
}

static int
edge_cmp(const void *a, const void *b)
{
	const struct ln_vedge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	if (x->version == NULL || y->version == NULL)
		return (x->version != NULL) - (y->version != NULL);
	return strcmp(x->version, y->version);
}

int
ln_view_sort(struct ln_view *v, struct ck_error *err)
{
	size_t *rank = malloc((v->nn ? v->nn : 1) * sizeof(*rank)), w = 0;

	if (rank == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (v->nn > 0)
		qsort(v->n, v->nn, sizeof(*v->n), node_cmp);
	for (size_t i = 0; i < v->nn; i++) {
		json_t *old = json_object_get(v->keys, v->n[i].key);

		rank[json_integer_value(old)] = i;
		json_integer_set(old, (json_int_t)i);
	}
	for (size_t i = 0; i < v->ne; i++) {
		v->e[i].from = rank[v->e[i].from];
		v->e[i].to = rank[v->e[i].to];
	}
	free(rank);
	if (v->ne > 0)
		qsort(v->e, v->ne, sizeof(*v->e), edge_cmp);
	for (size_t i = 0; i < v->ne; i++) {
		if (w > 0 && edge_cmp(&v->e[w - 1], &v->e[i]) == 0) {
			free(v->e[i].version);
			continue;
		}
		v->e[w++] = v->e[i];
	}
	v->ne = w;
	return 0;
}

/* ---- from the log ---------------------------------------------------- */

/* The node for a job or dataset object {namespace, name}. */
static long
named_node(struct ln_view *v, enum ln_kind kind, const json_t *o)
{
	const char *ns = json_string_value(json_object_get(o, "namespace"));
	const char *name = json_string_value(json_object_get(o, "name"));
	char *key;
	long i;

	if (ns == NULL || name == NULL)
		return -1;
	if (asprintf(&key, "%s:%s:%s", kind_name[kind], ns, name) < 0)
		return -1;
	i = ln_view_node(v, key, kind, 1);
	free(key);
	if (i >= 0 && v->n[i].ns == NULL &&
	    (ln_view_set(&v->n[i].ns, ns) < 0 ||
	     ln_view_set(&v->n[i].name, name) < 0))
		return -1;
	return i;
}

static int
add_event(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct ln_view *v = arg;
	const char *rid = json_string_value(json_object_get(
		json_object_get(ev, "run"), "runId"));
	const char *type = json_string_value(json_object_get(ev,
							     "eventType"));
	char key[64], when[CK_TIME_LEN + 64];
	long jn, rn;
	int cmp = 0;
	struct ln_vnode *r;

	(void)lineno;
	if (rid == NULL || strlen(rid) > 40)
		return ck_error_set(err, 0, "event has no run id");
	snprintf(key, sizeof(key), "run:%s", rid);
	if ((jn = named_node(v, LN_JOB, json_object_get(ev, "job"))) < 0 ||
	    (rn = ln_view_node(v, key, LN_RUN, 1)) < 0 ||
	    ln_view_edge(v, (size_t)jn, (size_t)rn, NULL) < 0)
		return ck_error_set(err, ENOMEM, "event has no job, or out "
				    "of memory");
	r = &v->n[rn];
	ln_event_time_key(ev, when, sizeof(when));
	/* the latest event stands for the run; at the same time the one
	 * later in its life, then the later line */
	if (r->time == NULL || (cmp = strcmp(when, r->time)) > 0 ||
	    (cmp == 0 && ln_event_type_rank(type) >=
			 ln_event_type_rank(r->type))) {
		if (ln_view_set(&r->run, rid) < 0 ||
		    ln_view_set(&r->time, when) < 0 ||
		    ln_view_set(&r->type, type ? type : "OTHER") < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (int out = 0; out < 2; out++) {
		const json_t *a = json_object_get(ev, out ? "outputs"
							  : "inputs"), *d;
		size_t i;

		json_array_foreach(a, i, d) {
			const char *ver = json_string_value(json_object_get(
				json_object_get(json_object_get(d, "facets"),
						"version"), "datasetVersion"));
			long dn = named_node(v, LN_DATASET, d);

			if (dn < 0 || (out ? ln_view_edge(v, (size_t)rn,
							  (size_t)dn, ver)
					   : ln_view_edge(v, (size_t)dn,
							  (size_t)rn, ver)) < 0)
				return ck_error_set(err, ENOMEM, "dataset "
						    "without a name, or out "
						    "of memory");
		}
	}
	return 0;
}

int
ln_view_from_store(struct ln_store *s, struct ln_view *v,
		   struct ck_error *err)
{
	if (v->keys == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (ln_store_scan(s, add_event, v, err) < 0)
		return -1;
	return ln_view_sort(v, err);
}

/* ---- back to events -------------------------------------------------- */

static json_t *
dataset_json(const struct ln_vnode *d, const char *version)
{
	json_t *o = json_pack("{s:s, s:s}", "namespace", d->ns, "name",
			      d->name);

	if (o != NULL && version != NULL) {
		json_t *f = ln_facet(F_VERSION);

		json_object_set_new(f, "datasetVersion", json_string(version));
		json_object_set_new(o, "facets", json_pack("{s:o}", "version",
							   f));
	}
	return o;
}

static int
check_nodes(const struct ln_view *v, const char *name, struct ck_error *err)
{
	for (size_t i = 0; i < v->nn; i++) {
		const struct ln_vnode *n = &v->n[i];

		if (n->kind == LN_RUN ? (n->run == NULL || n->type == NULL ||
					 n->time == NULL)
				      : (n->ns == NULL || n->name == NULL))
			return ck_error_set(err, 0, "%s: %s node '%s' lacks "
					    "its %s", name, kind_name[n->kind],
					    n->key, n->kind == LN_RUN ?
					    "run id, event type or time" :
					    "namespace or name");
	}
	for (size_t i = 0; i < v->ne; i++) {
		enum ln_kind a = v->n[v->e[i].from].kind;
		enum ln_kind b = v->n[v->e[i].to].kind;

		if (!((a == LN_DATASET && b == LN_RUN) ||
		      (a == LN_RUN && b == LN_DATASET) ||
		      (a == LN_JOB && b == LN_RUN)))
			return ck_error_set(err, 0, "%s: edge '%s' -> '%s' "
					    "joins a %s to a %s, which no "
					    "OpenLineage event makes", name,
					    v->n[v->e[i].from].key,
					    v->n[v->e[i].to].key,
					    kind_name[a], kind_name[b]);
	}
	return 0;
}

/* Runs in key order; each run's job and datasets come from one pass over
 * the edges, which are sorted by (from, to). */
long
ln_view_events(const struct ln_view *v, const char *name,
	       struct ck_buf *out, struct ck_error *err)
{
	json_t **io = calloc(2 * (v->nn ? v->nn : 1), sizeof(*io));
	long *job = malloc((v->nn ? v->nn : 1) * sizeof(*job)), count = -1;

	if (io == NULL || job == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (check_nodes(v, name, err) < 0)
		goto out;
	for (size_t i = 0; i < v->nn; i++) {
		job[i] = -1;
		if (v->n[i].kind == LN_RUN &&
		    ((io[2 * i] = json_array()) == NULL ||
		     (io[2 * i + 1] = json_array()) == NULL)) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
	}
	for (size_t k = 0; k < v->ne; k++) {
		const struct ln_vedge *e = &v->e[k];
		const struct ln_vnode *f = &v->n[e->from];

		if (f->kind == LN_JOB) {
			if (job[e->to] >= 0) {
				ck_error_set(err, 0, "%s: run '%s' has two "
					     "jobs", name, v->n[e->to].key);
				goto out;
			}
			job[e->to] = (long)e->from;
		} else if (f->kind == LN_DATASET) {
			json_array_append_new(io[2 * e->to],
					      dataset_json(f, e->version));
		} else {
			json_array_append_new(io[2 * e->from + 1],
					      dataset_json(&v->n[e->to],
							   e->version));
		}
	}
	count = 0;
	for (size_t r = 0; r < v->nn; r++) {
		const struct ln_vnode *rn = &v->n[r], *j;
		json_t *ev;
		int rc;

		if (rn->kind != LN_RUN)
			continue;
		if (job[r] < 0) {
			count = ck_error_set(err, 0, "%s: run '%s' has no job",
					     name, rn->key);
			break;
		}
		j = &v->n[job[r]];
		ev = json_pack("{s:s, s:s, s:{s:s}, s:{s:s, s:s}, s:O, s:O, "
			       "s:s, s:s}", "eventType", rn->type, "eventTime",
			       rn->time, "run", "runId", rn->run, "job",
			       "namespace", j->ns, "name", j->name,
			       "inputs", io[2 * r], "outputs", io[2 * r + 1],
			       "producer", LN_PRODUCER, "schemaURL",
			       LN_SCHEMA_URL);
		if (ev == NULL) {
			count = ck_error_set(err, ENOMEM, "out of memory");
			break;
		}
		if (ln_event_check(ev, err) < 0) {
			ck_error_prefix(err, "%s: run '%s'", name, rn->key);
			json_decref(ev);
			count = -1;
			break;
		}
		rc = ck_json_append_compact(out, ev, err);
		json_decref(ev);
		if (rc < 0 || ck_buf_append_char(out, '\n') < 0) {
			count = rc < 0 ? -1 : ck_error_set(err, ENOMEM,
							   "out of memory");
			break;
		}
		count++;
	}
out:
	for (size_t i = 0; io != NULL && i < 2 * v->nn; i++)
		json_decref(io[i]);
	free(io);
	free(job);
	return count;
}
