/* record.c -- record mode: JSON Lines in, JSON Lines out.
 *
 * For each record, the text of every --field (default "text") is redacted
 * like a document, and the value of every key the policy names ("ssn",
 * "dob", "patient_name", at any depth) is replaced whole.  Every other
 * field passes through unchanged, and the changes are added under
 * "redactions" (CONTRACT: a tool adds its result under its own key).
 * A malformed line is reported with its number and not written; the run
 * goes on and exits 2.  With --audit, records are written a batch at a
 * time, each batch after its events are stored (audit.c).
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/jsonl.h"
#include "phiredact/redact.h"

struct rec {
	struct rd_run *r;
	struct rd_result res;
	const char *subject;
	const char *label;
	json_t *reds;
	unsigned survivors;
	struct rd_audit_batch batch;	/* --audit */
};

static int
is_text_field(const struct rd_run *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i], key) == 0)
			return 1;
	return 0;
}

static int
add_change(struct rec *c, const char *field, const struct rd_change *ch,
	   int offsets)
{
	json_t *o = rd_change_json(ch);

	if (o == NULL)
		return -1;
	if (!offsets) {
		json_object_del(o, "start");
		json_object_del(o, "end");
	}
	/* "field" first, so the record reads naturally. */
	{
		json_t *f = json_pack("{s:s}", "field", field);

		if (f == NULL || json_object_update(f, o) < 0 ||
		    json_array_append_new(c->reds, f) < 0) {
			json_decref(f);
			json_decref(o);
			return -1;
		}
	}
	json_decref(o);
	return 0;
}

/* A value under a key the policy names: replaced whole. */
static int
by_key(struct rec *c, const char *dotted, int type, json_t **slot,
       struct ck_error *err)
{
	struct rd_run *r = c->r;
	struct rd_ctx ctx;
	struct rd_change ch;
	struct ck_buf out = CK_BUF_INIT;
	char *txt = NULL;
	const char *v;
	size_t n;
	json_t *nv;
	int rc = -1;

