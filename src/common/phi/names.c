/* names.c -- NAME: person names in prose and code, by context (labels,
 * honorifics, titles, relation words, credentials after the name, the
 * sender's line after a closing) and by the US Census 1990 name lists
 * (a first name followed by a surname, both capitalised).  This file
 * holds the detector; see names_priv.h for the others.
 *
 * Names already found in a document are remembered, so that a later
 * "Joachim underwent ..." or "lastName=Curry" is found too.
 *
 * One linear pass: only positions where a capitalised word starts are
 * looked at; eight bytes at a time the scan skips text with no capital
 * letter and no non-ASCII byte. */
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
#include "common/phi/bytescan.h"

/* Offset of the next capital letter or non-ASCII byte in b[i..n), or n. */
static size_t
next_capital(const char *b, size_t i, size_t n)
{
	return phi_next_of(b, i, n, PHI_BC_UPPER | PHI_BC_HIGH);
}

/* ---- the detector ------------------------------------------------------- */

static void
names_fini(void *p)
{
	struct names_shared *sh = p;

	if (sh == NULL)
		return;
	if (names_loaded == &sh->lists)
		names_loaded = NULL;
	names_wset_free(&sh->lists.roles);
	names_wset_free(&sh->labels);
	names_wset_free(&sh->closings);
	names_strlist_free(&sh->creds);
	free(sh);
}

/* The lists live in DATADIR/names (ck_datadir: $COMPLYKIT_DATADIR, the
 * installed pkgdatadir, or the source tree of an uninstalled build). */
static const char *
names_datadir(void)
{
	return ck_datadir();
}

static void *
names_init(const struct phi_engine *e, struct ck_error *err)
{
	struct names_shared *sh = calloc(1, sizeof(*sh));
	const json_t *sec = e ? phi_engine_section(e, "names") : NULL;
	const char *dir = names_datadir();
	struct wset *r;

	if (sh == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	r = &sh->lists.roles;

	if (names_load_list(r, dir, "first.txt", R_FIRST, err) < 0 ||
	    names_load_list(r, dir, "last.txt", R_LAST, err) < 0 ||
	    names_load_words(r, R_LABEL, &sh->labels, NULL, sec, "labels", err) < 0 ||
	    names_load_words(r, R_CUE, NULL, NULL, sec, "cues", err) < 0 ||
	    names_load_words(r, R_HON, NULL, NULL, sec, "honorifics", err) < 0 ||
	    names_load_words(r, R_TITLE, NULL, NULL, sec, "titles", err) < 0 ||
	    names_load_words(r, R_ORG, NULL, NULL, sec, "organisations", err) < 0 ||
	    names_load_words(r, R_NOT, NULL, NULL, sec, "not_names", err) < 0 ||
	    names_load_words(r, R_COLON, NULL, NULL, sec, "colon_labels", err) < 0 ||
	    names_load_words(r, R_WEAK, NULL, NULL, sec, "weak_cues", err) < 0 ||
	    names_load_words(r, R_ROLE, NULL, NULL, sec, "roles", err) < 0 ||
	    names_load_words(r, R_LANG, NULL, NULL, sec, "languages", err) < 0 ||
	    names_load_words(r, R_EPON, NULL, NULL, sec, "eponym_nouns", err) < 0 ||
	    names_load_words(r, R_GIVEN, NULL, NULL, sec, "given_labels", err) < 0 ||
	    names_load_words(r, 0, &sh->closings, NULL, sec, "closings", err) < 0 ||
	    names_load_words(r, R_CRED, NULL, &sh->creds, sec, "credentials",
			     err) < 0) {
		names_fini(sh);
		return NULL;
	}
	names_loaded = &sh->lists;
	return sh;
}

static void *
names_state_new(void *shared)
{
	struct names_state *st = calloc(1, sizeof(*st));

	if (st != NULL)
		st->sh = shared;
	return st;
}

static void
names_state_free(void *state)
{
	struct names_state *st = state;

	if (st == NULL)
		return;
	names_wset_free(&st->seen);
	free(st);
}

/* A new document: forget the names of the last one (they are PHI too). */
static void
names_begin(void *state, const char *path)
{
	struct names_state *st = state;

	(void)path;
	if (st->seen.arena != NULL)
		memset(st->seen.arena, 0, st->seen.acap);
	names_wset_free(&st->seen);
	st->last_learn = 0;
}

static int
names_scan(void *state, const struct phi_window *w, struct phi_cands *out,
	   struct ck_error *err)
{
	struct names_state *st = state;
	const char *b = w->buf;
	size_t n = w->len, i = 0, next;

	while ((i = next_capital(b, i, n)) < n) {
		int r = 0;

		next = i + 1;
		if (names_word_before(b, i)) {
			while (next < n && (IS_ALNUM(b[next]) ||
					    IS_HIGH(b[next])))
				next++;
		} else if (names_upper_at(b, n, i) > 0) {
			r = names_judge(st, w, out, i, &next, err);
		} else if (U8(b[i]) >= 0xe3 && U8(b[i]) <= 0xed) {
			r = names_judge_cjk(st, w, out, i, &next, err);
		} else {
			while (next < n && (U8(b[next]) & 0xc0) == 0x80)
				next++;
		}
		if (r < 0)
			return -1;
		i = next > i ? next : i + 1;
	}
	return 0;
}

const struct phi_detector phi_detector_names = {
	"names", names_init, names_fini, names_state_new, names_state_free,
	names_begin, names_scan
};
