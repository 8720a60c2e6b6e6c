/* test_lineage_fast.c -- the fast ingest path (ck_jtape_scan plus
 * ln_event_fast) against the jansson path it stands in for: the same
 * lines go through both, and the outcome -- accepted with the same bytes
 * stored, or rejected with the same message and location -- must be the
 * same.  Then thousands of random edits of good events, and the ids the
 * graph takes from the fast path against those jansson gives. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/jsontape.h"
#include "common/utf8.h"
#include "lineage/lineage.h"
#include "mutate.h"

#define RID "\"runId\":\"0190e0a4-1d2f-7c3a-9a1b-2b3c4d5e6f70\""
#define TAIL ",\"producer\":\"https://x.org/p\",\"schemaURL\":\"https://x.org/s\"}"
#define HEAD "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-01-01T00:00:00.5Z\","
#define FACET(n) "\"" n "\":{\"_producer\":\"a:b\",\"_schemaURL\":\"a:b#c\"}"

static const char *const good[] = {
	/* the bench's shape */
	HEAD "\"run\":{" RID "},\"job\":{\"namespace\":\"bench\",\"name\":\"j1\"},"
	"\"inputs\":[{\"namespace\":\"s3://lake\",\"name\":\"d1\"},"
	"{\"namespace\":\"s3://lake\",\"name\":\"d2\"}],"
	"\"outputs\":[{\"namespace\":\"s3://lake\",\"name\":\"d3\"}]" TAIL,
	/* facets everywhere, a version, a deleted facet, reals, nulls */
	HEAD "\"run\":{" RID ",\"facets\":{" FACET("parent") ","
	"\"x\":{\"_deleted\":true}}},\"job\":{\"namespace\":\"n\",\"name\":\"j\","
	"\"facets\":{" FACET("sql") "}},\"inputs\":[{\"namespace\":\"n\","
	"\"name\":\"d\",\"facets\":{\"version\":{\"_producer\":\"a:b\","
	"\"_schemaURL\":\"a:b\",\"datasetVersion\":\"v7\"}},\"inputFacets\":"
	"{" FACET("dq") "}}],\"outputs\":[{\"namespace\":\"n\",\"name\":\"e\","
	"\"outputFacets\":{\"stats\":{\"_producer\":\"a:b\",\"_schemaURL\":\"a:b\","
	"\"rows\":12345678901234,\"bytes\":1.5e10,\"r\":-0.25,\"z\":null,"
	"\"f\":false,\"l\":[1,[2,{}],[]]}}}]" TAIL,
	/* no eventType, no inputs, whitespace, unicode raw and escaped */
	" { \"eventTime\" : \"2026-01-01T00:00:00+01:00\" , \"run\" : { " RID
	" } , \"job\" : { \"namespace\" : \"n\\u00e9\\n\" , \"name\" : "
	"\"caf\xc3\xa9 \xf0\x9f\x98\x80\" } , \"note\":\"\\ud83d\\ude00\\\"\\/\","
	"\"producer\":\"https://x.org/\xc3\xa9\",\"schemaURL\":\"a:b\" }\t",
	/* a NUL escaped in a value nothing checks */
	HEAD "\"run\":{" RID "},\"job\":{\"namespace\":\"n\",\"name\":\"j\"},"
	"\"x\":\"a\\u0000b\"" TAIL,
	/* an object of many members (the hashed duplicate check) */
	HEAD "\"run\":{" RID "},\"job\":{\"namespace\":\"n\",\"name\":\"j\"},"
	"\"m\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,"
	"\"i\":9,\"j\":10,\"k\":11,\"l\":12}" TAIL,
};

