/* mlflow.c -- lineage mlflow-export: the runs of the log in MLflow's file
 * store layout (mlruns/), as `mlflow ui --backend-store-uri DIR` reads
 * it: one experiment per job, one run per OpenLineage run, params,
 * metrics (timestamp value step), tags and an artifacts directory.
 *
 * The tree is built beside DIR and renamed into place, so DIR appears
 * whole or not at all. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/canon.h"
#include "common/timefmt.h"
#include "lineage/cmd.h"

/* MLflow RunStatus values (mlflow/protos/service.proto) */
enum { MLF_RUNNING = 1, MLF_FINISHED = 3, MLF_FAILED = 4, MLF_KILLED = 5 };

struct mlrun {
	char id[33];		/* the UUID without dashes, as MLflow's */
	char uuid[37];
	int exp;
	int64_t start, end;	/* ms since the epoch, 0 unknown */
	int status;
	json_t *params;		/* key -> string */
	json_t *metrics;	/* key -> number */
	json_t *tags;		/* key -> string */
};

struct mlstate {
	json_t *jobs;		/* "ns/name" -> experiment id */
	struct mlrun *runs;
	size_t n, cap;
	json_t *byid;		/* runId -> index */
};

static int64_t
ms_of(const char *t)
{
	struct ck_time tm;

	if (t == NULL || ck_time_parse(t, &tm) < 0)
		return 0;
	return tm.sec * 1000 + tm.usec / 1000;
}

static void
tag(struct mlrun *r, const char *k, json_t *v)
{
	if (v != NULL)
		json_object_set_new(r->tags, k, v);
}

static int
take_run(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct mlstate *m = arg;
	json_t *run = json_object_get(ev, "run"), *job, *facets, *x, *v, *idx;
	const char *rid = json_string_value(json_object_get(run, "runId"));
	const char *type = json_string_value(json_object_get(ev, "eventType"));
	int64_t t = ms_of(json_string_value(json_object_get(ev, "eventTime")));
	struct mlrun *r;
	char *jname;
	size_t i;

	(void)lineno;
	if (rid == NULL)
		return 0;
	job = json_object_get(ev, "job");
	if ((idx = json_object_get(m->byid, rid)) == NULL) {
		if (m->n == m->cap) {
			size_t nc = m->cap ? m->cap * 2 : 64;
			struct mlrun *nr = realloc(m->runs, nc * sizeof(*nr));

			if (nr == NULL)
				return ck_error_set(err, ENOMEM,
						    "out of memory");
			m->runs = nr;
			m->cap = nc;
		}
		r = &m->runs[m->n];
		memset(r, 0, sizeof(*r));
		snprintf(r->uuid, sizeof(r->uuid), "%s", rid);
		for (const char *p = rid; *p && strlen(r->id) < 32; p++)
			if (*p != '-')
				r->id[strlen(r->id)] = (char)(*p | 0x20);
		jname = NULL;
		if (asprintf(&jname, "%s/%s",
			     json_string_value(json_object_get(job,
							       "namespace")),
			     json_string_value(json_object_get(job, "name"))) <
		    0)
			return ck_error_set(err, ENOMEM, "out of memory");
		if ((x = json_object_get(m->jobs, jname)) == NULL) {
			x = json_integer((json_int_t)json_object_size(m->jobs) +
					 1);
			json_object_set_new(m->jobs, jname, x);
		}
		r->exp = (int)json_integer_value(x);
		r->params = json_object();
		r->metrics = json_object();
		r->tags = json_object();
		r->status = MLF_RUNNING;
		tag(r, "mlflow.runName", json_string(jname));
		tag(r, "openlineage.runId", json_string(rid));
		free(jname);
		json_object_set_new(m->byid, rid, json_integer((json_int_t)m->n));
		m->n++;
	} else {
		r = &m->runs[json_integer_value(idx)];
	}
	if (r->start == 0 || (t != 0 && t < r->start))
		r->start = t;
	if (type != NULL) {
		int st = strcmp(type, "COMPLETE") == 0 ? MLF_FINISHED :
			 strcmp(type, "FAIL") == 0 ? MLF_FAILED :
			 strcmp(type, "ABORT") == 0 ? MLF_KILLED : 0;

		if (st != 0) {
			r->status = st;
			r->end = t;
		}
	}
	facets = json_object_get(run, "facets");
	x = json_object_get(json_object_get(facets, "executionParameters"),
			    "parameters");
	json_array_foreach(x, i, v)
		if (json_is_string(json_object_get(v, "key")))
			json_object_set(r->params,
				json_string_value(json_object_get(v, "key")),
				json_object_get(v, "value") ?
				json_object_get(v, "value") : json_string(""));
	x = json_object_get(json_object_get(facets, "complykit_metrics"),
			    "metrics");
	json_array_foreach(x, i, v)
		if (json_is_string(json_object_get(v, "key")) &&
		    json_is_number(json_object_get(v, "value")))
			json_object_set(r->metrics,
				json_string_value(json_object_get(v, "key")),
				json_object_get(v, "value"));
	x = json_object_get(facets, "complykit_run");
	if ((v = json_object_get(x, "git_commit")) != NULL)
		tag(r, "mlflow.source.git.commit", json_copy(v));
	if ((v = json_object_get(x, "command")) != NULL && json_is_array(v)) {
		struct ck_buf b = CK_BUF_INIT;
		json_t *a;

		json_array_foreach(v, i, a)
			if (json_is_string(a)) {
				if (i > 0)
					ck_buf_append_char(&b, ' ');
				ck_buf_append_str(&b, json_string_value(a));
			}
		tag(r, "mlflow.source.name", json_string(b.data ? b.data : ""));
		ck_buf_release(&b);
	}
	return 0;
}

