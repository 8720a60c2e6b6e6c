/* record.c -- lineage record and lineage run: one run as OpenLineage
 * events appended to the log.
 *
 * record writes one COMPLETE (or FAIL) event for a run that happened
 * elsewhere; run writes START before the command and COMPLETE or FAIL
 * after it, with the command line, exit status, duration, git commit,
 * tool versions and a hash of the environment (complykit_run facet). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/canon.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "common/timefmt.h"
#include "lineage/cmd.h"

extern char **environ;

#define F_VERSION "https://openlineage.io/spec/facets/1-0-1/" \
	"DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet"
#define F_PARAMS "https://openlineage.io/spec/facets/1-0-0/" \
	"ExecutionParametersRunFacet.json#/$defs/ExecutionParametersRunFacet"
#define F_ERROR "https://openlineage.io/spec/facets/1-0-1/" \
	"ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet"
#define F_ENGINE "https://openlineage.io/spec/facets/1-1-1/" \
	"ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet"
#define F_SOURCE "https://openlineage.io/spec/facets/1-0-1/" \
	"DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet"
#define F_SCHEMA "https://openlineage.io/spec/facets/1-2-0/" \
	"SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
#define F_JOBTYPE "https://openlineage.io/spec/facets/2-0-4/" \
	"JobTypeJobFacet.json#/$defs/JobTypeJobFacet"

/* SHA-256 of a regular file's bytes as "sha256:HEX"; NULL when path is
 * not a regular file (a directory is versioned by dsver, not here). */
static char *
file_version(const char *path, struct ck_error *err)
{
	unsigned char buf[65536], md[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1], *v;
	struct ck_sha256 *h;
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		ck_error_set(err, errno, "cannot open %s", path);
		return NULL;
	}
	if ((h = ck_sha256_new()) == NULL) {
		close(fd);
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		ck_sha256_update(h, buf, (size_t)n);
	if (n < 0) {
		ck_error_set(err, errno, "cannot read %s", path);
		ck_sha256_free(h);
		close(fd);
		return NULL;
	}
	ck_sha256_final(h, md);
	ck_sha256_free(h);
	close(fd);
	ck_hex_encode(md, CK_SHA256_LEN, hex);
	if ((v = malloc(8 + CK_SHA256_HEXLEN)) != NULL)
		sprintf(v, "sha256:%s", hex);
	return v;
}

/* Sets (consumes) facet name of dataset ds. */
static void
set_facet(json_t *ds, const char *name, json_t *f)
{
	json_t *facets = json_object_get(ds, "facets");

	if (facets == NULL) {
		facets = json_object();
		json_object_set_new(ds, "facets", facets);
	}
	json_object_set_new(facets, name, f);
}

static void
set_version(json_t *ds, const char *version)
{
	json_t *f = ln_facet(F_VERSION);

	json_object_set_new(f, "datasetVersion", json_string(version));
	set_facet(ds, "version", f);
}

/* dataSource: the namespace, when it is a URI (postgres://db:5432). */
static void
set_source(json_t *ds)
{
	const char *ns = json_string_value(json_object_get(ds, "namespace"));
	json_t *f;

	if (ns == NULL || strstr(ns, "://") == NULL)
		return;
	f = ln_facet(F_SOURCE);
	json_object_set_new(f, "name", json_string(ns));
	json_object_set_new(f, "uri", json_string(ns));
	set_facet(ds, "dataSource", f);
}

/* schema: the CSV columns dsver found ({"csv":{"file":{"columns":
 * [{"name","type"}]}}}), one nested field per file. */
