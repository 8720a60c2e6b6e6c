/* rules.c -- rule packs.
 *
 * A pack is a YAML file (share/complykit/rules/README has the long form):
 *
 *   version: 1                      # the schema version (1 if absent)
 *   scoring:                        # merged across packs, later wins
 *     high: 15                      # document is high above this
 *     medium: 5                     # medium above this
 *     test_factor: 0.5              # score multiplier for test data
 *     test_words: [test, mock]      # path components marking test data
 *     test_text: [mock data]        # phrases in the text marking it
 *   allow: [regex, ...]             # values never flagged, any rule or
 *                                   # detector; matched against the whole
 *                                   # value
 *   rules:
 *     - id: ssn.dashed              # stable; SARIF rule id
 *       type: SSN                   # CONTRACT vocabulary
 *       description: text
 *       pattern: 'regex'            # PCRE2, byte-oriented (no UTF); a
 *                                   # named group (?<v>...) is the value
 *       validator: ssn              # validate.h name, optional
 *       weight: 10                  # score a finding adds
 *       confidence: high            # low | medium | high
 *       priority: context           # list|pattern|context|field; default
 *                                   # context with a label, else pattern
 *       width: 64                   # max match length, if unbounded
 *       digits: 9                   # optional: every match holds at
 *                                   # least 9 digits, all in one run of
 *                                   # digits joined by at most two of
 *                                   # " -.()/+" and starts or ends at
 *                                   # most 8 bytes beyond that run: the
 *                                   # rule runs only near such runs
 *       joins: '-'                  # optional, with digits: only these
 *                                   # of " -.()/+" stand between the
 *                                   # match's digits ('' for none)
 *       prefilter: 'regex'          # optional: a cheaper regex that
 *                                   # matches inside every match (the
 *                                   # label); width (or [before, after])
 *                                   # bounds how far a match reaches
 *                                   # from the prefilter's end
 *       context:
 *         window: 40                # bytes looked at around the value
 *         require: [ssn]            # one must occur before the value
 *         raise: [patient]          # confidence +1, weight x1.5
 *         lower: [version]          # confidence -1 (dropped below low)
 *         deny: [server]            # near the value: never a finding
 *         fax: [fax]                # before the value: PHONE becomes FAX
 *       allow: [regex, ...]         # values this rule never flags
 *       enabled: true
 *   <section>: ...                  # detector settings (names, dates,
 *                                   # keys, hl7, ...), read through
 *                                   # phi_engine_section()
 *
 * Packs load in order (datadir/rules/ *.yaml sorted by name, then --rules
 * and .complykit.yaml files); a rule whose id was seen replaces the earlier
 * one, or patches it when it has no pattern ({id: x, enabled: false},
 * {id: x, weight: 2}).  Sections merge: arrays concatenate, objects merge
 * key by key, scalars of later packs win. */
#include <config.h>

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/yaml.h"
#include "common/phi/detect.h"
#include "common/phi/rules.h"

/* Top-level keys a detector reads through phi_engine_section(). */
static const char *const detector_sections[] = {
	"address", "addresses", "age", "ages", "cities", "code", "csv",
	"dates", "fhir", "fields", "hl7", "json", "keys", "labels", "names",
	"sql", "structured", "urls", "yaml", NULL
};

/* The context of a pack being loaded, for messages. */
struct pack {
	struct ck_yaml_doc *doc;
	const char *name;
	struct ck_error *err;
};

static unsigned long
line_of(const struct pack *pk, const json_t *node, unsigned long fallback)
{
	unsigned long l = node ? ck_yaml_line(pk->doc, node) : 0;

	return l ? l : fallback;
}

static int
fail(const struct pack *pk, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(const struct pack *pk, unsigned long line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ck_error_set(pk->err, 0, "%s:%lu: %s", pk->name, line, msg);
}

void
phi_words_free(struct phi_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	free(w->len);
	free(w->next);
	memset(w, 0, sizeof(*w));
}

static void
allow_free(struct phi_allow *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		pcre2_code_free(a->re[i]);
		free(a->src[i]);
	}
	free(a->re);
	free(a->src);
	free(a->in_all);
	pcre2_code_free(a->all);
	memset(a, 0, sizeof(*a));
}

