/* util.c -- what the commands share: output, opening the store, audit
 * events, metadata, scanning a working tree, loading a manifest. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/buf.h"
#include "common/jsonl.h"
#include "common/timefmt.h"
#include "common/yaml.h"
#include "dsver/dsver.h"

int
ds_emit(struct ds_ctx *c, json_t *rec, const char *text)
{
	struct ck_error err;

	if (c->format == DS_JSONL) {
		if (ck_jsonl_write(c->out, rec, &err) < 0) {
			ck_warn_error(&err);
			return -1;
		}
		return 0;
	}
	if (text == NULL)
		return 0;
	if (fputs(text, c->out) < 0 || fputc('\n', c->out) < 0 ||
	    fflush(c->out) != 0) {
		ck_warn_errno(errno, "cannot write output");
		return -1;
	}
	return 0;
}

int
ds_open(struct ds_ctx *c, struct ds_repo *r, int lock)
{
	struct ck_error err;
	char *dir = ds_repo_locate(c->store_opt, &err);

	if (dir == NULL || ds_repo_open(r, dir, lock, &err) < 0) {
		ck_warn_error(&err);
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

int64_t
ds_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
ds_audit(struct ds_ctx *c, const char *action, const char *id, json_t *data,
	 int64_t started_ms)
{
	char now[CK_TIME_LEN], act[64];
	struct ck_time t;
	struct ck_error err;
	json_t *ev;
	int rc = 0;

	if (c->audit == NULL) {
		json_decref(data);
		return 0;
	}
	if (ck_time_now(&t) < 0) {
		json_decref(data);
		ck_warn("invalid COMPLYKIT_NOW");
		return -1;
	}
	ck_time_format(&t, now);
	snprintf(act, sizeof(act), "dsver.%s", action);
	ev = json_pack("{s:s, s:{s:s}, s:s, s:o, s:s, s:s, s:I, s:o}",
		       "time", now, "actor", "id", ck_audit_actor(), "action", act,
		       "target", id != NULL ?
		       json_pack("{s:s, s:s}", "type", "dataset_snapshot",
				 "sha256", id) :
		       json_pack("{s:s}", "type", "dataset_store"),
		       "outcome", "success", "agent", "dsver (complykit) "
		       PACKAGE_VERSION, "duration_ms",
		       (json_int_t)(ds_now_ms() - started_ms), "data",
		       data ? data : json_object());
	if (ev == NULL) {
		ck_warn("out of memory");
		return -1;
	}
	ck_error_clear(&err);
	if (ck_audit_emit(c->audit, ev, stdout, &err) < 0) {
		if (strcmp(c->audit, "-") == 0)
			ck_warn_error(&err);
		else
			ck_warn("audit log %s: %s", c->audit, err.msg);
		rc = -1;
	}
	json_decref(ev);
	return rc;
}

/* Known metadata keys and what they must be; others pass through. */
static int
meta_check(const char *name, const struct ck_yaml_doc *doc, json_t *root,
	   struct ck_error *err)
{
	static const char *const strs[] = { "title", "description", "owner",
					    "licence", "license", "retention" };
	const char *k;
	json_t *v;

	json_object_foreach(root, k, v) {
		for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
			if (strcmp(k, strs[i]) == 0 && !json_is_string(v))
				return ck_error_set(err, 0, "%s:%lu: '%s' must "
						    "be a string", name,
						    doc ? ck_yaml_line(doc, v)
							: 0, k);
		if (strcmp(k, "deidentification") == 0 &&
		    !json_is_string(v) &&
		    !(json_is_object(v) &&
		      json_is_string(json_object_get(v, "status"))))
			return ck_error_set(err, 0, "%s:%lu: 'deidentification' "
					    "must be a status string or a "
					    "mapping with 'status' (and "
					    "'report')", name,
					    doc ? ck_yaml_line(doc, v) : 0);
	}
	return 0;
}

json_t *
ds_meta_load(const char **args, size_t n, struct ck_error *err)
{
	json_t *meta = json_object();

	for (size_t i = 0; i < n; i++) {
		const char *a = args[i], *eq = strchr(a, '=');
		struct ck_yaml_doc *doc;
		json_t *root;
		struct stat st;

		if (eq != NULL && eq > a && memchr(a, '/', (size_t)(eq - a)) ==
		    NULL && stat(a, &st) < 0) {
			char *k = strndup(a, (size_t)(eq - a));

			json_object_set_new(meta, k, json_string(eq + 1));
			free(k);
			if (meta_check("--meta", NULL, meta, err) < 0)
				goto fail;
			continue;
		}
		doc = ck_yaml_load_file(a, err);
		if (doc == NULL)
			goto fail;
		root = ck_yaml_root(doc);
		if (!json_is_object(root)) {
			ck_error_set(err, 0, "%s:%lu: metadata must be a "
				     "mapping of keys to values", a,
				     ck_yaml_line(doc, root) ?
				     ck_yaml_line(doc, root) : 1);
			ck_yaml_free(doc);
			goto fail;
		}
		if (meta_check(a, doc, root, err) < 0) {
			ck_yaml_free(doc);
			goto fail;
		}
		json_object_update(meta, root);
		ck_yaml_free(doc);
	}
	return meta;
fail:
	json_decref(meta);
	return NULL;
}

int
ds_scan_worktree(struct ds_ctx *c, struct ds_repo *r, const char *dir,
		 struct ds_scan *out, struct ck_error *err)
{
	struct ds_scan_opts o;
	struct ck_statcache *cache = NULL;
	struct stat st;
	char *cp;
	int rc;

	memset(&o, 0, sizeof(o));
	o.jobs = c->jobs;
	o.quiet_special = 1;
	if (stat(r->dir, &st) == 0) {
		o.skip_dev = st.st_dev;
		o.skip_ino = st.st_ino;
	}
	if (!c->full) {
		struct ck_error e2;

		cp = ds_repo_cache_path(r, dir);
		cache = cp ? ck_statcache_load(cp, &e2) : NULL;
		free(cp);
		o.old = cache;
	}
	rc = ds_scan_tree(dir, &o, out, err);
	ck_statcache_free(cache);
	return rc;
}

int
ds_load_entries(struct ds_repo *r, const char *hex, struct ds_scan *out,
		json_t **header, struct ck_error *err)
{
	char *p = ds_repo_snap_path(r, hex);
	struct ds_mreader *m = p ? ds_mreader_open(p, hex, err) : NULL;
	const struct ds_entry *e;
	int rc;

	free(p);
	memset(out, 0, sizeof(*out));
	if (m == NULL)
		return -1;
	while ((rc = ds_mreader_next(m, &e, err)) > 0) {
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 256;
			void *np = realloc(out->e, cap * sizeof(*out->e));

			if (np == NULL) {
				rc = ck_error_set(err, ENOMEM, "out of memory");
				break;
			}
			out->e = np;
			out->cap = cap;
		}
		out->e[out->n] = *e;
		out->e[out->n].path = malloc(e->len + 1);
		if (out->e[out->n].path == NULL) {
			rc = ck_error_set(err, ENOMEM, "out of memory");
			break;
		}
		memcpy(out->e[out->n].path, e->path, e->len + 1);
		out->bytes += e->size;
		out->n++;
	}
	if (rc == 0 && header != NULL)
		*header = json_incref(ds_mreader_header(m));
	ds_mreader_free(m);
	if (rc < 0) {
		ds_scan_release(out);
		return -1;
	}
	return 0;
}
