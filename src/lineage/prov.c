/* prov.c -- the view as W3C PROV-JSON
 * (https://www.w3.org/submissions/prov-json/), and that document read
 * back.
 *
 * Datasets are entities, runs activities, jobs agents; input -> run is
 * "used", run -> output "wasGeneratedBy", job -> run "wasAssociatedWith".
 * Records are named lineage:nRANK (ids hold characters a QName may not)
 * with the lineage id as prov:label, and carry what import needs in our
 * namespace (urn:complykit:lineage:): kind, namespace and name, or runId,
 * eventType and eventTime; a relation carrying a dataset version has
 * lineage:datasetVersion.  The reader finds our namespace by its URI,
 * whatever prefix a re-serialising tool gave it, and refuses records and
 * relations it cannot map. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "lineage/view.h"

#define NS_URI "urn:complykit:lineage:"

static const char *const sect[] = { "entity", "agent", "activity" };
static const char *const kinds[] = { "dataset", "job", "run" };
/* per relation: its name, the member naming the edge's tail and head */
static const struct rel {
	const char *name, *from, *to;
	enum ln_kind fk, tk;
} rels[] = {
	{ "used", "prov:entity", "prov:activity", LN_DATASET, LN_RUN },
	{ "wasGeneratedBy", "prov:activity", "prov:entity", LN_RUN,
	  LN_DATASET },
	{ "wasAssociatedWith", "prov:agent", "prov:activity", LN_JOB, LN_RUN },
};

static void
qname(char *out, size_t size, size_t i)
{
	snprintf(out, size, "lineage:n%zu", i);
}

json_t *
ln_prov_doc(const struct ln_view *v)
{
	json_t *doc = json_pack("{s:{s:s}}", "prefix", "lineage", NS_URI);
	json_t *rj[3];

	for (int k = 0; k < 3; k++) {
		json_object_set_new(doc, sect[k], json_object());
		rj[k] = json_object();
	}
	for (size_t i = 0; i < v->nn; i++) {
		const struct ln_vnode *n = &v->n[i];
		char q[32];
		json_t *r = json_pack("{s:s, s:s}", "prov:label", n->key,
				      "lineage:kind", kinds[n->kind]);

		if (n->kind == LN_RUN)
			json_object_update_new(r, json_pack("{s:s, s:s, s:s}",
				"lineage:runId", n->run, "lineage:eventType",
				n->type, "lineage:eventTime", n->time));
		else
			json_object_update_new(r, json_pack("{s:s, s:s}",
				"lineage:namespace", n->ns, "lineage:name",
				n->name));
		qname(q, sizeof(q), i);
		json_object_set_new(json_object_get(doc, sect[n->kind]), q, r);
	}
	for (size_t i = 0; i < v->ne; i++) {
		const struct ln_vedge *e = &v->e[i];
		int k = v->n[e->from].kind == LN_DATASET ? 0 :
			v->n[e->from].kind == LN_RUN ? 1 : 2;
		char a[32], b[32], id[32];
		json_t *r;

		qname(a, sizeof(a), e->from);
		qname(b, sizeof(b), e->to);
		snprintf(id, sizeof(id), "_:e%zu", i);
		r = json_pack("{s:s, s:s}", rels[k].from, a, rels[k].to, b);
		if (e->version != NULL)
			json_object_set_new(r, "lineage:datasetVersion",
					    json_string(e->version));
		json_object_set_new(rj[k], id, r);
	}
	for (int k = 0; k < 3; k++)
		json_object_set_new(doc, rels[k].name, rj[k]);
	return doc;
}

/* ---- reading --------------------------------------------------------- */

struct rd {
	const char *name;
	char pfx[64];		/* our prefix, with its ':' */
	struct ck_error *err;
};

/* A PROV-JSON attribute value: a string, {"$": string, "type": ...}, or
 * a one-element array of those.  NULL otherwise. */
static const char *
value(const json_t *v)
{
	if (json_is_array(v) && json_array_size(v) == 1)
		v = json_array_get(v, 0);
	if (json_is_object(v))
		v = json_object_get(v, "$");
	return json_string_value(v);
}

static const char *
ours(const struct rd *r, const json_t *rec, const char *attr)
{
	char k[128];

	snprintf(k, sizeof(k), "%s%s", r->pfx, attr);
	return value(json_object_get(rec, k));
}

static int
find_prefix(struct rd *r, const json_t *doc)
{
	const json_t *pf = json_object_get(doc, "prefix"), *u;
	const char *k;

	if (pf != NULL && !json_is_object(pf))
		return ck_error_set(r->err, 0, "%s: prefix is not an object",
				    r->name);
	json_object_foreach((json_t *)pf, k, u)
		if (json_is_string(u) && strcmp(json_string_value(u),
						NS_URI) == 0 &&
		    strlen(k) + 2 < sizeof(r->pfx)) {
			snprintf(r->pfx, sizeof(r->pfx), "%s:", k);
			return 0;
		}
	return ck_error_set(r->err, 0, "%s: no prefix for %s: not a PROV "
			    "document lineage export wrote", r->name, NS_URI);
}