static void
rule_free(struct phi_rule *r)
{
	free(r->id);
	free(r->description);
	free(r->pattern);
	free(r->prefilter);
	free(r->validator_name);
	free(r->file);
	phi_words_free(&r->require);
	phi_words_free(&r->raise);
	phi_words_free(&r->lower);
	phi_words_free(&r->deny);
	phi_words_free(&r->fax);
	allow_free(&r->allow);
	pcre2_code_free(r->re);
	free(r->list);
	pcre2_code_free(r->list_re);
	memset(r, 0, sizeof(*r));
}

void
phi_ruleset_init(struct phi_ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->score_high = 15;
	rs->score_medium = 5;
	rs->test_factor = 0.5;
}

void
phi_ruleset_release(struct phi_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		json_decref(rs->v[i].spec);
		rule_free(&rs->v[i]);
	}
	free(rs->v);
	allow_free(&rs->allow);
	phi_words_free(&rs->test_words);
	phi_words_free(&rs->test_text);
	json_decref(rs->sections);
	phi_ruleset_init(rs);
}

int
phi_words_add(struct phi_words *w, const char *s)
{
	char **nv, *c;
	size_t *nl;
	unsigned short *nn;
	unsigned char f;

	if (*s == '\0')
		return 0;
	if (w->n >= 65535) {
		errno = EOVERFLOW;
		return -1;
	}
	c = strdup(s);
	if (c == NULL)
		return -1;
	nv = realloc(w->v, (w->n + 1) * sizeof(*nv));
	if (nv == NULL) {
		free(c);
		return -1;
	}
	w->v = nv;
	nl = realloc(w->len, (w->n + 1) * sizeof(*nl));
	if (nl == NULL) {
		free(c);
		return -1;
	}
	w->len = nl;
	nn = realloc(w->next, (w->n + 1) * sizeof(*nn));
	if (nn == NULL) {
		free(c);
		return -1;
	}
	w->next = nn;
	/* Push on the chains of both cases of the first byte. */
	f = (unsigned char)c[0];
	w->next[w->n] = w->head[f];
	w->head[f] = (unsigned short)(w->n + 1);
	if (f >= 'a' && f <= 'z')
		w->head[f - 32] = (unsigned short)(w->n + 1);
	else if (f >= 'A' && f <= 'Z')
		w->head[f + 32] = (unsigned short)(w->n + 1);
	w->len[w->n] = strlen(c);
	w->v[w->n++] = c;
	return 0;
}

static int
words_parse(const struct pack *pk, const json_t *arr, struct phi_words *w,
	    const char *what, unsigned long line)
{
	size_t i;
	json_t *it;

	if (!json_is_array(arr))
		return fail(pk, line_of(pk, arr, line), "%s must be a list of words",
			    what);
	json_array_foreach(arr, i, it) {
		if (!json_is_string(it) || json_string_length(it) == 0)
			return fail(pk, line_of(pk, it, line),
				    "%s must be a list of words", what);
		if (phi_words_add(w, json_string_value(it)) < 0)
			return ck_error_set(pk->err, ENOMEM, "out of memory");
	}
	return 0;
}

static pcre2_code *
compile_opts(const struct pack *pk, const char *pat, size_t len,
	     unsigned long line, const char *what, uint32_t opts)
{
	pcre2_code *re;
	int code;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];

	/* No PCRE2_UTF: patterns run on bytes so invalid UTF-8 can never
	 * stop a scan and no per-match validation pass is paid. */
	re = pcre2_compile((PCRE2_SPTR)pat, len, opts, &code, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		fail(pk, line, "%s: bad regex at offset %lu: %s", what,
		     (unsigned long)off, (const char *)msg);
		return NULL;
	}
	/* Failing JIT (no executable memory) leaves the interpreter. */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static pcre2_code *
compile_re(const struct pack *pk, const char *pat, size_t len,
	   unsigned long line, const char *what)
{
	return compile_opts(pk, pat, len, line, what, 0);
}

