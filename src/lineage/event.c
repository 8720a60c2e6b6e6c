/* event.c -- making and checking OpenLineage 2-0-2 RunEvents.
 *
 * The check is the core schema's RunEvent in C (required members, types,
 * enums, formats), so ingest can reject a bad event with its line at
 * 100,000 events a second; make check runs the reference validator
 * (validate_ol.py) over everything lineage writes. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/hash.h"
#include "common/timefmt.h"
#include "lineage/lineage.h"

int
ln_uuid_okn(const char *s, size_t n)
{
	/* RFC 4122 text form, 8-4-4-4-12 hex digits */
	if (n != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

int
ln_uuid_ok(const char *s)
{
	return ln_uuid_okn(s, strlen(s));
}

int
ln_uuid_new(char out[37], struct ck_error *err)
{
	unsigned char b[16];
	char hex[33];

	if (ck_random_bytes(b, sizeof(b), err) < 0)
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	ck_hex_encode(b, 16, hex);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8,
		 hex + 12, hex + 16, hex + 20);
	return 0;
}

json_t *
ln_facet(const char *schema_url)
{
	return json_pack("{s:s, s:s}", "_producer", LN_PRODUCER,
			 "_schemaURL", schema_url);
}

json_t *
ln_facet_ck(const char *name)
{
	char url[256];

	snprintf(url, sizeof(url), LN_FACET_BASE "%s.json#/$defs/%s", name,
		 name);
	return ln_facet(url);
}

int
ln_job_split(const char *s, char **ns, char **name)
{
	const char *slash = strrchr(s, '/');

	if (slash == NULL) {
		*ns = strdup("default");
		*name = strdup(s);
	} else {
		*ns = strndup(s, (size_t)(slash - s));
		*name = strdup(slash + 1);
	}
	if (*ns == NULL || *name == NULL || **ns == '\0' || **name == '\0') {
		free(*ns);
		free(*name);
		*ns = *name = NULL;
		return -1;
	}
	return 0;
}

json_t *
ln_dataset_from_arg(const char *arg, struct ck_error *err)
{
	const char *sep = strstr(arg, "://");
	char *abs = NULL;
	json_t *ds;

	if (*arg == '\0') {
		ck_error_set(err, 0, "empty dataset name");
		return NULL;
	}
	if (sep != NULL && sep > arg) {
		/* OpenLineage naming: namespace scheme://authority, name the
		 * rest of the path */
		const char *path = strchr(sep + 3, '/');
		char *ns;

		if (path == NULL || path[1] == '\0') {
			ck_error_set(err, 0, "dataset '%s' has no name after "
				     "its authority", arg);
			return NULL;
		}
		ns = strndup(arg, (size_t)(path - arg));
		ds = json_pack("{s:s%, s:s}", "namespace", ns,
			       (size_t)(path - arg), "name", path + 1);
		free(ns);
		return ds;
	}
	if (arg[0] == '/') {
		abs = strdup(arg);
	} else {
		char *cwd = getcwd(NULL, 0);
		const char *a = arg;

		while (a[0] == '.' && a[1] == '/')
			a += 2;
		if (cwd != NULL && (abs = malloc(strlen(cwd) + strlen(a) +
						 2)) != NULL)
			sprintf(abs, "%s/%s", strcmp(cwd, "/") ? cwd : "", a);
		free(cwd);
	}
	if (abs == NULL) {
		ck_error_set(err, errno ? errno : ENOMEM, "cannot resolve %s",
			     arg);
		return NULL;
	}
	/* trailing slashes name the same directory */
	for (size_t n = strlen(abs); n > 1 && abs[n - 1] == '/'; n--)
		abs[n - 1] = '\0';
	ds = json_pack("{s:s, s:s}", "namespace", "file", "name", abs);
	free(abs);
	return ds;
}

/* ---- the check ----------------------------------------------------- */

int
ln_uri_okn(const char *s, size_t n)
{
	size_t i = 1;

	/* RFC 3986: scheme ":" ...; scheme = ALPHA *( ALPHA / DIGIT / + - . ) */
	if (n == 0 || !isalpha((unsigned char)s[0]))
		return 0;
	for (; i < n && s[i] != ':'; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '+' ||
		      s[i] == '-' || s[i] == '.'))
			return 0;
	if (i == n)
		return 0;
	for (; i < n; i++)
		if ((unsigned char)s[i] <= ' ' ||
		    memchr("\"<>\\^`{|}", s[i], 9) != NULL)
			return 0;
	return 1;
}

static int
uri_ok(const char *s)
{
	return ln_uri_okn(s, strlen(s));
}

static int
need_string(const json_t *o, const char *key, const char *path,
	    const char **out, struct ck_error *err)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		return ck_error_set(err, 0, "%s: '%s' is required", path, key);
	if (!json_is_string(v))
		return ck_error_set(err, 0, "%s.%s: not a string", path, key);
	*out = json_string_value(v);
	return 0;
}

