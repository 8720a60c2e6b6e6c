/* audit.c -- phiscan --audit DIR: one event per scanned document in an
 * auditlog(1) log, and a signed-off record of every overridden gate.
 *
 * Workers stage each document's event in their sink (phi_audit_stage);
 * the printer, which alone writes output, appends a sink's events to the
 * log when it drains the sink (phi_audit_drain), so events keep input
 * order and the log lock is held only while a batch is written.  An event
 * names the document by path and SHA-256 and carries its score and counts
 * per type: never a matched value.
 *
 * Fail closed (the product's rule): when the log cannot be written the
 * run ends with status 2 whatever it found, and an --override is refused
 * unless its event is stored. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/audit.h"
#include "common/err.h"
#include "common/jsonl.h"
#include "phiscan/cli.h"

int
phi_audit_open(struct phi_run *r, const char *dir, struct ck_error *err)
{
	r->audit = ck_audit_open(dir, err);
	if (r->audit == NULL)
		return -1;
	ck_audit_set_sync(r->audit, CK_AUDIT_SYNC_BATCH);
	if (r->actor == NULL)
		r->actor = ck_audit_actor();
	return 0;
}

void
phi_audit_close(struct phi_run *r)
{
	ck_audit_free(r->audit);
	r->audit = NULL;
}

static json_t *
event_new(const struct phi_run *r, const char *action, const char *outcome,
	  int score, int conf)
{
	return json_pack("{s:{s:s}, s:s, s:s, s:{s:i, s:s}, s:s}",
			 "actor", "id", r->actor, "action", action,
			 "outcome", outcome, "phi", "score", score,
			 "confidence", phi_conf_name(conf),
			 "agent", "phiscan " PACKAGE_VERSION);
}

/* Stages the event of one scanned document or record (target is
 * consumed). */
static int
stage(const struct phi_run *r, struct phi_sink *s, json_t *target,
      const struct phi_doc_score *ds)
{
	int trips = phi_trips(r, ds);
	json_t *ev;
	char *line;
	int rc;

	ev = event_new(r, "phi_scan", trips ? "blocked" : "success",
		       ds->score, ds->conf);
	if (ev == NULL || target == NULL ||
	    json_object_set_new(ev, "target", target) < 0 ||
	    json_object_set_new(ev, "data",
				json_pack("{s:o}", "counts",
					  phi_out_counts(ds))) < 0) {
		if (ev == NULL)
			json_decref(target);
		json_decref(ev);
		return -1;
	}
	line = ck_json_compact(ev);
	json_decref(ev);
	if (line == NULL)
		return -1;
	rc = ck_buf_append(&s->audit, line, strlen(line)) < 0 ||
	     ck_buf_append_char(&s->audit, '\n') < 0 ? -1 : 0;
	free(line);
	if (trips) {
		s->audit_trips++;
		if (ds->score > s->audit_max)
			s->audit_max = ds->score;
	}
	return rc;
}

int
phi_audit_stage(const struct phi_run *r, struct phi_sink *s,
		const char *path, const unsigned char sha256[CK_SHA256_LEN],
		const struct phi_doc_score *ds)
{
	char hex[CK_SHA256_HEXLEN + 1];

	if (r->audit == NULL)
		return 0;
	ck_hex_encode(sha256, CK_SHA256_LEN, hex);
	return stage(r, s, json_pack("{s:s, s:s%, s:s}", "type", "document",
				     "path", path, strlen(path), "sha256",
				     hex), ds);
}

int
phi_audit_stage_record(const struct phi_run *r, struct phi_sink *s,
		       const char *path, unsigned long line,
		       const unsigned char sha256[CK_SHA256_LEN],
		       const struct phi_doc_score *ds)
{
	char hex[CK_SHA256_HEXLEN + 1];

	if (r->audit == NULL)
		return 0;
	ck_hex_encode(sha256, CK_SHA256_LEN, hex);
	return stage(r, s, json_pack("{s:s, s:s%, s:I, s:s}", "type",
				     "record", "path", path, strlen(path),
				     "line", (json_int_t)line, "sha256", hex),
		     ds);
}

/* Appends the lines of b (one event each) to the log, all or none. */
static int
append_lines(struct phi_run *r, struct ck_buf *b, struct ck_error *err)
{
	json_t **evs = NULL;
	size_t n = 0, cap = 0, i;
	char *line, *nl;
	int rc = -1;

	for (line = b->data; line != NULL && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (n == cap) {
			json_t **v = realloc(evs, (cap ? 2 * cap : 16) *
					     sizeof(*v));

			if (v == NULL) {
				ck_error_set(err, ENOMEM, "out of memory");
				goto out;
			}
			evs = v;
			cap = cap ? 2 * cap : 16;
		}
		evs[n] = json_loadb(line, (size_t)(nl - line), 0, NULL);
		if (evs[n] == NULL) {
			ck_error_set(err, 0, "cannot build an audit event");
			goto out;
		}
		n++;
	}
	rc = ck_audit_append_events(r->audit, evs, n, err);
out:
	for (i = 0; i < n; i++)
		json_decref(evs[i]);
	free(evs);
	return rc;
}

void
phi_audit_drain(struct phi_run *r, struct phi_sink *s)
{
	struct ck_error err;

	if (s->audit_max > r->audit_max)
		r->audit_max = s->audit_max;
	r->docs_tripped += s->audit_trips;
	s->audit_max = 0;
	s->audit_trips = 0;
	if (s->audit.len == 0)
		return;
	ck_error_clear(&err);
	if (!r->audit_failed && append_lines(r, &s->audit, &err) < 0) {
		ck_warn("audit log %s: %s", ck_audit_dir(r->audit), err.msg);
		r->audit_failed = 1;
	}
	ck_buf_reset(&s->audit);
}

int
phi_audit_override(struct phi_run *r, const char *reason,
		   struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	json_t *ev;
	char *line;
	int rc;

	/* An overridden gate is high risk by definition (auditlog's risk
	 * levels: high above 15), whatever the documents scored. */
	ev = event_new(r, "phi_gate_override", "overridden",
		       r->audit_max > 15 ? r->audit_max : 16, PHI_CONF_HIGH);
	if (ev == NULL ||
	    json_object_set_new(ev, "data",
				json_pack("{s:s, s:s, s:I}", "reason", reason,
					  "fail_on",
					  r->fail_on == PHI_FAIL_ANY ? "any" :
					  phi_conf_name(r->fail_on),
					  "documents_tripped",
					  (json_int_t)r->docs_tripped)) < 0 ||
	    (line = ck_json_compact(ev)) == NULL) {
		json_decref(ev);
		return ck_error_set(err, 0, "cannot build the override event");
	}
	json_decref(ev);
	rc = ck_buf_append(&b, line, strlen(line)) < 0 ||
	     ck_buf_append_char(&b, '\n') < 0 ? -1 : 0;
	free(line);
	ck_audit_set_sync(r->audit, CK_AUDIT_SYNC_ALWAYS);
	if (rc == 0)
		rc = append_lines(r, &b, err);
	ck_buf_release(&b);
	return rc;
}
