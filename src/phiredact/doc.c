/* doc.c -- one document: find the spans, replace them, log the changes,
 * and for --verify scan the result again.
 *
 * Spans come from the engine (the same rule packs and code as phiscan)
 * or from a reviewed findings file, plus whole CSV cells under a header
 * the policy names.  Only the spans' bytes change: line endings, the
 * encoding of everything else and any byte the engine did not flag come
 * out exactly as they went in.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "phiredact/redact.h"

/* grep's test: a NUL byte near the start marks a binary file. */
#define BINARY_PROBE 8192
/* The engine sees a large document in windows, as phiscan reads it
 * (docscan.c): its per-window work then stays linear in the size. */
#define WINDOW (4u << 20)
#define OVERLAP (PHI_WINDOW_TAIL + PHI_WINDOW_CONTEXT)

void
rd_result_init(struct rd_result *res)
{
	memset(res, 0, sizeof(*res));
	ck_buf_init(&res->out);
}

void
rd_result_reset(struct rd_result *res)
{
	if (res->out.data != NULL)
		ck_wipe(res->out.data, res->out.len);
	ck_buf_reset(&res->out);
	res->n = 0;
	res->survivors = 0;
}

void
rd_result_release(struct rd_result *res)
{
	ck_buf_release_secret(&res->out);
	free(res->ch);
	memset(res, 0, sizeof(*res));
}

int
rd_select(struct rd_run *r, const char *path, struct ck_error *err)
{
	char *cfg = NULL;
	int e;

	if (!r->no_config)
		cfg = path == NULL || strcmp(path, "-") == 0 ?
		      phi_config_find(".") : phi_config_for_path(path);
	e = phi_engines_get(r->engines, cfg, err);
	free(cfg);
	if (e < 0)
		return -1;
	if ((size_t)e >= r->nscanners) {
		struct phi_scanner **nv = realloc(r->scanners,
						  ((size_t)e + 1) * sizeof(*nv));
		size_t i;

		if (nv == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		for (i = r->nscanners; i <= (size_t)e; i++)
			nv[i] = NULL;
		r->scanners = nv;
		r->nscanners = (size_t)e + 1;
	}
	if (r->scanners[e] == NULL &&
	    (r->scanners[e] = phi_scanner_new(phi_engines_at(r->engines, e),
					      err)) == NULL)
		return -1;
	r->scanner = r->scanners[e];
	return 0;
}

void
rd_scanners_free(struct rd_run *r)
{
	size_t i;

	for (i = 0; i < r->nscanners; i++)
		phi_scanner_free(r->scanners[i]);
	free(r->scanners);
	r->scanners = NULL;
	r->nscanners = 0;
	r->scanner = NULL;
}

int
rd_is_binary(const char *doc, size_t len)
{
	return memchr(doc, '\0', len < BINARY_PROBE ? len : BINARY_PROBE) !=
	       NULL;
}

static int
push_span(struct rd_span **v, size_t *n, size_t *cap, uint64_t s, uint64_t e,
	  int type)
{
	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 64;
		struct rd_span *nv = realloc(*v, nc * sizeof(*nv));

		if (nv == NULL)
			return -1;
		*v = nv;
		*cap = nc;
	}
	(*v)[*n].start = s;
	(*v)[*n].end = e;
	(*v)[*n].type = type;
	(*v)[*n].line = 0;
	(*v)[*n].rule = NULL;
	(*n)++;
	return 0;
}

/* The engine's findings of a whole document, scanned in windows that
 * overlap as phi.h asks: each next window starts PHI_WINDOW_CONTEXT
 * before where the last stopped reporting. */
static int
scan_doc(struct phi_scanner *sc, const char *path, const char *doc,
	 size_t len, struct phi_findings *f, struct ck_error *err)
{
	uint64_t base = 0, emit_from = 0, emitted, next;
	size_t wlen;
	int last;

	phi_scan_begin(sc, path);
	for (;;) {
		wlen = len - base > WINDOW ? WINDOW : len - base;
		last = base + wlen == len;
		if (phi_scan_window(sc, doc + base, wlen, base, emit_from, last,
				    f, err) < 0)
			return -1;
		if (last)
			return 0;
		emitted = phi_scan_emitted_to(sc);
		next = base + wlen - OVERLAP;
		if (emitted > PHI_WINDOW_CONTEXT &&
		    next > emitted - PHI_WINDOW_CONTEXT)
			next = emitted - PHI_WINDOW_CONTEXT;
		if (next <= base)	/* no progress: cannot happen with
					 * WINDOW >> OVERLAP, but never loop */
			next = base + wlen / 2;
		base = next;
		emit_from = emitted;
	}
}

