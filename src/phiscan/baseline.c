/* baseline.c -- accepted findings, by keyed fingerprint.
 *
 * A baseline lets a repository adopt the gate without first cleaning its
 * history: --baseline-write records what is there now, --baseline
 * suppresses exactly those values.  The file is JSON Lines: a header
 *   {"kind":"baseline","version":1,"tool":"phiscan","key_id":"1a2b3c4d"}
 * then one line per fingerprint, with where it was seen for reviewers
 * (the path and position, never the value).  The key id tells a baseline
 * written with another key from one that simply does not match.
 */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/atomic.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "phiscan/cli.h"

struct phi_baseline {
	unsigned char (*fp)[CK_SHA256_LEN];
	size_t n, cap;
};

static int
fp_cmp(const void *a, const void *b)
{
	return memcmp(a, b, CK_SHA256_LEN);
}

static int
header_check(json_t *o, const char *path, unsigned long line,
	     const struct phi_key *key, struct ck_error *err)
{
	const char *kind = json_string_value(json_object_get(o, "kind"));
	const char *id = json_string_value(json_object_get(o, "key_id"));

	if (kind == NULL || strcmp(kind, "baseline") != 0)
		return ck_error_set(err, 0, "%s:%lu: not a phiscan baseline "
				    "(no {\"kind\":\"baseline\"} header)",
				    path, line);
	if (json_integer_value(json_object_get(o, "version")) != 1)
		return ck_error_set(err, 0, "%s:%lu: unsupported baseline "
				    "version", path, line);
	if (id == NULL)
		return ck_error_set(err, 0, "%s:%lu: baseline header has no "
				    "key_id", path, line);
	if (strcmp(id, key->id) != 0)
		return ck_error_set(err, 0, "%s: written with fingerprint key "
				    "%s but this run uses key %s (pass the same "
				    "--fingerprint-key, or write a new baseline)",
				    path, id, key->id);
	return 0;
}

struct phi_baseline *
phi_baseline_load(const char *path, const struct phi_key *key,
		  struct ck_error *err)
{
	struct phi_baseline *b;
	struct ck_jsonl_reader *rd;
	json_t *o;
	FILE *fp;
	int rc, seen_header = 0, bad = 0;

	b = calloc(1, sizeof(*b));
	if (b == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	fp = fopen(path, "re");
	if (fp == NULL) {
		ck_error_set(err, errno, "cannot open baseline %s", path);
		free(b);
		return NULL;
	}
	rd = ck_jsonl_reader_new(fp, path, 0);
	if (rd == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		bad = 1;
	}
	while (!bad && (rc = ck_jsonl_read(rd, &o, err)) != 0) {
		unsigned long line = ck_jsonl_lineno(rd);
		const char *hex;

		if (rc < 0) {
			bad = 1;
			break;
		}
		if (!seen_header) {
			seen_header = 1;
			bad = header_check(o, path, line, key, err) < 0;
			json_decref(o);
			continue;
		}
		hex = json_string_value(json_object_get(o, "fingerprint"));
		if (b->n == b->cap) {
			size_t nc = b->cap ? 2 * b->cap : 64;
			void *nv = realloc(b->fp, nc * sizeof(*b->fp));

			if (nv == NULL) {
				ck_error_set(err, ENOMEM, "out of memory");
				bad = 1;
			} else {
				b->fp = nv;
				b->cap = nc;
			}
		}
		if (!bad && (hex == NULL || strlen(hex) != CK_SHA256_HEXLEN ||
			     ck_hex_decode(hex, CK_SHA256_HEXLEN, b->fp[b->n],
					   CK_SHA256_LEN) < 0)) {
			ck_error_set(err, 0, "%s:%lu: \"fingerprint\" must be "
				     "64 hex digits", path, line);
			bad = 1;
		}
		if (!bad)
			b->n++;
		json_decref(o);
	}
	if (!bad && ferror(fp)) {
		ck_error_set(err, errno, "cannot read baseline %s", path);
		bad = 1;
	}
	if (!bad && !seen_header) {
		ck_error_set(err, 0, "%s: empty baseline (no header line)",
			     path);
		bad = 1;
	}
	ck_jsonl_reader_free(rd);
	fclose(fp);
	if (bad) {
		phi_baseline_free(b);
		return NULL;
	}
	if (b->n > 1)
		qsort(b->fp, b->n, sizeof(*b->fp), fp_cmp);
	return b;
}

int
phi_baseline_has(const struct phi_baseline *b,
		 const unsigned char fp[CK_SHA256_LEN])
{
	if (b == NULL || b->n == 0)
		return 0;
	return bsearch(fp, b->fp, b->n, sizeof(*b->fp), fp_cmp) != NULL;
}

void
phi_baseline_free(struct phi_baseline *b)
{
	if (b == NULL)
		return;
	free(b->fp);
	free(b);
}

/* ---- writing --------------------------------------------------------- */

struct bentry {
	unsigned char fp[CK_SHA256_LEN];
	int type;
	char *rule;
	char *path;
	uint64_t line, col;
};

struct phi_bwriter {
	pthread_mutex_t mu;
	struct bentry *v;
	size_t n, cap;
};

struct phi_bwriter *
phi_bwriter_new(void)
{
	struct phi_bwriter *w = calloc(1, sizeof(*w));

	if (w != NULL)
		pthread_mutex_init(&w->mu, NULL);
	return w;
}

int
phi_bwriter_add(struct phi_bwriter *w, const unsigned char fp[CK_SHA256_LEN],
		int type, const char *rule, const char *path, uint64_t line,
		uint64_t col)
{
	struct bentry *e;
	int rc = -1;

	pthread_mutex_lock(&w->mu);
	if (w->n == w->cap) {
		size_t nc = w->cap ? 2 * w->cap : 64;
		void *nv = realloc(w->v, nc * sizeof(*w->v));

		if (nv == NULL)
			goto out;
		w->v = nv;
		w->cap = nc;
	}
	e = &w->v[w->n];
	memcpy(e->fp, fp, CK_SHA256_LEN);
	e->type = type;
	e->rule = strdup(rule ? rule : "");
	e->path = strdup(path);
	e->line = line;
	e->col = col;
	if (e->rule == NULL || e->path == NULL) {
		free(e->rule);
		free(e->path);
		goto out;
	}
	w->n++;
	rc = 0;
out:
	pthread_mutex_unlock(&w->mu);
	return rc;
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct bentry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return memcmp(a->fp, b->fp, CK_SHA256_LEN);
}

static const struct bentry *sort_base;

static int
idx_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = memcmp(sort_base[a].fp, sort_base[b].fp, CK_SHA256_LEN);

