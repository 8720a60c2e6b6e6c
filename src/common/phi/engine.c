/* engine.c -- the engine and scanner lifecycles, the merge of candidates
 * into findings (suppression, overlaps, line and column) and scoring.
 * The regex rules run in prefilter.c; packs load in rules.c. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/engine.h"

#define ALLOW_MARK "phiscan:allow"
/* How far along a line phiscan:allow is looked for: a marker is a comment
 * near the value, and a 1 GB line must not cost a pass per finding. */
#define ALLOW_REACH 4096
/* Test-data phrases are looked for at the top of a document only. */
#define TEST_TEXT_REACH 65536

static const char *const default_test_words[] = {
	"test", "tests", "testing", "spec", "specs", "__tests__", "mock",
	"mocks", "fixture", "fixtures", "example", "examples", "sample",
	"samples", "fake", "dummy", "testdata", NULL
};

static const char *const default_test_text[] = {
	"test data", "mock data", "fake data", "dummy data", "sample data",
	"synthetic data", "example data", "not real", "fictitious", NULL
};

static int
words_from(struct phi_words *w, const json_t *arr, const char *const *dflt)
{
	size_t i;
	json_t *it;

	phi_words_free(w);
	if (arr == NULL) {
		for (i = 0; dflt[i] != NULL; i++)
			if (phi_words_add(w, dflt[i]) < 0)
				return -1;
		return 0;
	}
	json_array_foreach(arr, i, it)
		if (phi_words_add(w, json_string_value(it)) < 0)
			return -1;
	return 0;
}

static int
all_strings(const json_t *arr)
{
	size_t i;
	json_t *it;

	if (!json_is_array(arr))
		return 0;
	json_array_foreach(arr, i, it)
		if (!json_is_string(it))
			return 0;
	return 1;
}

