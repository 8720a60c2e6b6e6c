/* trust.c -- parsing the trust file (see trust.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/b64.h"
#include "ksign/trust.h"

#define TRUST_MAX (16u * 1024 * 1024)

static void
entry_release(struct ks_trust_entry *e)
{
	free(e->identity);
	free(e->name);
	for (size_t i = 0; i < e->nroles; i++)
		free(e->roles[i]);
	free(e->roles);
	ck_key_ctx_free(e->ctx);
}

void
ks_trust_release(struct ks_trust *t)
{
	for (size_t i = 0; i < t->n; i++)
		entry_release(&t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Next whitespace-separated token of [*p, end), honouring double quotes. */
static int
token(const char **p, const char *end, const char **tok, size_t *n)
{
	const char *s = *p;
	int q = 0;

	while (s < end && is_space(*s))
		s++;
	if (s == end)
		return 0;
	*tok = s;
	while (s < end && (q || !is_space(*s))) {
		if (*s == '"')
			q = !q;
		s++;
	}
	if (q)
		return -1;
	*n = (size_t)(s - *tok);
	*p = s;
	return 1;
}

static int
opt_time(const char *v, size_t n, struct ck_time *t)
{
	char buf[64];

	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return ck_time_parse(buf, t);
}

static int
set_str(char **dst, const char *v, size_t n)
{
	free(*dst);
	*dst = strndup(v, n);
	return *dst == NULL ? -1 : 0;
}

