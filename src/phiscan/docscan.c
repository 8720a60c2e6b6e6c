/* docscan.c -- one document through the engine, in windows.
 *
 * A document is read in 4 MiB windows that overlap by 8 KiB (a little
 * more when that lets the overlap start on a line), so a value cut by a
 * window's end is seen whole by the next, with its label, while a 1 GB
 * single-line file still needs only one window of memory.  Each window's findings are
 * fingerprinted, checked against the baseline and written at once; only
 * a value-less copy is kept for the document's score.
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "phiscan/cli.h"

#define WINDOW (4u << 20)
#define OVERLAP (PHI_WINDOW_TAIL + PHI_WINDOW_CONTEXT)
#define LINE_SLACK (4u << 10)
/* grep's test: a NUL byte near the start marks a binary file. */
#define BINARY_PROBE 8192

struct phi_worker {
	struct phi_run *run;
	struct phi_scanner **scanners;	/* one per engine, made on use */
	size_t nscanners;
	char *win;
	struct phi_hmac *hmac;
	struct ck_sha256 *sha;	/* the document's bytes, for the summary */
	struct phi_findings found;
	/* The document's findings so far, as weight and count per type:
	 * memory stays the same for a million findings as for one. */
	long long weight[PHI_NTYPES];
	unsigned count[PHI_NTYPES];
	size_t nfound;
};

struct phi_worker *
phi_worker_new(struct phi_run *r)
{
	struct phi_worker *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	w->run = r;
	phi_findings_init(&w->found);
	w->hmac = phi_hmac_new(&r->key);
	w->sha = ck_sha256_new();
	if (w->hmac == NULL || w->sha == NULL) {
		phi_hmac_free(w->hmac);
		ck_sha256_free(w->sha);
		free(w);
		return NULL;
	}
	return w;
}

void
phi_worker_free(struct phi_worker *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nscanners; i++)
		phi_scanner_free(w->scanners[i]);
	free(w->scanners);
	free(w->win);
	phi_hmac_free(w->hmac);
	ck_sha256_free(w->sha);
	phi_findings_release(&w->found);
	free(w);
}

static struct phi_scanner *
scanner_for(struct phi_worker *w, int engine, struct ck_error *err)
{
	if ((size_t)engine >= w->nscanners) {
		size_t n = (size_t)engine + 1, i;
		struct phi_scanner **nv;

		nv = realloc(w->scanners, n * sizeof(*nv));
		if (nv == NULL) {
			ck_error_set(err, ENOMEM, "out of memory");
			return NULL;
		}
		for (i = w->nscanners; i < n; i++)
			nv[i] = NULL;
		w->scanners = nv;
		w->nscanners = n;
	}
	if (w->scanners[engine] == NULL)
		w->scanners[engine] = phi_scanner_new(
			phi_engines_at(w->run->engines, engine), err);
	return w->scanners[engine];
}

static void
tally_reset(struct phi_worker *w)
{
	memset(w->weight, 0, sizeof(w->weight));
	memset(w->count, 0, sizeof(w->count));
	w->nfound = 0;
}

static void
tally(struct phi_worker *w, const struct phi_finding *f)
{
	if (f->type < 0 || f->type >= PHI_NTYPES)
		return;
	w->weight[f->type] += f->score;
	w->count[f->type]++;
	w->nfound++;
}

/* CONTRACT scoring adds the findings' weights, so one stand-in finding
 * per type carrying the type's total weight scores the same as the
 * findings themselves; the counts are then put back. */
static void
score(struct phi_worker *w, int engine, const struct phi_scanner *sc,
      struct phi_doc_score *ds)
{
	struct phi_finding sum[PHI_NTYPES];
	size_t n = 0;
	int t;

	memset(sum, 0, sizeof(sum));
	for (t = 0; t < PHI_NTYPES; t++) {
		if (w->count[t] == 0)
			continue;
		sum[n].type = t;
		sum[n].score = w->weight[t] > INT_MAX / (PHI_NTYPES + 1) ?
			       INT_MAX / (PHI_NTYPES + 1) : (int)w->weight[t];
		n++;
	}
	phi_score(phi_engines_at(w->run->engines, engine), sc, sum, n, ds);
	for (t = 0; t < PHI_NTYPES; t++)
		ds->counts[t] = w->count[t];
}

