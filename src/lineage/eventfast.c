/* eventfast.c -- ln_event_check on a tape instead of a jansson tree (see
 * lineage.h).
 *
 * The check here mirrors event.c's member for member; where event.c
 * would reject, this one only says "not sure", so a rejection's message
 * always comes from event.c (or from jansson) as it did before.  The
 * strings whose content is checked (times, URIs, the UUID, the event
 * type) are taken only when written without escapes; the rest (names)
 * need only be strings. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/timefmt.h"
#include "lineage/lineage.h"

struct fx {
	struct ln_fast *f;
	const char *s;
	const struct ck_jtok *t;
};

void
ln_fast_init(struct ln_fast *f)
{
	memset(f, 0, sizeof *f);
}

void
ln_fast_release(struct ln_fast *f)
{
	ck_jtape_release(&f->tape);
	free(f->v.ds);
	memset(f, 0, sizeof *f);
}

#define MEMBER(x, obj, key) \
	ck_jtape_member(&(x)->f->tape, (x)->s, (obj), key, sizeof(key) - 1)

/* The string at token i without escapes: 1 with its bytes, else 0. */
static int
plain_string(const struct fx *x, size_t i, struct ln_span *out)
{
	if (i == 0 || x->t[i].type != CK_JT_STRING || x->t[i].esc)
		return 0;
	out->p = ck_jtape_str(&x->f->tape, x->s, i, &out->len);
	return 1;
}

static int
uri_member(const struct fx *x, size_t obj, const char *key, size_t klen)
{
	struct ln_span u;

	return plain_string(x, ck_jtape_member(&x->f->tape, x->s, obj, key,
					       klen), &u) &&
	       ln_uri_okn(u.p, u.len);
}

/* A name (need_string): any string; 1 with its span and *esc set when
 * it has an escape (then the span is not its value). */
static int
name_member(const struct fx *x, size_t obj, const char *key, size_t klen,
	    struct ln_span *out, int *esc)
{
	size_t i = ck_jtape_member(&x->f->tape, x->s, obj, key, klen);

	if (i == 0 || x->t[i].type != CK_JT_STRING)
		return 0;
	out->p = ck_jtape_str(&x->f->tape, x->s, i, &out->len);
	if (x->t[i].esc)
		*esc = 1;
	return 1;
}

/* event.c's check_facets on the member key of obj. */
static int
facets_ok(const struct fx *x, size_t obj, const char *key, size_t klen)
{
	size_t f = ck_jtape_member(&x->f->tape, x->s, obj, key, klen);

	if (f == 0)
		return 1;
	if (x->t[f].type != CK_JT_OBJECT)
		return 0;
	for (size_t k = f + 1; k < x->t[f].next; k = x->t[k + 1].next) {
		size_t v = k + 1, del;

		if (x->t[v].type != CK_JT_OBJECT)
			return 0;
		del = MEMBER(x, v, "_deleted");
		if (del != 0 && x->t[del].type == CK_JT_TRUE)
			continue;
		if (!uri_member(x, v, "_producer", 9) ||
		    !uri_member(x, v, "_schemaURL", 10))
			return 0;
	}
	return 1;
}

/* The dataset version the graph keeps: facets.version.datasetVersion
 * when it is a string. */
static void
dataset_version(const struct fx *x, size_t d, struct ln_ds_ids *dv,
		int *esc)
{
	size_t f = MEMBER(x, d, "facets"), v, s;

	dv->ver.p = NULL;
	dv->ver.len = 0;
	if (f == 0 || (v = MEMBER(x, f, "version")) == 0 ||
	    (s = MEMBER(x, v, "datasetVersion")) == 0 ||
	    x->t[s].type != CK_JT_STRING)
		return;
	dv->ver.p = ck_jtape_str(&x->f->tape, x->s, s, &dv->ver.len);
	if (x->t[s].esc)
		*esc = 1;
}

/* event.c's check_datasets on inputs (out 0) or outputs (out 1),
 * appending their views. */
