/* test_lineage_graph.c -- the in-memory graph: walks both ways, depth
 * bounds, cycles and diamonds, versioned impact, shortest paths. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

#include "common/atomic.h"
#include "lineage/lineage.h"

/* Adds a run of job j reading a (at version va, may be NULL), writing b. */
static void
add(struct ln_graph *g, const char *run, const char *j, const char *a,
    const char *va, const char *b)
{
	struct ck_error err;
	json_t *in = json_array(), *out = json_array(), *ev;

	if (a != NULL) {
		json_t *d = json_pack("{s:s, s:s}", "namespace", "n", "name", a);

		if (va != NULL)
			json_object_set_new(d, "facets", json_pack("{s:{s:s}}",
				"version", "datasetVersion", va));
		json_array_append_new(in, d);
	}
	if (b != NULL)
		json_array_append_new(out, json_pack("{s:s, s:s}", "namespace",
						     "n", "name", b));
	ev = json_pack("{s:{s:s}, s:{s:s, s:s}, s:o, s:o}", "run", "runId",
		       run, "job", "namespace", "j", "name", j, "inputs", in,
		       "outputs", out);
	assert_int_equal(ln_graph_add_event(g, ev, &err), 0);
	json_decref(ev);
}

#define U(n) "00000000-0000-4000-8000-00000000000" #n

static int
has(const struct ln_hit *h, size_t n, const struct ln_graph *g,
    const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ln_graph_id(g, h[i].node), id) == 0)
			return (int)h[i].depth;
	return -1;
}

