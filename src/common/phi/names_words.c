/* names_words.c -- the NAME detector's words: sets of lowercase words
 * with their roles, the US Census 1990 name lists (detect.h's
 * phi_names_*), and the settings read from the rule packs' "names"
 * section (labels, cues, credentials, closings). */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/phi/phi.h"
#include "common/phi/detect.h"
#include "common/phi/names_priv.h"

/* ---- word sets ---------------------------------------------------------- */

static uint32_t
hash_ci(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= U8(LOWER(s[i]));
		h *= 16777619u;
	}
	return h;
}

/* The roles of w (R_ANY set if present), or 0.  Most words looked up
 * are not in the set: a slot's length and hash tag turn them away
 * without touching the arena. */
unsigned
names_wset_get(const struct wset *ws, const char *w, size_t n)
{
	uint32_t h;
	size_t i, k;

	if (ws->cap == 0 || n == 0 || n > 64)
		return 0;
	h = hash_ci(w, n);
	for (i = h & (ws->cap - 1); ws->slot[i].off != 0;
	     i = (i + 1) & (ws->cap - 1)) {
		const struct wslot *sl = &ws->slot[i];
		const char *e;

		if (sl->len != n || sl->tag != (uint8_t)(h >> 24))
			continue;
		e = ws->arena + sl->off - 1;
		for (k = 0; k < n && e[k] == LOWER(w[k]); k++)
			;
		if (k == n)
			return sl->flags | R_ANY;
	}
	return 0;
}

int
names_wset_has(const struct wset *ws, const char *w, size_t n)
{
	return names_wset_get(ws, w, n) != 0;
}

void
names_wset_free(struct wset *ws)
{
	free(ws->arena);
	free(ws->slot);
	memset(ws, 0, sizeof(*ws));
}

static int
wset_grow(struct wset *ws)
{
	size_t ncap = ws->cap ? ws->cap * 2 : 64, i, j;
	struct wslot *ns = calloc(ncap, sizeof(*ns));

	if (ns == NULL)
		return -1;
	for (i = 0; i < ws->cap; i++) {
		const struct wslot *sl = &ws->slot[i];

		if (sl->off == 0)
			continue;
		for (j = hash_ci(ws->arena + sl->off - 1, sl->len) &
			 (ncap - 1); ns[j].off != 0; j = (j + 1) & (ncap - 1))
			;
		ns[j] = *sl;
	}
	free(ws->slot);
	ws->slot = ns;
	ws->cap = ncap;
	return 0;
}

/* Adds w (lowercased) with the roles in flags (or-ed into those of a
 * word already there); 0 or -1 (ENOMEM). */
static int
wset_add_roles(struct wset *ws, const char *w, size_t n, unsigned flags)
{
	uint32_t h;
	size_t i, k;

	if (n == 0 || n > 64)
		return 0;
	h = hash_ci(w, n);
	if (ws->cap > 0) {
		for (i = h & (ws->cap - 1); ws->slot[i].off != 0;
		     i = (i + 1) & (ws->cap - 1)) {
			struct wslot *sl = &ws->slot[i];
			const char *e = ws->arena + sl->off - 1;

			if (sl->len != n)
				continue;
			for (k = 0; k < n && e[k] == LOWER(w[k]); k++)
				;
			if (k == n) {
				sl->flags |= (uint16_t)flags;
				return 0;
			}
		}
	}
	if (2 * (ws->n + 1) > ws->cap && wset_grow(ws) < 0)
		return -1;
	if (ws->alen + n + 1 > ws->acap) {
		size_t ncap = ws->acap ? ws->acap * 2 : 4096;
		char *na;

		while (ncap < ws->alen + n + 1)
			ncap *= 2;
		if (ncap > UINT32_MAX - 1 || (na = realloc(ws->arena, ncap)) ==
		    NULL)
			return -1;
		ws->arena = na;
		ws->acap = ncap;
	}
	for (k = 0; k < n; k++)
		ws->arena[ws->alen + k] = LOWER(w[k]);
	ws->arena[ws->alen + n] = '\0';
	for (i = h & (ws->cap - 1); ws->slot[i].off != 0;
	     i = (i + 1) & (ws->cap - 1))
		;
	ws->slot[i].off = (uint32_t)ws->alen + 1;
	ws->slot[i].flags = (uint16_t)flags;
	ws->slot[i].len = (uint8_t)n;
	ws->slot[i].tag = (uint8_t)(h >> 24);
	ws->alen += n + 1;
	ws->n++;
	return 0;
}

int
names_wset_add(struct wset *ws, const char *w, size_t n)
{
	return wset_add_roles(ws, w, n, 0);
}

/* ---- the census lists (detect.h) ---------------------------------------- */