static void
set_schema_from_dsver(json_t *ds, const json_t *meta)
{
	json_t *csv = json_object_get(meta, "csv"), *desc, *fields, *f;
	const char *file;

	if (!json_is_object(csv) || json_object_size(csv) == 0)
		return;
	fields = json_array();
	json_object_foreach(csv, file, desc) {
		json_t *cols = json_object_get(desc, "columns"), *col;
		json_t *sub = json_array();
		size_t i;

		json_array_foreach(cols, i, col) {
			const char *n = json_string_value(json_object_get(col,
								  "name"));
			const char *t = json_string_value(json_object_get(col,
								  "type"));

			if (n == NULL)
				continue;
			f = json_pack("{s:s, s:I}", "name", n,
				      "ordinal_position", (json_int_t)i + 1);
			if (t != NULL)
				json_object_set_new(f, "type", json_string(t));
			json_array_append_new(sub, f);
		}
		json_array_append_new(fields, json_pack("{s:s, s:s, s:o}",
			"name", file, "type", "csv", "fields", sub));
	}
	f = ln_facet(F_SCHEMA);
	json_object_set_new(f, "fields", fields);
	set_facet(ds, "schema", f);
}

struct piped {
	json_t *list;
};

/* A piped record: a dsver snapshot record (its id becomes the dataset
 * version) or an OpenLineage dataset object. */
static int
take_piped(json_t *rec, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct piped *p = arg;
	const char *kind = json_string_value(json_object_get(rec, "kind"));
	const char *id = json_string_value(json_object_get(rec, "id"));
	const char *src = json_string_value(json_object_get(rec, "source"));
	json_t *ds;

	if (kind != NULL && strcmp(kind, "snapshot") == 0) {
		json_t *f;
		static const char *const keep[] = { "time", "files", "bytes",
			"tags", "parent" };
		unsigned char raw[CK_SHA256_LEN];

		/* a dsver snapshot id is the SHA-256 of its manifest */
		if (id == NULL || strlen(id) != CK_SHA256_HEXLEN ||
		    ck_hex_decode(id, CK_SHA256_HEXLEN, raw, sizeof(raw)) < 0)
			return ck_error_set(err, 0, "<stdin>:%lu: snapshot "
					    "record without a 64-hex 'id'",
					    lineno);
		if (src == NULL)
			return ck_error_set(err, 0, "<stdin>:%lu: snapshot "
					    "record without a 'source'",
					    lineno);

		if ((ds = ln_dataset_from_arg(src, err)) == NULL) {
			ck_error_prefix(err, "<stdin>:%lu", lineno);
			return -1;
		}
		set_version(ds, id);
		set_schema_from_dsver(ds, json_object_get(rec, "meta"));
		f = ln_facet_ck("complykit_dsver");
		json_object_set_new(f, "snapshot", json_string(id));
		for (size_t i = 0; i < sizeof(keep) / sizeof(*keep); i++) {
			json_t *v = json_object_get(rec, keep[i]);

			if (v != NULL)
				json_object_set(f, keep[i], v);
		}
		json_object_set_new(json_object_get(ds, "facets"),
				    "complykit_dsver", f);
	} else if (json_is_string(json_object_get(rec, "namespace")) &&
		   json_is_string(json_object_get(rec, "name"))) {
		ds = json_deep_copy(rec);
	} else {
		return ck_error_set(err, 0, "<stdin>:%lu: neither a dsver "
				    "snapshot record nor an OpenLineage "
				    "dataset", lineno);
	}
	json_array_append_new(p->list, ds);
	return 0;
}

static json_t *
datasets(const char **args, size_t n, int *stdin_used, struct ck_error *err)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *ds;
		char *ver;

		if (strcmp(args[i], "-") == 0) {
			struct piped p = { list };

			if ((*stdin_used)++) {
				ck_error_set(err, 0, "standard input given "
					     "twice");
				goto fail;
			}
			if (ln_scan_stream(stdin, "-", 0, take_piped, &p,
					   err) < 0)
				goto fail;
			continue;
		}
		if ((ds = ln_dataset_from_arg(args[i], err)) == NULL)
			goto fail;
		json_array_append_new(list, ds);
		set_source(ds);
		if (strcmp(json_string_value(json_object_get(ds, "namespace")),
			   "file") != 0)
			continue;
		ck_error_clear(err);
		ver = file_version(args[i], err);
		if (ver == NULL && err->msg[0] != '\0')
			goto fail;
		if (ver != NULL)
			set_version(ds, ver);
		free(ver);
	}
	return list;
