/* audit.c -- phiredact --audit DIR: one event per redacted document, and
 * one per --reveal, in an auditlog(1) log.
 *
 * The event names the document by path and the SHA-256 of its bytes, and
 * carries the policy, the number of changes per type and the SHA-256 of
 * what was written: never a value.  It is stored durably before the
 * output is written, so an output exists only with its event (the
 * product's fail-closed rule): when the log cannot be written the run
 * stops with status 2 and writes nothing more.  A --reveal, the
 * re-identification HIPAA 164.514(c) allows an authorised user, is the
 * event an auditor looks for first.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/audit.h"
#include "common/canon.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "phiredact/redact.h"

static json_t *
sha256_json(const void *p, size_t n)
{
	unsigned char md[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1];

	if (ck_sha256(p, n, md) < 0)
		return NULL;
	ck_hex_encode(md, CK_SHA256_LEN, hex);
	return json_string(hex);
}

static json_t *
counts_json(const struct rd_change *ch, size_t n)
{
	unsigned counts[PHI_NTYPES] = { 0 };
	json_t *o = json_object();
	size_t i;
	int t;

	for (i = 0; i < n; i++)
		counts[ch[i].type]++;
	for (t = 0; t < PHI_NTYPES && o != NULL; t++)
		if (counts[t] > 0 &&
		    json_object_set_new(o, phi_type_name(t),
					json_integer(counts[t])) < 0) {
			json_decref(o);
			o = NULL;
		}
	return o;
}

/* Stores ev (consumed) with an fdatasync before returning 0. */
static int
store(struct rd_run *r, json_t *ev, struct ck_error *err)
{
	int rc;

	if (ev == NULL)
		return ck_error_set(err, ENOMEM, "cannot build the audit "
				    "event");
	rc = ck_audit_append_events(r->audit, &ev, 1, err);
	json_decref(ev);
	if (rc < 0)
		ck_error_prefix(err, "audit log %s", ck_audit_dir(r->audit));
	return rc;
}

static json_t *
event_new(const struct rd_run *r, const char *action, const char *path,
	  const char *doc, size_t len)
{
	return json_pack("{s:{s:s}, s:s, s:s, s:{s:s, s:s%, s:o}, s:s}",
			 "actor", "id", r->actor, "action", action,
			 "outcome", "success", "target", "type", "document",
			 "path", path, strlen(path), "sha256",
			 sha256_json(doc, len), "agent",
			 "phiredact " PACKAGE_VERSION);
}

int
rd_audit_doc(struct rd_run *r, const char *path, const char *doc, size_t len,
	     const struct rd_result *res, struct ck_error *err)
{
	json_t *ev;

	if (r->audit == NULL)
		return 0;
	ev = event_new(r, "phi_redact", path, doc, len);
	if (ev != NULL &&
	    json_object_set_new(ev, "data",
				json_pack("{s:s, s:I, s:o, s:o}", "policy",
					  r->policy.name, "redactions",
					  (json_int_t)res->n, "counts",
					  counts_json(res->ch, res->n),
					  "output_sha256",
					  sha256_json(res->out.data ?
						      res->out.data : "",
						      res->out.len))) < 0) {
		json_decref(ev);
		ev = NULL;
	}
	return store(r, ev, err);
}

int
rd_audit_reveal(struct rd_run *r, const char *path, const char *doc,
		size_t len, unsigned long values, struct ck_error *err)
{
	json_t *ev;

	if (r->audit == NULL)
		return 0;
	ev = event_new(r, "phi_reveal", path, doc, len);
	if (ev != NULL &&
	    json_object_set_new(ev, "data",
				json_pack("{s:I}", "values_revealed",
					  (json_int_t)values)) < 0) {
		json_decref(ev);
		ev = NULL;
	}
	return store(r, ev, err);
}

/* ---- record mode ---------------------------------------------------------
 * One event per record; the events of a batch of records are stored
 * together (one lock, one sync) before the batch's records are written,
 * so an output record exists only with its event here too. */

void
rd_audit_batch_init(struct rd_audit_batch *b)
{
	memset(b, 0, sizeof(*b));
	ck_buf_init(&b->out);
}

static void
batch_clear(struct rd_audit_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		json_decref(b->evs[i]);
	b->n = 0;
	ck_buf_reset(&b->out);
}

void
rd_audit_batch_release(struct rd_audit_batch *b)
{
	batch_clear(b);
	free(b->evs);
	ck_buf_release(&b->out);
}

/* Counts per type of a record's "redactions" (each names its "type"). */
static json_t *
reds_counts(const json_t *reds)
{
	json_t *o = json_object(), *v;
	size_t i;

	json_array_foreach(reds, i, v) {
		const char *t = json_string_value(json_object_get(v, "type"));
		json_int_t k;

		if (t == NULL || o == NULL)
			continue;
		k = json_integer_value(json_object_get(o, t));
		if (json_object_set_new(o, t, json_integer(k + 1)) < 0) {
			json_decref(o);
			o = NULL;
		}
	}
	return o;
}

int
rd_audit_record(struct rd_run *r, struct rd_audit_batch *b,
		const char *path, unsigned long line, const char *raw,
		size_t rawlen, const json_t *rec, struct ck_error *err)
{
	const json_t *reds = json_object_get(rec, "redactions");
	size_t start = b->out.len;
	json_t *ev, **nv;

	if (ck_json_append_compact(&b->out, rec, err) < 0 ||
	    ck_buf_append_char(&b->out, '\n') < 0) {
		b->out.len = start;
		return ck_error_set(err, ENOMEM, "cannot serialise record");
	}
	if (b->n == b->cap) {
		nv = realloc(b->evs, (b->cap ? 2 * b->cap : 64) *
			     sizeof(*nv));
		if (nv == NULL) {
			b->out.len = start;
			return ck_error_set(err, ENOMEM, "out of memory");
		}
		b->evs = nv;
		b->cap = b->cap ? 2 * b->cap : 64;
	}
	ev = json_pack("{s:{s:s}, s:s, s:s, s:{s:s, s:s%, s:I, s:o}, s:s, "
		       "s:{s:s, s:I, s:o, s:o}}",
		       "actor", "id", r->actor, "action", "phi_redact",
		       "outcome", "success", "target", "type", "record",
		       "path", path, strlen(path), "line", (json_int_t)line,
		       "sha256", sha256_json(raw, rawlen), "agent",
		       "phiredact " PACKAGE_VERSION, "data", "policy",
		       r->policy.name, "redactions",
		       (json_int_t)json_array_size(reds), "counts",
		       reds_counts(reds), "output_sha256",
		       sha256_json(b->out.data + start,
				   b->out.len - start - 1));
	if (ev == NULL) {
		b->out.len = start;
		return ck_error_set(err, ENOMEM, "cannot build the audit "
				    "event");
	}
	b->evs[b->n++] = ev;
	return 0;
}

int
rd_audit_flush(struct rd_run *r, struct rd_audit_batch *b, FILE *out,
	       struct ck_error *err)
{
	int rc = 0;

	if (b->n > 0 && ck_audit_append_events(r->audit, b->evs, b->n,
					       err) < 0) {
		ck_error_prefix(err, "audit log %s", ck_audit_dir(r->audit));
		rc = -1;
	} else if (b->out.len > 0 &&
		   (fwrite(b->out.data, 1, b->out.len, out) != b->out.len ||
		    fflush(out) != 0)) {
		rc = ck_error_set(err, errno ? errno : EIO, "write error");
	}
	batch_clear(b);
	return rc;
}