static int
allow_parse(const struct pack *pk, const json_t *arr, struct phi_allow *a,
	    const char *what, unsigned long line)
{
	size_t i;
	json_t *it;

	if (!json_is_array(arr))
		return fail(pk, line_of(pk, arr, line),
			    "%s must be a list of regexes", what);
	json_array_foreach(arr, i, it) {
		pcre2_code *re, **nv;
		char **ns;

		if (!json_is_string(it))
			return fail(pk, line_of(pk, it, line),
				    "%s must be a list of regexes", what);
		/* Anchored at compile time: anchoring at match time would
		 * send every check to the interpreter instead of the JIT. */
		re = compile_opts(pk, json_string_value(it),
				  json_string_length(it), line_of(pk, it, line),
				  what, PCRE2_ANCHORED | PCRE2_ENDANCHORED);
		if (re == NULL)
			return -1;
		nv = realloc(a->re, (a->n + 1) * sizeof(*nv));
		if (nv == NULL) {
			pcre2_code_free(re);
			return ck_error_set(pk->err, ENOMEM, "out of memory");
		}
		a->re = nv;
		ns = realloc(a->src, (a->n + 1) * sizeof(*ns));
		if (ns == NULL) {
			pcre2_code_free(re);
			return ck_error_set(pk->err, ENOMEM, "out of memory");
		}
		a->src = ns;
		if ((a->src[a->n] = strdup(json_string_value(it))) == NULL) {
			pcre2_code_free(re);
			return ck_error_set(pk->err, ENOMEM, "out of memory");
		}
		a->re[a->n++] = re;
	}
	return 0;
}

int
phi_allow_seal(struct phi_allow *a)
{
	size_t i, len = 1, k = 0;
	uint32_t caps;
	char *alt, *p;

	pcre2_code_free(a->all);
	a->all = NULL;
	free(a->in_all);
	a->in_all = calloc(a->n ? a->n : 1, 1);
	if (a->in_all == NULL)
		return -1;
	for (i = 0; i < a->n; i++)
		len += strlen(a->src[i]) + 6;
	if ((alt = malloc(len)) == NULL)
		return -1;
	p = alt;
	for (i = 0; i < a->n; i++) {
		caps = 0;
		(void)pcre2_pattern_info(a->re[i], PCRE2_INFO_CAPTURECOUNT,
					 &caps);
		/* Captures would renumber backreferences; \Q, (?x) and (*
		 * could swallow the closing parenthesis. */
		if (caps > 0 || strstr(a->src[i], "\\Q") != NULL ||
		    strstr(a->src[i], "(?x") != NULL ||
		    strstr(a->src[i], "(*") != NULL)
			continue;
		p += sprintf(p, "%s(?:%s)", k++ ? "|" : "", a->src[i]);
		a->in_all[i] = 1;
	}
	if (k > 1) {
		int code;
		PCRE2_SIZE off;

		a->all = pcre2_compile((PCRE2_SPTR)alt, (size_t)(p - alt),
				       PCRE2_ANCHORED | PCRE2_ENDANCHORED,
				       &code, &off, NULL);
		if (a->all != NULL)
			(void)pcre2_jit_compile(a->all, PCRE2_JIT_COMPLETE);
	}
	if (a->all == NULL)
		memset(a->in_all, 0, a->n ? a->n : 1);
	free(alt);
	return 0;
}

static int
get_uint(const struct pack *pk, const json_t *v, unsigned long line,
	 const char *what, long lo, long hi, long *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return fail(pk, line_of(pk, v, line),
			    "%s must be an integer from %ld to %ld", what, lo,
			    hi);
	*out = (long)json_integer_value(v);
	return 0;
}

static int
dup_str(const struct pack *pk, char **dst, const char *s)
{
	*dst = strdup(s);
	if (*dst == NULL)
		return ck_error_set(pk->err, ENOMEM, "out of memory");
	return 0;
}