fail:
	json_decref(list);
	return NULL;
}

static json_t *
run_facets(struct ln_ctx *c)
{
	json_t *facets = json_object();
	json_t *eng = ln_facet(F_ENGINE);

	json_object_set_new(eng, "name", json_string("complykit lineage"));
	json_object_set_new(eng, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(facets, "processing_engine", eng);

	if (c->nparams > 0) {
		json_t *f = ln_facet(F_PARAMS), *a = json_array();

		for (size_t i = 0; i < c->nparams; i++) {
			const char *eq = strchr(c->params[i], '=');

			json_array_append_new(a, json_pack("{s:s%, s:s}",
				"key", c->params[i],
				(size_t)(eq - c->params[i]), "value", eq + 1));
		}
		json_object_set_new(f, "parameters", a);
		json_object_set_new(facets, "executionParameters", f);
	}
	if (c->nmetrics > 0) {
		json_t *f = ln_facet_ck("complykit_metrics"), *a = json_array();

		for (size_t i = 0; i < c->nmetrics; i++) {
			const char *eq = strchr(c->metrics[i], '=');

			json_array_append_new(a, json_pack("{s:s%, s:f}",
				"key", c->metrics[i],
				(size_t)(eq - c->metrics[i]), "value",
				strtod(eq + 1, NULL)));
		}
		json_object_set_new(f, "metrics", a);
		json_object_set_new(facets, "complykit_metrics", f);
	}
	return facets;
}

static json_t *
make_event(struct ln_ctx *c, const char *type, const char *runid,
	   json_t *runfacets, json_t *in, json_t *out, struct ck_error *err)
{
	struct ck_time t;
	char when[CK_TIME_LEN], *ns, *name;
	json_t *ev, *jf;

	if (ck_time_now(&t) < 0) {
		ck_error_set(err, 0, "COMPLYKIT_NOW is not an RFC 3339 time");
		return NULL;
	}
	ck_time_format(&t, when);
	if (ln_job_split(c->job, &ns, &name) < 0) {
		ck_error_set(err, 0, "invalid --job '%s' (want NS/NAME)",
			     c->job);
		return NULL;
	}
	jf = json_object();
	json_object_set_new(jf, "jobType", json_pack("{s:s, s:s, s:s, s:s, "
		"s:s}", "_producer", LN_PRODUCER, "_schemaURL", F_JOBTYPE,
		"processingType", "BATCH", "integration", "COMPLYKIT",
		"jobType", "COMMAND"));
	ev = json_pack("{s:s, s:s, s:{s:s, s:o}, s:{s:s%, s:s, s:o}, "
		       "s:o, s:o, s:s, s:s}",
		       "eventType", type, "eventTime", when,
		       "run", "runId", runid, "facets", runfacets,
		       "job", "namespace", ns, strlen(ns), "name", name,
		       "facets", jf,
		       "inputs", in, "outputs", out,
		       "producer", LN_PRODUCER, "schemaURL", LN_SCHEMA_URL);
	free(ns);
	free(name);
	if (ev == NULL)
		ck_error_set(err, ENOMEM, "cannot build the event");
	return ev;
}

/* Checks, appends and prints events.  Consumes them. */
static int
commit(struct ln_ctx *c, struct ln_store *s, json_t **evs, size_t n,
       struct ck_error *err)
{
	char *lines[2] = { NULL, NULL };
	int rc = -1;

	for (size_t i = 0; i < n; i++) {
		if (ln_event_check(evs[i], err) < 0)
			goto out;
		if ((lines[i] = ck_json_compact(evs[i])) == NULL) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
	}
	if (ln_store_append(s, lines, n, err) < 0)
		goto out;
	rc = 0;
	for (size_t i = 0; i < n && !c->no_stdout; i++) {
		char text[160];
		json_t *r = json_object_get(evs[i], "run");

		snprintf(text, sizeof(text), "%s run:%s",
			 json_string_value(json_object_get(evs[i],
							   "eventType")),
			 json_string_value(json_object_get(r, "runId")));
		if (ln_emit(c, evs[i], text) < 0)
			rc = 1;
	}
out:
	for (size_t i = 0; i < n; i++) {
		free(lines[i]);
		json_decref(evs[i]);
	}
	return rc;
}

int
ln_cmd_record(struct ln_ctx *c)
{
	struct ck_error err;
	struct ln_store s;
	char runid[37];
	int stdin_used = 0, fail = c->status && strcmp(c->status, "fail") == 0;
	json_t *in = NULL, *out = NULL, *rf, *ev;
	int rc;

	ck_error_clear(&err);
	if (c->run_id != NULL)
		snprintf(runid, sizeof(runid), "%s", c->run_id);
	else if (ln_uuid_new(runid, &err) < 0)
		goto trouble;
	if ((in = datasets(c->inputs, c->ninputs, &stdin_used, &err)) == NULL ||
	    (out = datasets(c->outputs, c->noutputs, &stdin_used, &err)) ==
	    NULL)
		goto trouble;
	rf = run_facets(c);
	if (fail) {
		json_t *f = ln_facet(F_ERROR);

		json_object_set_new(f, "message", json_string("recorded as "
			"failed (lineage record --status fail)"));
		json_object_set_new(f, "programmingLanguage",
				    json_string("unknown"));
		json_object_set_new(rf, "errorMessage", f);
	}
	ev = make_event(c, fail ? "FAIL" : "COMPLETE", runid, rf, in, out,
			&err);
	in = out = NULL;
	if (ev == NULL)
		goto trouble;
	if (ln_store_open(&s, c->store_opt, 1, &err) < 0)
		goto trouble_ev;
	rc = commit(c, &s, &ev, 1, &err);
	ln_store_release(&s);
	if (rc < 0)
		goto trouble;
	return rc > 0 ? CK_EXIT_TROUBLE : fail ? CK_EXIT_TRIP : CK_EXIT_OK;
trouble_ev:
	json_decref(ev);
trouble:
	json_decref(in);
	json_decref(out);
	ck_warn_error(&err);
	return CK_EXIT_TROUBLE;
}

/* ---- run ----------------------------------------------------------- */

static char *
git_commit(void)
{
	char buf[128];
	FILE *p = popen("git rev-parse HEAD 2>/dev/null", "r");
	size_t n;

	if (p == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, p);
	if (pclose(p) != 0 || n < 40)
		return NULL;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return strdup(buf);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* SHA-256 over the sorted environment, NUL-separated: two runs in the
 * same environment compare equal without the values (which may hold
 * secrets) ever being written. */
static void
env_hash(char out[CK_SHA256_HEXLEN + 1])
{
	size_t n = 0;
	char **v;
	unsigned char md[CK_SHA256_LEN];
	struct ck_sha256 *h = ck_sha256_new();

	out[0] = '\0';
	for (char **e = environ; *e; e++)
		n++;
	if (h == NULL || (v = malloc((n ? n : 1) * sizeof(*v))) == NULL) {
		ck_sha256_free(h);
		return;
	}
	memcpy(v, environ, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++)
		ck_sha256_update(h, v[i], strlen(v[i]) + 1);
	ck_sha256_final(h, md);
	ck_sha256_free(h);
	free(v);
	ck_hex_encode(md, CK_SHA256_LEN, out);
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
ln_cmd_run(struct ln_ctx *c)
{
	struct ck_error err;
	struct ln_store s;
	struct utsname u;
	char runid[37], envh[CK_SHA256_HEXLEN + 1], *commit_id;
	int stdin_used = 0, status, exit_status = -1, sig = 0, rc;
	json_t *in = NULL, *out = NULL, *rf, *ev, *cf, *argv;
	int64_t t0;
	pid_t pid;

	ck_error_clear(&err);
	if (c->run_id != NULL)
		snprintf(runid, sizeof(runid), "%s", c->run_id);
	else if (ln_uuid_new(runid, &err) < 0)
		goto trouble;
	if (ln_store_open(&s, c->store_opt, 1, &err) < 0)
		goto trouble;
	if ((in = datasets(c->inputs, c->ninputs, &stdin_used, &err)) == NULL)
		goto trouble_s;
	argv = json_array();
	for (int i = 0; i < c->argc; i++)
		json_array_append_new(argv, json_string(c->argv[i]));
	cf = ln_facet_ck("complykit_run");
	json_object_set_new(cf, "command", argv);
	if ((commit_id = git_commit()) != NULL)
		json_object_set_new(cf, "git_commit", json_string(commit_id));
	free(commit_id);
	env_hash(envh);
	json_object_set_new(cf, "env_sha256", json_string(envh));
	json_object_set_new(cf, "tools", json_pack("{s:s}", "lineage",
						   PACKAGE_VERSION));
	if (uname(&u) == 0)
		json_object_set_new(json_object_get(cf, "tools"), "kernel",
				    json_sprintf("%s %s %s", u.sysname,
						 u.release, u.machine));
	rf = run_facets(c);
	json_object_set_new(rf, "complykit_run", json_deep_copy(cf));
	ev = make_event(c, "START", runid, rf, json_deep_copy(in), json_array(),
			&err);
	if (ev == NULL || commit(c, &s, &ev, 1, &err) != 0)
		goto trouble_cf;
	t0 = mono_ms();
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		ck_error_set(&err, errno, "cannot fork");
		goto trouble_cf;
	}
	if (pid == 0) {
		execvp(c->argv[0], c->argv);
		ck_warn_errno(errno, "cannot run %s", c->argv[0]);
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			ck_error_set(&err, errno, "cannot wait for %s",
				     c->argv[0]);
			goto trouble_cf;
		}
	if (WIFEXITED(status))
		exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		sig = WTERMSIG(status);
	json_object_set_new(cf, "duration_ms", json_integer(mono_ms() - t0));
	if (sig)
		json_object_set_new(cf, "signal", json_integer(sig));
	else
		json_object_set_new(cf, "exit_status",
				    json_integer(exit_status));
	/* outputs are hashed after the command wrote them */
	if ((out = datasets(c->outputs, c->noutputs, &stdin_used, &err)) ==
	    NULL)
		goto trouble_cf;
	rf = run_facets(c);
	json_object_set_new(rf, "complykit_run", cf);
	cf = NULL;
	if (exit_status != 0) {
		json_t *f = ln_facet(F_ERROR);

		json_object_set_new(f, "message", sig ?
			json_sprintf("%s killed by signal %d", c->argv[0], sig) :
			json_sprintf("%s exited with status %d", c->argv[0],
				     exit_status));
		json_object_set_new(f, "programmingLanguage",
				    json_string("unknown"));
		json_object_set_new(rf, "errorMessage", f);
	}
	ev = make_event(c, exit_status == 0 ? "COMPLETE" : "FAIL", runid, rf,
			in, out, &err);
	in = out = NULL;
	if (ev == NULL)
		goto trouble_s;
	rc = commit(c, &s, &ev, 1, &err);
	ln_store_release(&s);
	if (rc < 0)
		goto trouble;
	if (rc > 0)
		return CK_EXIT_TROUBLE;
	return exit_status == 0 ? CK_EXIT_OK : CK_EXIT_TRIP;
trouble_cf:
	json_decref(cf);
trouble_s:
	ln_store_release(&s);
trouble:
	json_decref(in);
	json_decref(out);
	ck_warn_error(&err);
	return CK_EXIT_TROUBLE;
}
