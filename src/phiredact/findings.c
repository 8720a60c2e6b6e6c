/* findings.c -- --findings FILE: remove exactly what a reviewed phiscan
 * run found (phiscan --format jsonl, with the false positives deleted).
 *
 * Offsets only mean something for the bytes that were scanned, so each
 * document must come with phiscan's summary record and its sha256, and
 * the document must still hash to it; spans must lie inside it and on
 * UTF-8 character boundaries.  Anything else is refused: redacting the
 * wrong bytes would leave the PHI and damage the text around it.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonl.h"
#include "phiredact/redact.h"

struct fdoc {
	char *path;
	unsigned char sha[CK_SHA256_LEN];
	int has_sha;
	unsigned long sha_line;
	struct rd_span *v;
	size_t n, cap;
};

struct rd_findings {
	char *name;
	char **rules;		/* distinct rule ids, owned */
	size_t nrules;
	struct fdoc *d;
	size_t n, cap;
};

static struct fdoc *
doc_get(struct rd_findings *f, const char *path)
{
	size_t i;

	for (i = f->n; i-- > 0;)
		if (strcmp(f->d[i].path, path) == 0)
			return &f->d[i];
	if (f->n == f->cap) {
		size_t nc = f->cap ? 2 * f->cap : 8;
		struct fdoc *nd = realloc(f->d, nc * sizeof(*nd));

		if (nd == NULL)
			return NULL;
		f->d = nd;
		f->cap = nc;
	}
	memset(&f->d[f->n], 0, sizeof(f->d[0]));
	if ((f->d[f->n].path = strdup(path)) == NULL)
		return NULL;
	return &f->d[f->n++];
}

/* Rule ids are few: kept once each, for the spans to point at. */
static const char *
rule_id(struct rd_findings *f, const char *id)
{
	char **nv;
	size_t i;

	for (i = 0; i < f->nrules; i++)
		if (strcmp(f->rules[i], id) == 0)
			return f->rules[i];
	nv = realloc(f->rules, (f->nrules + 1) * sizeof(*nv));
	if (nv == NULL)
		return NULL;
	f->rules = nv;
	if ((nv[f->nrules] = strdup(id)) == NULL)
		return NULL;
	return nv[f->nrules++];
}