int
rd_detect(struct rd_run *r, const char *path, const char *doc, size_t len,
	  struct rd_span **sp, size_t *n, size_t *cap, struct ck_error *err)
{
	struct phi_findings f;
	size_t i;
	int rc = 0;

	phi_findings_init(&f);
	if (scan_doc(r->scanner, path, doc, len, &f, err) < 0) {
		phi_findings_release(&f);
		return -1;
	}
	for (i = 0; i < f.n && rc == 0; i++) {
		if (push_span(sp, n, cap, f.v[i].start, f.v[i].end,
			      f.v[i].type) < 0)
			rc = ck_error_set(err, ENOMEM, "out of memory");
		else	/* rule ids are owned by the engine, which outlives
			 * the document */
			(*sp)[*n - 1].rule = f.v[i].rule;
	}
	phi_findings_release(&f);
	return rc;
}

static int
push_change(struct rd_result *res, const struct rd_change *c)
{
	if (res->n == res->cap) {
		size_t nc = res->cap ? 2 * res->cap : 64;
		struct rd_change *nv = realloc(res->ch, nc * sizeof(*nv));

		if (nv == NULL)
			return -1;
		res->ch = nv;
		res->cap = nc;
	}
	res->ch[res->n++] = *c;
	return 0;
}

/* "90+" is what generalize writes for an age over 89; read again, its
 * "90" must stay, or a second run would write "90++" (idempotence). */
static int
already_generalized(const struct rd_run *r, const char *doc, size_t len,
		    const struct rd_span *s)
{
	return s->type == PHI_AGE &&
	       r->policy.rules[PHI_AGE].op == RD_GENERALIZE &&
	       s->end - s->start == 2 && memcmp(doc + s->start, "90", 2) == 0 &&
	       s->end < len && doc[s->end] == '+';
}

/* Applies the operator to a span.  A span that runs over HL7 component
 * separators ("9324 MAGNOLIA RD^APT 14B") is replaced component by
 * component: one tag for two components would shift the ones after it
 * (the state would land in the city's place) and change what the message
 * says -- and what a second run finds. */
static int
apply_span(const struct rd_ctx *c, const struct rd_span *s, const char *v,
	   size_t n, struct ck_buf *out, int *op, struct ck_error *err)
{
	const char *p = v, *caret;
	int piece_op, changed = 0;

	if (memchr(v, '^', n) == NULL)
		return rd_apply(c, s->type, s->rule, v, n, out, op, err);
	*op = RD_KEEP;
	while (p <= v + n) {
		caret = memchr(p, '^', (size_t)(v + n - p));
		if (caret == NULL)
			caret = v + n;
		if (caret > p) {
			if (rd_apply(c, s->type, s->rule, p, (size_t)(caret - p),
				     out, &piece_op, err) < 0)
				return -1;
			if (piece_op != RD_KEEP && !changed) {
				*op = piece_op;
				changed = 1;
			}
		}
		if (caret == v + n)
			break;
		if (ck_buf_append_char(out, '^') < 0)
			return -1;
		p = caret + 1;
	}
	return 0;
}

int
rd_replace(struct rd_run *r, const char *subject, const char *doc,
	   size_t len, const struct rd_span *sp, size_t n,
	   struct rd_result *res, struct ck_error *err)
{
	struct rd_ctx c;
	struct rd_change ch;
	uint64_t at = 0;
	size_t i;