/* A name MLflow may use as a file name: no '/', no leading '.', no NUL.
 * Others are refused (the export stops) rather than renamed. */
static int
key_ok(const char *k)
{
	return *k != '\0' && *k != '.' && strchr(k, '/') == NULL &&
	       strlen(k) < 250;
}

static int
wfile(const char *dir, const char *name, const char *text,
      struct ck_error *err)
{
	char *path;
	int rc;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	rc = ck_atomic_write(path, text, strlen(text), 0644, err);
	free(path);
	return rc;
}

static int
mkdirf(struct ck_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
mkdirf(struct ck_error *err, const char *fmt, ...)
{
	va_list ap;
	char *path;
	int rc = 0;

	va_start(ap, fmt);
	if (vasprintf(&path, fmt, ap) < 0) {
		va_end(ap);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	va_end(ap);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		rc = ck_error_set(err, errno, "cannot create %s", path);
	free(path);
	return rc;
}

/* YAML scalar in single quotes ('' for a quote), as MLflow's PyYAML
 * writes strings that need it. */
static void
yq(struct ck_buf *b, const char *s)
{
	ck_buf_append_char(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			ck_buf_append_char(b, '\'');
		ck_buf_append_char(b, *s == '\n' ? ' ' : *s);
	}
	ck_buf_append_char(b, '\'');
}

static int
write_run(const char *root, const char *absroot, const struct mlrun *r,
	  struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	char *dir = NULL, *sub = NULL;
	const char *k;
	json_t *v;
	int rc = -1;

	if (asprintf(&dir, "%s/%d/%s", root, r->exp, r->id) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (mkdirf(err, "%s", dir) < 0 ||
	    mkdirf(err, "%s/params", dir) < 0 ||
	    mkdirf(err, "%s/metrics", dir) < 0 ||
	    mkdirf(err, "%s/tags", dir) < 0 ||
	    mkdirf(err, "%s/artifacts", dir) < 0)
		goto out;
	ck_buf_appendf(&b, "artifact_uri: file://%s/%d/%s/artifacts\n"
		       "end_time: %lld\nentry_point_name: ''\n"
		       "experiment_id: '%d'\nlifecycle_stage: active\n"
		       "run_id: '%s'\nrun_name: ", absroot, r->exp, r->id,
		       (long long)(r->end ? r->end : r->start), r->exp, r->id);
	yq(&b, json_string_value(json_object_get(r->tags, "mlflow.runName")));
	ck_buf_appendf(&b, "\nrun_uuid: '%s'\nsource_name: ''\nsource_type: 4\n"
		       "source_version: ''\nstart_time: %lld\nstatus: %d\n"
		       "tags: []\nuser_id: lineage\n", r->id,
		       (long long)r->start, r->status);
	if (wfile(dir, "meta.yaml", b.data, err) < 0)
		goto out;
	free(sub);
	if (asprintf(&sub, "%s/params", dir) < 0)
		goto nomem;
	json_object_foreach(r->params, k, v) {
		if (!key_ok(k)) {
			ck_error_set(err, 0, "run %s: param '%s' cannot be "
				     "an MLflow file name", r->uuid, k);
			goto out;
		}
		if (wfile(sub, k, json_string_value(v) ?
			  json_string_value(v) : "", err) < 0)
			goto out;
	}
	free(sub);
	if (asprintf(&sub, "%s/metrics", dir) < 0)
		goto nomem;
	json_object_foreach(r->metrics, k, v) {
		char num[32], *line;

		if (!key_ok(k)) {
			ck_error_set(err, 0, "run %s: metric '%s' cannot be "
				     "an MLflow file name", r->uuid, k);
			goto out;
		}
		if (ck_canon_number(json_number_value(v), num) < 0)
			snprintf(num, sizeof(num), "0");
		/* FileStore: "timestamp value step" per line */
		if (asprintf(&line, "%lld %s 0\n",
			     (long long)(r->end ? r->end : r->start), num) < 0)
			goto nomem;
		rc = wfile(sub, k, line, err);
		free(line);
		if (rc < 0)
			goto out;
		rc = -1;
	}
	free(sub);
	if (asprintf(&sub, "%s/tags", dir) < 0)
		goto nomem;
	json_object_foreach(r->tags, k, v)
		if (wfile(sub, k, json_string_value(v), err) < 0)
			goto out;
	rc = 0;
	goto out;
nomem:
	ck_error_set(err, ENOMEM, "out of memory");
out:
	free(dir);
	free(sub);
	ck_buf_release(&b);
	return rc;
}

static int
write_tree(const char *root, const char *absroot, struct mlstate *m,
	   struct ck_error *err)
{
	const char *name;
	json_t *v;

	if (mkdirf(err, "%s", root) < 0 || mkdirf(err, "%s/0", root) < 0 ||
	    mkdirf(err, "%s/.trash", root) < 0)
		return -1;
	/* MLflow expects the Default experiment 0 */
	json_object_set_new(m->jobs, "Default", json_integer(0));
	json_object_foreach(m->jobs, name, v) {
		struct ck_buf b = CK_BUF_INIT;
		char *dir;
		int rc;

		if (asprintf(&dir, "%s/%lld", root,
			     (long long)json_integer_value(v)) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		ck_buf_appendf(&b, "artifact_location: file://%s/%lld\n"
			       "creation_time: 0\nexperiment_id: '%lld'\n"
			       "last_update_time: 0\n"
			       "lifecycle_stage: active\nname: ", absroot,
			       (long long)json_integer_value(v),
			       (long long)json_integer_value(v));
		yq(&b, name);
		ck_buf_append_char(&b, '\n');
		rc = mkdirf(err, "%s", dir);
		if (rc == 0)
			rc = wfile(dir, "meta.yaml", b.data, err);
		ck_buf_release(&b);
		free(dir);
		if (rc < 0)
			return -1;
	}
	for (size_t i = 0; i < m->n; i++)
		if (write_run(root, absroot, &m->runs[i], err) < 0)
			return -1;
	return 0;
}

static void
rm_tree(const char *path)
{
	char *cmd;

	/* only ever our own temporary, named below */
	if (asprintf(&cmd, "rm -rf '%s'", path) >= 0) {
		if (system(cmd) != 0)
			ck_warn("cannot remove %s", path);
		free(cmd);
	}
}

int
ln_cmd_mlflow_export(struct ln_ctx *c)
{
	struct mlstate m = { json_object(), NULL, 0, 0, json_object() };
	struct ck_error err;
	struct ln_store s;
	char *tmp = NULL, *abs = NULL, *cwd = NULL;
	const char *to = c->to;
	struct stat sb;
	int rc = CK_EXIT_TROUBLE;

	ck_error_clear(&err);
	if (strchr(to, '\'') != NULL) {
		ck_warn("mlflow-export: --to must not contain a quote");
		goto out;
	}
	if (lstat(to, &sb) == 0) {
		ck_warn("mlflow-export: %s exists (give a new directory)", to);
		goto out;
	}
	if (ln_store_open(&s, c->store_opt, 0, &err) < 0)
		goto fail;
	rc = ln_store_scan(&s, take_run, &m, &err);
	ln_store_release(&s);
	rc = CK_EXIT_TROUBLE;
	if (err.msg[0] != '\0')
		goto fail;
	cwd = getcwd(NULL, 0);
	if (cwd == NULL ||
	    asprintf(&abs, "%s%s%s", to[0] == '/' ? "" : cwd,
		     to[0] == '/' ? "" : "/", to) < 0 ||
	    asprintf(&tmp, "%s.tmp-%ld", to, (long)getpid()) < 0) {
		ck_warn("out of memory");
		goto out;
	}
	if (write_tree(tmp, abs, &m, &err) < 0) {
		rm_tree(tmp);
		goto fail;
	}
	if (rename(tmp, to) < 0) {
		ck_error_set(&err, errno, "cannot rename %s to %s", tmp, to);
		rm_tree(tmp);
		goto fail;
	}
	if (ck_fsync_parent(to, &err) < 0)
		goto fail;
	{
		json_t *rec = json_pack("{s:s, s:s, s:I, s:I}", "kind",
			"mlflow-export", "to", to, "experiments",
			(json_int_t)json_object_size(m.jobs), "runs",
			(json_int_t)m.n);
		char text[256];

		snprintf(text, sizeof(text), "wrote %zu runs of %zu experiments "
			 "to %s", m.n, json_object_size(m.jobs), to);
		rc = ln_emit(c, rec, text) < 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
		json_decref(rec);
	}
	goto out;
fail:
	ck_warn_error(&err);
out:
	for (size_t i = 0; i < m.n; i++) {
		json_decref(m.runs[i].params);
		json_decref(m.runs[i].metrics);
		json_decref(m.runs[i].tags);
	}
	free(m.runs);
	json_decref(m.jobs);
	json_decref(m.byid);
	free(tmp);
	free(abs);
	free(cwd);
	return rc;
}
