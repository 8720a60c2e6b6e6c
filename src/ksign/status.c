/* status.c -- ksign status and due: where a signed agreement stands
 * (unsigned, partially signed, fully executed, expiring, expired) given
 * the roles that must sign it and how long it holds. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonl.h"
#include "common/walk.h"
#include "ksign/check.h"
#include "ksign/ksign.h"

struct agreement {
	struct ks_req *req;
	size_t nreq;
	struct ks_status st;
	int bad;		/* signatures that failed verification */
};

/* Verifies path's signatures and fills a->st.  0, or -1 on trouble
 * (reported); not signed at all is "unsigned", not trouble. */
static int
evaluate(struct ks_ctx *c, struct ks_trust *t, const char *path,
	 struct agreement *a)
{
	char *ksig = ks_path_cat(path, ".ksig");
	struct ks_sigfile f;
	struct ck_error err;
	unsigned char d[CK_SHA256_LEN];
	int rc = -1;

	a->bad = 0;
	for (size_t i = 0; i < a->nreq; i++)
		a->req[i].met = 0;
	memset(&f, 0, sizeof f);
	if (ks_sigfile_load(ksig, &f, &err) < 0 && err.errnum != ENOENT) {
		ck_warn_error(&err);
		goto out;
	}
	if (f.n > 0 && ks_hash_file(path, d, &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	for (size_t i = 0; i < f.n; i++) {
		struct ks_trust_entry *e;
		enum ks_verdict v = ks_check(t, &f.v[i], d, &c->now,
					     c->skew_sec, &e);

		if (v != KS_OK) {
			ck_warn("%s: %s (%s:%lu)", path, ks_verdict_text(v),
				ksig, f.line[i]);
			a->bad++;
			continue;
		}
		for (size_t j = 0; j < a->nreq; j++) {
			struct ks_req *r = &a->req[j];

			if (strcmp(r->meaning, f.v[i].meaning) != 0 ||
			    !ks_trust_has_role(e, r->role))
				continue;
			if (!r->met || ks_time_cmp(&f.v[i].time, &r->when) < 0)
				r->when = f.v[i].time;
			r->met = 1;
		}
	}
	ks_status_eval(a->req, a->nreq, c->has_valid_for ? &c->valid_for :
		       NULL, &c->warn, &c->now, &a->st);
	rc = 0;
out:
	ks_sigfile_release(&f);
	free(ksig);
	return rc;
}

static void
report(struct ks_ctx *c, const char *path, const struct agreement *a)
{
	char eff[CK_TIME_LEN], exp[CK_TIME_LEN];
	const struct ks_status *st = &a->st;

	ck_time_format(&st->effective, eff);
	ck_time_format(&st->expires, exp);
	if (c->format == KS_JSONL) {
		struct ck_error err;
		json_t *j = json_pack("{s:s, s:s, s:s}", "kind", "agreement",
				      "path", path, "state",
				      ks_state_name(st->state));
		json_t *miss = json_array();

		for (size_t i = 0; i < a->nreq; i++)
			if (!a->req[i].met) {
				char buf[512];

				snprintf(buf, sizeof buf, "%s:%s",
					 a->req[i].role, a->req[i].meaning);
				json_array_append_new(miss, json_string(buf));
			}
		json_object_set_new(j, "missing", miss);
		json_object_set_new(j, "bad_signatures", json_integer(a->bad));
		if (st->state >= KS_EXECUTED)
			json_object_set_new(j, "effective", json_string(eff));
		if (st->state >= KS_EXECUTED && st->has_expiry) {
			json_object_set_new(j, "expires", json_string(exp));
			json_object_set_new(j, "days_left",
					    json_integer(st->days_left));
		}
		if (ck_jsonl_write(c->out, j, &err) < 0)
			ck_warn_error(&err);
		json_decref(j);
		return;
	}
	fprintf(c->out, "%s: ", path);
	switch (st->state) {
	case KS_UNSIGNED:
		if (a->bad)
			fprintf(c->out, "unsigned (%d signature%s do%s not "
				"verify)\n", a->bad, a->bad == 1 ? "" : "s",
				a->bad == 1 ? "es" : "");
		else
			fprintf(c->out, "unsigned\n");
		break;
	case KS_PARTIAL:
		fprintf(c->out, "partially signed (missing");
		for (size_t i = 0, k = 0; i < a->nreq; i++)
			if (!a->req[i].met)
				fprintf(c->out, "%s %s:%s", k++ ? "," : "",
					a->req[i].role, a->req[i].meaning);
		fprintf(c->out, ")\n");
		break;
	case KS_EXECUTED:
		fprintf(c->out, "fully executed (effective %s", eff);
		if (st->has_expiry)
			fprintf(c->out, ", expires %s", exp);
		fprintf(c->out, ")\n");
		break;
	case KS_EXPIRING:
		fprintf(c->out, "expiring in %lld days (effective %s, expires "
			"%s)\n", (long long)st->days_left, eff, exp);
		break;
	case KS_EXPIRED:
		fprintf(c->out, "expired (effective %s, expired %s)\n", eff,
			exp);
		break;
	}
	fflush(c->out);
}

static int
open_common(struct ks_ctx *c, struct ks_trust *t, struct agreement *a)
{
	struct ck_error err;

	memset(a, 0, sizeof *a);
	if (ks_reqs_parse(c->require, &a->req, &a->nreq, &err) < 0 ||
	    ks_trust_load(t, c->trusted_path, &err) < 0) {
		ck_warn_error(&err);
		ks_reqs_free(a->req, a->nreq);
		return -1;
	}
	return 0;
}

int
ks_cmd_status(struct ks_ctx *c)
{
	struct ks_trust t = { NULL, 0 };
	struct agreement a;
	int rc = CK_EXIT_OK;

	if (open_common(c, &t, &a) < 0)
		return CK_EXIT_TROUBLE;
	for (int i = 0; i < c->argc; i++) {
		if (evaluate(c, &t, c->argv[i], &a) < 0) {
			rc = CK_EXIT_TROUBLE;
			continue;
		}
		report(c, c->argv[i], &a);
		if (rc != CK_EXIT_TROUBLE &&
		    (a.bad || (a.st.state != KS_EXECUTED &&
			       a.st.state != KS_EXPIRING)))
			rc = CK_EXIT_TRIP;
	}
	ks_reqs_free(a.req, a.nreq);
	ks_trust_release(&t);
	return rc;
}

struct due_walk {
	struct ks_ctx *c;
	struct ks_trust *t;
	struct agreement *a;
	int rc;
};

static void
due_one(struct due_walk *w, const char *p)
{
	size_t n = strlen(p);
	struct ck_time horizon;
	char *doc;

	if (n <= 5 || strcmp(p + n - 5, ".ksig") != 0)
		return;
	if ((doc = strndup(p, n - 5)) == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	if (evaluate(w->c, w->t, doc, w->a) < 0) {
		w->rc = CK_EXIT_TROUBLE;
	} else if (w->a->st.state >= KS_EXECUTED) {
		ks_duration_add(&w->c->now, &w->c->within, &horizon);
		if (w->a->st.state == KS_EXPIRED ||
		    ks_time_cmp(&w->a->st.expires, &horizon) <= 0) {
			report(w->c, doc, w->a);
			if (w->rc == CK_EXIT_OK)
				w->rc = CK_EXIT_TRIP;
		}
	}
	free(doc);
}

static int
due_err(const struct ck_error *err, void *arg)
{
	struct due_walk *w = arg;

	ck_warn_error(err);
	w->rc = CK_EXIT_TROUBLE;
	return 0;
}

int
ks_cmd_due(struct ks_ctx *c)
{
	struct ks_trust t = { NULL, 0 };
	struct agreement a;
	struct ck_walk_opts wo;
	struct due_walk w = { c, &t, &a, CK_EXIT_OK };
	struct ck_walk_list list = { NULL, 0 };

	if (open_common(c, &t, &a) < 0)
		return CK_EXIT_TROUBLE;
	/* "expiring" in the report means within --within here */
	c->warn = c->within;
	ck_walk_opts_default(&wo);
	wo.archives = 0;
	wo.decompress = 0;
	if (ck_walk_expand((const char *const *)c->argv, (size_t)c->argc,
			   &wo, &list, due_err, &w) < 0)
		w.rc = CK_EXIT_TROUBLE;
	for (size_t i = 0; i < list.n; i++)
		due_one(&w, list.paths[i]);
	ck_walk_list_free(&list);
	ks_reqs_free(a.req, a.nreq);
	ks_trust_release(&t);
	return w.rc;
}