static int
check_facets(const json_t *o, const char *key, const char *path,
	     struct ck_error *err)
{
	json_t *f = json_object_get(o, key), *v;
	const char *name;

	if (f == NULL)
		return 0;
	if (!json_is_object(f))
		return ck_error_set(err, 0, "%s.%s: not an object", path, key);
	json_object_foreach(f, name, v) {
		char p[256];
		const char *s;

		snprintf(p, sizeof(p), "%s.%s.%s", path, key, name);
		if (!json_is_object(v))
			return ck_error_set(err, 0, "%s: not an object", p);
		/* BaseFacet: _producer and _schemaURL are required URIs;
		 * _deleted facets carry only the flag */
		if (json_is_true(json_object_get(v, "_deleted")))
			continue;
		if (need_string(v, "_producer", p, &s, err) < 0)
			return -1;
		if (!uri_ok(s))
			return ck_error_set(err, 0, "%s._producer: not a URI",
					    p);
		if (need_string(v, "_schemaURL", p, &s, err) < 0)
			return -1;
		if (!uri_ok(s))
			return ck_error_set(err, 0, "%s._schemaURL: not a URI",
					    p);
	}
	return 0;
}

static int
check_datasets(const json_t *ev, const char *key, struct ck_error *err)
{
	json_t *a = json_object_get(ev, key), *d;
	size_t i;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return ck_error_set(err, 0, "%s: not an array", key);
	json_array_foreach(a, i, d) {
		char p[64];
		const char *s;

		snprintf(p, sizeof(p), "%s[%zu]", key, i);
		if (!json_is_object(d))
			return ck_error_set(err, 0, "%s: not an object", p);
		if (need_string(d, "namespace", p, &s, err) < 0 ||
		    need_string(d, "name", p, &s, err) < 0 ||
		    check_facets(d, "facets", p, err) < 0 ||
		    check_facets(d, strcmp(key, "inputs") == 0 ?
				 "inputFacets" : "outputFacets", p, err) < 0)
			return -1;
	}
	return 0;
}

int
ln_event_check(const json_t *ev, struct ck_error *err)
{
	static const char *const types[] = { "START", "RUNNING", "COMPLETE",
		"ABORT", "FAIL", "OTHER" };
	struct ck_time t;
	const char *s;
	json_t *run, *job, *et;
	size_t i;

	if (!json_is_object(ev))
		return ck_error_set(err, 0, "not a JSON object");
	if (need_string(ev, "eventTime", "event", &s, err) < 0)
		return -1;
	if (ck_time_parse(s, &t) < 0)
		return ck_error_set(err, 0, "event.eventTime: not an RFC 3339 "
				    "date-time");
	if (need_string(ev, "producer", "event", &s, err) < 0)
		return -1;
	if (!uri_ok(s))
		return ck_error_set(err, 0, "event.producer: not a URI");
	if (need_string(ev, "schemaURL", "event", &s, err) < 0)
		return -1;
	if (!uri_ok(s))
		return ck_error_set(err, 0, "event.schemaURL: not a URI");
	run = json_object_get(ev, "run");
	job = json_object_get(ev, "job");
	if (run == NULL || job == NULL) {
		/* DatasetEvent / JobEvent are valid OpenLineage but carry
		 * no run: lineage keeps runs */
		return ck_error_set(err, 0, "event: 'run' and 'job' are "
				    "required (only RunEvents are kept)");
	}
	et = json_object_get(ev, "eventType");
	if (et != NULL) {
		if (!json_is_string(et))
			return ck_error_set(err, 0, "event.eventType: not a "
					    "string");
		for (i = 0; i < 6; i++)
			if (strcmp(json_string_value(et), types[i]) == 0)
				break;
		if (i == 6)
			return ck_error_set(err, 0, "event.eventType: '%s' is "
					    "not one of START, RUNNING, "
					    "COMPLETE, ABORT, FAIL, OTHER",
					    json_string_value(et));
	}
	if (!json_is_object(run))
		return ck_error_set(err, 0, "event.run: not an object");
	if (need_string(run, "runId", "run", &s, err) < 0)
		return -1;
	if (!ln_uuid_ok(s))
		return ck_error_set(err, 0, "run.runId: not a UUID");
	if (check_facets(run, "facets", "run", err) < 0)
		return -1;
	if (!json_is_object(job))
		return ck_error_set(err, 0, "event.job: not an object");
	if (need_string(job, "namespace", "job", &s, err) < 0 ||
	    need_string(job, "name", "job", &s, err) < 0 ||
	    check_facets(job, "facets", "job", err) < 0)
		return -1;
	if (check_datasets(ev, "inputs", err) < 0 ||
	    check_datasets(ev, "outputs", err) < 0)
		return -1;
	return 0;
}

int
ln_event_type_rank(const char *type)
{
	/* a run's life: START, RUNNING..., then one terminal state */
	static const char *const order[] = { "START", "RUNNING", "OTHER" };

	for (int i = 0; type != NULL && i < 3; i++)
		if (strcmp(type, order[i]) == 0)
			return i;
	return 3;
}