static const char *const bad[] = {
	/* not JSON, or not what jansson takes */
	"", "   ", "{", "{\"a\":1,}", "{\"a\" 1}", "[1,]", "{\"a\":01}",
	"{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":.5}", "{\"a\":tru}",
	"{\"a\":truex}", "{\"a\":nul}", "{} x", "{}{}", "\"s\"", "1", "[1]",
	"{\"a\":\"\x01\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}",
	"{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"\\ud800\\u0041\"}",
	"{\"a\\u0000\":1}", "{\"a\":\"\xff\"}", "{\"a\":\"\xc0\xaf\"}",
	"{\"a\":\"\xed\xa0\x80\"}", "{\xc3\xa9:1}", "{\"a\":1,\"a\":2}",
	"{\"a\":1,\"\\u0061\":2}", "{\"o\":{\"x\":1,\"y\":2,\"x\":3}}",
	"{\"m\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,"
	"\"h\":8,\"i\":9,\"j\":10,\"k\":11,\"a\":12}}",
	/* numbers at the edges */
	"{\"a\":9223372036854775807}", "{\"a\":-9223372036854775808}",
	"{\"a\":9223372036854775808}", "{\"a\":-9223372036854775809}",
	"{\"a\":123456789012345678901234567890}", "{\"a\":1e308}",
	"{\"a\":1e309}", "{\"a\":-1e309}", "{\"a\":1.5e-400}",
	"{\"a\":1E+2}", "{\"a\":-0}", "{\"a\":-0.0e-0}",
	/* events that fail the check */
	HEAD "\"run\":{" RID "},\"job\":{\"namespace\":\"n\"}" TAIL,
	HEAD "\"run\":{\"runId\":\"r1\"},\"job\":{\"namespace\":\"n\",\"name\":1}" TAIL,
	HEAD "\"run\":{\"runId\":\"0190e0a4-1d2f-7c3a-9a1b-2b3c4d5e6f7\\u0030\"},"
	"\"job\":{\"namespace\":\"n\",\"name\":\"j\"}" TAIL,
	"{\"eventType\":\"START\\u0000x\",\"eventTime\":\"2026-01-01T00:00:00Z\","
	"\"run\":{" RID "},\"job\":{\"namespace\":\"n\",\"name\":\"j\"}" TAIL,
	"{\"eventType\":\"BEGIN\",\"eventTime\":\"2026-01-01T00:00:00Z\","
	"\"run\":{" RID "},\"job\":{\"namespace\":\"n\",\"name\":\"j\"}" TAIL,
	"{\"eventTime\":\"2026-13-01T00:00:00Z\",\"run\":{" RID "},"
	"\"job\":{\"namespace\":\"n\",\"name\":\"j\"}" TAIL,
	"{\"eventTime\":\"2026-01-01T00:00:00Z\",\"run\":{" RID "},"
	"\"job\":{\"namespace\":\"n\",\"name\":\"j\"},\"producer\":\"no uri\","
	"\"schemaURL\":\"a:b\"}",
	"{\"eventTime\":\"2026-01-01T00:00:00Z\",\"run\":{" RID "},"
	"\"job\":{\"namespace\":\"n\",\"name\":\"j\"},\"producer\":\"a\\u003ab\","
	"\"schemaURL\":\"a:b\"}",
	HEAD "\"run\":{" RID ",\"facets\":{\"p\":{\"_producer\":\"a:b\"}}},"
	"\"job\":{\"namespace\":\"n\",\"name\":\"j\"}" TAIL,
	HEAD "\"run\":{" RID ",\"facets\":{\"p\":{\"_deleted\":false}}},"
	"\"job\":{\"namespace\":\"n\",\"name\":\"j\"}" TAIL,
	HEAD "\"run\":{" RID ",\"facets\":[]},"
	"\"job\":{\"namespace\":\"n\",\"name\":\"j\"}" TAIL,
	HEAD "\"run\":{" RID "},\"job\":{\"namespace\":\"n\",\"name\":\"j\"},"
	"\"inputs\":{}" TAIL,
	HEAD "\"run\":{" RID "},\"job\":{\"namespace\":\"n\",\"name\":\"j\"},"
	"\"inputs\":[{\"namespace\":\"n\",\"name\":\"d\",\"inputFacets\":"
	"{\"q\":{}}}]" TAIL,
	HEAD "\"run\":{" RID "},\"job\":{\"namespace\":\"n\",\"name\":\"j\"},"
	"\"outputs\":[{\"namespace\":\"n\",\"name\":\"d\"},7]" TAIL,
	HEAD "\"job\":{\"namespace\":\"n\",\"name\":\"j\"}" TAIL,
	HEAD "\"run\":null,\"job\":{\"namespace\":\"n\",\"name\":\"j\"}" TAIL,
	HEAD "\"run\":{" RID "},\"job\":{\"namespace\":\"n\",\"name\":\"j\"},"
	"\"run\":{" RID "}" TAIL,
};

struct outcome {
	int rc;
	struct ck_error err;
	struct ck_buf stored;
	size_t n, fast;
};

static int
slow_take(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct outcome *o = arg;
	const char *line;
	size_t len;

	if (ln_event_check(ev, err) < 0) {
		ck_error_prefix(err, "t.jsonl:%lu", lineno);
		return -1;
	}
	line = ln_scan_line(&len);
	assert_int_equal(ck_buf_append(&o->stored, line, len), 0);
	assert_int_equal(ck_buf_append_char(&o->stored, '\n'), 0);
	o->n++;
	return 0;
}

static struct ln_fast fast;