static int
parse_context(const struct pack *pk, const json_t *ctx, struct phi_rule *r,
	      unsigned long line)
{
	const char *k;
	json_t *v;
	long n;

	if (!json_is_object(ctx))
		return fail(pk, line_of(pk, ctx, line),
			    "rule '%s': context must be a mapping", r->id);
	json_object_foreach((json_t *)ctx, k, v) {
		int rc;

		if (strcmp(k, "window") == 0) {
			rc = get_uint(pk, v, line, "context.window", 1, 4096,
				      &n);
			r->window = (unsigned)n;
		} else if (strcmp(k, "require") == 0) {
			rc = words_parse(pk, v, &r->require, "context.require",
					 line);
		} else if (strcmp(k, "raise") == 0) {
			rc = words_parse(pk, v, &r->raise, "context.raise",
					 line);
		} else if (strcmp(k, "lower") == 0) {
			rc = words_parse(pk, v, &r->lower, "context.lower",
					 line);
		} else if (strcmp(k, "deny") == 0) {
			rc = words_parse(pk, v, &r->deny, "context.deny", line);
		} else if (strcmp(k, "fax") == 0) {
			rc = words_parse(pk, v, &r->fax, "context.fax", line);
		} else {
			rc = fail(pk, line_of(pk, v, line),
				  "rule '%s': unknown context key '%s'", r->id,
				  k);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int
parse_prio(const char *s)
{
	if (strcmp(s, "list") == 0)
		return PHI_PRIO_LIST;
	if (strcmp(s, "pattern") == 0)
		return PHI_PRIO_PATTERN;
	if (strcmp(s, "context") == 0)
		return PHI_PRIO_CONTEXT;
	if (strcmp(s, "field") == 0)
		return PHI_PRIO_FIELD;
	return -1;
}

/* joins: the separators (of PHI_JOINS) that may stand between a match's
 * digits, as a string: '-', ' .-()', '' for digits only. */
static int
parse_joins(const struct pack *pk, const json_t *v, unsigned long l,
	    struct phi_rule *r)
{
	const char *s, *p;

	if (!json_is_string(v))
		return fail(pk, l, "rule '%s': joins must be a string of "
			    "\"%s\"", r->id, PHI_JOINS);
	r->joins = 0;
	for (s = json_string_value(v); *s != '\0'; s++) {
		if ((p = strchr(PHI_JOINS, *s)) == NULL)
			return fail(pk, l, "rule '%s': joins must be a string "
				    "of \"%s\"", r->id, PHI_JOINS);
		r->joins |= 1u << (p - PHI_JOINS);
	}
	return 0;
}

/* Builds r from the (merged) spec; r is zeroed on entry. */
static int compile_list(const struct pack *pk, struct phi_rule *r,
			unsigned long line);

static int
parse_rule(const struct pack *pk, const json_t *spec, unsigned long line,
	   struct phi_rule *r)
{
	const char *k;
	json_t *v, *idv = json_object_get(spec, "id");
	long n;
	int prio = -1;

	r->enabled = 1;
	r->weight = 5;
	r->conf = PHI_CONF_MEDIUM;
	r->window = 40;
	r->joins = PHI_JOINS_ALL;
	r->type = -1;
	r->line = line;
	if (dup_str(pk, &r->file, pk->name) < 0 ||
	    dup_str(pk, &r->id, json_string_value(idv)) < 0)
		return -1;
	json_object_foreach((json_t *)spec, k, v) {
		unsigned long l = line_of(pk, v, line);
		int rc = 0;

		if (strcmp(k, "id") == 0) {
			continue;
		} else if (strcmp(k, "type") == 0) {
			if (!json_is_string(v) ||
			    (r->type = phi_type_parse(json_string_value(v))) < 0)
				rc = fail(pk, l, "rule '%s': unknown type", r->id);
		} else if (strcmp(k, "description") == 0) {
			if (!json_is_string(v))
				rc = fail(pk, l, "rule '%s': description must be "
					  "a string", r->id);
			else
				rc = dup_str(pk, &r->description,
					     json_string_value(v));
		} else if (strcmp(k, "pattern") == 0) {
			if (!json_is_string(v) || json_string_length(v) == 0)
				rc = fail(pk, l, "rule '%s': pattern must be a "
					  "non-empty string", r->id);
			else
				rc = dup_str(pk, &r->pattern,
					     json_string_value(v));
		} else if (strcmp(k, "prefilter") == 0) {
			if (!json_is_string(v) || json_string_length(v) == 0)
				rc = fail(pk, l, "rule '%s': prefilter must be a "
					  "non-empty string", r->id);
			else
				rc = dup_str(pk, &r->prefilter,
					     json_string_value(v));
		} else if (strcmp(k, "validator") == 0) {
			if (!json_is_string(v) ||
			    (r->validator = phi_validator_lookup(
				     json_string_value(v))) == NULL)
				rc = fail(pk, l, "rule '%s': unknown validator",
					  r->id);
			else
				rc = dup_str(pk, &r->validator_name,
					     json_string_value(v));
		} else if (strcmp(k, "weight") == 0) {
			rc = get_uint(pk, v, l, "weight", 0, 1000, &n);
			r->weight = (int)n;
		} else if (strcmp(k, "confidence") == 0) {
			if (!json_is_string(v) ||
			    (r->conf = phi_conf_parse(json_string_value(v))) < 0)
				rc = fail(pk, l, "rule '%s': confidence must be "
					  "low, medium or high", r->id);
		} else if (strcmp(k, "priority") == 0) {
			if (!json_is_string(v) ||
			    (prio = parse_prio(json_string_value(v))) < 0)
				rc = fail(pk, l, "rule '%s': priority must be "
					  "list, pattern, context or field",
					  r->id);
		} else if (strcmp(k, "digits") == 0) {
			rc = get_uint(pk, v, l, "digits", 1, 64, &n);
			r->digits = (unsigned)n;
		} else if (strcmp(k, "joins") == 0) {
			rc = parse_joins(pk, v, l, r);
		} else if (strcmp(k, "width") == 0 && json_is_array(v)) {
			long b = 0;

			if (json_array_size(v) != 2)
				rc = fail(pk, l, "rule '%s': width must be a "
					  "number or [before, after]", r->id);
			else if ((rc = get_uint(pk, json_array_get(v, 0), l,
						"width", 1, 65536, &b)) == 0)
				rc = get_uint(pk, json_array_get(v, 1), l,
					      "width", 1, 65536, &n);
			r->reach_before = (unsigned)b;
			r->width = (unsigned)n;
		} else if (strcmp(k, "width") == 0) {
			rc = get_uint(pk, v, l, "width", 1, 65536, &n);
			r->width = (unsigned)n;
			r->reach_before = r->width;
		} else if (strcmp(k, "context") == 0) {
			rc = parse_context(pk, v, r, l);
		} else if (strcmp(k, "allow") == 0) {
			rc = allow_parse(pk, v, &r->allow, "allow", l);
		} else if (strcmp(k, "list") == 0) {
			free(r->list);
			r->list = NULL;
			if (json_is_true(v))
				rc = dup_str(pk, &r->list, PHI_LIST_SEP);
			else if (json_is_string(v) && json_string_length(v))
				rc = dup_str(pk, &r->list,
					     json_string_value(v));
			else if (!json_is_false(v))
				rc = fail(pk, l, "rule '%s': list must be true, "
					  "false or a separator regex", r->id);
		} else if (strcmp(k, "enabled") == 0) {
			if (!json_is_boolean(v))
				rc = fail(pk, l, "rule '%s': enabled must be "
					  "true or false", r->id);
			r->enabled = json_is_true(v);
		} else {
			rc = fail(pk, l, "rule '%s': unknown key '%s'", r->id,
				  k);
		}
		if (rc < 0)
			return -1;
	}
	if (r->pattern == NULL) {
		if (r->enabled)
			return fail(pk, line, "rule '%s' has no pattern", r->id);
		return 0;	/* disables a rule no pack defines (yet) */
	}
	if (r->type < 0)
		return fail(pk, line, "rule '%s' has no type", r->id);
	if (r->prefilter != NULL && r->width == 0)
		return fail(pk, line, "rule '%s': a prefilter needs a width",
			    r->id);
	if (r->prefilter != NULL) {
		/* Checked here for the file:line; the engine compiles it
		 * for Hyperscan. */
		pcre2_code *pre = compile_re(pk, r->prefilter,
			strlen(r->prefilter),
			line_of(pk, json_object_get(spec, "prefilter"), line),
			"prefilter");

		if (pre == NULL)
			return -1;
		pcre2_code_free(pre);
	}
	/* PCRE2_USE_OFFSET_LIMIT: prefilter.c tells each search where a
	 * match may last start, so PCRE2 stops trying start positions in
	 * the lookahead margin past a candidate range. */
	r->re = compile_opts(pk, r->pattern, strlen(r->pattern),
			     line_of(pk, json_object_get(spec, "pattern"), line),
			     "pattern", PCRE2_USE_OFFSET_LIMIT);
	if (r->re == NULL)
		return -1;
	{
		size_t jsz = 0;

		(void)pcre2_pattern_info(r->re, PCRE2_INFO_JITSIZE, &jsz);
		r->jit = jsz > 0;
	}
	n = pcre2_substring_number_from_name(r->re, (PCRE2_SPTR)"v");
	r->value_group = n > 0 ? (int)n : 0;
	{
		uint32_t lb = 0;

		(void)pcre2_pattern_info(r->re, PCRE2_INFO_MAXLOOKBEHIND, &lb);
		r->lookbehind = lb;
	}
	if (r->list != NULL &&
	    compile_list(pk, r, line_of(pk, json_object_get(spec, "list"),
				       line)) < 0)
		return -1;
	if (phi_allow_seal(&r->allow) < 0)
		return ck_error_set(pk->err, ENOMEM, "out of memory");
	if (prio < 0)
		prio = (r->require.n > 0 || r->value_group > 0) ?
			PHI_PRIO_CONTEXT : PHI_PRIO_PATTERN;
	r->prio = prio;
	return 0;
}

/* The length of the group that opens at p ("(?<v>..."), up to and with
 * its closing parenthesis; 0 if it never closes.  Escapes and character
 * classes are skipped, so "\\)" and "[)]" do not close it. */
static size_t
group_len(const char *p)
{
	size_t i = 0;
	int depth = 0;

	while (p[i]) {
		if (p[i] == '\\') {
			i += p[i + 1] ? 2 : 1;
		} else if (p[i] == '[') {
			i++;
			if (p[i] == '^')
				i++;
			if (p[i] == ']')
				i++;	/* a leading ] is a member */
			while (p[i] && p[i] != ']')
				i += p[i] == '\\' && p[i + 1] ? 2 : 1;
			if (p[i])
				i++;
		} else if (p[i] == '(') {
			depth++;
			i++;
		} else if (p[i] == ')') {
			i++;
			if (--depth == 0)
				return i;
		} else {
			i++;
		}
	}
	return 0;
}

/* list: the separator, then the pattern's own (?<v>...) group, not
 * followed by a letter or digit; anchored where the last value ended. */
static int
compile_list(const struct pack *pk, struct phi_rule *r, unsigned long line)
{
	const char *g = strstr(r->pattern, "(?<v>");
	size_t glen = g ? group_len(g) : 0, n;
	char *src;
	long num;

	if (glen == 0)
		return fail(pk, line, "rule '%s': list needs a (?<v>...) "
			    "group in the pattern", r->id);
	n = strlen(r->list) + glen + 32;
	if ((src = malloc(n)) == NULL)
		return ck_error_set(pk->err, ENOMEM, "out of memory");
	snprintf(src, n, "(?:%s)%.*s(?![A-Za-z0-9])", r->list, (int)glen, g);
	/* PCRE2_USE_OFFSET_LIMIT: it runs with the rule's match context */
	r->list_re = compile_opts(pk, src, strlen(src), line, "list",
				  PCRE2_ANCHORED | PCRE2_USE_OFFSET_LIMIT);
	free(src);
	if (r->list_re == NULL)
		return -1;
	num = pcre2_substring_number_from_name(r->list_re, (PCRE2_SPTR)"v");
	r->list_group = num > 0 ? (int)num : 0;
	return 0;
}

static struct phi_rule *
find_rule(struct phi_ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].id, id) == 0)
			return &rs->v[i];
	return NULL;
}

