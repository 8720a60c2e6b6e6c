/* test_lineage_view.c -- the exportable view: DOT and PROV written and
 * read back, events rebuilt from them, and the refusals of what cannot
 * be mapped. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lineage/view.h"

#define RUN "0190e0a4-1d2f-7c3a-9a1b-2b3c4d5e6f70"

/* A view of one run: job n/j, input s3://b:in (version v1), output x. */
static void
make_view(struct ln_view *v)
{
	long d, j, r, o;

	ln_view_init(v);
	/* added out of order: sorting puts them by key */
	r = ln_view_node(v, "run:" RUN, LN_RUN, 1);
	o = ln_view_node(v, "dataset:file:/x\"y", LN_DATASET, 1);
	d = ln_view_node(v, "dataset:s3://b:in", LN_DATASET, 1);
	j = ln_view_node(v, "job:n:j", LN_JOB, 1);
	assert_true(r >= 0 && o >= 0 && d >= 0 && j >= 0);
	assert_int_equal(ln_view_node(v, "job:n:j", LN_JOB, 1), j);
	ln_view_set(&v->n[r].run, RUN);
	ln_view_set(&v->n[r].type, "COMPLETE");
	ln_view_set(&v->n[r].time, "2026-01-02T03:04:05.000006Z");
	ln_view_set(&v->n[o].ns, "file");
	ln_view_set(&v->n[o].name, "/x\"y");
	ln_view_set(&v->n[d].ns, "s3://b");
	ln_view_set(&v->n[d].name, "in");
	ln_view_set(&v->n[j].ns, "n");
	ln_view_set(&v->n[j].name, "j");
	assert_int_equal(ln_view_edge(v, (size_t)d, (size_t)r, "v1"), 0);
	assert_int_equal(ln_view_edge(v, (size_t)d, (size_t)r, "v1"), 0);
	assert_int_equal(ln_view_edge(v, (size_t)r, (size_t)o, NULL), 0);
	assert_int_equal(ln_view_edge(v, (size_t)j, (size_t)r, NULL), 0);
}

static void
test_sort(void **state)
{
	struct ln_view v;
	struct ck_error err;

	(void)state;
	make_view(&v);
	assert_int_equal(ln_view_sort(&v, &err), 0);
	assert_string_equal(v.n[0].key, "dataset:file:/x\"y");
	assert_string_equal(v.n[3].key, "run:" RUN);
	assert_int_equal(ln_view_node(&v, "run:" RUN, LN_RUN, 0), 3);
	assert_int_equal(v.ne, 3);	/* the repeated edge is gone */
	assert_int_equal(v.e[0].from, 1);
	assert_string_equal(v.e[0].version, "v1");
	ln_view_release(&v);
}

static void
test_events(void **state)
{
	struct ln_view v;
	struct ck_error err;
	struct ck_buf b = CK_BUF_INIT;
	json_t *ev;

	(void)state;
	make_view(&v);
	assert_int_equal(ln_view_sort(&v, &err), 0);
	assert_int_equal(ln_view_events(&v, "t", &b, &err), 1);
	assert_int_equal(b.data[b.len - 1], '\n');
	ev = json_loadb(b.data, b.len - 1, 0, NULL);
	assert_non_null(ev);
	assert_int_equal(ln_event_check(ev, &err), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		ev, "job"), "name")), "j");
	assert_string_equal(json_string_value(json_object_get(ev,
		"eventType")), "COMPLETE");
	{
		json_t *in = json_array_get(json_object_get(ev, "inputs"), 0);
		json_t *f = json_object_get(json_object_get(in, "facets"),
					    "version");

		assert_string_equal(json_string_value(json_object_get(f,
			"datasetVersion")), "v1");
	}
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(ev, "outputs"), 0), "name")), "/x\"y");
	json_decref(ev);
	ck_buf_release(&b);
	ln_view_release(&v);
}

