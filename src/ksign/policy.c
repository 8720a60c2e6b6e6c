/* policy.c -- meanings (see policy.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "ksign/policy.h"
#include "ksign/sigrec.h"

static const char *const builtin[] = { "approval", "review", "authorship",
				       "responsibility", NULL };

int
ks_meaning_ok(const char *s, size_t n)
{
	if (n == 0 || n >= KS_MEANING_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '_'))
			return 0;
	return 1;
}

void
ks_policy_release(struct ks_policy *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->extra[i]);
	free(p->extra);
	p->extra = NULL;
	p->n = 0;
}

int
ks_policy_parse(struct ks_policy *p, const char *text, size_t len,
		const char *name, struct ck_error *err)
{
	const char *s = text, *end = text + len;
	unsigned long lineno = 0;

	p->extra = NULL;
	p->n = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end, *w = s;
		size_t wn;
		char **v;

		lineno++;
		s = nl ? nl + 1 : end;
		while (w < le && (*w == ' ' || *w == '\t'))
			w++;
		if (w == le || *w == '#')
			continue;
		for (wn = 0; w + wn < le && w[wn] != ' ' && w[wn] != '\t' &&
			     w[wn] != '\r'; wn++)
			;
		if (!ks_meaning_ok(w, wn)) {
			ks_policy_release(p);
			return ck_error_set(err, 0, "%s:%lu: bad meaning (want "
					    "[a-z][a-z0-9_-]*)", name, lineno);
		}
		if ((v = realloc(p->extra, (p->n + 1) * sizeof *v)) == NULL ||
		    (v[p->n] = strndup(w, wn)) == NULL) {
			if (v != NULL)
				p->extra = v;
			ks_policy_release(p);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
		p->extra = v;
		p->n++;
	}
	return 0;
}

int
ks_policy_load(struct ks_policy *p, const char *path, struct ck_error *err)
{
	char *text;
	size_t len;
	int rc;

	p->extra = NULL;
	p->n = 0;
	if (ck_read_file(path, 1024 * 1024, &text, &len, err) < 0)
		return -1;
	rc = ks_policy_parse(p, text, len, path, err);
	free(text);
	return rc;
}

int
ks_policy_allows(const struct ks_policy *p, const char *meaning)
{
	for (size_t i = 0; builtin[i]; i++)
		if (strcmp(builtin[i], meaning) == 0)
			return 1;
	for (size_t i = 0; p != NULL && i < p->n; i++)
		if (strcmp(p->extra[i], meaning) == 0)
			return 1;
	return 0;
}
