/* dettest.c -- the harness of the detector unit tests; see dettest.h. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dettest.h"

static const struct phi_detector *det;
static struct phi_engine *engine;
static void *shared, *dstate;

int
dt_setup(void **state, const struct phi_detector *d)
{
	struct phi_engine_opts o;
	struct ck_error err;
	char dir[4096];
	const char *top = getenv("top_srcdir");

	(void)state;
	det = d;
	snprintf(dir, sizeof(dir), "%s/share/complykit", top ? top : ".");
	/* Some data (the name lists) is found through the environment. */
	setenv("COMPLYKIT_DATADIR", dir, 1);
	memset(&o, 0, sizeof(o));
	o.datadir = dir;
	engine = phi_engine_new(&o, &err);
	if (engine == NULL) {
		fprintf(stderr, "engine: %s\n", err.msg);
		return -1;
	}
	shared = det->init(engine, &err);
	if (shared == NULL) {
		fprintf(stderr, "%s: %s\n", det->name, err.msg);
		return -1;
	}
	dstate = det->state_new(shared);
	return dstate == NULL ? -1 : 0;
}

int
dt_teardown(void **state)
{
	(void)state;
	if (dstate != NULL)
		det->state_free(dstate);
	if (shared != NULL)
		det->fini(shared);
	phi_engine_free(engine);
	dstate = shared = NULL;
	engine = NULL;
	return 0;
}

struct phi_cands
dt_scan_win(const char *path, const char *text, size_t win, size_t ov)
{
	struct phi_cands c = { NULL, 0, 0 };
	struct ck_error err;
	size_t len = strlen(text), base = 0;

	assert_true(win == 0 || ov < win);
	det->begin(dstate, path);
	for (;;) {
		size_t n = win == 0 || base + win >= len ? len - base : win;
		struct phi_window w = { text + base, n, base,
					base + n == len, path };

		assert_int_equal(det->scan(dstate, &w, &c, &err), 0);
		if (base + n == len)
			break;
		base += n - ov;
	}
	return c;
}

struct phi_cands
dt_scan(const char *path, const char *text)
{
	return dt_scan_win(path, text, 0, 0);
}

struct phi_cands
dt_scan_exact(const char *path, const char *text)
{
	struct phi_cands c = { NULL, 0, 0 };
	struct ck_error err;
	size_t len = strlen(text);
	char *buf = malloc(len ? len : 1);
	struct phi_window w;

	assert_non_null(buf);
	memcpy(buf, text, len);
	w.buf = buf;
	w.len = len;
	w.base = 0;
	w.last = 1;
	w.path = path;
	det->begin(dstate, path);
	assert_int_equal(det->scan(dstate, &w, &c, &err), 0);
	free(buf);
	return c;
}

static void
list_cands(const struct phi_cands *c, const char *text)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		fprintf(stderr, "  have %s [%.*s]\n",
			phi_type_name(c->v[i].type),
			(int)(c->v[i].end - c->v[i].start), text + c->v[i].start);
}

void
dt_expect_at(const struct phi_cands *c, const char *text, const char *after,
	     const char *needle, int type, int prio)
{
	const char *from = after ? strstr(text, after) : text;
	const char *p;
	size_t i, s, e, hits = 0;

	assert_non_null(from);
	p = strstr(from, needle);
	if (p == NULL)
		fail_msg("needle '%s' not in the text", needle);
	s = (size_t)(p - text);
	e = s + strlen(needle);
	for (i = 0; i < c->n; i++)
		if (c->v[i].start == s && c->v[i].end == e &&
		    c->v[i].type == type) {
			if (prio != DT_ANY)
				assert_int_equal(c->v[i].prio, prio);
			hits++;
		}
	if (hits == 0) {
		list_cands(c, text);
		fail_msg("no %s span over '%s'", phi_type_name(type), needle);
	}
}

void
dt_expect_none(const struct phi_cands *c, const char *text,
	       const char *needle)
{
	const char *p = strstr(text, needle);
	size_t i, s, e;

	assert_non_null(p);
	s = (size_t)(p - text);
	e = s + strlen(needle);
	for (i = 0; i < c->n; i++)
		if (c->v[i].start < e && s < c->v[i].end &&
		    c->v[i].type != PHI_VETO)
			fail_msg("unexpected %s over '%s'",
				 phi_type_name(c->v[i].type), needle);
}

static int
by_position(const void *a, const void *b)
{
	const struct phi_cand *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

void
dt_check_scan(const char *text, const char *const *want, int type)
{
	struct phi_cands c = dt_scan("note.txt", text);
	size_t i, k = 0;
	char got[256];

	if (c.n > 1)
		qsort(c.v, c.n, sizeof(*c.v), by_position);
	for (i = 0; i < c.n; i++) {
		int len = (int)(c.v[i].end - c.v[i].start);

		if (type == DT_ANY)
			snprintf(got, sizeof(got), "%s:%.*s",
				 phi_type_name(c.v[i].type), len,
				 text + c.v[i].start);
		else {
			assert_int_equal(c.v[i].type, type);
			snprintf(got, sizeof(got), "%.*s", len,
				 text + c.v[i].start);
		}
		if (want[k] == NULL)
			fail_msg("unexpected '%s' (%s) in '%s'", got,
				 c.v[i].rule ? c.v[i].rule : "?", text);
		if (strcmp(got, want[k]) != 0)
			fail_msg("got '%s', want '%s'", got, want[k]);
		k++;
	}
	if (want[k] != NULL)
		fail_msg("missed '%s' in '%s'", want[k], text);
	free(c.v);
}