static int
fast_take(const char *line, size_t len, unsigned long lineno, void *arg,
	  struct ck_error *err)
{
	struct outcome *o = arg;
	int r = ln_event_fast(&fast, line, len);

	(void)lineno;
	(void)err;
	assert_true(r >= 0);
	if (r == 0)
		return 0;
	assert_int_equal(ck_buf_append(&o->stored, line, len), 0);
	assert_int_equal(ck_buf_append_char(&o->stored, '\n'), 0);
	o->n++;
	o->fast++;
	return 1;
}

/* The text through ingest's line reader, without (0) or with (1) the
 * fast path. */
static void
run(const char *text, size_t len, int with_fast, struct outcome *o)
{
	char *copy = malloc(len + 1);

	memset(o, 0, sizeof *o);
	ck_error_clear(&o->err);
	memcpy(copy, text, len);
	copy[len] = '\0';
	o->rc = ln_scan_buf_fast(copy, len, "t.jsonl", 1,
				 with_fast ? fast_take : NULL, slow_take, o,
				 &o->err);
	free(copy);
}

/* Both paths agree on text; returns how many lines the fast one took. */
static size_t
same(const char *text, size_t len)
{
	struct outcome a, b;
	size_t taken;

	run(text, len, 0, &a);
	run(text, len, 1, &b);
	if (a.rc != b.rc || strcmp(a.err.msg, b.err.msg) != 0 ||
	    a.n != b.n || a.stored.len != b.stored.len ||
	    (a.stored.len && memcmp(a.stored.data, b.stored.data,
				    a.stored.len) != 0))
		fail_msg("paths differ on %.*s: slow %d '%s' %zu, fast %d "
			 "'%s' %zu", (int)len, text, a.rc, a.err.msg, a.n,
			 b.rc, b.err.msg, b.n);
	taken = b.fast;
	ck_buf_release(&a.stored);
	ck_buf_release(&b.stored);
	return taken;
}

static size_t
same_str(const char *text)
{
	return same(text, strlen(text));
}

/* A "yes" from the tape is a text jansson reads. */
static void
tape_agrees(const char *s, size_t n)
{
	json_t *v;
	int r = ck_jtape_scan(&fast.tape, s, n);

	assert_true(r >= 0);
	if (r == 0)
		return;
	v = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, NULL);
	if (v == NULL || ck_utf8_check(s, n) != n)
		fail_msg("tape said yes to %.*s", (int)n, s);
	json_decref(v);
}

static void
test_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		assert_int_equal(ln_event_fast(&fast, good[i], strlen(good[i])),
				 1);
		assert_int_equal(same_str(good[i]), 1);
	}
}

static void
test_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		tape_agrees(bad[i], strlen(bad[i]));
		same_str(bad[i]);
	}
	/* what the tape must take, and what it must leave to jansson */
	assert_int_equal(ck_jtape_scan(&fast.tape, "{\"a\":-0}", 8), 1);
	assert_int_equal(ck_jtape_scan(&fast.tape,
				       "{\"a\":-922337203685477580}", 25), 1);
	assert_int_equal(ck_jtape_scan(&fast.tape,
				       "{\"a\":9223372036854775808}", 25), 0);
	assert_int_equal(ck_jtape_scan(&fast.tape, "{\"a\":1e309}", 11), 0);
	assert_int_equal(ck_jtape_scan(&fast.tape, "{\"a\":1.5e-400}", 14), 1);
	assert_int_equal(ck_jtape_scan(&fast.tape, "{\"a\":1,\"a\":2}", 13), 0);
	assert_int_equal(ck_jtape_scan(&fast.tape, "{\"a\":\"\\ud800\"}", 14),
			 0);
	assert_int_equal(ck_jtape_scan(&fast.tape, "{\"a\":\"\\u0000\"}", 14),
			 1);
}

/* depth 64 is the tape's own bound; past it jansson decides (it stops
 * at 2048, with "maximum parsing depth reached"). */
static void
test_deep(void **state)
{
	static const int depths[] = { 1, 63, 64, 65, 2047, 2048, 2049, 5000 };
	char *s = malloc(2 * 5000 + 64);

	(void)state;
	assert_non_null(s);
	for (size_t k = 0; k < sizeof depths / sizeof *depths; k++) {
		int d = depths[k], n = 0;

		n += sprintf(s, "{\"a\":");
		for (int i = 1; i < d; i++)
			s[n++] = '[';
		s[n++] = '1';
		for (int i = 1; i < d; i++)
			s[n++] = ']';
		s[n++] = '}';
		s[n] = '\0';
		tape_agrees(s, (size_t)n);
		same(s, (size_t)n);
		assert_int_equal(ck_jtape_scan(&fast.tape, s, (size_t)n),
				 d <= CK_JTAPE_MAX_DEPTH);
	}
	free(s);
}