/* Drops baselined findings (in place), records the rest for
 * --baseline-write, and returns how many remain.  fps receives each
 * remaining finding's fingerprint. */
static size_t
filter(struct phi_worker *w, const char *path, struct phi_findings *fs,
       unsigned char (*fps)[CK_SHA256_LEN], int *oom)
{
	struct phi_run *r = w->run;
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++) {
		struct phi_finding *f = &fs->v[i];
		unsigned char fp[CK_SHA256_LEN];

		if (phi_fingerprint(w->hmac, f->type, f->value ? f->value : "",
				    f->value_len, fp) < 0) {
			*oom = 1;
			continue;
		}
		if (r->bwriter != NULL &&
		    phi_bwriter_add(r->bwriter, fp, f->type, f->rule, path,
				    f->line, f->col) < 0)
			*oom = 1;
		if (phi_baseline_has(r->baseline, fp))
			continue;
		if (n != i) {
			/* Swap, so the list still owns every value. */
			struct phi_finding t = fs->v[n];

			fs->v[n] = *f;
			*f = t;
		}
		memcpy(fps[n], fp, CK_SHA256_LEN);
		n++;
	}
	return n;
}

static int
emit_window(struct phi_worker *w, struct phi_sink *sink, const char *path)
{
	unsigned char (*fps)[CK_SHA256_LEN];
	size_t i, n;
	int oom = 0;

	if (w->found.n == 0)
		return 0;
	fps = malloc(w->found.n * sizeof(*fps));
	if (fps == NULL)
		return -1;
	n = filter(w, path, &w->found, fps, &oom);
	for (i = 0; i < n && !oom; i++) {
		if (phi_out_finding(w->run, sink, path, &w->found.v[i],
				    fps[i]) < 0)
			oom = 1;
		tally(w, &w->found.v[i]);
	}
	free(fps);
	phi_findings_reset(&w->found);
	return oom ? -1 : 0;
}

/* Fills buf[*len, cap) until full or the end, hashing what it reads (the
 * summary's sha256 lets phiredact --findings refuse a file that changed
 * since it was scanned); 1 at the end, 0 if full, -1 on error. */
static int
fill(phi_read_fn rd, void *rctx, char *buf, size_t *len, size_t cap,
     struct ck_sha256 *sha, struct ck_error *err)
{
	ssize_t n;

	while (*len < cap) {
		n = rd(rctx, buf + *len, cap - *len, err);
		if (n < 0)
			return -1;
		if (n == 0)
			return 1;
		if (ck_sha256_update(sha, buf + *len, (size_t)n) < 0)
			return ck_error_set(err, 0, "cannot hash the input");
		*len += (size_t)n;
	}
	return 0;
}