static void
test_walks(void **state)
{
	struct ln_graph *g = ln_graph_new();
	struct ck_error err;
	struct ln_hit *h;
	size_t n;
	long a;

	(void)state;
	/* a -> r1 -> b ; b -> r2 -> c ; b -> r3 -> d ; c,d -> r4 -> e ;
	 * e -> r5 -> a (a cycle); r1 twice (START + COMPLETE) */
	add(g, U(1), "j1", "a", "v1", "b");
	add(g, U(1), "j1", "a", "v1", "b");
	add(g, U(2), "j2", "b", NULL, "c");
	add(g, U(3), "j3", "b", NULL, "d");
	add(g, U(4), "j4", "c", NULL, "e");
	add(g, U(4), "j4", "d", NULL, NULL);
	add(g, U(5), "j5", "e", NULL, "a");
	add(g, U(6), "j1", "a", "v2", "z");
	assert_int_equal(ln_graph_finish(g, &err), 0);
	/* the duplicate event adds no edge */
	assert_int_equal(ln_graph_edges(g), 19);
	a = ln_graph_find(g, "dataset:n:a");
	assert_true(a >= 0);
	assert_true(ln_graph_find(g, "dataset:n:nope") < 0);
	assert_true(ln_graph_find(g, U(4)) >= 0);
	assert_int_equal(ln_graph_kind(g, ln_graph_find(g, "job:j:j4")),
			 LN_JOB);
	assert_int_equal(ln_graph_walk(g, a, 1, 0, NULL, &h, &n, &err), 0);
	/* the diamond reaches e once, the cycle stops at a */
	assert_int_equal(has(h, n, g, "dataset:n:e"), 6);
	assert_int_equal(has(h, n, g, "dataset:n:a"), -1);
	assert_int_equal(has(h, n, g, "dataset:n:z"), 2);
	assert_int_equal(has(h, n, g, "job:j:j1"), -1);
	free(h);
	assert_int_equal(ln_graph_walk(g, a, 1, 2, NULL, &h, &n, &err), 0);
	assert_int_equal(n, 4);	/* r1, r6, b, z */
	free(h);
	/* only runs that read version v2 */
	assert_int_equal(ln_graph_walk(g, a, 1, 0, "v2", &h, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(has(h, n, g, "dataset:n:z"), 2);
	free(h);
	assert_int_equal(ln_graph_walk(g, a, 1, 0, "v9", &h, &n, &err), 0);
	assert_int_equal(n, 0);
	free(h);
	/* upstream of e: both branches of the diamond and their jobs */
	assert_int_equal(ln_graph_walk(g, ln_graph_find(g, "dataset:n:e"), 0,
				       0, NULL, &h, &n, &err), 0);
	assert_true(has(h, n, g, "dataset:n:c") > 0);
	assert_true(has(h, n, g, "dataset:n:d") > 0);
	assert_true(has(h, n, g, "job:j:j2") > 0);
	free(h);
	ln_graph_free(g);
}

static void
test_path(void **state)
{
	struct ln_graph *g = ln_graph_new();
	struct ck_error err;
	long *p;
	size_t n;

	(void)state;
	add(g, U(1), "j1", "a", NULL, "b");
	add(g, U(2), "j2", "b", NULL, "c");
	add(g, U(3), "j3", "x", NULL, "y");
	assert_int_equal(ln_graph_finish(g, &err), 0);
	assert_int_equal(ln_graph_path(g, ln_graph_find(g, "dataset:n:a"),
				       ln_graph_find(g, "dataset:n:c"), &p, &n,
				       &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(ln_graph_id(g, p[2]), "dataset:n:b");
	free(p);
	assert_int_equal(ln_graph_path(g, ln_graph_find(g, "dataset:n:c"),
				       ln_graph_find(g, "dataset:n:a"), &p, &n,
				       &err), 0);
	assert_int_equal(n, 0);
	free(p);
	ln_graph_free(g);
}

static void
test_many(void **state)
{
	struct ln_graph *g = ln_graph_new();
	struct ck_error err;
	struct ln_hit *h;
	size_t n;
	char run[40], a[32], b[32];

	(void)state;
	/* a chain of 5000 runs: the tables grow, the walk reaches the end */
	for (int i = 0; i < 5000; i++) {
		snprintf(run, sizeof(run), "00000000-0000-4000-8000-%012d", i);
		snprintf(a, sizeof(a), "d%d", i);
		snprintf(b, sizeof(b), "d%d", i + 1);
		add(g, run, "j", a, NULL, b);
	}
	assert_int_equal(ln_graph_finish(g, &err), 0);
	assert_int_equal(ln_graph_nodes(g), 1 + 5000 + 5001);
	assert_int_equal(ln_graph_walk(g, ln_graph_find(g, "dataset:n:d0"), 1,
				       0, NULL, &h, &n, &err), 0);
	assert_int_equal(n, 10000);
	assert_string_equal(ln_graph_id(g, h[n - 1].node), "dataset:n:d5000");
	free(h);
	ln_graph_free(g);
}

static void
test_index(void **state)
{
	struct ln_graph *g = ln_graph_new(), *m;
	struct ln_stamp st = { 1234, 5, 6789 }, other = { 1235, 5, 6789 };
	struct ck_error err;
	struct ln_hit *h;
	char path[] = "/tmp/test_lineage_index.XXXXXX";
	char *buf;
	size_t n, len;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	add(g, U(1), "j1", "a", "v1", "b");
	add(g, U(2), "j2", "b", NULL, "c");
	add(g, U(3), "j3", "c", NULL, "a");
	assert_int_equal(ln_graph_finish(g, &err), 0);
	assert_int_equal(ln_graph_save(g, path, &st, &err), 0);
	assert_int_equal(ln_graph_load(path, &st, &m, &err), 1);
	assert_int_equal(ln_graph_nodes(m), ln_graph_nodes(g));
	assert_int_equal(ln_graph_edges(m), ln_graph_edges(g));
	assert_string_equal(ln_graph_id(m, ln_graph_find(m, "dataset:n:c")),
			    "dataset:n:c");
	assert_int_equal(ln_graph_walk(m, ln_graph_find(m, "dataset:n:a"), 1,
				       0, "v1", &h, &n, &err), 0);
	assert_int_equal(n, 5);	/* r1 b r2 c r3, and the cycle ends at a */
	free(h);
	ln_graph_free(m);
	/* a stale stamp, or any damage, and the index is not used */
	assert_int_equal(ln_graph_load(path, &other, &m, &err), 0);
	assert_int_equal(ck_read_file(path, 1 << 20, &buf, &len, &err), 0);
	for (size_t i = 0; i < len; i += 7) {
		char *copy = malloc(len);

		memcpy(copy, buf, len);
		copy[i] = (char)(copy[i] ^ 0x5a);
		assert_int_equal(ck_atomic_write(path, copy, len, 0600, &err),
				 0);
		if (ln_graph_load(path, &st, &m, &err) == 1) {
			/* a flip the checks cannot see (a name byte) still
			 * leaves a graph that walks without harm */
			if (ln_graph_walk(m, 0, 1, 0, NULL, &h, &n, &err) == 0)
				free(h);
			ln_graph_free(m);
		}
		free(copy);
	}
	assert_int_equal(ck_atomic_write(path, buf, len / 2, 0600, &err), 0);
	assert_int_equal(ln_graph_load(path, &st, &m, &err), 0);
	free(buf);
	unlink(path);
	ln_graph_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walks),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests_name("lineage_graph", tests, NULL, NULL);
}