static int
load_rule(struct phi_ruleset *rs, const struct pack *pk, json_t *entry)
{
	unsigned long line = line_of(pk, entry, 0);
	json_t *idv, *spec;
	struct phi_rule r, *old;

	if (!json_is_object(entry))
		return fail(pk, line, "each rule must be a mapping");
	idv = json_object_get(entry, "id");
	if (!json_is_string(idv) || json_string_length(idv) == 0)
		return fail(pk, line, "rule without an id");
	old = find_rule(rs, json_string_value(idv));
	/* Without a pattern the entry patches the rule it names. */
	if (old != NULL && json_object_get(entry, "pattern") == NULL &&
	    old->spec != NULL) {
		spec = json_deep_copy(old->spec);
		if (spec == NULL || json_object_update(spec, entry) < 0) {
			json_decref(spec);
			return ck_error_set(pk->err, ENOMEM, "out of memory");
		}
	} else {
		spec = json_incref(entry);
	}
	memset(&r, 0, sizeof(r));
	if (parse_rule(pk, spec, line, &r) < 0) {
		rule_free(&r);
		json_decref(spec);
		return -1;
	}
	/* Keep a copy free of the document, which is freed after loading. */
	r.spec = json_deep_copy(spec);
	json_decref(spec);
	if (r.spec == NULL) {
		rule_free(&r);
		return ck_error_set(pk->err, ENOMEM, "out of memory");
	}
	if (old != NULL) {
		json_decref(old->spec);
		rule_free(old);
		*old = r;
		return 0;
	}
	if (rs->n == rs->cap) {
		size_t ncap = rs->cap ? rs->cap * 2 : 32;
		struct phi_rule *nv = realloc(rs->v, ncap * sizeof(*nv));

		if (nv == NULL) {
			json_decref(r.spec);
			rule_free(&r);
			return ck_error_set(pk->err, ENOMEM, "out of memory");
		}
		rs->v = nv;
		rs->cap = ncap;
	}
	rs->v[rs->n++] = r;
	return 0;
}