int
phi_docscan(struct phi_worker *w, struct phi_sink *sink, const char *path,
	    int engine, phi_read_fn rd, void *rctx)
{
	struct phi_run *r = w->run;
	struct phi_scanner *sc;
	struct phi_doc_score ds;
	struct ck_error err;
	uint64_t base = 0, emit_from = 0;
	unsigned char digest[CK_SHA256_LEN];
	char msg[1400];
	size_t len = 0, cut, probe;
	int eof, rc = -1;

	ck_error_clear(&err);
	tally_reset(w);
	ck_sha256_reset(w->sha);
	if (w->win == NULL && (w->win = malloc(WINDOW)) == NULL) {
		phi_sink_error(sink, "%s: out of memory", path);
		return -1;
	}
	sc = scanner_for(w, engine, &err);
	if (sc == NULL) {
		phi_sink_error(sink, "%s: %s", path, err.msg);
		return -1;
	}
	eof = fill(rd, rctx, w->win, &len, WINDOW, w->sha, &err);
	if (eof < 0)
		goto fail;
	probe = len < BINARY_PROBE ? len : BINARY_PROBE;
	if (!r->binary && memchr(w->win, '\0', probe) != NULL) {
		sink->skipped++;
		phi_sink_info(sink, "%s: binary file skipped (--binary scans "
			      "it)", path);
		return 0;
	}
	phi_scan_begin(sc, path);
	for (;;) {
		if (phi_scan_window(sc, w->win, len, base, emit_from, eof,
				    &w->found, &err) < 0)
			goto fail;
		if (emit_window(w, sink, path) < 0) {
			ck_error_set(&err, ENOMEM, "out of memory");
			goto fail;
		}
		phi_sink_checkpoint(r, sink);
		if (eof)
			break;
		/* phiscan.h: the next window starts at or before
		 * emitted_to - PHI_WINDOW_CONTEXT; start it on a line when
		 * one begins shortly before that. */
		cut = len > OVERLAP ? len - OVERLAP : 0;
		{
			size_t lo = cut > LINE_SLACK ? cut - LINE_SLACK : 0;
			char *nl = memrchr(w->win + lo, '\n', cut - lo);

			if (nl != NULL)
				cut = (size_t)(nl - w->win) + 1;
		}
		emit_from = phi_scan_emitted_to(sc);
		memmove(w->win, w->win + cut, len - cut);
		base += cut;
		len -= cut;
		eof = fill(rd, rctx, w->win, &len, WINDOW, w->sha, &err);
		if (eof < 0)
			goto fail;
	}
	score(w, engine, sc, &ds);
	if (ck_sha256_final(w->sha, digest) < 0) {
		ck_error_set(&err, 0, "cannot hash the input");
		goto fail;
	}
	rc = phi_out_summary(r, sink, path, digest, &ds);
	if (rc == 0)
		rc = phi_audit_stage(r, sink, path, digest, &ds);
	if (rc < 0)
		phi_sink_error(sink, "%s: out of memory", path);
	phi_sink_checkpoint(r, sink);
	return rc;
fail:
	phi_findings_reset(&w->found);
	/* Library messages from the walker already name the input. */
	phi_errmsg(&err, msg, sizeof(msg));
	if (strncmp(msg, path, strlen(path)) == 0)
		phi_sink_error(sink, "%s", msg);
	else
		phi_sink_error(sink, "%s: %s", path, msg);
	phi_sink_checkpoint(r, sink);
	return -1;
}

json_t *
phi_docscan_record(struct phi_worker *w, const char *label, int engine,
		   const char *text, size_t len, int *tripped,
		   struct phi_doc_score *ds_out, struct ck_error *err)
{
	struct phi_run *r = w->run;
	struct phi_scanner *sc;
	struct phi_doc_score ds;
	unsigned char (*fps)[CK_SHA256_LEN] = NULL;
	json_t *phi = NULL, *arr;
	size_t i, n;
	int oom = 0;

	sc = scanner_for(w, engine, err);
	if (sc == NULL)
		return NULL;
	tally_reset(w);
	if (phi_scan_buffer(sc, label, text, len, &w->found, err) < 0) {
		phi_findings_reset(&w->found);
		return NULL;
	}
	fps = malloc((w->found.n ? w->found.n : 1) * sizeof(*fps));
	arr = json_array();
	if (fps == NULL || arr == NULL)
		goto oom;
	n = filter(w, label, &w->found, fps, &oom);
	for (i = 0; i < n && !oom; i++) {
		json_t *f = phi_out_record_finding(r, &w->found.v[i], fps[i]);

		if (f == NULL || json_array_append_new(arr, f) < 0)
			oom = 1;
		tally(w, &w->found.v[i]);
	}
	if (oom)
		goto oom;
	score(w, engine, sc, &ds);
	*tripped = phi_trips(r, &ds);
	if (ds_out != NULL)
		*ds_out = ds;
	phi = json_pack("{s:i, s:s, s:b, s:o, s:o}", "score", ds.score,
			"confidence", phi_conf_name(ds.conf),
			"contains_phi", w->nfound > 0,
			"counts", phi_out_counts(&ds), "findings", arr);
	arr = NULL;
	if (phi == NULL)
		goto oom;
	free(fps);
	phi_findings_reset(&w->found);
	return phi;
oom:
	json_decref(arr);
	free(fps);
	phi_findings_reset(&w->found);
	ck_error_set(err, ENOMEM, "out of memory");
	return NULL;
}