/* Set by the detector's init, for the other detectors (fields_shapes.c)
 * that judge a value by the lists.  The engine is built once and
 * read-only afterwards, so readers need no lock. */
const struct phi_names *names_loaded;

const struct phi_names *
phi_names_get(void)
{
	return names_loaded;
}

int
phi_names_is_first(const struct phi_names *nl, const char *w, size_t n)
{
	return nl != NULL && (names_wset_get(&nl->roles, w, n) & R_FIRST) != 0;
}

int
phi_names_is_last(const struct phi_names *nl, const char *w, size_t n)
{
	return nl != NULL && (names_wset_get(&nl->roles, w, n) & R_LAST) != 0;
}

int
names_load_list(struct wset *ws, const char *dir, const char *file,
		unsigned role, struct ck_error *err)
{
	char path[4096], line[256];
	unsigned long lineno = 0;
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/names/%s", dir, file) >=
	    sizeof(path))
		return ck_error_set(err, ENAMETOOLONG, "%s/names/%s: path too "
				    "long", dir, file);
	if ((f = fopen(path, "r")) == NULL)
		return ck_error_set(err, errno, "cannot open %s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t n = strcspn(line, "\r\n");

		lineno++;
		if (n == sizeof(line) - 1 || n > 64) {
			fclose(f);
			return ck_error_set(err, 0, "%s:%lu: line too long",
					    path, lineno);
		}
		if (n == 0 || line[0] == '#')
			continue;
		if (wset_add_roles(ws, line, n, role) < 0) {
			fclose(f);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
	}
	if (ferror(f)) {
		fclose(f);
		return ck_error_set(err, EIO, "cannot read %s", path);
	}
	fclose(f);
	return 0;
}

/* ---- settings ------------------------------------------------------------ */

void
names_strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->len);
	memset(l, 0, sizeof(*l));
}

static int
strlist_add(struct strlist *l, const char *s, size_t n)
{
	char **nv;
	size_t *nl;

	nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (nv == NULL)
		return -1;
	l->v = nv;
	nl = realloc(l->len, (l->n + 1) * sizeof(*nl));
	if (nl == NULL)
		return -1;
	l->len = nl;
	if ((l->v[l->n] = malloc(n + 1)) == NULL)
		return -1;
	memcpy(l->v[l->n], s, n);
	l->v[l->n][n] = '\0';
	l->len[l->n] = n;
	l->n++;
	return 0;
}

static int
strlist_has(const struct strlist *l, const char *s, size_t n);

/* A credential as written ("MD", "PA-C"); roles is the word's entry. */
int
names_is_cred(const struct strlist *l, unsigned roles, const char *s, size_t n)
{
	return (roles & R_CRED) != 0 && strlist_has(l, s, n);
}

static int
strlist_has(const struct strlist *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->len[i] == n && memcmp(l->v[i], s, n) == 0)
			return 1;
	return 0;
}

/* Lowercase words with single spaces; '_', '-', '.', ':' and the like
 * separate words.  Returns the length written (no framing spaces). */
size_t
names_norm_phrase(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < cap; i++) {
		char c = s[i];

		if (IS_ALNUM(c) || IS_HIGH(c) || c == '/') {
			out[k++] = LOWER(c);
		} else if (k > 0 && out[k - 1] != ' ') {
			out[k++] = ' ';
		}
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return k;
}

/* Where load_words puts the strings of one key. */
struct words_dest {
	struct wset *roles;
	unsigned role;
	struct wset *ws;
	struct strlist *exact;
};

static int
words_fn(void *ctx, const char *s, struct ck_error *err)
{
	const struct words_dest *d = ctx;
	char buf[128];
	size_t n;

	if (d->exact) {
		/* Stored as written; looked up with the exact comparison
		 * below. */
		n = strlen(s);
		if (n == 0 || n >= sizeof(buf))
			return 0;
		memcpy(buf, s, n + 1);
	} else {
		n = names_norm_phrase(s, strlen(s), buf, sizeof(buf));
	}
	if (n == 0)
		return 0;
	if ((d->exact != NULL && strlist_add(d->exact, buf, n) < 0) ||
	    (d->ws != NULL && names_wset_add(d->ws, buf, n) < 0) ||
	    (memchr(buf, ' ', n) == NULL &&
	     wset_add_roles(d->roles, buf, n, d->role) < 0))
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

/* Reads names[key] (a list of strings): one-word entries into roles with
 * the role, phrases into ws (if not NULL), and as written into exact (if
 * not NULL). */
int
names_load_words(struct wset *roles, unsigned role, struct wset *ws,
		 struct strlist *exact, const json_t *sec, const char *key,
		 struct ck_error *err)
{
	struct words_dest d = { roles, role, ws, exact };

	return phi_section_strings(sec, key, "names", words_fn, &d, err);
}