static int
uint_of(const json_t *v, uint64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static int
take(struct rd_findings *f, json_t *o, unsigned long line,
     struct ck_error *err)
{
	const char *kind = json_string_value(json_object_get(o, "kind"));
	const char *path = json_string_value(json_object_get(o, "path"));
	const char *sha;
	struct fdoc *d;
	struct rd_span sp;

	if (kind == NULL || (strcmp(kind, "finding") != 0 &&
			     strcmp(kind, "summary") != 0))
		return 0;	/* other records pass (notes, reviews) */
	if (path == NULL)
		return ck_error_set(err, 0, "%s:%lu: %s record without a path",
				    f->name, line, kind);
	if ((d = doc_get(f, path)) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (strcmp(kind, "summary") == 0) {
		sha = json_string_value(json_object_get(o, "sha256"));
		if (sha == NULL || strlen(sha) != CK_SHA256_HEXLEN ||
		    ck_hex_decode(sha, CK_SHA256_HEXLEN, d->sha,
				  CK_SHA256_LEN) < 0)
			return ck_error_set(err, 0, "%s:%lu: summary without "
					    "a sha256 (scan again with this "
					    "phiscan)", f->name, line);
		d->has_sha = 1;
		d->sha_line = line;
		return 0;
	}
	memset(&sp, 0, sizeof(sp));
	sp.line = line;
	if (uint_of(json_object_get(o, "start"), &sp.start) < 0 ||
	    uint_of(json_object_get(o, "end"), &sp.end) < 0 ||
	    sp.end <= sp.start)
		return ck_error_set(err, 0, "%s:%lu: finding without a valid "
				    "start and end", f->name, line);
	if (json_is_string(json_object_get(o, "rule")) &&
	    (sp.rule = rule_id(f, json_string_value(json_object_get(o,
			"rule")))) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	sp.type = phi_type_parse(json_string_value(json_object_get(o, "type"))
				 ? json_string_value(json_object_get(o, "type"))
				 : "");
	if (sp.type < 0)
		return ck_error_set(err, 0, "%s:%lu: finding of unknown type",
				    f->name, line);
	if (d->n == d->cap) {
		size_t nc = d->cap ? 2 * d->cap : 16;
		struct rd_span *nv = realloc(d->v, nc * sizeof(*nv));

		if (nv == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		d->v = nv;
		d->cap = nc;
	}
	d->v[d->n++] = sp;
	return 0;
}

static struct rd_findings *
load_fp(FILE *fp, const char *name, struct ck_error *err)
{
	struct rd_findings *f = calloc(1, sizeof(*f));
	struct ck_jsonl_reader *rd;
	json_t *o;
	int rc;

	if (f == NULL || (f->name = strdup(name)) == NULL) {
		free(f);
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	rd = ck_jsonl_reader_new(fp, name, 0);
	if (rd == NULL) {
		rd_findings_free(f);
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	while ((rc = ck_jsonl_read(rd, &o, err)) == 1) {
		rc = take(f, o, ck_jsonl_lineno(rd), err);
		json_decref(o);
		if (rc < 0)
			break;
	}
	ck_jsonl_reader_free(rd);
	if (rc < 0) {
		rd_findings_free(f);
		return NULL;
	}
	return f;
}

struct rd_findings *
rd_findings_load(const char *path, struct ck_error *err)
{
	struct rd_findings *f;
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		ck_error_set(err, errno, "cannot open %s", path);
		return NULL;
	}
	f = load_fp(fp, path, err);
	fclose(fp);
	return f;
}

struct rd_findings *
rd_findings_load_buf(const char *buf, size_t len, const char *name,
		     struct ck_error *err)
{
	struct rd_findings *f;
	FILE *fp = fmemopen((void *)buf, len, "r");

	if (fp == NULL) {
		ck_error_set(err, errno, "cannot read %s", name);
		return NULL;
	}
	f = load_fp(fp, name, err);
	fclose(fp);
	return f;
}

void
rd_findings_free(struct rd_findings *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->d[i].path);
		free(f->d[i].v);
	}
	free(f->d);
	for (i = 0; i < f->nrules; i++)
		free(f->rules[i]);
	free(f->rules);
	free(f->name);
	free(f);
}

static int
by_start(const void *a, const void *b)
{
	const struct rd_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

static int
continuation(const char *doc, size_t len, uint64_t at)
{
	return at < len && ((unsigned char)doc[at] & 0xC0) == 0x80;
}

int
rd_findings_for(const struct rd_findings *f, const char *path,
		const char *doc, size_t len, struct rd_span **spans,
		size_t *n, struct ck_error *err)
{
	unsigned char sha[CK_SHA256_LEN];
	const struct fdoc *d = NULL;
	struct rd_span *v;
	size_t i;

	*spans = NULL;
	*n = 0;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->d[i].path, path) == 0)
			d = &f->d[i];
	if (d == NULL)
		return ck_error_set(err, 0, "%s: not in %s (scan it with "
				    "phiscan --format jsonl)", path, f->name);
	if (!d->has_sha)
		return ck_error_set(err, 0, "%s: %s has no summary with a "
				    "sha256 for it (scan it again)", path,
				    f->name);
	if (ck_sha256(doc, len, sha) < 0)
		return ck_error_set(err, 0, "%s: cannot hash it", path);
	if (!ck_ct_equal(sha, d->sha, sizeof(sha)))
		return ck_error_set(err, 0, "%s: changed since it was scanned "
				    "(sha256 differs from %s:%lu); scan it "
				    "again", path, f->name, d->sha_line);
	v = malloc((d->n ? d->n : 1) * sizeof(*v));
	if (v == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	memcpy(v, d->v, d->n * sizeof(*v));
	qsort(v, d->n, sizeof(*v), by_start);
	for (i = 0; i < d->n; i++) {
		if (v[i].end > len) {
			ck_error_set(err, 0, "%s: %s:%lu: finding at bytes "
				     "%llu-%llu runs past the end (%zu bytes)",
				     path, f->name, v[i].line,
				     (unsigned long long)v[i].start,
				     (unsigned long long)v[i].end, len);
			goto bad;
		}
		if (continuation(doc, len, v[i].start) ||
		    continuation(doc, len, v[i].end)) {
			ck_error_set(err, 0, "%s: %s:%lu: finding at bytes "
				     "%llu-%llu splits a UTF-8 sequence",
				     path, f->name, v[i].line,
				     (unsigned long long)v[i].start,
				     (unsigned long long)v[i].end);
			goto bad;
		}
		if (i > 0 && v[i].start < v[i - 1].end) {
			ck_error_set(err, 0, "%s: %s:%lu: finding overlaps the "
				     "one on line %lu", path, f->name,
				     v[i].line, v[i - 1].line);
			goto bad;
		}
	}
	*spans = v;
	*n = d->n;
	return 0;
bad:
	free(v);
	return -1;
}