/* Arrays concatenate, objects merge key by key, anything else: later
 * wins.  Consumes a reference to src. */
static int
merge_into(json_t *dst_parent, const char *key, json_t *src)
{
	json_t *dst = json_object_get(dst_parent, key);

	if (json_is_array(dst) && json_is_array(src)) {
		int rc = json_array_extend(dst, src);

		json_decref(src);
		return rc;
	}
	if (json_is_object(dst) && json_is_object(src)) {
		const char *k;
		json_t *v;

		json_object_foreach(src, k, v) {
			if (merge_into(dst, k, json_deep_copy(v)) < 0) {
				json_decref(src);
				return -1;
			}
		}
		json_decref(src);
		return 0;
	}
	return json_object_set_new(dst_parent, key, src);
}

static int
is_detector_section(const char *k)
{
	size_t i;

	for (i = 0; detector_sections[i] != NULL; i++)
		if (strcmp(k, detector_sections[i]) == 0)
			return 1;
	return 0;
}

static int
load_doc(struct phi_ruleset *rs, const struct pack *pk)
{
	json_t *root = ck_yaml_root(pk->doc), *v;
	const char *k;

	if (json_is_null(root))
		return 0;	/* an empty pack adds nothing */
	if (!json_is_object(root))
		return fail(pk, line_of(pk, root, 1),
			    "a rule pack must be a mapping");
	/* A pack without a version is read as version 1, so a user's
	 * two-line pack works; a future version is refused. */
	v = json_object_get(root, "version");
	if (v != NULL && (!json_is_integer(v) || json_integer_value(v) != 1))
		return fail(pk, line_of(pk, v, 1),
			    "unsupported rule pack version (want 1)");
	if (rs->sections == NULL && (rs->sections = json_object()) == NULL)
		return ck_error_set(pk->err, ENOMEM, "out of memory");
	json_object_foreach(root, k, v) {
		unsigned long l = line_of(pk, v, 1);

		if (strcmp(k, "version") == 0)
			continue;
		if (strcmp(k, "rules") == 0) {
			size_t i;
			json_t *it;

			if (!json_is_array(v))
				return fail(pk, l, "rules must be a list");
			json_array_foreach(v, i, it)
				if (load_rule(rs, pk, it) < 0)
					return -1;
		} else if (strcmp(k, "allow") == 0) {
			if (allow_parse(pk, v, &rs->allow, "allow", l) < 0)
				return -1;
		} else if (strcmp(k, "scoring") == 0 ||
			   is_detector_section(k)) {
			if (strcmp(k, "scoring") == 0 && !json_is_object(v))
				return fail(pk, l, "scoring must be a mapping");
			if (merge_into(rs->sections, k, json_deep_copy(v)) < 0)
				return ck_error_set(pk->err, ENOMEM,
						    "out of memory");
		} else {
			return fail(pk, l, "unknown top-level key '%s'", k);
		}
	}
	return 0;
}

