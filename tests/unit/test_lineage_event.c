/* test_lineage_event.c -- the RunEvent check, UUIDs, job names, dataset
 * naming from paths and URIs. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lineage/lineage.h"

static const char good[] =
	"{\"eventType\":\"START\",\"eventTime\":\"2026-01-01T00:00:00Z\","
	"\"run\":{\"runId\":\"0190e0a4-1d2f-7c3a-9a1b-2b3c4d5e6f70\","
	"\"facets\":{\"x\":{\"_producer\":\"a:b\",\"_schemaURL\":\"a:b\"}}},"
	"\"job\":{\"namespace\":\"n\",\"name\":\"j\"},"
	"\"inputs\":[{\"namespace\":\"n\",\"name\":\"d\"}],"
	"\"producer\":\"https://x.org/p\",\"schemaURL\":\"https://x.org/s\"}";

/* Checks good with one member replaced (path "a.b", value JSON or NULL to
 * delete); returns the check's result and leaves the message in err. */
static int
check_with(const char *obj, const char *key, const char *val,
	   struct ck_error *err)
{
	json_t *ev = json_loads(good, 0, NULL), *o = ev;
	int rc;

	if (obj != NULL)
		o = json_object_get(ev, obj);
	if (val == NULL)
		json_object_del(o, key);
	else
		json_object_set_new(o, key, json_loads(val, JSON_DECODE_ANY,
						       NULL));
	ck_error_clear(err);
	rc = ln_event_check(ev, err);
	json_decref(ev);
	return rc;
}

static void
test_check(void **state)
{
	struct ck_error err;

	(void)state;
	assert_int_equal(check_with(NULL, "x", "1", &err), 0);
	assert_int_equal(check_with(NULL, "eventType", NULL, &err), 0);
	assert_int_equal(check_with(NULL, "eventType", "\"BEGIN\"", &err), -1);
	assert_non_null(strstr(err.msg, "eventType"));
	assert_int_equal(check_with(NULL, "eventTime", "\"2026-13-01\"", &err),
			 -1);
	assert_int_equal(check_with(NULL, "producer", "\"no uri\"", &err), -1);
	assert_int_equal(check_with(NULL, "schemaURL", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "'schemaURL' is required"));
	assert_int_equal(check_with(NULL, "job", NULL, &err), -1);
	assert_int_equal(check_with("run", "runId", "\"r-1\"", &err), -1);
	assert_int_equal(check_with("run", "runId", "7", &err), -1);
	assert_int_equal(check_with("run", "facets",
				    "{\"x\":{\"_producer\":\"a:b\"}}", &err),
			 -1);
	assert_non_null(strstr(err.msg, "run.facets.x"));
	assert_int_equal(check_with("job", "name", "1", &err), -1);
	assert_int_equal(check_with(NULL, "inputs", "[{\"name\":\"d\"}]", &err),
			 -1);
	assert_non_null(strstr(err.msg, "inputs[0]"));
	assert_int_equal(check_with(NULL, "outputs", "{}", &err), -1);
}

static void
test_uuid(void **state)
{
	struct ck_error err;
	char u[37];

	(void)state;
	assert_true(ln_uuid_ok("0190e0a4-1d2f-7c3a-9a1b-2b3c4d5e6f70"));
	assert_false(ln_uuid_ok("0190e0a4-1d2f-7c3a-9a1b-2b3c4d5e6f7"));
	assert_false(ln_uuid_ok("0190e0a4x1d2f-7c3a-9a1b-2b3c4d5e6f70"));
	assert_int_equal(ln_uuid_new(u, &err), 0);
	assert_true(ln_uuid_ok(u));
	assert_int_equal(u[14], '4');
	assert_non_null(strchr("89ab", u[19]));
}

static void
test_names(void **state)
{
	struct ck_error err;
	char *ns, *name;
	json_t *d;

	(void)state;
	assert_int_equal(ln_job_split("ml/train", &ns, &name), 0);
	assert_string_equal(ns, "ml");
	assert_string_equal(name, "train");
	free(ns);
	free(name);
	assert_int_equal(ln_job_split("a/b/c", &ns, &name), 0);
	assert_string_equal(ns, "a/b");
	free(ns);
	free(name);
	assert_int_equal(ln_job_split("train", &ns, &name), 0);
	assert_string_equal(ns, "default");
	free(ns);
	free(name);
	assert_int_equal(ln_job_split("ml/", &ns, &name), -1);
	d = ln_dataset_from_arg("postgres://db:5432/clinic.visits", &err);
	assert_string_equal(json_string_value(json_object_get(d, "namespace")),
			    "postgres://db:5432");
	assert_string_equal(json_string_value(json_object_get(d, "name")),
			    "clinic.visits");
	json_decref(d);
	d = ln_dataset_from_arg("/data/x/", &err);
	assert_string_equal(json_string_value(json_object_get(d, "namespace")),
			    "file");
	assert_string_equal(json_string_value(json_object_get(d, "name")),
			    "/data/x");
	json_decref(d);
	assert_null(ln_dataset_from_arg("s3://bucket", &err));
	assert_null(ln_dataset_from_arg("", &err));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_uuid),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("lineage_event", tests, NULL, NULL);
}
