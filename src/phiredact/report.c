/* report.c -- --report FILE: one JSON Lines record per change, with the
 * offsets in the original, the type, the operator and the keyed
 * fingerprint (CONTRACT: never the value), then a summary per document.
 * The file is written crash-safely and 0600: offsets and fingerprints
 * still tell where PHI was.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>

#include "common/atomic.h"
#include "common/jsonl.h"
#include "phiredact/redact.h"

struct rd_report {
	struct ck_atomic_file af;
};

struct rd_report *
rd_report_open(const char *path, struct ck_error *err)
{
	struct rd_report *r = calloc(1, sizeof(*r));

	if (r == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (ck_atomic_open(&r->af, path, 0600, err) < 0) {
		free(r);
		return NULL;
	}
	return r;
}

json_t *
rd_change_json(const struct rd_change *c)
{
	char hex[CK_SHA256_HEXLEN + 1];

	ck_hex_encode(c->fp, CK_SHA256_LEN, hex);
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s}", "start",
			      (json_int_t)c->start, "end", (json_int_t)c->end,
			      "type", phi_type_name(c->type), "operator",
			      rd_op_name(c->op), "fingerprint", hex);

	if (o != NULL && c->rule != NULL &&
	    json_object_set_new(o, "rule", json_string(c->rule)) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int
put(struct rd_report *r, json_t *o)
{
	struct ck_error err;
	int rc;

	if (o == NULL)
		return -1;
	rc = ck_jsonl_write(r->af.fp, o, &err);
	json_decref(o);
	return rc;
}

int
rd_report_doc(struct rd_report *r, const char *path,
	      const struct rd_change *ch, size_t n)
{
	unsigned counts[PHI_NTYPES] = { 0 };
	json_t *o, *cnt;
	size_t i;
	int t;

	if (r == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		char hex[CK_SHA256_HEXLEN + 1];

		ck_hex_encode(ch[i].fp, CK_SHA256_LEN, hex);
		o = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "kind",
			      "redaction", "path", path, "start",
			      (json_int_t)ch[i].start, "end",
			      (json_int_t)ch[i].end, "type",
			      phi_type_name(ch[i].type), "operator",
			      rd_op_name(ch[i].op), "fingerprint", hex);
		if (o != NULL && ch[i].rule != NULL &&
		    json_object_set_new(o, "rule",
					json_string(ch[i].rule)) < 0) {
			json_decref(o);
			o = NULL;
		}
		if (put(r, o) < 0)
			return -1;
		counts[ch[i].type]++;
	}
	cnt = json_object();
	for (t = 0; t < PHI_NTYPES && cnt != NULL; t++)
		if (counts[t] > 0)
			json_object_set_new(cnt, phi_type_name(t),
					    json_integer(counts[t]));
	return put(r, json_pack("{s:s, s:s, s:I, s:o}", "kind", "summary",
				"path", path, "redactions", (json_int_t)n,
				"counts", cnt));
}

int
rd_report_close(struct rd_report *r, struct ck_error *err)
{
	int rc;

	if (r == NULL)
		return 0;
	rc = ck_atomic_commit(&r->af, err);
	free(r);
	return rc;
}

void
rd_report_abort(struct rd_report *r)
{
	if (r == NULL)
		return;
	ck_atomic_abort(&r->af);
	free(r);
}