int
phi_ruleset_load_buf(struct phi_ruleset *rs, const char *buf, size_t len,
		     const char *name, struct ck_error *err)
{
	struct pack pk;
	int rc;

	pk.doc = ck_yaml_load_buf(buf, len, name, err);
	if (pk.doc == NULL)
		return -1;
	pk.name = name;
	pk.err = err;
	rc = load_doc(rs, &pk);
	ck_yaml_free(pk.doc);
	return rc;
}

int
phi_ruleset_load_file(struct phi_ruleset *rs, const char *path,
		      struct ck_error *err)
{
	struct pack pk;
	int rc;

	pk.doc = ck_yaml_load_file(path, err);
	if (pk.doc == NULL)
		return -1;
	pk.name = path;
	pk.err = err;
	rc = load_doc(rs, &pk);
	ck_yaml_free(pk.doc);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
load_dir(struct phi_ruleset *rs, const char *dir, struct ck_error *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	int rc = 0;

	d = opendir(dir);
	if (d == NULL)
		return ck_error_set(err, errno, "cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l < 6 ||
		    strcmp(de->d_name + l - 5, ".yaml") != 0)
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nv = realloc(names, ncap * sizeof(*nv));

			if (nv == NULL) {
				rc = ck_error_set(err, ENOMEM, "out of memory");
				goto out;
			}
			names = nv;
			cap = ncap;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			rc = ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n && rc == 0; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
				     names[i]) >= sizeof(path))
			rc = ck_error_set(err, ENAMETOOLONG, "%s: path too long",
					  dir);
		else
			rc = phi_ruleset_load_file(rs, path, err);
	}