int
phi_ruleset_finish(struct phi_ruleset *rs, struct ck_error *err)
{
	const json_t *sc = rs->sections ?
		json_object_get(rs->sections, "scoring") : NULL;
	const json_t *v, *tw = NULL, *tt = NULL;

	if (sc != NULL) {
		if ((v = json_object_get(sc, "high")) != NULL) {
			if (!json_is_integer(v))
				return ck_error_set(err, 0, "scoring.high must "
						    "be an integer");
			rs->score_high = (int)json_integer_value(v);
		}
		if ((v = json_object_get(sc, "medium")) != NULL) {
			if (!json_is_integer(v))
				return ck_error_set(err, 0, "scoring.medium must "
						    "be an integer");
			rs->score_medium = (int)json_integer_value(v);
		}
		if ((v = json_object_get(sc, "test_factor")) != NULL) {
			if (!json_is_number(v) || json_number_value(v) < 0 ||
			    json_number_value(v) > 1)
				return ck_error_set(err, 0, "scoring.test_factor "
						    "must be a number from 0 "
						    "to 1");
			rs->test_factor = json_number_value(v);
		}
		tw = json_object_get(sc, "test_words");
		tt = json_object_get(sc, "test_text");
		if ((tw != NULL && !all_strings(tw)) ||
		    (tt != NULL && !all_strings(tt)))
			return ck_error_set(err, 0, "scoring.test_words and "
					    "test_text must be lists of words");
	}
	if (phi_allow_seal(&rs->allow) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (words_from(&rs->test_words, tw, default_test_words) < 0 ||
	    words_from(&rs->test_text, tt, default_test_text) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

static size_t
detector_count(void)
{
	size_t n = 0;

	while (phi_detectors[n] != NULL)
		n++;
	return n;
}

static void
engine_backend(struct phi_engine *e)
{
	char ver[64] = "?";
	uint32_t jit = 0;
	int n;

	pcre2_config(PCRE2_CONFIG_VERSION, ver);
	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	n = snprintf(e->backend, sizeof(e->backend), "PCRE2 %.20s%s", ver,
		     jit ? " (JIT)" : "");
#ifdef HAVE_HYPERSCAN
	{
		const char *hv = hs_version();
		size_t l = strcspn(hv, " ");

		snprintf(e->backend + n, sizeof(e->backend) - (size_t)n,
			 ", Hyperscan %.*s%s", (int)(l < 32 ? l : 32), hv,
			 e->use_hs ? "" : " (off)");
	}
#else
	(void)n;
#endif
}

struct phi_engine *
phi_engine_new(const struct phi_engine_opts *o, struct ck_error *err)
{
	struct phi_engine *e;
	size_t i, k;

	e = calloc(1, sizeof(*e));
	if (e == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	phi_ruleset_init(&e->rs);
	if (phi_ruleset_load(&e->rs, o, err) < 0)
		goto fail;
	e->active = calloc(e->rs.n ? e->rs.n : 1, sizeof(*e->active));
	e->info = calloc(e->rs.n ? e->rs.n : 1, sizeof(*e->info));
	if (e->active == NULL || e->info == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	e->max_groups = 1;
	for (i = 0; i < e->rs.n; i++) {
		struct phi_rule *r = &e->rs.v[i];
		uint32_t caps = 0;

		if (!r->enabled || r->re == NULL)
			continue;
		k = e->n_active++;
		e->active[k] = r;
		e->info[k].id = r->id;
		e->info[k].type = r->type;
		e->info[k].weight = r->weight;
		e->info[k].conf = r->conf;
		e->info[k].description = r->description ? r->description : "";
		(void)pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &caps);
		if (caps + 1 > e->max_groups)
			e->max_groups = caps + 1;
	}
	if (phi_prefilter_build(e, err) < 0)
		goto fail;
	engine_backend(e);
	e->n_det = detector_count();
	e->det_shared = calloc(e->n_det ? e->n_det : 1, sizeof(void *));
	if (e->det_shared == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < e->n_det; i++) {
		const struct phi_detector *d = phi_detectors[i];

		if (d->init == NULL)
			continue;
		ck_error_clear(err);
		e->det_shared[i] = d->init(e, err);
		/* NULL is a failure only if the detector said so: one with
		 * nothing to share may return NULL. */
		if (e->det_shared[i] == NULL && err != NULL &&
		    err->msg[0] != '\0') {
			ck_error_prefix(err, "detector %s", d->name);
			goto fail;
		}
	}
	return e;
fail:
	phi_engine_free(e);
	return NULL;
}

void
phi_engine_free(struct phi_engine *e)
{
	size_t i;

	if (e == NULL)
		return;
	if (e->det_shared != NULL) {
		for (i = 0; i < e->n_det; i++)
			if (e->det_shared[i] != NULL && phi_detectors[i]->fini)
				phi_detectors[i]->fini(e->det_shared[i]);
		free(e->det_shared);
	}
	phi_prefilter_free(e);
	phi_ruleset_release(&e->rs);
	free(e->active);
	free(e->info);
	free(e);
}

size_t
phi_engine_rules(const struct phi_engine *e, const struct phi_rule_info **out)
{
	*out = e->info;
	return e->n_active;
}

const char *
phi_engine_backend(const struct phi_engine *e)
{
	return e->backend;
}

const json_t *
phi_engine_section(const struct phi_engine *e, const char *name)
{
	if (e == NULL || e->rs.sections == NULL || name == NULL)
		return NULL;
	return json_object_get(e->rs.sections, name);
}

struct phi_scanner *
phi_scanner_new(const struct phi_engine *e, struct ck_error *err)
{
	struct phi_scanner *s;
	size_t i;

	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	s->e = e;
	s->md = pcre2_match_data_create(e->max_groups, NULL);
	s->md_allow = pcre2_match_data_create(1, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	s->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	s->det_state = calloc(e->n_det ? e->n_det : 1, sizeof(void *));
	if (s->md == NULL || s->md_allow == NULL || s->mctx == NULL ||
	    s->det_state == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	if (s->jit != NULL)
		pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
	/* A pathological pattern on a hostile input costs bounded time. */
	pcre2_set_match_limit(s->mctx, 1000000);
	pcre2_set_depth_limit(s->mctx, 10000);
	if (phi_prefilter_scanner(s, err) < 0)
		goto fail;
	for (i = 0; i < e->n_det; i++)
		if (phi_detectors[i]->state_new != NULL)
			s->det_state[i] =
				phi_detectors[i]->state_new(e->det_shared[i]);
	s->cnt_line = 1;
	return s;
fail:
	phi_scanner_free(s);
	return NULL;
}

void
phi_scanner_free(struct phi_scanner *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->det_state != NULL) {
		for (i = 0; i < s->e->n_det; i++)
			if (s->det_state[i] != NULL &&
			    phi_detectors[i]->state_free != NULL)
				phi_detectors[i]->state_free(s->det_state[i]);
		free(s->det_state);
	}
	phi_prefilter_scanner_free(s);
	pcre2_match_data_free(s->md);
	pcre2_match_data_free(s->md_allow);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jit);
	free(s->cands.v);
	free(s->path);
	free(s);
}

static int
lc(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* 1 if a component of the path, split at punctuation and camelCase
 * ("tests/", "PatientTest.java", "mock_patients.json"), is a test word. */
static int
path_is_test(const struct phi_words *w, const char *path)
{
	size_t i = 0, n = strlen(path), k;

	while (i < n) {
		size_t j = i + 1;
		unsigned char c = (unsigned char)path[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '_')) {
			i++;
			continue;
		}
		while (j < n) {
			unsigned char d = (unsigned char)path[j];

			if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') ||
			      d == '_'))
				break;
			if (d >= 'A' && d <= 'Z' && path[j - 1] >= 'a' &&
			    path[j - 1] <= 'z')
				break;
			j++;
		}
		for (k = 0; k < w->n; k++) {
			size_t l = strlen(w->v[k]), m;

			if (l != j - i)
				continue;
			for (m = 0; m < l; m++)
				if (lc((unsigned char)path[i + m]) !=
				    lc((unsigned char)w->v[k][m]))
					break;
			if (m == l)
				return 1;
		}
		/* "__tests__" and "test_x": also try without the
		 * underscores at the ends. */
		if (path[i] == '_' || path[j - 1] == '_') {
			size_t a = i, b = j;

			while (a < b && path[a] == '_')
				a++;
			while (b > a && path[b - 1] == '_')
				b--;
			for (k = 0; k < w->n && b > a; k++) {
				size_t l = strlen(w->v[k]), m;

				if (l != b - a)
					continue;
				for (m = 0; m < l; m++)
					if (lc((unsigned char)path[a + m]) !=
					    lc((unsigned char)w->v[k][m]))
						break;
				if (m == l)
					return 1;
			}
		}
		i = j;
	}
	return 0;
}

void
phi_scan_begin(struct phi_scanner *s, const char *path)
{
	size_t i;

	free(s->path);
	s->path = strdup(path ? path : "");
	s->cnt_off = 0;
	s->cnt_line = 1;
	s->cnt_col = 0;
	s->emitted_to = 0;
	s->test_context = path != NULL &&
		path_is_test(&s->e->rs.test_words, path);
	for (i = 0; i < s->e->n_det; i++)
		if (phi_detectors[i]->begin != NULL)
			phi_detectors[i]->begin(s->det_state[i], s->path);
}

uint64_t
phi_scan_emitted_to(const struct phi_scanner *s)
{
	return s->emitted_to;
}

int
phi_scan_test_context(const struct phi_scanner *s)
{
	return s->test_context;
}

/* Moves the line counter to absolute offset `to` inside the window. */
static void
advance(struct phi_scanner *s, const char *buf, size_t len, uint64_t base,
	uint64_t to)
{
	const char *p, *q, *nl;

	if (to <= s->cnt_off)
		return;
	if (s->cnt_off < base)
		s->cnt_off = base;	/* bytes never seen: keep going */
	if (to > base + len)
		to = base + len;
	p = buf + (s->cnt_off - base);
	q = buf + (to - base);
	while (p < q && (nl = memchr(p, '\n', (size_t)(q - p))) != NULL) {
		s->cnt_line++;
		s->cnt_col = 0;
		p = nl + 1;
	}
	/* Code points: every byte but UTF-8 continuation bytes. */
	for (; p < q; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			s->cnt_col++;
	s->cnt_off = to;
}

static const char *
find_mark(const char *p, size_t n)
{
	return memmem(p, n, ALLOW_MARK, sizeof(ALLOW_MARK) - 1);
}

/* 1 if the marker at m (in a line ending at end) covers type: a bare
 * marker covers every type, "phiscan:allow SSN,MRN" only those. */
static int
mark_covers(const char *m, const char *end, int type)
{
	const char *p = m + sizeof(ALLOW_MARK) - 1;
	int listed = 0;

	for (;;) {
		const char *w;
		char name[24];
		int t;

		while (p < end && (*p == ' ' || *p == '\t' || *p == ',' ||
				   *p == ':' || *p == '='))
			p++;
		w = p;
		while (p < end && ((*p >= 'A' && *p <= 'Z') || *p == '_' ||
				   (*p >= '0' && *p <= '9')))
			p++;
		if (p == w || (size_t)(p - w) >= sizeof(name))
			break;
		memcpy(name, w, (size_t)(p - w));
		name[p - w] = '\0';
		if ((t = phi_type_parse(name)) < 0)
			break;
		if (t == type)
			return 1;
		listed = 1;
	}
	return !listed;
}

static int
line_allows(const char *lo, const char *hi, int type)
{
	const char *m;

	while (lo < hi && (m = find_mark(lo, (size_t)(hi - lo))) != NULL) {
		if (mark_covers(m, hi, type))
			return 1;
		lo = m + 1;
	}
	return 0;
}

/* phiscan:allow on the value's line or on the line above. */
static int
allowed_inline(const char *buf, size_t len, size_t vs, size_t ve, int type)
{
	size_t lo = vs > ALLOW_REACH ? vs - ALLOW_REACH : 0;
	size_t hi = ve + ALLOW_REACH < len ? ve + ALLOW_REACH : len;
	size_t ls = vs, le = ve, ps;

	while (ls > lo && buf[ls - 1] != '\n')
		ls--;
	while (le < hi && buf[le] != '\n')
		le++;
	if (line_allows(buf + ls, buf + le, type))
		return 1;
	if (ls == 0 || buf[ls - 1] != '\n')
		return 0;
	ps = ls - 1;
	lo = ps > ALLOW_REACH ? ps - ALLOW_REACH : 0;
	while (ps > lo && buf[ps - 1] != '\n')
		ps--;
	return line_allows(buf + ps, buf + ls - 1, type);
}

static int
cand_cmp_start(const void *a, const void *b)
{
	const struct phi_cand *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	if (x->prio != y->prio)
		return y->prio - x->prio;
	return y->conf - x->conf;
}

/* The better of two overlapping candidates comes first. */
static int
cand_cmp_rank(const void *a, const void *b)
{
	const struct phi_cand *x = *(const struct phi_cand *const *)a;
	const struct phi_cand *y = *(const struct phi_cand *const *)b;
	uint64_t lx = x->end - x->start, ly = y->end - y->start;

	if (x->prio != y->prio)
		return y->prio - x->prio;
	if (x->conf != y->conf)
		return y->conf - x->conf;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->type - y->type;
}

/* Among a cluster of overlapping candidates (sorted by start), keeps the
 * best and whatever does not overlap what is kept: marks losers with
 * type -1. */
static int
resolve_cluster(struct phi_cand *c, size_t n)
{
	struct phi_cand **rank, **kept;
	size_t i, j, nk = 0;

	if (n < 2)
		return 0;
	rank = malloc(n * sizeof(*rank));
	kept = malloc(n * sizeof(*kept));
	if (rank == NULL || kept == NULL) {
		free(rank);
		free(kept);
		return -1;
	}
	for (i = 0; i < n; i++)
		rank[i] = &c[i];
	qsort(rank, n, sizeof(*rank), cand_cmp_rank);
	for (i = 0; i < n; i++) {
		for (j = 0; j < nk; j++)
			if (rank[i]->start < kept[j]->end &&
			    kept[j]->start < rank[i]->end)
				break;
		if (j < nk)
			rank[i]->type = -1;
		else
			kept[nk++] = rank[i];
	}
	free(rank);
	free(kept);
	return 0;
}

static int
findings_push(struct phi_findings *out, const struct phi_cand *c,
	      const char *buf, uint64_t base, const struct phi_scanner *s)
{
	struct phi_finding *f;
	size_t vl = (size_t)(c->end - c->start);

	if (out->n == out->cap) {
		size_t ncap = out->cap ? out->cap * 2 : 16;
		struct phi_finding *nv = realloc(out->v, ncap * sizeof(*nv));

		if (nv == NULL)
			return -1;
		out->v = nv;
		out->cap = ncap;
	}
	f = &out->v[out->n];
	f->value = malloc(vl + 1);
	if (f->value == NULL)
		return -1;
	memcpy(f->value, buf + (c->start - base), vl);
	f->value[vl] = '\0';
	f->value_len = vl;
	f->start = c->start;
	f->end = c->end;
	f->line = s->cnt_line;
	f->col = s->cnt_col + 1;
	f->type = c->type;
	f->conf = c->conf;
	f->score = c->weight;
	f->rule = c->rule;
	out->n++;
	return 0;
}

static int
merge(struct phi_scanner *s, const char *buf, size_t len, uint64_t base,
      uint64_t emit_from, uint64_t limit, struct phi_findings *out,
      struct ck_error *err)
{
	struct phi_cands *cs = &s->cands;
	const struct phi_ruleset *rs = &s->e->rs;
	int marks = len > 0 && find_mark(buf, len) != NULL;
	size_t i, j, n = 0;

	/* Suppression first, so a dropped value cannot shadow another. */
	for (i = 0; i < cs->n; i++) {
		struct phi_cand c = cs->v[i];
		size_t vs, ve;

		if (c.start < emit_from || c.start >= limit || c.start < base ||
		    c.end > base + len || c.end <= c.start ||
		    c.type < 0 || c.type > PHI_VETO)
			continue;
		vs = (size_t)(c.start - base);
		ve = (size_t)(c.end - base);
		if (rs->allow.n > 0 &&
		    phi_allow_match(&rs->allow, buf + vs, ve - vs, s->md_allow))
			continue;
		if (marks && allowed_inline(buf, len, vs, ve, c.type))
			continue;
		cs->v[n++] = c;
	}
	cs->n = n;
	if (n > 1)
		qsort(cs->v, n, sizeof(*cs->v), cand_cmp_start);
	for (i = 0; i < n; i = j) {
		uint64_t end = cs->v[i].end;

		for (j = i + 1; j < n && cs->v[j].start < end; j++)
			if (cs->v[j].end > end)
				end = cs->v[j].end;
		if (resolve_cluster(cs->v + i, j - i) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		if (cs->v[i].type < 0 || cs->v[i].type == PHI_VETO)
			continue;
		advance(s, buf, len, base, cs->v[i].start);
		if (findings_push(out, &cs->v[i], buf, base, s) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

int
phi_scan_window(struct phi_scanner *s, const char *buf, size_t len,
		uint64_t base, uint64_t emit_from, int last,
		struct phi_findings *out, struct ck_error *err)
{
	const struct phi_engine *e = s->e;
	struct phi_window w;
	uint64_t limit;
	size_t i;

	s->cands.n = 0;
	if (base == 0 && !s->test_context && e->rs.test_text.n > 0)
		s->test_context = phi_words_find(&e->rs.test_text, buf,
			len < TEST_TEXT_REACH ? len : TEST_TEXT_REACH);
	if (phi_rules_run(s, buf, len, base, err) < 0)
		return -1;
	w.buf = buf;
	w.len = len;
	w.base = base;
	w.last = last;
	w.path = s->path ? s->path : "";
	for (i = 0; i < e->n_det; i++) {
		if (phi_detectors[i]->scan == NULL)
			continue;
		if (phi_detectors[i]->scan(s->det_state[i], &w, &s->cands,
					   err) < 0) {
			ck_error_prefix(err, "detector %s",
					phi_detectors[i]->name);
			return -1;
		}
	}
	/* A value in the tail may run past the window: the next window,
	 * which starts before the tail, reports it. */
	if (last)
		limit = UINT64_MAX;
	else
		limit = len > PHI_WINDOW_TAIL ? base + len - PHI_WINDOW_TAIL :
			base;
	if (limit < emit_from)
		limit = emit_from;
	if (merge(s, buf, len, base, emit_from, limit, out, err) < 0)
		return -1;
	s->emitted_to = last ? base + len : limit;
	advance(s, buf, len, base, s->emitted_to);
	return 0;
}

int
phi_scan_buffer(struct phi_scanner *s, const char *path, const char *buf,
		size_t len, struct phi_findings *out, struct ck_error *err)
{
	phi_scan_begin(s, path);
	return phi_scan_window(s, buf, len, 0, 0, 1, out, err);
}

void
phi_score(const struct phi_engine *e, const struct phi_scanner *s,
	  const struct phi_finding *f, size_t n, struct phi_doc_score *out)
{
	size_t i;
	long score = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		score += f[i].score;
		if (f[i].type >= 0 && f[i].type < PHI_NTYPES)
			out->counts[f[i].type]++;
	}
	out->test_context = s != NULL && s->test_context;
	if (out->test_context)
		score = (long)((double)score * e->rs.test_factor);
	out->score = score > 1000000000 ? 1000000000 : (int)score;
	if (out->score > e->rs.score_high)
		out->conf = PHI_CONF_HIGH;
	else if (out->score > e->rs.score_medium)
		out->conf = PHI_CONF_MEDIUM;
	else
		out->conf = PHI_CONF_LOW;
}