static void
test_events_refused(void **state)
{
	struct ln_view v;
	struct ck_error err;
	struct ck_buf b = CK_BUF_INIT;
	long a, c;

	(void)state;
	/* a run without its job */
	ln_view_init(&v);
	a = ln_view_node(&v, "r", LN_RUN, 1);
	ln_view_set(&v.n[a].run, RUN);
	ln_view_set(&v.n[a].type, "START");
	ln_view_set(&v.n[a].time, "2026-01-02T03:04:05Z");
	assert_int_equal(ln_view_events(&v, "t", &b, &err), -1);
	assert_string_equal(err.msg, "t: run 'r' has no job");
	/* a dataset feeding a dataset */
	a = ln_view_node(&v, "d1", LN_DATASET, 1);
	c = ln_view_node(&v, "d2", LN_DATASET, 1);
	ln_view_set(&v.n[a].ns, "n");
	ln_view_set(&v.n[a].name, "1");
	ln_view_set(&v.n[c].ns, "n");
	ln_view_set(&v.n[c].name, "2");
	ln_view_edge(&v, (size_t)a, (size_t)c, NULL);
	assert_int_equal(ln_view_events(&v, "t", &b, &err), -1);
	assert_non_null(strstr(err.msg, "joins a dataset to a dataset"));
	ln_view_release(&v);
	/* a run whose id is no UUID fails the event check */
	ln_view_init(&v);
	a = ln_view_node(&v, "r", LN_RUN, 1);
	c = ln_view_node(&v, "j", LN_JOB, 1);
	ln_view_set(&v.n[a].run, "nope");
	ln_view_set(&v.n[a].type, "START");
	ln_view_set(&v.n[a].time, "2026-01-02T03:04:05Z");
	ln_view_set(&v.n[c].ns, "n");
	ln_view_set(&v.n[c].name, "j");
	ln_view_edge(&v, (size_t)c, (size_t)a, NULL);
	assert_int_equal(ln_view_events(&v, "t", &b, &err), -1);
	assert_non_null(strstr(err.msg, "t: run 'r'"));
	ln_view_release(&v);
	ck_buf_release(&b);
}

/* Writes v with fn into memory. */
static char *
written(const struct ln_view *v, int dot, size_t *len)
{
	char *p = NULL;
	FILE *fp = open_memstream(&p, len);

	assert_non_null(fp);
	if (dot) {
		ln_dot_write(fp, v);
	} else {
		json_t *doc = ln_prov_doc(v);

		json_dumpf(doc, fp, JSON_COMPACT);
		json_decref(doc);
	}
	fclose(fp);
	return p;
}