static int
datasets_ok(struct fx *x, int out)
{
	struct ln_fast *f = x->f;
	size_t a = out ? MEMBER(x, 0, "outputs") : MEMBER(x, 0, "inputs");

	if (a == 0)
		return 1;
	if (x->t[a].type != CK_JT_ARRAY)
		return 0;
	for (size_t d = a + 1; d < x->t[a].next; d = x->t[d].next) {
		struct ln_ds_ids *dv;
		size_t n = f->v.nin + f->v.nout;

		if (x->t[d].type != CK_JT_OBJECT)
			return 0;
		if (n == f->dscap) {
			size_t cap = f->dscap ? f->dscap * 2 : 16;
			void *nd = realloc(f->v.ds, cap * sizeof *f->v.ds);

			if (nd == NULL)
				return -1;
			f->v.ds = nd;
			f->dscap = cap;
		}
		dv = &f->v.ds[n];
		if (!name_member(x, d, "namespace", 9, &dv->ns, &f->v.esc) ||
		    !name_member(x, d, "name", 4, &dv->name, &f->v.esc) ||
		    !facets_ok(x, d, "facets", 6) ||
		    !(out ? facets_ok(x, d, "outputFacets", 12)
			  : facets_ok(x, d, "inputFacets", 11)))
			return 0;
		dataset_version(x, d, dv, &f->v.esc);
		if (out)
			f->v.nout++;
		else
			f->v.nin++;
	}
	return 1;
}

static int
event_type_ok(const struct ln_span *s)
{
	static const char *const types[] = { "START", "RUNNING", "COMPLETE",
		"ABORT", "FAIL", "OTHER" };

	for (int i = 0; i < 6; i++)
		if (strlen(types[i]) == s->len &&
		    memcmp(types[i], s->p, s->len) == 0)
			return 1;
	return 0;
}

static int
check(struct fx *x)
{
	struct ln_fast *f = x->f;
	struct ln_span s;
	struct ck_time tm;
	char tbuf[64];
	size_t run, job, et;
	int r;

	if (x->t[0].type != CK_JT_OBJECT)
		return 0;
	if (!plain_string(x, MEMBER(x, 0, "eventTime"), &s) ||
	    s.len >= sizeof tbuf)
		return 0;
	memcpy(tbuf, s.p, s.len);
	tbuf[s.len] = '\0';
	if (ck_time_parse(tbuf, &tm) < 0)
		return 0;
	if (!uri_member(x, 0, "producer", 8) ||
	    !uri_member(x, 0, "schemaURL", 9))
		return 0;
	run = MEMBER(x, 0, "run");
	job = MEMBER(x, 0, "job");
	if (run == 0 || job == 0)
		return 0;
	if ((et = MEMBER(x, 0, "eventType")) != 0 &&
	    (!plain_string(x, et, &s) || !event_type_ok(&s)))
		return 0;
	if (x->t[run].type != CK_JT_OBJECT ||
	    !plain_string(x, MEMBER(x, run, "runId"), &f->v.run_id) ||
	    !ln_uuid_okn(f->v.run_id.p, f->v.run_id.len) ||
	    !facets_ok(x, run, "facets", 6))
		return 0;
	if (x->t[job].type != CK_JT_OBJECT ||
	    !name_member(x, job, "namespace", 9, &f->v.job_ns, &f->v.esc) ||
	    !name_member(x, job, "name", 4, &f->v.job_name, &f->v.esc) ||
	    !facets_ok(x, job, "facets", 6))
		return 0;
	if ((r = datasets_ok(x, 0)) != 1)
		return r;
	return datasets_ok(x, 1);
}

int
ln_event_fast(struct ln_fast *f, const char *line, size_t len)
{
	struct fx x = { f, line, NULL };
	int r;

	f->v.nin = f->v.nout = 0;
	f->v.esc = 0;
	if ((r = ck_jtape_scan(&f->tape, line, len)) != 1)
		return r;
	x.t = f->tape.t;
	r = check(&x);
	if (r < 0)
		errno = ENOMEM;
	return r;
}
