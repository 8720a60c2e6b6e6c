/* verify.c -- dsver verify: a working tree against a snapshot (stat
 * check through the cache, or --full re-hash), or --store: every object
 * re-hashed, every manifest re-read against its id, every reference
 * resolved.  Each problem is one record naming the path or object; any
 * problem exits 1. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "dsver/diffcore.h"
#include "dsver/dsver.h"

struct vctx {
	struct ds_ctx *c;
	long bad;
	int out_err;
};

static void
report(struct vctx *v, const char *what, const char *name,
       const char *reason)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "kind", "bad", what, name,
			      "reason", reason);
	struct ck_buf t = CK_BUF_INIT;

	ck_buf_appendf(&t, "BAD %s %s: %s", what, name, reason);
	if (ds_emit(v->c, o, t.data) < 0)
		v->out_err = 1;
	json_decref(o);
	ck_buf_release(&t);
	v->bad++;
}

static void
bad_object(void *arg, const char *what, const char *reason)
{
	report(arg, strchr(what, '/') ? "file" : "object", what, reason);
}

/* Re-reads one manifest; checks its objects exist (all), or re-hashes
 * them (deep, for verify --store ID). */
static void
check_snapshot(struct vctx *v, struct ds_repo *r, const char *hex, int deep)
{
	char *p = ds_repo_snap_path(r, hex);
	struct ds_mreader *m;
	const struct ds_entry *e;
	struct ck_error err;
	int rc, stored;

	m = p ? ds_mreader_open(p, hex, &err) : NULL;
	free(p);
	if (m == NULL) {
		report(v, "snapshot", hex, err.msg);
		return;
	}
	stored = json_is_true(json_object_get(ds_mreader_header(m), "store"));
	while ((rc = ds_mreader_next(m, &e, &err)) > 0) {
		char sha[CK_SHA256_HEXLEN + 1], *shown;
		struct ck_error e2;

		if (!stored)
			continue;
		if (deep ? ck_store_read(r->store, e->sha, NULL, NULL, NULL,
					 &e2) == 0
			 : ck_store_has(r->store, e->sha))
			continue;
		/* a snapshot written since the store was opened may name a
		 * pack published since then */
		if (!deep && ck_store_refresh(r->store, &e2) == 0 &&
		    ck_store_has(r->store, e->sha))
			continue;
		ck_hex_encode(e->sha, CK_SHA256_LEN, sha);
		shown = ds_path_display(e->path, e->len);
		{
			struct ck_buf t = CK_BUF_INIT;

			ck_buf_appendf(&t, "snapshot %.12s: %s", hex,
				       deep ? e2.msg : "object missing");
			(void)sha;
			report(v, "path", shown, t.data);
			ck_buf_release(&t);
		}
		free(shown);
	}
	if (rc < 0)
		report(v, "snapshot", hex, err.msg);
	ds_mreader_free(m);
}

static int
verify_store(struct ds_ctx *c, struct ds_repo *r)
{
	struct vctx v = { c, 0, 0 };
	struct ck_error err;
	char hex[CK_SHA256_HEXLEN + 1];
	json_t *tags;
	const char *k;
	json_t *val;

	if (c->argc == 1) {
		if (ds_repo_resolve(r, c->argv[0], hex, &err) < 0) {
			ck_warn_error(&err);
			return CK_EXIT_TROUBLE;
		}
		check_snapshot(&v, r, hex, 1);
	} else {
		char *sd;
		DIR *d;
		struct dirent *de;

		if (ck_store_check(r->store, bad_object, &v, &err) < 0) {
			ck_warn_error(&err);
			return CK_EXIT_TROUBLE;
		}
		if (asprintf(&sd, "%s/snapshots", r->dir) < 0)
			return CK_EXIT_TROUBLE;
		d = opendir(sd);
		free(sd);
		if (d == NULL) {
			ck_warn_errno(errno, "cannot read %s/snapshots", r->dir);
			return CK_EXIT_TROUBLE;
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			if (strlen(de->d_name) != CK_SHA256_HEXLEN) {
				report(&v, "file", de->d_name,
				       "not a snapshot name");
				continue;
			}
			check_snapshot(&v, r, de->d_name, 0);
		}
		closedir(d);
		tags = ds_repo_tags(r, &err);
		if (tags == NULL) {
			ck_warn_error(&err);
			return CK_EXIT_TROUBLE;
		}
		json_object_foreach(tags, k, val) {
			char *p = ds_repo_snap_path(r, json_string_value(val));

			if (p != NULL && access(p, F_OK) != 0)
				report(&v, "tag", k, "names a missing snapshot");
			free(p);
		}
		json_decref(tags);
	}
	if (v.out_err)
		return CK_EXIT_TROUBLE;
	if (v.bad == 0)
		ck_info("store %s verified", r->dir);
	return v.bad > 0 ? CK_EXIT_TRIP : CK_EXIT_OK;
}

int
ds_cmd_verify(struct ds_ctx *c)
{
	struct ds_repo r;
	struct ds_diff d;
	struct ck_error err;
	char hex[CK_SHA256_HEXLEN + 1];
	int rc = CK_EXIT_TROUBLE;

	if (ds_open(c, &r, 0) < 0)
		return CK_EXIT_TROUBLE;
	if (c->check_store) {
		rc = verify_store(c, &r);
		ds_repo_close(&r);
		return rc;
	}
	ds_diff_init(&d);
	if (ds_repo_resolve(&r, c->argc ? c->argv[0] : "latest", hex,
			    &err) < 0 ||
	    ds_diff_compute(c, &r, hex, NULL, c->tree, &d, &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	if (ds_diff_print(&d, c) < 0)
		goto out;
	rc = d.nrec > 0 ? CK_EXIT_TRIP : CK_EXIT_OK;
out:
	ds_diff_release(&d);
	ds_repo_close(&r);
	return rc;
}