/* One option "key" or "key=value" (value unquoted already). */
static int
option(struct ks_trust_entry *e, const char *k, size_t kn, const char *v,
       size_t vn, int has_v, const char *where, struct ck_error *err)
{
#define IS(s) (kn == sizeof(s) - 1 && memcmp(k, s, kn) == 0)
	if (IS("name") && has_v && vn > 0) {
		if (set_str(&e->name, v, vn) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	} else if (IS("role") && has_v && vn > 0) {
		char **r = realloc(e->roles, (e->nroles + 1) * sizeof *r);

		if (r == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		e->roles = r;
		if ((r[e->nroles] = strndup(v, vn)) == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		e->nroles++;
	} else if (IS("valid-after") && has_v) {
		if (opt_time(v, vn, &e->after) < 0)
			return ck_error_set(err, 0, "%s: bad valid-after time",
					    where);
		e->has_after = 1;
	} else if (IS("valid-before") && has_v) {
		if (opt_time(v, vn, &e->before) < 0)
			return ck_error_set(err, 0, "%s: bad valid-before "
					    "time", where);
		e->has_before = 1;
	} else if (IS("revoked")) {
		e->revoked = 1;
		if (has_v) {
			if (opt_time(v, vn, &e->revoked_at) < 0)
				return ck_error_set(err, 0, "%s: bad revoked "
						    "time", where);
			e->has_revoked_at = 1;
		}
	} else {
		return ck_error_set(err, 0, "%s: unknown or incomplete option "
				    "'%.*s'", where, (int)(kn > 40 ? 40 : kn),
				    k);
	}
	return 0;
#undef IS
}

static int
options(struct ks_trust_entry *e, const char *s, size_t n, const char *where,
	struct ck_error *err)
{
	const char *end = s + n;

	while (s < end) {
		const char *k = s, *v = NULL;
		size_t kn, vn = 0;
		int has_v = 0;

		while (s < end && *s != '=' && *s != ',')
			s++;
		kn = (size_t)(s - k);
		if (s < end && *s == '=') {
			has_v = 1;
			s++;
			if (s < end && *s == '"') {
				v = ++s;
				while (s < end && *s != '"')
					s++;
				if (s == end)
					return ck_error_set(err, 0, "%s: "
							    "unclosed quote",
							    where);
				vn = (size_t)(s - v);
				s++;
			} else {
				v = s;
				while (s < end && *s != ',' && *s != '"')
					s++;
				vn = (size_t)(s - v);
			}
		}
		if (kn == 0 || (s < end && *s != ','))
			return ck_error_set(err, 0, "%s: bad options", where);
		if (option(e, k, kn, v, vn, has_v, where, err) < 0)
			return -1;
		if (s < end)
			s++;	/* the comma */
	}
	return 0;
}

static int
parse_line(struct ks_trust_entry *e, const char *p, const char *end,
	   const char *where, struct ck_error *err)
{
	const char *tok[4];
	size_t n[4];
	int k = 0, r;

	while (k < 4 && (r = token(&p, end, &tok[k], &n[k])) > 0)
		k++;
	if (r < 0 || (k == 4 && token(&p, end, &tok[0], &n[0]) != 0))
		return ck_error_set(err, 0, "%s: expected IDENTITY [OPTIONS] "
				    "ed25519 KEY", where);
	if (k < 3)
		return ck_error_set(err, 0, "%s: expected IDENTITY [OPTIONS] "
				    "ed25519 KEY", where);
	if (n[k - 2] != 7 || memcmp(tok[k - 2], "ed25519", 7) != 0)
		return ck_error_set(err, 0, "%s: unknown key type (want "
				    "ed25519)", where);
	if (ck_b64_decode(tok[k - 1], n[k - 1], e->pub, sizeof e->pub) !=
	    CK_KEY_PUB_LEN)
		return ck_error_set(err, 0, "%s: bad public key", where);
	for (size_t i = 0; i < n[0]; i++)
		if ((unsigned char)tok[0][i] < 0x20 || tok[0][i] == '"')
			return ck_error_set(err, 0, "%s: bad identity", where);
	if (set_str(&e->identity, tok[0], n[0]) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (k == 4 && options(e, tok[1], n[1], where, err) < 0)
		return -1;
	ck_key_id(e->pub, e->key_id);
	return 0;
}

int
ks_trust_parse(struct ks_trust *t, const char *text, size_t len,
	       const char *name, struct ck_error *err)
{
	const char *p = text, *end = text + len;
	unsigned long lineno = 0;
	char where[512];

	t->v = NULL;
	t->n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *s = p;
		struct ks_trust_entry *v, *e;

		lineno++;
		p = nl ? nl + 1 : end;
		if (le > s && le[-1] == '\r')
			le--;
		while (s < le && is_space(*s))
			s++;
		if (s == le || *s == '#')
			continue;
		snprintf(where, sizeof where, "%s:%lu", name, lineno);
		if (memchr(s, '\0', (size_t)(le - s)) != NULL) {
			ck_error_set(err, 0, "%s: NUL byte", where);
			goto fail;
		}
		v = realloc(t->v, (t->n + 1) * sizeof *v);
		if (v == NULL) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto fail;
		}
		t->v = v;
		e = &t->v[t->n++];
		memset(e, 0, sizeof *e);
		e->line = lineno;
		if (parse_line(e, s, le, where, err) < 0)
			goto fail;
		for (size_t i = 0; i + 1 < t->n; i++)
			if (strcmp(t->v[i].key_id, e->key_id) == 0) {
				ck_error_set(err, 0, "%s: key already listed "
					     "on line %lu", where,
					     t->v[i].line);
				goto fail;
			}
	}
	return 0;
fail:
	ks_trust_release(t);
	return -1;
}

int
ks_trust_load(struct ks_trust *t, const char *path, struct ck_error *err)
{
	char *text;
	size_t len;
	int rc;

	t->v = NULL;
	t->n = 0;
	if (ck_read_file(path, TRUST_MAX, &text, &len, err) < 0)
		return -1;
	rc = ks_trust_parse(t, text, len, path, err);
	free(text);
	return rc;
}

struct ks_trust_entry *
ks_trust_find(struct ks_trust *t, const char *key_id)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].key_id, key_id) == 0)
			return &t->v[i];
	return NULL;
}

int
ks_trust_has_role(const struct ks_trust_entry *e, const char *role)
{
	for (size_t i = 0; i < e->nroles; i++)
		if (strcmp(e->roles[i], role) == 0)
			return 1;
	return 0;
}