static int
records(struct rd *r, const json_t *doc, int k, struct ln_view *v)
{
	const json_t *s = json_object_get(doc, sect[k]), *rec;
	const char *q;

	if (s == NULL)
		return 0;
	if (!json_is_object(s))
		return ck_error_set(r->err, 0, "%s: %s is not an object",
				    r->name, sect[k]);
	json_object_foreach((json_t *)s, q, rec) {
		const char *kind = ours(r, rec, "kind");
		long n;

		/* sect[] is in enum ln_kind's order */
		if (!json_is_object(rec) || kind == NULL ||
		    strcmp(kind, kinds[k]) != 0)
			return ck_error_set(r->err, 0, "%s: %s '%s' has no "
					    "%skind '%s': not a record lineage "
					    "export wrote", r->name, sect[k],
					    q, r->pfx, kinds[k]);
		if (ln_view_node(v, q, LN_DATASET, 0) >= 0)
			return ck_error_set(r->err, 0, "%s: '%s' is named "
					    "twice", r->name, q);
		n = ln_view_node(v, q, (enum ln_kind)k, 1);
		if (n < 0 ||
		    ln_view_set(&v->n[n].ns, ours(r, rec, "namespace")) < 0 ||
		    ln_view_set(&v->n[n].name, ours(r, rec, "name")) < 0 ||
		    ln_view_set(&v->n[n].run, ours(r, rec, "runId")) < 0 ||
		    ln_view_set(&v->n[n].type, ours(r, rec, "eventType")) < 0 ||
		    ln_view_set(&v->n[n].time, ours(r, rec, "eventTime")) < 0)
			return ck_error_set(r->err, ENOMEM, "out of memory");
	}
	return 0;
}

static int
relations(struct rd *r, const json_t *doc, const struct rel *rl,
	  struct ln_view *v)
{
	const json_t *s = json_object_get(doc, rl->name), *rec;
	const char *id;

	if (s == NULL)
		return 0;
	if (!json_is_object(s))
		return ck_error_set(r->err, 0, "%s: %s is not an object",
				    r->name, rl->name);
	json_object_foreach((json_t *)s, id, rec) {
		const char *a = value(json_object_get(rec, rl->from));
		const char *b = value(json_object_get(rec, rl->to));
		long f = a ? ln_view_node(v, a, LN_DATASET, 0) : -1;
		long t = b ? ln_view_node(v, b, LN_DATASET, 0) : -1;

		if (f < 0 || t < 0 || v->n[f].kind != rl->fk ||
		    v->n[t].kind != rl->tk)
			return ck_error_set(r->err, 0, "%s: %s '%s' does not "
					    "join a %s and a %s of this "
					    "document", r->name, rl->name, id,
					    kinds[rl->fk], kinds[rl->tk]);
		if (ln_view_edge(v, (size_t)f, (size_t)t,
				 ours(r, rec, "datasetVersion")) < 0)
			return ck_error_set(r->err, ENOMEM, "out of memory");
	}
	return 0;
}

int
ln_prov_parse(const char *p, size_t len, const char *name,
	      struct ln_view *v, struct ck_error *err)
{
	struct rd r = { name, "", err };
	json_error_t je;
	json_t *doc;
	const char *k;
	json_t *x;
	size_t bad;
	int rc = -1;

	ln_view_init(v);
	if (v->keys == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if ((bad = ck_utf8_check(p, len)) != len)
		return ck_error_set(err, 0, "%s: invalid UTF-8 at byte %zu",
				    name, bad + 1);
	if ((doc = json_loadb(p, len, JSON_REJECT_DUPLICATES, &je)) == NULL) {
		char *near = strstr(je.text, " near '");

		if (near != NULL)
			*near = '\0';
		return ck_error_set(err, 0, "%s:%d:%d: %s", name, je.line,
				    je.column, je.text);
	}
	if (!json_is_object(doc)) {
		ck_error_set(err, 0, "%s: not a PROV-JSON document", name);
		goto out;
	}
	/* what we cannot map is refused, never dropped silently */
	json_object_foreach(doc, k, x) {
		int known = strcmp(k, "prefix") == 0;

		for (int i = 0; i < 3; i++)
			known |= strcmp(k, sect[i]) == 0 ||
				 strcmp(k, rels[i].name) == 0;
		if (!known) {
			ck_error_set(err, 0, "%s: PROV '%s' has no OpenLineage "
				     "counterpart", name, k);
			goto out;
		}
	}
	if (find_prefix(&r, doc) < 0)
		goto out;
	for (int i = 0; i < 3; i++)
		if (records(&r, doc, i, v) < 0)
			goto out;
	for (int i = 0; i < 3; i++)
		if (relations(&r, doc, &rels[i], v) < 0)
			goto out;
	rc = ln_view_sort(v, err);
out:
	json_decref(doc);
	return rc;
}
