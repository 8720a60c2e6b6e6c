/* record.c -- record mode: JSON Lines in, the same records out with a
 * "phi" object added (CONTRACT: record mode).
 *
 * Each line is checked whole before anything is written for it, so a
 * malformed line, a missing field or a field that is not a string is
 * reported with its line number and produces no output at all (no half
 * record); the other lines still go through and the exit status is 2.
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "common/audit.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "phiscan/cli.h"

struct peeked {
	const char *prefix;
	size_t plen, pos;
};

/* Standard input behind the bytes main() already read to see whether it
 * holds JSON Lines. */
static ssize_t
peeked_read(void *cookie, char *buf, size_t n)
{
	struct peeked *p = cookie;
	ssize_t got;

	if (p->pos < p->plen) {
		size_t k = p->plen - p->pos < n ? p->plen - p->pos : n;

		memcpy(buf, p->prefix + p->pos, k);
		p->pos += k;
		return (ssize_t)k;
	}
	do
		got = read(STDIN_FILENO, buf, n);
	while (got < 0 && errno == EINTR);
	return got;
}

static const char *
json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	default: return "not a string";
	}
}

static void
rec_error(struct phi_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
rec_error(struct phi_run *r, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ck_warn("%s", msg);
	r->errors++;
}

/* With --audit, each record's event is staged in s and the staged
 * events are stored every AUDIT_BATCH records and at the end of each
 * input, under one lock and one sync each time. */
#define AUDIT_BATCH 4096

/* Stages the event of the record just read (its line as read hashed). */
static void
audit_record(struct phi_run *r, struct phi_sink *s,
	     struct ck_jsonl_reader *rd, const char *shown,
	     const struct phi_doc_score *ds)
{
	unsigned char sha[CK_SHA256_LEN];
	size_t len;
	const char *raw = ck_jsonl_line(rd, &len);

	ck_sha256(raw, len, sha);
	if (phi_audit_stage_record(r, s, shown, ck_jsonl_lineno(rd), sha,
				   ds) < 0 && !r->audit_failed) {
		ck_warn("audit log %s: cannot build an event",
			ck_audit_dir(r->audit));
		r->audit_failed = 1;
	}
	if (++s->docs >= AUDIT_BATCH) {	/* docs: events staged */
		phi_audit_drain(r, s);
		s->docs = 0;
	}
}

static int
one_input(struct phi_run *r, struct phi_worker *w, struct phi_sink *s,
	  FILE *fp, const char *name, int engine)
{
	struct ck_jsonl_reader *rd;
	const char *shown = strcmp(name, "-") == 0 ? "<stdin>" : name;
	struct ck_error err;
	struct phi_doc_score ds;
	json_t *o, *v, *phi;
	int rc, tripped;

	rd = ck_jsonl_reader_new(fp, name, 0);
	if (rd == NULL) {
		rec_error(r, "%s: out of memory", shown);
		return -1;
	}
	for (;;) {
		unsigned long line;

		ck_error_clear(&err);
		rc = ck_jsonl_read(rd, &o, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			char msg[1400];

			rec_error(r, "%s", phi_errmsg(&err, msg, sizeof(msg)));
			if (ferror(fp))
				break;
			continue;
		}
		line = ck_jsonl_lineno(rd);
		v = json_object_get(o, r->field);
		if (v == NULL) {
			rec_error(r, "%s:%lu: no \"%s\" field (choose the field "
				  "to scan with --field)", shown, line,
				  r->field);
		} else if (!json_is_string(v)) {
			rec_error(r, "%s:%lu: field \"%s\" is %s, not a string",
				  shown, line, r->field, json_kind(v));
		} else if ((phi = phi_docscan_record(w, name, engine,
						     json_string_value(v),
						     json_string_length(v),
						     &tripped, &ds, &err)) == NULL) {
			rec_error(r, "%s:%lu: %s", shown, line, err.msg);
		} else {
			json_object_set_new(o, "phi", phi);
			r->docs++;
			if (json_is_true(json_object_get(phi, "contains_phi")))
				r->docs_phi++;
			r->findings += json_array_size(
				json_object_get(phi, "findings"));
			r->tripped |= tripped;
			if (r->audit != NULL)
				audit_record(r, s, rd, shown, &ds);
			if (ck_jsonl_write(r->out, o, &err) < 0) {
				r->write_failed = 1;
				json_decref(o);
				break;
			}
		}
		json_decref(o);
	}
	if (ferror(fp))
		rec_error(r, "%s: read error", shown);
	if (r->audit != NULL) {
		phi_audit_drain(r, s);
		s->docs = 0;
	}
	ck_jsonl_reader_free(rd);
	return 0;
}

static int
engine_for(struct phi_run *r, const char *path)
{
	struct ck_error err;
	char *cfg = NULL;
	int eng;

	ck_error_clear(&err);
	if (!r->no_config)
		cfg = strcmp(path, "-") == 0 ? phi_config_find(".") :
					       phi_config_for_path(path);
	eng = phi_engines_get(r->engines, cfg, &err);
	free(cfg);
	if (eng < 0)
		ck_warn_error(&err);
	return eng;
}

int
phi_record_run(struct phi_run *r, const char *const *paths, size_t n,
	       const char *prefix, size_t plen)
{
	static const char *const dash[] = { "-" };
	struct peeked pk = { prefix, plen, 0 };
	cookie_io_functions_t io = { peeked_read, NULL, NULL, NULL };
	struct phi_worker *w;
	struct phi_sink s;
	size_t i;
	int rc = 0;

	if (n == 0) {
		paths = dash;
		n = 1;
	}
	w = phi_worker_new(r);
	if (w == NULL) {
		ck_warn("out of memory");
		return -1;
	}
	phi_sink_init(&s, 1);
	for (i = 0; i < n && !r->write_failed && rc == 0; i++) {
		int eng = engine_for(r, paths[i]);
		FILE *fp;

		if (eng < 0) {
			rc = -1;
			break;
		}
		if (strcmp(paths[i], "-") == 0)
			fp = fopencookie(&pk, "r", io);
		else
			fp = fopen(paths[i], "re");
		if (fp == NULL) {
			rec_error(r, "cannot open %s: %s", paths[i],
				  strerror(errno));
			continue;
		}
		one_input(r, w, &s, fp, paths[i], eng);
		fclose(fp);
	}
	phi_sink_release(&s);
	phi_worker_free(w);
	return rc;
}