	if (json_is_string(*slot)) {
		v = json_string_value(*slot);
		n = json_string_length(*slot);
	} else if (json_is_integer(*slot) || json_is_real(*slot)) {
		txt = json_dumps(*slot, JSON_ENCODE_ANY);
		if (txt == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		v = txt;
		n = strlen(txt);
	} else {
		return 0;	/* null, booleans: nothing to hide */
	}
	if (n == 0) {
		free(txt);
		return 0;
	}
	ctx.pol = &r->policy;
	ctx.key = r->nkeys > 0 ? &r->keys[0] : NULL;
	ctx.names = r->names;
	ctx.subject = c->subject;
	memset(&ch, 0, sizeof(ch));
	ch.end = n;
	ch.type = type;
	if (rd_apply(&ctx, type, NULL, v, n, &out, &ch.op, err) < 0) {
		if (err->msg[0] == '\0')
			ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (ch.op == RD_KEEP) {
		rc = 0;
		goto out;
	}
	if (phi_fingerprint(r->fp, type, v, n, ch.fp) < 0) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	nv = ch.op == RD_DROP ? json_null()
			      : json_stringn(out.data ? out.data : "",
					     out.len);
	if (nv == NULL) {
		ck_error_set(err, 0, "%s: replacement is not valid UTF-8",
			     dotted);
		goto out;
	}
	json_decref(*slot);
	*slot = nv;
	if (add_change(c, dotted, &ch, 0) < 0 ||
	    rd_report_doc(r->report, c->label, &ch, 1) < 0) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	if (txt != NULL) {
		ck_wipe(txt, strlen(txt));
		free(txt);
	}
	ck_buf_release_secret(&out);
	return rc;
}

/* A --field's text: redacted like a document. */
static int
by_text(struct rec *c, const char *key, json_t **slot, struct ck_error *err)
{
	struct rd_run *r = c->r;
	json_t *nv;
	size_t i;

	if (!json_is_string(*slot))
		return 0;
	if (rd_doc(r, c->label, c->subject, json_string_value(*slot),
		   json_string_length(*slot), &c->res, err) < 0)
		return -1;
	c->survivors += c->res.survivors;
	if (c->res.n == 0)
		return 0;
	nv = json_stringn(c->res.out.data, c->res.out.len);
	if (nv == NULL)
		return ck_error_set(err, 0, "%s: redacted text is not valid "
				    "UTF-8", key);
	json_decref(*slot);
	*slot = nv;
	for (i = 0; i < c->res.n; i++)
		if (add_change(c, key, &c->res.ch[i], 1) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

static int walk_value(struct rec *c, struct ck_buf *path, json_t *v,
		      int depth, struct ck_error *err);

static int
walk_object(struct rec *c, struct ck_buf *path, json_t *o, int depth,
	    struct ck_error *err)
{
	const char *k;
	json_t *v;
	void *it;
	size_t mark = path->len;
	int t;

	for (it = json_object_iter(o); it != NULL;
	     it = json_object_iter_next(o, it)) {
		json_t *slot;

		k = json_object_iter_key(it);
		v = json_object_iter_value(it);
		if (depth == 0 && strcmp(k, "redactions") == 0)
			continue;
		path->len = mark;
		if ((mark > 0 && ck_buf_append_char(path, '.') < 0) ||
		    ck_buf_append_str(path, k) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		slot = json_incref(v);
		if (depth == 0 && is_text_field(c->r, k))
			t = by_text(c, k, &slot, err);
		else if ((t = rd_policy_field(&c->r->policy, k,
					      strlen(k))) >= 0) {
			if (json_is_array(slot)) {
				size_t i;

				for (i = 0; i < json_array_size(slot); i++) {
					json_t *e = json_incref(
						json_array_get(slot, i));

					if (by_key(c, path->data, t, &e,
						   err) < 0) {
						json_decref(e);
						json_decref(slot);
						return -1;
					}
					json_array_set_new(slot, i, e);
				}
				t = 0;
			} else
				t = by_key(c, path->data, t, &slot, err);
		} else
			t = walk_value(c, path, slot, depth + 1, err);
		if (t < 0) {
			json_decref(slot);
			return -1;
		}
		json_object_iter_set_new(o, it, slot);
	}
	path->len = mark;
	if (path->data != NULL)
		path->data[mark] = '\0';
	return 0;
}

static int
walk_value(struct rec *c, struct ck_buf *path, json_t *v, int depth,
	   struct ck_error *err)
{
	size_t i;

	if (depth > 64)
		return 0;
	if (json_is_object(v))
		return walk_object(c, path, v, depth, err);
	if (json_is_array(v))
		for (i = 0; i < json_array_size(v); i++)
			if (walk_value(c, path, json_array_get(v, i),
				       depth + 1, err) < 0)
				return -1;
	return 0;
}

static char *
subject_of(const json_t *rec, const char *field)
{
	const json_t *v = field ? json_object_get(rec, field) : NULL;

	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_integer(v) || json_is_real(v))
		return json_dumps(v, JSON_ENCODE_ANY);
	return NULL;
}

/* Stores the batch's events, then writes its records (fail closed: a
 * log that refuses them stops the run). */
static int
flush(struct rd_run *r, struct rec *c, FILE *out, struct ck_error *err)
{
	if (rd_audit_flush(r, &c->batch, out, err) < 0) {
		r->audit_failed = 1;
		return -1;
	}
	return 0;
}

static int
one_file(struct rd_run *r, FILE *in, const char *name, FILE *out,
	 struct rec *c)
{
	struct ck_jsonl_reader *rd = ck_jsonl_reader_new(in, name, 0);
	struct ck_buf label = CK_BUF_INIT, path = CK_BUF_INIT;
	struct ck_error err;
	json_t *o;
	int rc;

	if (rd == NULL) {
		ck_warn("out of memory");
		return -1;
	}
	ck_error_clear(&err);
	if (rd_select(r, name, &err) < 0) {
		ck_warn_error(&err);
		r->errors++;
		ck_jsonl_reader_free(rd);
		return -1;
	}
	for (;;) {
		char *subj = NULL;

		ck_error_clear(&err);
		rc = ck_jsonl_read(rd, &o, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			ck_warn_error(&err);
			r->errors++;
			continue;
		}
		r->docs++;
		ck_buf_reset(&label);
		ck_buf_appendf(&label, "%s:%lu", strcmp(name, "-") ? name :
			       "<stdin>", ck_jsonl_lineno(rd));
		subj = subject_of(o, r->subject_field);
		c->subject = subj ? subj : r->subject ? r->subject : name;
		c->label = label.data;
		c->survivors = 0;
		c->reds = json_array();
		ck_buf_reset(&path);
		if (c->reds == NULL ||
		    walk_object(c, &path, o, 0, &err) < 0 ||
		    json_object_set_new(o, "redactions", c->reds) < 0) {
			if (err.msg[0] == '\0')
				ck_error_set(&err, ENOMEM, "out of memory");
			ck_error_prefix(&err, "%s", label.data);
			ck_warn_error(&err);
			r->errors++;
			json_decref(o);
			free(subj);
			continue;
		}
		c->reds = NULL;
		if (json_array_size(json_object_get(o, "redactions")) > 0)
			r->changed++;
		if (c->survivors > 0) {
			ck_warn("%s: %u finding%s survive%s redaction "
				"(--verify)", label.data, c->survivors,
				c->survivors == 1 ? "" : "s",
				c->survivors == 1 ? "s" : "");
			r->tripped = 1;
		}
		if (r->audit == NULL) {
			rc = ck_jsonl_write(out, o, &err);
		} else {
			size_t rawlen;
			const char *raw = ck_jsonl_line(rd, &rawlen);

			rc = rd_audit_record(r, &c->batch, strcmp(name, "-") ?
					     name : "<stdin>",
					     ck_jsonl_lineno(rd), raw, rawlen,
					     o, &err);
			if (rc == 0 && c->batch.n >= RD_AUDIT_BATCH)
				rc = flush(r, c, out, &err);
		}
		json_decref(o);
		free(subj);
		if (rc < 0) {
			ck_warn_error(&err);
			r->errors++;
			break;
		}
	}
	if (rc == 0 && r->audit != NULL && (rc = flush(r, c, out, &err)) < 0) {
		ck_warn_error(&err);
		r->errors++;
	}
	ck_jsonl_reader_free(rd);
	ck_buf_release(&label);
	ck_buf_release(&path);
	return rc < 0 ? -1 : 0;
}

int
rd_record_run(struct rd_run *r, const char *const *paths, size_t n,
	      const char *prefix, size_t plen)
{
	struct ck_atomic_file af;
	struct ck_error err;
	struct rec c;
	FILE *out = stdout, *in;
	size_t i;
	int rc = 0, atomic = 0;

	memset(&c, 0, sizeof(c));
	c.r = r;
	rd_result_init(&c.res);
	rd_audit_batch_init(&c.batch);
	ck_error_clear(&err);
	if (r->output != NULL && strcmp(r->output, "-") != 0) {
		if (ck_atomic_open(&af, r->output, 0644, &err) < 0) {
			ck_warn_error(&err);
			rd_result_release(&c.res);
			return -1;
		}
		out = af.fp;
		atomic = 1;
	}
	if (n == 0) {
		in = fmemopen((void *)(plen ? prefix : " "), plen ? plen : 1,
			      "r");
		if (in == NULL)
			rc = -1;
		else {
			rc = one_file(r, in, "-", out, &c);
			fclose(in);
		}
	}
	for (i = 0; i < n && rc == 0; i++) {
		in = strcmp(paths[i], "-") == 0 ? stdin
						: fopen(paths[i], "r");
		if (in == NULL) {
			ck_warn_errno(errno, "cannot open %s", paths[i]);
			r->errors++;
			continue;
		}
		rc = one_file(r, in, paths[i], out, &c);
		if (in != stdin)
			fclose(in);
	}
	rd_result_release(&c.res);
	rd_audit_batch_release(&c.batch);
	if (atomic) {
		/* No half-written output: on trouble the old file stays. */
		if (rc < 0 || r->errors > 0)
			ck_atomic_abort(&af);
		else if (ck_atomic_commit(&af, &err) < 0) {
			ck_warn_error(&err);
			rc = -1;
		}
	}
	return rc;
}