out:
	closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
phi_ruleset_load(struct phi_ruleset *rs, const struct phi_engine_opts *o,
		 struct ck_error *err)
{
	char dir[4096];
	size_t i;

	if (!o->no_default_rules) {
		const char *dd = o->datadir;

		if (dd == NULL || *dd == '\0')
			dd = ck_datadir();
		if ((size_t)snprintf(dir, sizeof(dir), "%s/rules", dd) >=
		    sizeof(dir))
			return ck_error_set(err, ENAMETOOLONG,
					    "data directory path too long");
		if (load_dir(rs, dir, err) < 0)
			return -1;
	}
	for (i = 0; i < o->n_rule_files; i++)
		if (phi_ruleset_load_file(rs, o->rule_files[i], err) < 0)
			return -1;
	if (rs->sections == NULL && (rs->sections = json_object()) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	return phi_ruleset_finish(rs, err);
}

int
phi_section_strings(const json_t *sec, const char *key, const char *secname,
		    phi_string_fn fn, void *ctx, struct ck_error *err)
{
	const json_t *arr, *v;
	size_t i;

	if (sec == NULL)
		return 0;
	if (json_is_array(sec)) {
		json_array_foreach(sec, i, v)
			if (phi_section_strings(v, key, secname, fn, ctx,
						err) < 0)
				return -1;
		return 0;
	}
	if (!json_is_object(sec))
		return ck_error_set(err, 0, "rules: section '%s' must be a "
				    "mapping", secname);
	arr = json_object_get(sec, key);
	if (arr == NULL)
		return 0;
	if (json_is_string(arr))
		return fn(ctx, json_string_value(arr), err);
	if (!json_is_array(arr))
		return ck_error_set(err, 0, "rules: %s.%s must be a list of "
				    "strings", secname, key);
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			return ck_error_set(err, 0, "rules: %s.%s must be a "
					    "list of strings", secname, key);
		if (fn(ctx, json_string_value(v), err) < 0)
			return -1;
	}
	return 0;
}
