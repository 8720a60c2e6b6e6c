/* prefilter.c -- running the regex rules over a window.
 *
 * One PCRE2 pass per rule over every byte is far too slow for dozens of
 * rules, so with Hyperscan every rule pattern goes into one database in
 * prefilter mode (a superset of the PCRE2 language: lookarounds dropped,
 * backreferences loosened).  A single scan reports the end offsets where a
 * rule may match; PCRE2 then confirms near those ends only.  Each rule has
 * a bounded match width W (from hs_expression_info, or the rule's width:),
 * so every real match ending at e starts within [e - W, e]: the ends are
 * merged into ranges, and PCRE2 searches each range with a margin before
 * (lookbehind) and after (lookahead).  Matches ending beyond a range are
 * not real (Hyperscan would have reported that end), which keeps the two
 * paths equal.  Without Hyperscan (not built, PHISCAN_NO_HYPERSCAN set, or
 * a pattern Hyperscan cannot take) PCRE2 runs over the whole window, using
 * its own first-byte and required-byte scans.  tests/unit/test_engine.c
 * checks that both paths find the same. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/atomic.h"
#include "common/hash.h"
#include "common/phi/engine.h"
#include "common/phi/bytescan.h"

/* Bytes PCRE2 may look at past a range for lookaheads and \b. */
#define LOOKAHEAD_MARGIN 64
/* Default width of a rule whose pattern is unbounded. */
#define DEFAULT_WIDTH 256
/* Beyond this many hits in one window, confirming ranges is no cheaper
 * than scanning: give up the prefilter for the window. */
#define MAX_HITS (1u << 22)

static int
hs_disabled_by_env(void)
{
	const char *v = getenv("PHISCAN_NO_HYPERSCAN");

	return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

#ifdef HAVE_HYPERSCAN
/* Max width of a pattern as Hyperscan sees it in prefilter mode, or 0 if
 * Hyperscan cannot take it (or it may match the empty string). */
static unsigned
hs_width(const char *pat, unsigned flags, unsigned declared)
{
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *ce = NULL;
	unsigned w;

	if (hs_expression_info(pat, flags, &info, &ce) != HS_SUCCESS) {
		hs_free_compile_error(ce);
		return 0;
	}
	if (info->min_width == 0)
		w = 0;
	else if (info->max_width != UINT_MAX)
		w = info->max_width;
	else
		w = declared ? declared : DEFAULT_WIDTH;
	free(info);
	return w;
}

/* The require words as one caseless alternation: every match of a rule
 * that requires a word has the word within its context window. */
static char *
words_regex(const struct phi_words *w)
{
	size_t i, n = 8, k;
	char *re, *p;

	for (i = 0; i < w->n; i++)
		n += 4 * strlen(w->v[i]) + 1;
	re = malloc(n);
	if (re == NULL)
		return NULL;
	p = re;
	p += sprintf(p, "(?:");
	for (i = 0; i < w->n; i++) {
		if (i > 0)
			*p++ = '|';
		for (k = 0; w->v[i][k] != '\0'; k++) {
			unsigned char c = (unsigned char)w->v[i][k];

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9'))
				*p++ = (char)c;
			else
				p += sprintf(p, "\\x%02x", c);
		}
	}
	*p++ = ')';
	*p = '\0';
	return re;
}

/* Compiling the database costs more than scanning a small file (about
 * 70 ms for the default packs), so the compiled form is kept in the user's
 * cache directory, named by a SHA-256 over the Hyperscan version and every
 * expression, flag and id: any change to a pack makes a new name.
 * PHISCAN_NO_CACHE=1 turns this off.  Failures only cost the compile. */
static int
cache_path(char *out, size_t n, const unsigned char key[CK_SHA256_LEN],
	   int make_dir)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *nc = getenv("PHISCAN_NO_CACHE");
	char dir[3072], hex[2 * CK_SHA256_LEN + 1];
	int k;

	if (nc != NULL && *nc != '\0' && strcmp(nc, "0") != 0)
		return -1;
	if (xdg != NULL && *xdg == '/')
		k = snprintf(dir, sizeof(dir), "%s/complykit", xdg);
	else if (home != NULL && *home == '/')
		k = snprintf(dir, sizeof(dir), "%s/.cache/complykit", home);
	else
		return -1;
	if (k < 0 || (size_t)k >= sizeof(dir))
		return -1;
	if (make_dir) {
		char parent[3072];
		char *slash;

		memcpy(parent, dir, (size_t)k + 1);
		slash = strrchr(parent, '/');
		if (slash != NULL && slash != parent) {
			*slash = '\0';
			(void)mkdir(parent, 0700);
		}
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return -1;
	}
	ck_hex_encode(key, CK_SHA256_LEN, hex);
	k = snprintf(out, n, "%s/hs-%s.db", dir, hex);
	return k < 0 || (size_t)k >= n ? -1 : 0;
}