	c.pol = &r->policy;
	c.key = r->nkeys > 0 ? &r->keys[0] : NULL;
	c.names = r->names;
	c.subject = subject;
	for (i = 0; i < n; i++) {
		const struct rd_span *s = &sp[i];

		if (s->start < at || s->end > len || s->start >= s->end)
			continue;	/* callers give sorted, disjoint spans */
		if (already_generalized(r, doc, len, s))
			continue;
		if (ck_buf_append(&res->out, doc + at, s->start - at) < 0)
			goto oom;
		memset(&ch, 0, sizeof(ch));
		ch.start = s->start;
		ch.end = s->end;
		ch.type = s->type;
		ch.rule = s->rule;
		if (apply_span(&c, s, doc + s->start, s->end - s->start,
			       &res->out, &ch.op, err) < 0) {
			if (err->msg[0] == '\0')
				goto oom;
			return -1;
		}
		at = s->end;
		if (ch.op == RD_KEEP)
			continue;
		if (phi_fingerprint(r->fp, s->type, doc + s->start,
				    s->end - s->start, ch.fp) < 0 ||
		    push_change(res, &ch) < 0)
			goto oom;
	}
	if (ck_buf_append(&res->out, doc + at, len - at) < 0)
		goto oom;
	return 0;
oom:
	return ck_error_set(err, ENOMEM, "out of memory");
}

int
rd_verify(struct rd_run *r, const char *path, const char *doc, size_t len,
	  unsigned *survivors, struct ck_error *err)
{
	struct phi_findings f;
	size_t i;

	*survivors = 0;
	phi_findings_init(&f);
	if (scan_doc(r->scanner, path, doc, len, &f, err) < 0) {
		phi_findings_release(&f);
		return -1;
	}
	for (i = 0; i < f.n; i++) {
		int op = rd_policy_rule(&r->policy, f.v[i].type,
					f.v[i].rule)->op;

		/* Kept types are kept on purpose, and a surrogate is meant
		 * to look like the real thing. */
		struct rd_span sp = { f.v[i].start, f.v[i].end, f.v[i].type,
				      NULL, 0 };

		if (op == RD_KEEP || op == RD_SURROGATE ||
		    f.v[i].conf < r->verify_level ||
		    already_generalized(r, doc, len, &sp))
			continue;
		(*survivors)++;
	}
	phi_findings_release(&f);
	return 0;
}

static int
by_start(const void *a, const void *b)
{
	const struct rd_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* Whole CSV cells win over what the engine found inside them. */
static size_t
merge(struct rd_span *v, size_t n, size_t ncsv)
{
	size_t i, o = 0;

	qsort(v, n, sizeof(*v), by_start);
	for (i = 0; i < n; i++) {
		if (o > 0 && v[i].start < v[o - 1].end) {
			/* Overlap: keep the CSV cell (line == 1 marks it),
			 * else the earlier span. */
			if (v[i].line == 1 && v[o - 1].line != 1)
				v[o - 1] = v[i];
			continue;
		}
		v[o++] = v[i];
	}
	(void)ncsv;
	return o;
}

int
rd_doc(struct rd_run *r, const char *path, const char *subject,
       const char *doc, size_t len, struct rd_result *res,
       struct ck_error *err)
{
	struct rd_span *sp = NULL;
	size_t n = 0, cap = 0, before, i;
	int rc = -1;

	rd_result_reset(res);
	if (subject == NULL)
		subject = r->subject ? r->subject : path;
	if (r->findings != NULL) {
		if (rd_findings_for(r->findings, path, doc, len, &sp, &n,
				    err) < 0)
			return -1;
		cap = n;
		for (i = 0; i < n; i++)
			sp[i].line = 0;
	} else if (rd_detect(r, path, doc, len, &sp, &n, &cap, err) < 0) {
		goto out;
	}
	before = n;
	if (rd_csv_columns(&r->policy, path, doc, len, &sp, &n, &cap) < 0) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	for (i = before; i < n; i++)
		sp[i].line = 1;
	if (n > before)
		n = merge(sp, n, n - before);
	if (rd_replace(r, subject, doc, len, sp, n, res, err) < 0)
		goto out;
	if (rd_report_doc(r->report, path, res->ch, res->n) < 0) {
		ck_error_set(err, errno, "cannot write the report");
		goto out;
	}
	if (r->verify && rd_verify(r, path, res->out.data ? res->out.data : "",
				   res->out.len, &res->survivors, err) < 0)
		goto out;
	rc = 0;
out:
	free(sp);
	return rc;
}