	if (c != 0)
		return c;
	return a < b ? -1 : a > b;
}

int
phi_bwriter_commit(struct phi_bwriter *w, const char *path,
		   const struct phi_key *key, struct ck_error *err)
{
	struct ck_atomic_file af;
	char hex[CK_SHA256_HEXLEN + 1];
	unsigned char *dup = NULL;
	size_t *idx = NULL;
	json_t *o = NULL;
	size_t i;
	int rc;

	ck_error_clear(err);
	if (w->n > 1)
		qsort(w->v, w->n, sizeof(*w->v), entry_cmp);
	/* One line per value, at the first place it was seen: sort indexes
	 * by fingerprint (then position) and mark the repeats.  Runs once,
	 * single-threaded, so the qsort context can be a static. */
	idx = malloc((w->n ? w->n : 1) * sizeof(*idx));
	dup = calloc(w->n ? w->n : 1, 1);
	if (idx == NULL || dup == NULL) {
		free(idx);
		free(dup);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (i = 0; i < w->n; i++)
		idx[i] = i;
	sort_base = w->v;
	if (w->n > 1)
		qsort(idx, w->n, sizeof(*idx), idx_cmp);
	for (i = 1; i < w->n; i++)
		if (memcmp(w->v[idx[i]].fp, w->v[idx[i - 1]].fp,
			   CK_SHA256_LEN) == 0)
			dup[idx[i]] = 1;
	free(idx);
	if (ck_atomic_open(&af, path, 0644, err) < 0) {
		free(dup);
		return -1;
	}
	o = json_pack("{s:s, s:i, s:s, s:s}", "kind", "baseline", "version", 1,
		      "tool", "phiscan", "key_id", key->id);
	if (o == NULL || ck_jsonl_write(af.fp, o, err) < 0)
		goto fail;
	json_decref(o);
	o = NULL;
	for (i = 0; i < w->n; i++) {
		const struct bentry *e = &w->v[i];

		if (dup[i])
			continue;
		ck_hex_encode(e->fp, CK_SHA256_LEN, hex);
		o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}",
			      "fingerprint", hex, "type", phi_type_name(e->type),
			      "rule", e->rule, "path", e->path,
			      "line", (json_int_t)e->line,
			      "col", (json_int_t)e->col);
		if (o == NULL || ck_jsonl_write(af.fp, o, err) < 0)
			goto fail;
		json_decref(o);
		o = NULL;
	}
	free(dup);
	rc = ck_atomic_commit(&af, err);
	if (rc < 0)
		ck_error_prefix(err, "cannot write baseline %s", path);
	return rc;
fail:
	if (err->msg[0] == '\0')
		ck_error_set(err, ENOMEM, "out of memory");
	ck_error_prefix(err, "cannot write baseline %s", path);
	json_decref(o);
	free(dup);
	ck_atomic_abort(&af);
	return -1;
}

void
phi_bwriter_free(struct phi_bwriter *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++) {
		free(w->v[i].rule);
		free(w->v[i].path);
	}
	free(w->v);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