/* Several lines at once: the first bad one is named, the lines before
 * it stored the same way, blank lines and CRLF skipped as before. */
static void
test_lines(void **state)
{
	struct ck_buf b = CK_BUF_INIT;

	(void)state;
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
			ck_buf_append_str(&b, good[i]);
			ck_buf_append_str(&b, i % 2 ? "\r\n" : "\n\n");
		}
		if (k == 1)
			ck_buf_append_str(&b, bad[k * 7]);
		if (k == 2)
			ck_buf_append_str(&b, bad[sizeof bad / sizeof *bad -
						  1]);
		assert_true(same(b.data, b.len) >= 1);
	}
	ck_buf_release(&b);
}

/* Random one-byte edits of the good events: whatever the edit made, the
 * two paths agree, and the tape never says yes where jansson says no. */
static void
test_mutations(void **state)
{
	static const char alphabet[] =
		"{}[]\",:\\ 0123456789.eE+-tfnulrasbxu\x01\x7f\xc3\xa9\xff"
		"_TZ:/";
	unsigned seed = 8;
	char buf[2048];
	size_t taken = 0, total = 0;

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		for (int round = 0; round < 400; round++) {
			size_t n = strlen(good[i]);

			memcpy(buf, good[i], n + 1);
			for (int e = 0; e < 1 + round % 4 && n > 1; e++)
				mutate(buf, &n, &seed, alphabet);
			tape_agrees(buf, n);
			taken += same(buf, n);
			total++;
		}
	/* most edits break the event; some must still take the fast path */
	assert_true(taken > 0 && taken < total);
}

static int
span_is(const struct ln_span *s, const char *v)
{
	return v != NULL && strlen(v) == s->len && memcmp(s->p, v, s->len) == 0;
}

/* The ids the graph takes from a view are the ones jansson decodes. */
static void
test_view(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		json_t *ev = json_loads(good[i], JSON_ALLOW_NUL, NULL);
		const struct ln_ids *v = &fast.v;
		json_t *job = json_object_get(ev, "job");

		assert_int_equal(ln_event_fast(&fast, good[i], strlen(good[i])),
				 1);
		if (v->esc) {
			json_decref(ev);
			continue;
		}
		assert_true(span_is(&v->job_ns, json_string_value(
			json_object_get(job, "namespace"))));
		assert_true(span_is(&v->job_name, json_string_value(
			json_object_get(job, "name"))));
		assert_true(span_is(&v->run_id, json_string_value(
			json_object_get(json_object_get(ev, "run"),
					"runId"))));
		for (int out = 0; out < 2; out++) {
			json_t *a = json_object_get(ev, out ? "outputs"
							    : "inputs");
			size_t base = out ? v->nin : 0;

			assert_int_equal(json_array_size(a),
					 out ? v->nout : v->nin);
			for (size_t k = 0; k < json_array_size(a); k++) {
				json_t *d = json_array_get(a, k);
				const struct ln_ds_ids *dv = &v->ds[base + k];
				const char *ver = json_string_value(
					json_object_get(json_object_get(
						json_object_get(d, "facets"),
						"version"), "datasetVersion"));

				assert_true(span_is(&dv->ns, json_string_value(
					json_object_get(d, "namespace"))));
				assert_true(span_is(&dv->name,
					json_string_value(json_object_get(
						d, "name"))));
				if (ver == NULL)
					assert_null(dv->ver.p);
				else
					assert_true(span_is(&dv->ver, ver));
			}
		}
		json_decref(ev);
	}
	/* an escaped name is flagged, not handed over as bytes */
	assert_int_equal(ln_event_fast(&fast, good[2], strlen(good[2])), 1);
	assert_true(fast.v.esc);
}

struct edges {
	long e[64][2];
	size_t n;
};

static void
collect(long from, long to, void *arg)
{
	struct edges *es = arg;

	assert_true(es->n < 64);
	es->e[es->n][0] = from;
	es->e[es->n][1] = to;
	es->n++;
}