static void
roundtrip(int dot)
{
	struct ln_view v, w;
	struct ck_error err;
	size_t len, len2;
	char *a, *b;

	make_view(&v);
	assert_int_equal(ln_view_sort(&v, &err), 0);
	a = written(&v, dot, &len);
	if ((dot ? ln_dot_parse(a, len, "t", &w, &err)
		 : ln_prov_parse(a, len, "t", &w, &err)) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(w.nn, v.nn);
	assert_int_equal(w.ne, v.ne);
	if (dot) {
		/* DOT keys are the lineage ids: written again, the same */
		b = written(&w, 1, &len2);
		assert_int_equal(len, len2);
		assert_memory_equal(a, b, len);
		free(b);
	}
	for (size_t i = 0; i < v.ne; i++)
		assert_true((v.e[i].version == NULL) ==
			    (w.e[i].version == NULL));
	free(a);
	ln_view_release(&v);
	ln_view_release(&w);
}

static void
test_dot_roundtrip(void **state)
{
	(void)state;
	roundtrip(1);
}

static void
test_prov_roundtrip(void **state)
{
	(void)state;
	roundtrip(0);
}

static void
dot_refused(const char *text, const char *want)
{
	struct ln_view v;
	struct ck_error err;

	ck_error_clear(&err);
	assert_int_equal(ln_dot_parse(text, strlen(text), "t", &v, &err), -1);
	if (strstr(err.msg, want) == NULL)
		fail_msg("'%s' lacks '%s'", err.msg, want);
	ln_view_release(&v);
}

static void
test_dot_lexing(void **state)
{
	const char *ok = "/* c */ strict DiGraph \"g\" {\n# line\n"
		"  graph [x=1]; node [a=b] edge [c=d]\n  rankdir = LR\n"
		"  \"j\" [lineage_kind=job, lineage_namespace=\"n\", "
		"lineage_name=\"a\\\nb\"];  // c\n"
		"  r [lineage_kind=\"run\" lineage_run=\"" RUN "\"; "
		"lineage_event=START lineage_time=\"2026-01-02T03:04:05Z\"]\n"
		"  d [lineage_kind=dataset lineage_namespace=n lineage_name=-1.5]"
		"\n  j -> r; d -> r -> d [lineage_version=\"v\\\"2\"]\n}\n";
	struct ln_view v;
	struct ck_error err;
	long d;

	(void)state;
	if (ln_dot_parse(ok, strlen(ok), "t", &v, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(v.nn, 3);
	assert_int_equal(v.ne, 3);
	assert_string_equal(v.n[ln_view_node(&v, "j", LN_JOB, 0)].name, "ab");
	d = ln_view_node(&v, "d", LN_DATASET, 0);
	assert_string_equal(v.n[d].name, "-1.5");
	for (size_t i = 0; i < v.ne; i++)
		if (v.e[i].version != NULL)
			assert_string_equal(v.e[i].version, "v\"2");
	ln_view_release(&v);
	dot_refused("graph { a -- b }", "t:1:1: an undirected graph");
	dot_refused("digraph { a -- b }", "t:1:13: undirected edges");
	dot_refused("digraph { subgraph s { a } }", "t:1:11: subgraphs");
	dot_refused("digraph { { a } }", "t:1:11: subgraphs");
	dot_refused("digraph { a:p -> b }", "t:1:12: ports");
	dot_refused("digraph { a [label=<b>] }", "HTML strings");
	dot_refused("digraph { a -> b }", "node 'a' has no lineage_kind");
	dot_refused("digraph { a [lineage_kind=x] }", "an unknown lineage_kind");
	dot_refused("digraph { \"a", "t:1:11: unterminated string");
	dot_refused("digraph { /* a", "t:1:11: unterminated comment");
	dot_refused("digraph { a ", "unexpected end of file");
	dot_refused("digraph { } x", "text after the graph");
	dot_refused("digraph {\n @ }", "t:2:2: unexpected character");
	dot_refused("digraph { \"\xc3\" }", "invalid UTF-8 at byte 12");
	dot_refused("hello", "not a DOT digraph");
}

static void
prov_refused(const char *text, const char *want)
{
	struct ln_view v;
	struct ck_error err;

	ck_error_clear(&err);
	assert_int_equal(ln_prov_parse(text, strlen(text), "t", &v, &err), -1);
	if (strstr(err.msg, want) == NULL)
		fail_msg("'%s' lacks '%s'", err.msg, want);
	ln_view_release(&v);
}

#define PFX "{\"prefix\":{\"k\":\"urn:complykit:lineage:\"},"

static void
test_prov_reading(void **state)
{
	/* another prefix for our namespace, typed and listed values */
	const char *ok = PFX "\"entity\":{\"k:a\":{\"k:kind\":{\"$\":"
		"\"dataset\",\"type\":\"xsd:string\"},\"k:namespace\":[\"n\"],"
		"\"k:name\":\"x\"}},\"agent\":{\"k:j\":{\"k:kind\":\"job\","
		"\"k:namespace\":\"n\",\"k:name\":\"j\"}},\"activity\":{\"k:r\":"
		"{\"k:kind\":\"run\",\"k:runId\":\"" RUN "\",\"k:eventType\":"
		"\"FAIL\",\"k:eventTime\":\"2026-01-02T03:04:05Z\"}},\"used\":"
		"{\"_:1\":{\"prov:activity\":\"k:r\",\"prov:entity\":\"k:a\","
		"\"k:datasetVersion\":\"v\"}},\"wasAssociatedWith\":{\"_:2\":"
		"{\"prov:activity\":\"k:r\",\"prov:agent\":\"k:j\"}}}";
	struct ln_view v;
	struct ck_error err;
	struct ck_buf b = CK_BUF_INIT;

	(void)state;
	if (ln_prov_parse(ok, strlen(ok), "t", &v, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(ln_view_events(&v, "t", &b, &err), 1);
	assert_non_null(strstr(b.data, "\"datasetVersion\":\"v\""));
	assert_non_null(strstr(b.data, "\"eventType\":\"FAIL\""));
	ck_buf_release(&b);
	ln_view_release(&v);
	prov_refused("[1]", "not a PROV-JSON document");
	prov_refused("{\"entity\":{}", "t:1:");
	prov_refused("{\"prefix\":{\"ex\":\"http://e/\"}}", "no prefix for");
	prov_refused(PFX "\"wasDerivedFrom\":{}}", "'wasDerivedFrom' has no");
	prov_refused(PFX "\"entity\":{\"k:a\":{}}}", "has no k:kind 'dataset'");
	prov_refused(PFX "\"agent\":{\"k:a\":{\"k:kind\":\"dataset\"}}}",
		     "has no k:kind 'job'");
	prov_refused(PFX "\"entity\":{\"k:a\":{\"k:kind\":\"dataset\"}},"
		     "\"agent\":{\"k:a\":{\"k:kind\":\"job\"}}}",
		     "'k:a' is named twice");
	prov_refused(PFX "\"used\":{\"_:1\":{\"prov:activity\":\"k:r\"}}}",
		     "used '_:1' does not join a dataset and a run");
	prov_refused(PFX "\"entity\":[]}", "entity is not an object");
	prov_refused("{\"a\":\"\xff\"}", "invalid UTF-8 at byte 7");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_events_refused),
		cmocka_unit_test(test_dot_roundtrip),
		cmocka_unit_test(test_prov_roundtrip),
		cmocka_unit_test(test_dot_lexing),
		cmocka_unit_test(test_prov_reading),
	};

	return cmocka_run_group_tests_name("lineage_view", tests, NULL, NULL);
}