static int
db_key(const char *const *exprs, const unsigned *flags, const unsigned *ids,
       size_t n, unsigned char key[CK_SHA256_LEN])
{
	struct ck_sha256 *h = ck_sha256_new();
	const char *v = hs_version();
	size_t i;
	int rc = 0;

	if (h == NULL)
		return -1;
	rc |= ck_sha256_update(h, v, strlen(v) + 1);
	for (i = 0; i < n; i++) {
		rc |= ck_sha256_update(h, exprs[i], strlen(exprs[i]) + 1);
		rc |= ck_sha256_update(h, &flags[i], sizeof(flags[i]));
		rc |= ck_sha256_update(h, &ids[i], sizeof(ids[i]));
	}
	rc |= ck_sha256_final(h, key);
	ck_sha256_free(h);
	return rc ? -1 : 0;
}

static hs_database_t *
cache_load(const unsigned char key[CK_SHA256_LEN])
{
	char path[4096];
	hs_database_t *db = NULL;
	struct stat st;
	char *buf;
	FILE *f;

	if (cache_path(path, sizeof(path), key, 0) < 0 ||
	    (f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && st.st_size > 0 &&
	    st.st_size < (64 << 20) &&
	    (buf = malloc((size_t)st.st_size)) != NULL) {
		if (fread(buf, 1, (size_t)st.st_size, f) ==
		    (size_t)st.st_size &&
		    hs_deserialize_database(buf, (size_t)st.st_size, &db) !=
		    HS_SUCCESS)
			db = NULL;
		free(buf);
	}
	fclose(f);
	return db;
}

static void
cache_store(const unsigned char key[CK_SHA256_LEN], const hs_database_t *db)
{
	char path[4096], *bytes = NULL;
	size_t len = 0;
	struct ck_error err;

	if (cache_path(path, sizeof(path), key, 1) < 0 ||
	    hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
		return;
	(void)ck_atomic_write(path, bytes, len, 0600, &err);
	free(bytes);
}

/* Chooses what Hyperscan looks for on behalf of rule i. */
static int
plan_rule(struct phi_engine *e, size_t i, unsigned *flags)
{
	const struct phi_rule *r = e->active[i];
	unsigned w;

	*flags = HS_FLAG_PREFILTER;
	if (r->digits > 0)
		return 0;	/* the digit-run scan finds its places */
	if (r->prefilter != NULL) {
		if (hs_width(r->prefilter, *flags, r->width) == 0)
			return 0;
		e->expr[i] = strdup(r->prefilter);
		e->before[i] = r->reach_before;
		e->after[i] = r->width;
		/* The prefilter matches inside every match. */
		e->start_after[i] = 0;
	} else if (r->require.n > 0) {
		w = hs_width(r->pattern, *flags, r->width);
		if (w == 0)
			return 0;
		*flags |= HS_FLAG_CASELESS;
		e->expr[i] = words_regex(&r->require);
		e->before[i] = e->after[i] = w + r->window;
		/* take() wants the word within the window before the value,
		 * and the value starts no earlier than the match. */
		e->start_after[i] = r->window;
	} else {
		w = hs_width(r->pattern, *flags, r->width);
		if (w == 0)
			return 0;
		e->expr[i] = strdup(r->pattern);
		e->before[i] = w;
		e->after[i] = 0;
		e->start_after[i] = 0;
	}
	if (e->expr[i] == NULL)
		return -1;
	e->in_hs[i] = 1;
	return 0;
}
#endif

static int
numeric_plan(struct phi_engine *e, struct ck_error *err)
{
	size_t i;

	e->numeric = calloc(e->n_active ? e->n_active : 1,
			    sizeof(*e->numeric));
	if (e->numeric == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	e->min_digits = UINT_MAX;
	for (i = 0; i < e->n_active; i++) {
		unsigned d = e->active[i]->digits;

		if (d == 0)
			continue;
		e->numeric[e->n_numeric++] = i;
		if (d < e->min_digits)
			e->min_digits = d;
	}
	return 0;
}

int
phi_prefilter_build(struct phi_engine *e, struct ck_error *err)
{
	e->use_hs = 0;
	if (numeric_plan(e, err) < 0)
		return -1;
#ifdef HAVE_HYPERSCAN
	const char **exprs = NULL;
	unsigned *flags = NULL, *ids = NULL, *fl = NULL;
	unsigned char key[CK_SHA256_LEN];
	size_t i, n;
	int rc = -1, have_key;

	if (e->n_active == 0 || hs_disabled_by_env())
		return 0;
	e->before = calloc(e->n_active, sizeof(*e->before));
	e->after = calloc(e->n_active, sizeof(*e->after));
	e->start_after = calloc(e->n_active, sizeof(*e->start_after));
	e->in_hs = calloc(e->n_active, sizeof(*e->in_hs));
	e->expr = calloc(e->n_active, sizeof(*e->expr));
	exprs = calloc(e->n_active, sizeof(*exprs));
	flags = calloc(e->n_active, sizeof(*flags));
	fl = calloc(e->n_active, sizeof(*fl));
	ids = calloc(e->n_active, sizeof(*ids));
	if (e->before == NULL || e->after == NULL || e->start_after == NULL ||
	    e->in_hs == NULL ||
	    e->expr == NULL || exprs == NULL || flags == NULL || fl == NULL ||
	    ids == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < e->n_active; i++)
		if (plan_rule(e, i, &fl[i]) < 0) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
	/* A pattern accepted alone may still fail in the set (resource
	 * limits); drop the one named and retry. */
	for (;;) {
		hs_compile_error_t *ce = NULL;

		n = 0;
		for (i = 0; i < e->n_active; i++) {
			if (!e->in_hs[i])
				continue;
			exprs[n] = e->expr[i];
			flags[n] = fl[i];
			ids[n] = (unsigned)i;
			n++;
		}
		if (n == 0) {
			rc = 0;
			goto out;
		}
		have_key = db_key(exprs, flags, ids, n, key) == 0;
		if (have_key && (e->hs = cache_load(key)) != NULL)
			break;
		if (hs_compile_multi(exprs, flags, ids, (unsigned)n,
				     HS_MODE_BLOCK, NULL, &e->hs, &ce) ==
		    HS_SUCCESS) {
			if (have_key)
				cache_store(key, e->hs);
			break;
		}
		if (ce == NULL || ce->expression < 0 ||
		    (size_t)ce->expression >= n) {
			hs_free_compile_error(ce);
			rc = 0;		/* no prefilter; PCRE2 does it all */
			goto out;
		}
		e->in_hs[ids[ce->expression]] = 0;
		hs_free_compile_error(ce);
	}
	e->use_hs = 1;
	rc = 0;
out:
	free(exprs);
	free(flags);
	free(fl);
	free(ids);
	return rc;
#else
	(void)err;
	(void)hs_disabled_by_env;
	return 0;
#endif
}

void
phi_prefilter_free(struct phi_engine *e)
{
	free(e->numeric);
	e->numeric = NULL;
	e->n_numeric = 0;
#ifdef HAVE_HYPERSCAN
	size_t i;

	hs_free_database(e->hs);
	e->hs = NULL;
	if (e->expr != NULL)
		for (i = 0; i < e->n_active; i++)
			free(e->expr[i]);
	free(e->expr);
	free(e->before);
	free(e->after);
	free(e->start_after);
	free(e->in_hs);
	e->expr = NULL;
	e->before = e->after = e->start_after = NULL;
	e->in_hs = NULL;
#endif
	e->use_hs = 0;
}

int
phi_prefilter_scanner(struct phi_scanner *s, struct ck_error *err)
{
	size_t n = s->e->n_numeric ? s->e->n_numeric : 1;

	s->pend_from = calloc(n, sizeof(*s->pend_from));
	s->pend_to = calloc(n, sizeof(*s->pend_to));
	s->pend_last = calloc(n, sizeof(*s->pend_last));
	s->pending = calloc(n, 1);
	if (s->pend_from == NULL || s->pend_to == NULL ||
	    s->pend_last == NULL || s->pending == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
#ifdef HAVE_HYPERSCAN
	if (s->e->use_hs &&
	    hs_alloc_scratch(s->e->hs, &s->scratch) != HS_SUCCESS)
		return ck_error_set(err, ENOMEM, "cannot allocate hyperscan "
				    "scratch");
#endif
	(void)s;
	(void)err;
	return 0;
}

void
phi_prefilter_scanner_free(struct phi_scanner *s)
{
#ifdef HAVE_HYPERSCAN
	hs_free_scratch(s->scratch);
	s->scratch = NULL;
#endif
	free(s->hits);
	s->hits = NULL;
	free(s->pend_from);
	free(s->pend_to);
	free(s->pend_last);
	free(s->pending);
	s->pend_from = s->pend_to = s->pend_last = NULL;
	s->pending = NULL;
	s->n_hits = s->cap_hits = 0;
}

int
phi_allow_match(const struct phi_allow *a, const char *s, size_t n,
		pcre2_match_data *md)
{
	size_t i;

	if (a->all != NULL &&
	    pcre2_match(a->all, (PCRE2_SPTR)s, n, 0, 0, md, NULL) >= 0)
		return 1;
	for (i = 0; i < a->n; i++)
		if ((a->in_all == NULL || !a->in_all[i]) &&
		    pcre2_match(a->re[i], (PCRE2_SPTR)s, n, 0, 0, md, NULL) >= 0)
			return 1;
	return 0;
}

static int
lc(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

int
phi_words_find(const struct phi_words *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, j;
	unsigned k;

	if (w->n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if ((k = w->head[p[i]]) == 0)
			continue;
		/* A word start: "fax" in "Fax:" or "homeFax", not in
		 * "relax". */
		if (i > 0 && is_alnum(p[i - 1]) &&
		    !(p[i] >= 'A' && p[i] <= 'Z' && p[i - 1] >= 'a' &&
		      p[i - 1] <= 'z'))
			continue;
		for (; k != 0; k = w->next[k - 1]) {
			const char *word = w->v[k - 1];
			size_t wl = w->len[k - 1];

			if (wl > n - i)
				continue;
			for (j = 1; j < wl; j++)
				if (lc(p[i + j]) != lc((unsigned char)word[j]))
					break;
			if (j == wl)
				return 1;
		}
	}
	return 0;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* 1 if a fax word is the label nearest before the value (no other digits
 * in between, which would be the number the word belongs to), or an aside
 * right after it. */
static int
fax_context(const struct phi_rule *r, const char *buf, size_t len, size_t vs,
	    size_t ve)
{
	size_t lo = vs > r->window ? vs - r->window : 0, p, hi;

	for (p = vs; p > lo; p--)
		if (is_digit((unsigned char)buf[p - 1]))
			break;
	if (phi_words_find(&r->fax, buf + p, vs - p))
		return 1;
	/* After the value only as an aside, "412-638-2671 (fax)": in
	 * "Ph 412-638-2671  Fax 412-..." the word labels the next number. */
	hi = ve + 12 < len ? ve + 12 : len;
	for (p = ve; p < hi && (buf[p] == ' ' || buf[p] == '\t'); p++)
		;
	if (p == hi || (buf[p] != '(' && buf[p] != '['))
		return 0;
	for (lo = ++p; p < hi; p++)
		if (buf[p] == ')' || buf[p] == ']')
			break;
	return p < hi && phi_words_find(&r->fax, buf + lo, p - lo);
}

/* A match of rule r whose value is buf[vs..ve): validate, check context,
 * and keep it as a candidate. */
static int
take(struct phi_scanner *s, const struct phi_rule *r, const char *buf,
     size_t len, uint64_t base, size_t vs, size_t ve)
{
	size_t lo, hi;
	int conf = r->conf, weight = r->weight, type = r->type;

	if (ve <= vs)
		return 0;
	if (r->validator != NULL && !r->validator(buf + vs, ve - vs))
		return 0;
	if (r->allow.n > 0 &&
	    phi_allow_match(&r->allow, buf + vs, ve - vs, s->md_allow))
		return 0;
	lo = vs > r->window ? vs - r->window : 0;
	hi = ve + r->window < len ? ve + r->window : len;
	if (r->require.n > 0 &&
	    !phi_words_find(&r->require, buf + lo, vs - lo))
		return 0;
	if (r->deny.n > 0 && (phi_words_find(&r->deny, buf + lo, vs - lo) ||
			      phi_words_find(&r->deny, buf + ve, hi - ve)))
		return 0;
	if (r->lower.n > 0 && (phi_words_find(&r->lower, buf + lo, vs - lo) ||
			       phi_words_find(&r->lower, buf + ve, hi - ve))) {
		if (conf == PHI_CONF_LOW)
			return 0;
		conf--;
		weight /= 2;
	} else if (r->raise.n > 0 &&
		   (phi_words_find(&r->raise, buf + lo, vs - lo) ||
		    phi_words_find(&r->raise, buf + ve, hi - ve))) {
		if (conf < PHI_CONF_HIGH)
			conf++;
		weight += weight / 2;
	}
	if (type == PHI_PHONE && r->fax.n > 0 &&
	    fax_context(r, buf, len, vs, ve))
		type = PHI_FAX;
	return phi_cands_push(&s->cands, base + vs, base + ve, type, conf,
			      weight, r->prio, r->id);
}

/* The values listed after a value that ended at `at` ("serial A, B and
 * C"): r's list regex, anchored, value after value.  The caller resets
 * the offset limit.  -1 only when out of memory. */
static int
list_values(struct phi_scanner *s, const struct phi_rule *r, const char *buf,
	    size_t len, uint64_t base, size_t at)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
	int g = r->list_group;

	for (int k = 0; k < PHI_LIST_MAX && at < len; k++) {
		int rc;

		pcre2_set_offset_limit(s->mctx, at);
		rc = pcre2_match(r->list_re, (PCRE2_SPTR)buf, len, at, 0,
				 s->md, s->mctx);
		size_t vs, ve, digits = 0;

		if (rc <= g || g == 0 || ov[2 * g] == PCRE2_UNSET ||
		    ov[2 * g + 1] <= ov[2 * g])
			break;
		vs = ov[2 * g];
		ve = ov[2 * g + 1];
		for (size_t i = vs; i < ve; i++)
			digits += is_digit((unsigned char)buf[i]);
		if (digits < PHI_LIST_DIGITS)
			break;
		if (take(s, r, buf, len, base, vs, ve) < 0)
			return -1;
		at = ve;
	}
	return 0;
}

/* Searches buf[from..to) for matches of r starting by `last` and ending
 * by `to`, letting PCRE2 look at buf[sub_lo..sub_hi) for context
 * assertions. */
static int
search(struct phi_scanner *s, const struct phi_rule *r, const char *buf,
       size_t len, uint64_t base, size_t from, size_t last, size_t to,
       size_t sub_lo, size_t sub_hi, struct ck_error *err)
{
	PCRE2_SPTR subj = (PCRE2_SPTR)(buf + sub_lo);
	size_t slen = sub_hi - sub_lo, off = from - sub_lo, lim = to - sub_lo;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);

	/* Start positions past `last` cannot begin a match the range
	 * stands for (the end of a prefilter hit, a required word's reach,
	 * a digit run): PCRE2 is told not to try them. */
	pcre2_set_offset_limit(s->mctx, (last < to ? last : to) - sub_lo);
	while (off <= slen) {
		size_t ms, me, vs, ve;
		/* The JIT entry point skips pcre2_match's per-call checks,
		 * which cost more than matching a short range. */
		int rc = r->jit ?
			pcre2_jit_match(r->re, subj, slen, off, 0, s->md,
					s->mctx) :
			pcre2_match(r->re, subj, slen, off, 0, s->md, s->mctx);

		if (rc < 0)
			break;	/* no match, or the match limit: the rule
				 * gives up on this span, never the scan */
		ms = ov[0];
		me = ov[1];
		if (me > lim)
			break;
		vs = ms;
		ve = me;
		if (r->value_group > 0 && rc > r->value_group &&
		    ov[2 * r->value_group] != PCRE2_UNSET) {
			vs = ov[2 * r->value_group];
			ve = ov[2 * r->value_group + 1];
		}
		if (ve > vs && take(s, r, buf, len, base, sub_lo + vs,
				    sub_lo + ve) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		if (r->list_re != NULL && ve > vs) {
			if (list_values(s, r, buf, len, base, sub_lo + ve) < 0)
				return ck_error_set(err, ENOMEM,
						    "out of memory");
			pcre2_set_offset_limit(s->mctx, (last < to ? last :
							 to) - sub_lo);
		}
		off = me > ms ? me : ms + 1;
		if (me < ms)
			break;	/* \K games: never loop */
	}
	return 0;
}

static int
search_all(struct phi_scanner *s, const struct phi_rule *r, const char *buf,
	   size_t len, uint64_t base, struct ck_error *err)
{
	return search(s, r, buf, len, base, 0, len, len, 0, len, err);
}

#ifdef HAVE_HYPERSCAN
static int
on_hit(unsigned int id, unsigned long long from, unsigned long long to,
       unsigned int flags, void *ctx)
{
	struct phi_scanner *s = ctx;

	(void)from;
	(void)flags;
	if (s->n_hits == s->cap_hits) {
		size_t ncap = s->cap_hits ? s->cap_hits * 2 : 4096;
		struct phi_hit *nv;

		if (ncap > MAX_HITS ||
		    (nv = realloc(s->hits, ncap * sizeof(*nv))) == NULL) {
			s->hits_overflow = 1;
			return 1;	/* stop; fall back to PCRE2 */
		}
		s->hits = nv;
		s->cap_hits = ncap;
	}
	s->hits[s->n_hits].rule = id;
	s->hits[s->n_hits].end = to;
	s->n_hits++;
	return 0;
}

/* Confirms one rule's hits (ascending ends) range by range. */
static int
confirm(struct phi_scanner *s, size_t ri, const struct phi_hit *h, size_t n,
	const char *buf, size_t len, uint64_t base, struct ck_error *err)
{
	const struct phi_rule *r = s->e->active[ri];
	size_t bw = s->e->before[ri], aw = s->e->after[ri];
	size_t sw = s->e->start_after[ri];
	size_t lb = (size_t)r->lookbehind + 8, i = 0;

	while (i < n) {
		size_t from, to, lo, hi, e = (size_t)h[i].end;

		from = e > bw ? e - bw : 0;
		to = e + aw < len ? e + aw : len;
		for (i++; i < n && (size_t)h[i].end <= to + bw; i++) {
			e = (size_t)h[i].end;
			to = e + aw < len ? e + aw : len;
		}
		lo = from > lb ? from - lb : 0;
		hi = to + LOOKAHEAD_MARGIN < len ? to + LOOKAHEAD_MARGIN : len;
		if (search(s, r, buf, len, base, from, e + sw, to, lo, hi,
			   err) < 0)
			return -1;
	}
	return 0;
}

static int
run_hs(struct phi_scanner *s, const char *buf, size_t len, uint64_t base,
       struct ck_error *err)
{
	const struct phi_engine *e = s->e;
	size_t *count, i, nr = e->n_active;
	struct phi_hit *sorted;
	int rc = 0;

	s->n_hits = 0;
	s->hits_overflow = 0;
	if (hs_scan(e->hs, buf, (unsigned)len, 0, s->scratch, on_hit, s) !=
	    HS_SUCCESS && !s->hits_overflow)
		return ck_error_set(err, 0, "hyperscan scan failed");
	if (s->hits_overflow) {
		for (i = 0; i < nr; i++)
			if (e->active[i]->digits == 0 &&
			    search_all(s, e->active[i], buf, len, base, err) < 0)
				return -1;
		return 0;
	}
	/* Counting sort by rule keeps each rule's ends ascending. */
	count = calloc(nr + 1, sizeof(*count));
	sorted = malloc((s->n_hits ? s->n_hits : 1) * sizeof(*sorted));
	if (count == NULL || sorted == NULL) {
		free(count);
		free(sorted);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (i = 0; i < s->n_hits; i++)
		count[s->hits[i].rule + 1]++;
	for (i = 1; i <= nr; i++)
		count[i] += count[i - 1];
	for (i = 0; i < s->n_hits; i++)
		sorted[count[s->hits[i].rule]++] = s->hits[i];
	/* count[r] is now the end of rule r's run. */
	for (i = 0; i < nr && rc == 0; i++) {
		size_t startr = i == 0 ? 0 : count[i - 1];

		if (e->active[i]->digits > 0)
			continue;
		if (!e->in_hs[i])
			rc = search_all(s, e->active[i], buf, len, base, err);
		else if (count[i] > startr)
			rc = confirm(s, i, sorted + startr, count[i] - startr,
				     buf, len, base, err);
	}
	free(count);
	free(sorted);
	return rc;
}
#endif

/* Bytes a numeric rule's match may reach beyond its digit run ("+1 (",
 * the letters of a DEA number). */
#define NUMERIC_REACH 8

static int
numeric_flush(struct phi_scanner *s, size_t k, const char *buf, size_t len,
	      uint64_t base, struct ck_error *err)
{
	const struct phi_rule *r = s->e->active[s->e->numeric[k]];
	size_t from = s->pend_from[k], to = s->pend_to[k], lo, hi;
	size_t lb = (size_t)r->lookbehind + 8;

	s->pending[k] = 0;
	/* A required word must stand within the window before the value,
	 * so without one near the run the rule cannot fire there. */
	if (r->require.n > 0) {
		size_t wlo = from > r->window ? from - r->window : 0;

		if (!phi_words_find(&r->require, buf + wlo, to - wlo))
			return 0;
	}
	lo = from > lb ? from - lb : 0;
	hi = to + LOOKAHEAD_MARGIN < len ? to + LOOKAHEAD_MARGIN : len;
	return search(s, r, buf, len, base, from, s->pend_last[k], to, lo, hi,
		      err);
}

/* The offset of the first ASCII digit at or after i, or len. */
static size_t
next_digit(const unsigned char *b, size_t i, size_t len)
{
	return phi_next_of((const char *)b, i, len, PHI_BC_DIGIT);
}

/* The bit of separator c in PHI_JOINS order, or 0 for any other byte. */
static unsigned
join_bit(unsigned c)
{
	switch (c) {
	case ' ': return 1u << 0;
	case '-': return 1u << 1;
	case '.': return 1u << 2;
	case '(': return 1u << 3;
	case ')': return 1u << 4;
	case '/': return 1u << 5;
	case '+': return 1u << 6;
	default: return 0;
	}
}

/* The most digits b[cs..ce) holds in one stretch joined only by the
 * separators in joins (a digit run split at every other separator). */
unsigned
phi_run_digits(const unsigned char *b, size_t cs, size_t ce, unsigned joins)
{
	unsigned cur = 0, best = 0;
	size_t i;

	for (i = cs; i < ce; i++) {
		if ((unsigned)(b[i] - '0') <= 9u) {
			if (++cur > best)
				best = cur;
		} else if ((join_bit(b[i]) & joins) == 0) {
			cur = 0;
		}
	}
	return best;
}

/* Numbers are most of what a clinical or code document holds, and no
 * automaton skips them fast: a byte loop finds runs of digits (joined by
 * at most two of " -.()/+") instead, and each rule with digits: N runs
 * only around runs holding N digits or more, joined only by the rule's
 * joins: (an IPv4 address or a date is no run for an SSN rule). */
static int
run_numeric(struct phi_scanner *s, const char *buf, size_t len,
	    uint64_t base, struct ck_error *err)
{
	const struct phi_engine *e = s->e;
	const unsigned char *b = (const unsigned char *)buf;
	size_t i = 0, k;

	if (e->n_numeric == 0)
		return 0;
	memset(s->pending, 0, e->n_numeric);
	while (i < len) {
		size_t cs, ce, from, to;
		unsigned nd = 0, seps = 0, used = 0, pend = 0;

		i = next_digit(b, i, len);
		if (i == len)
			break;
		cs = ce = i;
		while (i < len) {
			unsigned c = b[i], j;

			if (c - '0' <= 9) {
				nd++;
				seps = 0;
				used |= pend;	/* separators between digits */
				pend = 0;
				ce = ++i;
			} else if ((j = join_bit(c)) != 0 && ++seps <= 2) {
				pend |= j;
				i++;
			} else {
				break;
			}
		}
		if (nd < e->min_digits)
			continue;
		from = cs > NUMERIC_REACH ? cs - NUMERIC_REACH : 0;
		to = ce + NUMERIC_REACH < len ? ce + NUMERIC_REACH : len;
		for (k = 0; k < e->n_numeric; k++) {
			const struct phi_rule *r = e->active[e->numeric[k]];

			if (r->digits > nd)
				continue;
			if ((used & ~r->joins) != 0 &&
			    phi_run_digits(b, cs, ce, r->joins) < r->digits)
				continue;
			if (s->pending[k] && from < s->pend_to[k]) {
				s->pend_to[k] = to;
				s->pend_last[k] = ce;
				continue;
			}
			if (s->pending[k] &&
			    numeric_flush(s, k, buf, len, base, err) < 0)
				return -1;
			s->pending[k] = 1;
			s->pend_from[k] = from;
			s->pend_to[k] = to;
			s->pend_last[k] = ce;
		}
	}
	for (k = 0; k < e->n_numeric; k++)
		if (s->pending[k] &&
		    numeric_flush(s, k, buf, len, base, err) < 0)
			return -1;
	return 0;
}

int
phi_rules_run(struct phi_scanner *s, const char *buf, size_t len,
	      uint64_t base, struct ck_error *err)
{
	size_t i;

	if (run_numeric(s, buf, len, base, err) < 0)
		return -1;
#ifdef HAVE_HYPERSCAN
	if (s->e->use_hs && len <= UINT_MAX)
		return run_hs(s, buf, len, base, err);
#endif
	for (i = 0; i < s->e->n_active; i++)
		if (s->e->active[i]->digits == 0 &&
		    search_all(s, s->e->active[i], buf, len, base, err) < 0)
			return -1;
	return 0;
}