/* The same graph from views as from jansson trees. */
static void
test_graph(void **state)
{
	struct ln_graph *a = ln_graph_new(), *b = ln_graph_new();
	struct edges ea = { .n = 0 }, eb = { .n = 0 };
	struct ck_error err;

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		json_t *ev = json_loads(good[i], JSON_ALLOW_NUL, NULL);

		assert_int_equal(ln_graph_add_event(a, ev, &err), 0);
		assert_int_equal(ln_event_fast(&fast, good[i], strlen(good[i])),
				 1);
		if (fast.v.esc)
			assert_int_equal(ln_graph_add_event(b, ev, &err), 0);
		else
			assert_int_equal(ln_graph_add_ids(b, &fast.v, &err),
					 0);
		json_decref(ev);
	}
	assert_int_equal(ln_graph_finish(a, &err), 0);
	assert_int_equal(ln_graph_finish(b, &err), 0);
	assert_int_equal(ln_graph_nodes(a), ln_graph_nodes(b));
	assert_int_equal(ln_graph_edges(a), ln_graph_edges(b));
	for (size_t n = 0; n < ln_graph_nodes(a); n++) {
		assert_string_equal(ln_graph_id(a, (long)n),
				    ln_graph_id(b, (long)n));
		assert_int_equal(ln_graph_kind(a, (long)n),
				 ln_graph_kind(b, (long)n));
	}
	ln_graph_each_edge(a, collect, &ea);
	ln_graph_each_edge(b, collect, &eb);
	assert_int_equal(ea.n, eb.n);
	assert_memory_equal(ea.e, eb.e, ea.n * sizeof ea.e[0]);
	ln_graph_free(a);
	ln_graph_free(b);
}

/* The whole index file, from 3,000 events through each path (the id
 * table grows several times): the same bytes; and every id found at
 * the same number in the graph being built and in the mapped index. */
static void
test_index_bytes(void **state)
{
	struct ln_graph *a = ln_graph_new(), *b = ln_graph_new(), *m;
	struct ln_stamp st = { 1, 2, 3 };
	char pa[] = "/tmp/test_lineage_fastXXXXXX";
	char pb[] = "/tmp/test_lineage_fastXXXXXX";
	char line[512], *da, *db;
	size_t la, lb;
	struct ck_error err;
	int fa = mkstemp(pa), fb = mkstemp(pb);

	(void)state;
	assert_true(fa >= 0 && fb >= 0);
	close(fa);
	close(fb);
	for (int i = 0; i < 3000; i++) {
		json_t *ev;
		int n = snprintf(line, sizeof line,
			HEAD "\"run\":{\"runId\":\"00000000-0000-4000-8000-%012d\"},"
			"\"job\":{\"namespace\":\"n\",\"name\":\"j%d\"},"
			"\"inputs\":[{\"namespace\":\"s\",\"name\":\"d%d\","
			"\"facets\":{\"version\":{\"_producer\":\"a:b\","
			"\"_schemaURL\":\"a:b\",\"datasetVersion\":\"v%d\"}}}],"
			"\"outputs\":[{\"namespace\":\"s\",\"name\":\"d%d\"}]" TAIL,
			i, i % 97, (i * 7) % 1500, i % 5, (i * 13) % 1500);

		ev = json_loadb(line, (size_t)n, 0, NULL);
		assert_non_null(ev);
		assert_int_equal(ln_graph_add_event(a, ev, &err), 0);
		json_decref(ev);
		assert_int_equal(ln_event_fast(&fast, line, (size_t)n), 1);
		assert_false(fast.v.esc);
		assert_int_equal(ln_graph_add_ids(b, &fast.v, &err), 0);
	}
	assert_int_equal(ln_graph_finish(a, &err), 0);
	assert_int_equal(ln_graph_finish(b, &err), 0);
	assert_int_equal(ln_graph_save(a, pa, &st, &err), 0);
	assert_int_equal(ln_graph_save(b, pb, &st, &err), 0);
	assert_int_equal(ck_read_file(pa, 1 << 24, &da, &la, &err), 0);
	assert_int_equal(ck_read_file(pb, 1 << 24, &db, &lb, &err), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	assert_int_equal(ln_graph_load(pb, &st, &m, &err), 1);
	for (size_t n = 0; n < ln_graph_nodes(b); n++) {
		const char *id = ln_graph_id(b, (long)n);

		assert_int_equal(ln_graph_find(b, id), (long)n);
		assert_int_equal(ln_graph_find(m, id), (long)n);
	}
	assert_int_equal(ln_graph_find(b, "dataset:s:nope"), -1);
	free(da);
	free(db);
	unlink(pa);
	unlink(pb);
	ln_graph_free(m);
	ln_graph_free(a);
	ln_graph_free(b);
}

static int
teardown(void **state)
{
	(void)state;
	ln_fast_release(&fast);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_graph),
		cmocka_unit_test(test_index_bytes),
	};

	return cmocka_run_group_tests_name("lineage_fast", tests, NULL,
					   teardown);
}
