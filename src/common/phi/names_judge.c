/* names_judge.c -- the NAME detector's decisions: whether a name-shaped
 * sequence, with its cues, is a person's name, and the candidates it
 * makes; names already found in the document are remembered, so that a
 * later mention is found too. */
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

/* ---- decisions ------------------------------------------------------------ */

static int
tok_is_word(const struct tok *t)
{
	return t->kind == TOK_TITLE || t->kind == TOK_UPPER;
}

static int
emit(struct names_state *st, const struct phi_window *w,
     struct phi_cands *out, const char *b, size_t s, size_t e,
     const struct seq *q1, const struct seq *q2, int conf, int prio,
     const char *rule, int learn, struct ck_error *err)
{
	const struct seq *qs[2] = { q1, q2 };
	int j, k;

	if (phi_cands_push(out, w->base + s, w->base + e, PHI_NAME, conf,
			   conf == PHI_CONF_HIGH ? 5 : 3, prio, rule) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (!learn)
		return 0;
	st->last_learn = w->base + e;
	/* Remember the words for later mentions ("Joachim underwent"). */
	for (j = 0; j < 2; j++) {
		if (qs[j] == NULL)
			continue;
		for (k = 0; k < qs[j]->n; k++) {
			const struct tok *t = &qs[j]->t[k];

			/* Words with another role ("Patient", "Care", "Dr")
			 * would spread to every later use. */
			if (!tok_is_word(t) || t->e - t->s < 3 ||
			    st->seen.n >= SEEN_MAX ||
			    (t->roles & (R_LABEL | R_ORG | R_CUE | R_TITLE |
					 R_HON | R_CRED)))
				continue;
			if (names_wset_add(&st->seen, b + t->s, t->e - t->s) < 0)
				return ck_error_set(err, ENOMEM,
						    "out of memory");
		}
	}
	return 0;
}


/* Cuts the sequence before a credential written as a word ("Lura MSW",
 * "Ravi Schäfer MD"); 1 if it did, -1 if the credential ends a label
 * ("Submitting MD: "). */
static int
cut_credential(const struct names_shared *sh, const char *b, size_t n,
	       struct seq *q)
{
	int k;

	for (k = 1; k < q->n; k++)
		if (names_is_cred(&sh->creds, q->t[k].roles, b + q->t[k].s,
				  q->t[k].e - q->t[k].s) &&
		    /* "License MD101324": an identifier, no credential */
		    !(q->t[k].e < n && IS_ALNUM(b[q->t[k].e])) &&
		    !names_zip_follows(b, n, q->t[k].e)) {
			size_t c = q->t[k].e;

			/* "Submitting MD .. Kim", "Attending RN: Kim": the
			 * words before the credential are a label. */
			while (c < n && c - q->t[k].e < 3 && b[c] == ' ')
				c++;
			if (c < n && (b[c] == ':' || (b[c] == '.' && c + 1 < n &&
						     b[c + 1] == '.')))
				return -1;
			q->n = k;
			q->e = q->t[k - 1].kind == TOK_INITIAL ?
			       q->t[k - 1].e : q->t[k - 1].e;
			return 1;
		}
	return 0;
}

static int
any_org(const struct seq *q)
{
	int k;

	for (k = 0; k < q->n; k++)
		if (q->t[k].roles & R_ORG)
			return 1;
	return 0;
}

static int
any_role(const struct seq *q, unsigned roles)
{
	int k;

	for (k = 0; k < q->n; k++)
		if (q->t[k].roles & roles)
			return 1;
	return 0;
}

static int
all_seen(const struct names_state *st, const char *b, const struct seq *q)
{
	int k, words = 0;

	for (k = 0; k < q->n; k++) {
		if (!tok_is_word(&q->t[k]))
			continue;
		if (!names_wset_has(&st->seen, b + q->t[k].s, q->t[k].e - q->t[k].s))
			return 0;
		words++;
	}
	return words > 0;
}

/* A first name then a surname from the census lists ("Barbara Wallace",
 * "Mary J. Blige"): the first word and the last word. */
static int
weekday(const char *w, size_t n)
{
	static const char *const days[] = {
		"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
		"sat", "sun", "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday", NULL
	};
	size_t i, k;

	for (i = 0; days[i] != NULL; i++) {
		if (strlen(days[i]) != n)
			continue;
		for (k = 0; k < n && LOWER(w[k]) == days[i][k]; k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

/* "seen by ROBERT HALE today": a name in capitals inside a line of
 * mixed case (a line all in capitals is a heading), its words of three
 * letters or more. */
static int
caps_in_prose(const char *b, size_t n, const struct seq *q)
{
	size_t lo = names_line_lo(b, q->s, 200), k;
	int k2, lower = 0;

	if (q->t[0].kind != TOK_UPPER)
		return 0;
	for (k2 = 0; k2 < q->n; k2++)
		if (q->t[k2].kind != TOK_UPPER || q->t[k2].e - q->t[k2].s < 3)
			return 0;
	for (k = lo; k < q->s && !lower; k++)
		lower = IS_LOWER(b[k]);
	for (k = q->e; k < n && k - q->e < 200 && b[k] != '\n' &&
	     b[k] != '\r' && !lower; k++)
		lower = IS_LOWER(b[k]);
	return lower;
}

/* "Maple Lane Candle", "Elm Street Bakery": a street's name inside the
 * words, a shop or a product. */
static int
street_inside(const char *b, const struct seq *q)
{
	static const char *const st[] = { "street", "lane", "road", "avenue",
		"boulevard", "drive", "trail", "parkway", "highway", NULL };
	int k, j;

	for (k = 1; k + 1 < q->n; k++) {
		const struct tok *t = &q->t[k];

		for (j = 0; st[j] != NULL; j++) {
			size_t sl = strlen(st[j]), m;

			if (t->e - t->s != sl)
				continue;
			for (m = 0; m < sl && LOWER(b[t->s + m]) == st[j][m];
			     m++)
				;
			if (m == sl)
				return 1;
		}
	}
	return 0;
}

static int
list_pair(const char *b, size_t n, const struct seq *q)
{
	const struct tok *f = &q->t[0], *l = &q->t[q->n - 1];
	int k, words = 0;

	if (q->n < 2 || q->n > 4 || f->kind != l->kind ||
	    (f->kind != TOK_TITLE && !caps_in_prose(b, n, q)))
		return 0;
	for (k = 0; k < q->n; k++)
		words += tok_is_word(&q->t[k]);
	if (words > 3 || weekday(b + f->s, f->e - f->s))
		return 0;
	if (street_inside(b, q))
		return 0;
	/* "Thu May 8", "June Smith 2019": a date, not a name. */
	if (q->e + 1 < n && b[q->e] == ' ' && IS_DIGIT(b[q->e + 1]))
		return 0;
	return (f->roles & R_FIRST) && (l->roles & R_LAST);
}

/* "Kim, Jane A.", "KIM,JANE", "De Luca, Bianca": the given part after
 * the comma, read into q2; its end or 0. */
static size_t
comma_given(const struct wset *rt, const char *b, size_t n,
	    const struct seq *q, struct seq *q2)
{
	size_t k = q->e;

	if (q->possessive || q->n > 2 || k >= n || b[k] != ',' ||
	    q->t[0].kind != q->t[q->n - 1].kind)
		return 0;
	k++;
	if (k < n && b[k] == ' ')
		k++;
	if (k >= n || names_upper_at(b, n, k) == 0)
		return 0;
	names_read_seq(rt, b, n, k, q2);
	/* "VAN DIJK, Anna" (mixed) is judged on stronger evidence. */
	if (q2->n == 0 || q2->n > 3 || !tok_is_word(&q2->t[0]) ||
	    (q2->t[0].kind != q->t[q->n - 1].kind &&
	     !(q->t[q->n - 1].kind == TOK_UPPER &&
	       q2->t[0].kind == TOK_TITLE)))
		return 0;
	return q2->e;
}

/* The words are the whole of a string literal: "Jane Kim", 'Kim, Jane'. */
static int
quoted(const char *b, size_t n, size_t s, size_t e)
{
	return s > 0 && e < n && (b[s - 1] == '"' || b[s - 1] == '\'') &&
	       b[e] == b[s - 1];
}

/* A first name from the list and a capitalised surname not known as
 * anything else, in a string literal of its own: code fixtures spell
 * names the lists do not hold ("Effie van Ommeren"). */
static int
quoted_pair(const char *b, size_t n, const struct seq *q)
{
	const struct tok *f = &q->t[0], *l = &q->t[q->n - 1];

	return q->n >= 2 && q->n <= 4 && f->kind == TOK_TITLE &&
	       l->kind == TOK_TITLE && (f->roles & R_FIRST) &&
	       !(l->roles & (R_ORG | R_LABEL | R_TITLE | R_CRED)) &&
	       quoted(b, n, q->s, q->e);
}

/* new Patient("Anthony", "Hashimoto", ...): a quoted first name and a
 * quoted capitalised word side by side in an argument list are a given
 * name and a surname.  q is one quoted word; 1 if its neighbour makes
 * the pair. */
static int
quoted_args(const struct wset *rt, const char *b, size_t n,
	    const struct seq *q)
{
	const struct tok *t = &q->t[0];
	size_t k;
	struct tok o;
	char qc;

	if (q->n != 1 || t->kind != TOK_TITLE || !quoted(b, n, q->s, q->e) ||
	    (t->roles & (R_ORG | R_LABEL | R_TITLE | R_CRED)))
		return 0;
	qc = b[q->e];
	/* The literal after: "Anthony", "Hashimoto" seen from "Anthony". */
	k = q->e + 1;
	if ((t->roles & R_FIRST) && k + 3 < n && b[k] == ',' &&
	    b[k + 1] == ' ' && b[k + 2] == qc && names_name_token(b, n, k + 3, &o) >
	    k + 3 && o.kind == TOK_TITLE && o.e < n && b[o.e] == qc)
		return 1;
	/* The literal before, seen from "Hashimoto". */
	k = q->s - 1;
	if (k >= 4 && b[k - 1] == ' ' && b[k - 2] == ',' && b[k - 3] == qc) {
		size_t e0 = k - 3, s0 = e0;

		while (s0 > 0 && IS_ALPHA(b[s0 - 1]) && e0 - s0 < 20)
			s0--;
		if (s0 > 0 && b[s0 - 1] == qc && s0 < e0 && IS_UPPER(b[s0]) &&
		    (names_wset_get(rt, b + s0, e0 - s0) & R_FIRST))
			return 1;
	}
	return 0;
}

/* The words look like a name of their own: no other role, and a listed
 * first name and surname, or a letter beyond ASCII ("Jiří Novák"); not
 * "See Consent Form (patient)". */
static int
name_like(const char *b, const struct seq *q)
{
	int k, high = 0;
	size_t i;

	for (k = 0; k < q->n; k++) {
		const struct tok *t = &q->t[k];

		if (t->roles & ~(unsigned)(R_FIRST | R_LAST | R_ANY))
			return 0;
		for (i = t->s; i < t->e; i++)
			high |= IS_HIGH(b[i]);
	}
	return high || ((q->t[0].roles & R_FIRST) &&
			(q->t[q->n - 1].roles & R_LAST));
}

/* "Last Name", "Patient Name": a header or a label, not a name. */
static int
header_like(const struct names_shared *sh, const char *b, const struct seq *q)
{
	char t[96];
	size_t tl = names_norm_phrase(b + q->s, q->e - q->s, t, sizeof(t));

	return names_wset_has(&sh->labels, t, tl) ||
	       (tl >= 4 && memcmp(t + tl - 4, "name", 4) == 0 &&
		(tl == 4 || t[tl - 5] == ' '));
}

/* Could a later word of q start a name when q as a whole is none?  Only
 * if it has a role (a first name for a pair, a label or title before the
 * rest) or was seen before in the document. */
static int
tail_may_name(const struct names_state *st, const char *b,
	      const struct seq *q)
{
	int k;

	for (k = 1; k < q->n; k++) {
		const struct tok *t = &q->t[k];

		if (!tok_is_word(t))
			continue;
		if ((t->roles & (R_FIRST | R_LABEL | R_HON | R_TITLE |
				 R_CUE)) ||
		    names_wset_has(&st->seen, b + t->s, t->e - t->s))
			return 1;
	}
	return 0;
}

/* A speaker's handle opening a chat line: "[15:54] Khalid B.: ...",
 * "Ana r.: ...", "[09:12] Mira Kovacs: ...".  The end of the span (after
 * the initial's dot) or 0. */
static size_t
speaker_handle(const struct names_shared *sh, const char *b, size_t n,
	       const struct seq *q)
{
	const struct tok *f = &q->t[0], *l = &q->t[q->n - 1];
	size_t e = q->e, ts = names_ts_prefix(b, q->s);
	int k, words = 0, initial = 0, role = 0;
	unsigned bad = R_LABEL | R_ORG | R_TITLE | R_HON | R_CUE | R_NOT;

	if (q->n > 3 || f->kind != TOK_TITLE || q->possessive)
		return 0;
	if (!names_line_head(b, q->s)) {
		/* "[10:02] agent Mira: ...": a speaker's role, then the
		 * name. */
		size_t ws = q->s - 1;

		if (q->s < 3 || b[q->s - 1] != ' ')
			return 0;
		while (ws > 0 && IS_LOWER(b[ws - 1]) && q->s - ws < 16)
			ws--;
		if (ws == q->s - 1 || names_ts_prefix(b, ws) != ws ||
		    !(names_wset_get(&sh->lists.roles, b + ws, q->s - 1 - ws) &
		      R_ROLE))
			return 0;
		ts = ws;
		role = 1;
	}
	for (k = 0; k < q->n; k++) {
		const struct tok *t = &q->t[k];

		if ((t->roles & bad) || names_is_cred(&sh->creds, t->roles,
						      b + t->s, t->e - t->s))
			return 0;
		words += tok_is_word(t);
	}
	if (l->kind == TOK_INITIAL) {
		initial = 1;
	} else if (q->n == 1 && e + 3 < n && b[e] == ' ' &&
		   IS_LOWER(b[e + 1]) && b[e + 2] == '.') {
		/* "Ana r.:": a lowercase initial. */
		e += 3;
		initial = 1;
	}
	if (e >= n || b[e] != ':' || (e + 1 < n && b[e + 1] != ' ' &&
				      b[e + 1] != '\t'))
		return 0;
	if (initial && words == 1 &&
	    (ts != SIZE_MAX || (f->roles & R_FIRST)))
		return e;
	if (initial || ts == SIZE_MAX)
		return 0;
	if (role && words == 1)
		return e;
	/* The surname list holds "Worker", "Server", "Main": a log's
	 * "[10:02] Worker: ..." needs a listed first name. */
	if (f->roles & R_FIRST)
		return e;
	return 0;
}

/* The label before b[p] is a speaker's in a transcript:
 * "[10:02] Patient: " -- a timestamp, one or two words, a colon. */
static int
speaker_label(const char *b, size_t p)
{
	size_t k = p, words = 0;

	while (k > 0 && (b[k - 1] == ' ' || b[k - 1] == '\t'))
		k--;
	if (k == 0 || b[k - 1] != ':')
		return 0;
	k--;
	while (k > 0 && words < 3) {
		size_t we = k;

		while (k > 0 && (IS_ALPHA(b[k - 1]) || IS_HIGH(b[k - 1])) &&
		       we - k < 24)
			k--;
		if (k == we)
			return 0;
		words++;
		if (names_ts_prefix(b, k) == k)
			return 1;
		if (k == 0 || b[k - 1] != ' ')
			return 0;
		k--;
	}
	return 0;
}

/* The value at b[s..e) ends a "key: value" line of a config ("  - name:
 * UPSTREAM"): the line holds only indentation, a list dash, the key and
 * the value. */
static int
config_key(const char *b, size_t n, size_t s, size_t e)
{
	size_t k = names_line_lo(b, s, 80);

	while (k < s && (b[k] == ' ' || b[k] == '\t'))
		k++;
	if (k < s && b[k] == '-' && k + 1 < s && b[k + 1] == ' ')
		k += 2;
	while (k < s && (IS_ALNUM(b[k]) || b[k] == '_'))
		k++;
	if (k >= s || b[k] != ':')
		return 0;
	for (k++; k < s; k++)
		if (b[k] != ' ')
			return 0;
	return e >= n || b[e] == '\n' || b[e] == '\r';
}

/* A lone word after a label goes on as running text: "Sure, it's ...",
 * "My cell ...", or after a colon label ("RE:") a number: "Level 1
 * appeal". */
static int
running_after(const char *b, size_t n, size_t e, int colon_label)
{
	size_t k = e;

	if (k + 2 < n && b[k] == ',' && b[k + 1] == ' ' && IS_LOWER(b[k + 2]))
		return 1;
	if (k + 1 >= n || b[k] != ' ')
		return 0;
	k++;
	if (colon_label && IS_DIGIT(b[k]))
		return 1;
	if (!IS_LOWER(b[k]))
		return 0;
	/* "Patient: Kim is ...": a lowercase particle may be in a name. */
	while (k < n && IS_LOWER(b[k]))
		k++;
	return k - e - 1 > 3 || (k < n && b[k] == ' ' && k + 1 < n &&
				 IS_LOWER(b[k + 1]));
}

/* "by Tomasz Novák": two or three capitalised words, one with a letter
 * beyond ASCII, none with another role; the lists hold few such names. */
static int
accented_pair(const char *b, const struct seq *q)
{
	int k, high = 0;
	size_t i;

	if (q->n < 2 || q->n > 3)
		return 0;
	for (k = 0; k < q->n; k++) {
		const struct tok *t = &q->t[k];

		if (t->kind != TOK_TITLE || (t->roles & ~(unsigned)(R_FIRST |
							     R_LAST | R_ANY)))
			return 0;
		for (i = t->s; i < t->e; i++)
			high |= IS_HIGH(b[i]);
	}
	return high;
}

/* Before a phone number: a name of its own whose first word is a
 * listed first name or has a letter beyond ASCII ("Benoît Okafor at";
 * not "Reach Benoît Okafor at", whose first word is a verb). */
static int
phone_name(const char *b, const struct seq *q)
{
	const struct tok *t = &q->t[0];
	int high = 0;

	for (size_t i = t->s; i < t->e; i++)
		high |= IS_HIGH(b[i]);
	return name_like(b, q) && ((t->roles & R_FIRST) || high);
}

/* A word of q has a capital inside after four small letters or more
 * ("DentalGuard"), unlike a name's prefix ("McKay", "MacArthur",
 * "FitzGerald"), or opens with two capitals ("URLs"). */
static int
camel_word(const char *b, const struct seq *q)
{
	int k;
	size_t i, run;

	for (k = 0; k < q->n; k++) {
		const struct tok *t = &q->t[k];

		if (t->kind != TOK_TITLE)
			continue;
		/* "DIEs", "URLs": an acronym's plural. */
		if (t->e - t->s >= 3 && IS_UPPER(b[t->s + 1])) {
			for (i = t->s; i < t->e && !IS_HIGH(b[i]); i++)
				;
			if (i == t->e)
				return 1;
		}
		run = 0;
		for (i = t->s + 1; i < t->e; i++) {
			if (IS_LOWER(b[i]))
				run++;
			else if (IS_UPPER(b[i]) && run >= 4)
				return 1;
			else
				run = 0;
		}
	}
	return 0;
}

/* A given name: listed ("Mary"), or its first part listed ("Mary-Kate"),
 * or with a letter beyond ASCII ("Seán"). */
static int
first_like(const struct wset *rt, const char *b, const struct tok *t)
{
	size_t k;

	if (t->roles & R_FIRST)
		return 1;
	for (k = t->s; k < t->e; k++) {
		if (IS_HIGH(b[k]))
			return 1;
		if (b[k] == '-' && k > t->s)
			return (names_wset_get(rt, b + t->s, k - t->s) &
				R_FIRST) != 0;
	}
	return 0;
}

/* Every word of q is a capital and small letters ("Achebe", not
 * "GnuPG"), and the first is no verb in "-ing" ("Using"). */
static int
plain_title(const char *b, const struct seq *q)
{
	int k;
	size_t i;
	const struct tok *f = &q->t[0];

	for (k = 0; k < q->n; k++)
		for (i = q->t[k].s + 1; i < q->t[k].e; i++)
			if (IS_UPPER(b[i]))
				return 0;
	return !(f->e - f->s > 4 && memcmp(b + f->e - 3, "ing", 3) == 0);
}

/* The word before b[s] is a preposition of place ("University of
 * Maryland and ..."). */
static int
after_place_word(const char *b, size_t s)
{
	static const char *const w[] = { " of ", " in ", " at ", " from ",
		" near ", " for ", NULL };

	for (int i = 0; w[i] != NULL; i++) {
		size_t l = strlen(w[i]);

		if (s >= l && memcmp(b + s - l, w[i], l) == 0)
			return 1;
	}
	return 0;
}

/* A given name in parentheses after a full name, then " of" (only, if
 * of_only), ",", ";" or " and": "Jon Kim (Mary) of Ely", a spouse in a
 * list of survivors.  Its sequence into g and the end of the ')', or 0. */
static size_t
paren_given(const struct names_shared *sh, const char *b, size_t n,
	    size_t e, struct seq *g, int of_only)
{
	size_t k;
	int j, high = 0;

	if (e + 3 >= n || b[e] != ' ' || b[e + 1] != '(' ||
	    names_upper_at(b, n, e + 2) == 0)
		return 0;
	names_read_seq(&sh->lists.roles, b, n, e + 2, g);
	if (g->n < 1 || g->n > 2 || g->possessive || g->e >= n ||
	    b[g->e] != ')')
		return 0;
	for (j = 0; j < g->n; j++) {
		const struct tok *t = &g->t[j];

		if (t->kind != TOK_TITLE ||
		    (t->roles & ~(unsigned)(R_FIRST | R_LAST | R_ANY)))
			return 0;
		for (k = t->s; k < t->e; k++)
			high |= IS_HIGH(b[k]);
	}
	k = g->e + 1;
	/* After a name already found, "(Sanjay) of" needs no list. */
	if (!of_only && k + 4 <= n && memcmp(b + k, " of ", 4) == 0)
		return k;
	if (!first_like(&sh->lists.roles, b, &g->t[0]) && !high)
		return 0;
	if (of_only)
		return k + 4 <= n && memcmp(b + k, " of ", 4) == 0 ? k : 0;
	if (k < n && (b[k] == ',' || b[k] == ';'))
		return g->e + 1;
	if (k + 4 <= n && (memcmp(b + k, " of ", 4) == 0 ||
			   (k + 5 <= n && memcmp(b + k, " and ", 5) == 0)))
		return g->e + 1;
	return 0;
}

/* "to Ann and Jon Kim": a lone given name joined by "and" to the name
 * at b[s]; its start, or SIZE_MAX. */
static size_t
and_given(const char *b, size_t s, const struct wset *rt, size_t *ge)
{
	size_t e, w;
	struct tok t;
	int high = 0;

	if (s < 7 || memcmp(b + s - 5, " and ", 5) != 0)
		return SIZE_MAX;
	e = s - 5;
	w = e;
	while (w > 0 && (IS_ALPHA(b[w - 1]) || IS_HIGH(b[w - 1])) && e - w < 24)
		w--;
	if (w == e || w == 0 || b[w - 1] != ' ' || w < 2)
		return SIZE_MAX;
	/* After a word in lowercase ("to Ann and ..."), not inside a name
	 * ("Brad King and ..."). */
	if (b[w - 2] != ',') {
		size_t p = w - 1;

		while (p > 0 && (IS_ALPHA(b[p - 1]) || IS_HIGH(b[p - 1])))
			p--;
		if (p == w - 1 || !IS_LOWER(b[p]))
			return SIZE_MAX;
	}
	if (names_name_token(b, e, w, &t) != e || t.kind != TOK_TITLE)
		return SIZE_MAX;
	for (size_t k = w; k < e; k++)
		high |= IS_HIGH(b[k]);
	t.roles = names_wset_get(rt, b + w, e - w);
	/* A listed given name or a letter beyond ASCII, or after "to"
	 * ("born to Ann and Jon Kim"). */
	if ((t.roles & ~(unsigned)(R_FIRST | R_LAST | R_ANY)) ||
	    (!(t.roles & R_FIRST) && !high &&
	     !(w >= 4 && memcmp(b + w - 4, " to ", 4) == 0)))
		return SIZE_MAX;
	*ge = e;
	return w;
}

/* "Lou Gehrig's disease", "Nightingale's polar-area diagram": a
 * possessive name and, within two words, an eponym's noun; a citation,
 * "(Apgar, 1952)"; or a name "in 1817", long ago. */
static int
eponym(const char *b, size_t n, const struct wset *rt, const struct seq *q)
{
	size_t k = q->e, ws;
	int w;

	if (q->s > 0 && b[q->s - 1] == '(' && k + 7 < n && b[k] == ',' &&
	    b[k + 1] == ' ' && (b[k + 2] == '1' || b[k + 2] == '2') &&
	    IS_DIGIT(b[k + 3]) && IS_DIGIT(b[k + 4]) && IS_DIGIT(b[k + 5]) &&
	    (b[k + 6] == ')' || b[k + 6] == ';'))
		return 1;
	/* "described by James Parkinson in 1817": a year before 1900. */
	if (k + 8 <= n && memcmp(b + k, " in 1", 5) == 0 && b[k + 5] <= '8' &&
	    IS_DIGIT(b[k + 5]) && IS_DIGIT(b[k + 6]) && IS_DIGIT(b[k + 7]) &&
	    (k + 8 == n || !IS_ALNUM(b[k + 8])))
		return 1;
	if (!q->possessive)
		return 0;
	while (k < n && b[k] != ' ' && k - q->e < 6)
		k++;
	for (w = 0; w < 2 && k < n && b[k] == ' '; w++) {
		ws = ++k;
		while (k < n && (IS_LOWER(b[k]) || b[k] == '-'))
			k++;
		if (k == ws)
			return 0;
		if ((names_wset_get(rt, b + ws, k - ws) & R_EPON) ||
		    (k - ws > 3 && b[k - 1] == 's' &&
		     (names_wset_get(rt, b + ws, k - 1 - ws) & R_EPON)))
			return 1;
	}
	return 0;
}

/* The last cell of a row of a table laid out with spaces, whose
 * column's header, the last cell of the block's first line, is a label
 * or ends with "by" ("Given by", "Provider"):
 *     Vaccine   Date given   Lot      Given by
 *     MMR       2 May 2007   BV9999   Jane Kim
 */
static int
column_of_names(const struct names_shared *sh, const char *b, size_t n,
		const struct seq *q)
{
	size_t k = q->s, ls, le, hs, he, cs;
	int lines;
	char t[64];
	size_t tl;

	if (q->e < n && b[q->e] != '\n' && b[q->e] != '\r')
		return 0;
	if (k < 3 || !((b[k - 1] == ' ' && b[k - 2] == ' ') || b[k - 1] == '\t'))
		return 0;
	/* Up the block to its first line, at most 24 lines. */
	ls = names_line_lo(b, k, 400);
	hs = SIZE_MAX;
	for (lines = 0; lines < 24 && ls > 0; lines++) {
		le = ls - 1;
		if (le > 0 && b[le] == '\n' && b[le - 1] == '\r')
			le--;
		cs = names_line_lo(b, le, 400);
		if (cs == le)
			break;		/* a blank line: ls opens the block */
		ls = cs;
	}
	if (lines == 0)
		return 0;
	hs = ls;
	he = hs;
	while (he < n && b[he] != '\n' && b[he] != '\r')
		he++;
	/* The header's last cell: after its last gap of two spaces. */
	for (cs = he; cs > hs + 1 && !(b[cs - 1] == ' ' && b[cs - 2] == ' ') &&
	     b[cs - 1] != '\t'; cs--)
		;
	if (cs <= hs + 1 || he - cs > 40)
		return 0;
	tl = names_norm_phrase(b + cs, he - cs, t, sizeof(t));
	if (tl == 0)
		return 0;
	return (tl >= 3 && memcmp(t + tl - 3, " by", 3) == 0) ||
	       names_wset_has(&sh->labels, t, tl);
}

/* b[s, e) fills a cell of a pipe table: "| Kim, Jane P. |". */
static int
cell_bounded(const char *b, size_t n, size_t s, size_t e)
{
	size_t k = s;

	while (k > 0 && b[k - 1] == ' ' && s - k < 4)
		k--;
	if (k == s || k == 0 || b[k - 1] != '|')
		return 0;
	k = e;
	while (k < n && b[k] == ' ' && k - e < 4)
		k++;
	return k > e && k < n && b[k] == '|';
}

/* The word before b[i] is the article "the": "at the Maple Grove
 * Bakery", "the Kessler Building". */
static int
after_article(const char *b, size_t i)
{
	return i >= 4 && b[i - 1] == ' ' && LOWER(b[i - 2]) == 'e' &&
	       LOWER(b[i - 3]) == 'h' && LOWER(b[i - 4]) == 't' &&
	       (i == 4 || !(IS_ALNUM(b[i - 5]) || IS_HIGH(b[i - 5])));
}

/* The word of q is a greeting's usual addressee: "Hi all,", "Hello
 * World!". */
static int
addressee_word(const char *b, const struct seq *q)
{
	static const char *const not_to[] = { "all", "everyone", "everybody",
		"there", "team", "world", "folks", "guys", "again", "friends",
		"sir", "madam", "both", NULL };
	size_t s = q->s, e = q->e;
	int j;

	if (q->n != 1)
		return 0;
	for (j = 0; not_to[j] != NULL; j++) {
		size_t l = strlen(not_to[j]), m;

		if (e - s != l)
			continue;
		for (m = 0; m < l && LOWER(b[s + m]) == not_to[j][m]; m++)
			;
		if (m == l)
			return 1;
	}
	return 0;
}

/* "DR. KIM: Hi Imani." -- a greeting opening a speaker's turn in a
 * transcript, before the word of q (which ends with '.', ',' or '!'). */
static int
greeting_turn(const char *b, size_t n, const struct seq *q)
{
	size_t s = q->s, e = q->e, ws, k, lo;

	if (q->n != 1 || q->t[0].kind != TOK_TITLE || e >= n ||
	    (b[e] != '.' && b[e] != ',' && b[e] != '!') || s < 5 ||
	    b[s - 1] != ' ' || addressee_word(b, q))
		return 0;
	ws = s - 1;
	while (ws > 0 && IS_ALPHA(b[ws - 1]) && s - 1 - ws < 6)
		ws--;
	if (!((s - 1 - ws == 2 && LOWER(b[ws]) == 'h' && LOWER(b[ws + 1]) == 'i') ||
	      (s - 1 - ws == 5 && LOWER(b[ws]) == 'h' &&
	       memcmp(b + ws + 1, "ello", 4) == 0)))
		return 0;
	if (ws < 3 || b[ws - 1] != ' ' || b[ws - 2] != ':')
		return 0;
	/* The speaker: letters, spaces and dots from the line's start. */
	lo = names_line_lo(b, ws - 2, 40);
	if (lo == ws - 2)
		return 0;
	for (k = lo; k < ws - 2; k++)
		if (!IS_ALPHA(b[k]) && b[k] != ' ' && b[k] != '.')
			return 0;
	return 1;
}

/* "Crew: Kim, Jo (EMT); H. Lee": an initial and a surname after "; "
 * on a line opened by a label of people. */
static int
labelled_list_item(const struct names_shared *sh, const char *b,
		   const struct seq *q)
{
	size_t lo, c;
	char t[64];
	size_t tl;

	if (q->n != 2 || q->t[0].kind != TOK_INITIAL ||
	    q->t[1].kind != TOK_TITLE || q->possessive ||
	    (q->t[1].roles & ~(unsigned)(R_FIRST | R_LAST | R_ANY)) ||
	    q->s < 4 || b[q->s - 1] != ' ' || b[q->s - 2] != ';')
		return 0;
	lo = names_line_lo(b, q->s, 200);
	for (c = lo; c < q->s && b[c] != ':'; c++)
		;
	if (c >= q->s || c - lo > 40)
		return 0;
	tl = names_norm_phrase(b + lo, c - lo, t, sizeof(t));
	return tl > 0 && names_wset_has(&sh->labels, t, tl);
}

/* "Yes, it's Jane Kim", "this is Jane Kim", "my name is Jane Kim": a
 * speaker naming themself before b[s]. */
static int
self_intro(const char *b, size_t s)
{
	static const char *const w[] = { "it's ", "it\xe2\x80\x99s ",
		"this is ", "i'm ", "i\xe2\x80\x99m ", "name is ",
		"name's ", NULL };
	int i;

	for (i = 0; w[i] != NULL; i++) {
		size_t l = strlen(w[i]), m;

		if (s < l)
			continue;
		for (m = 0; m < l && LOWER(b[s - l + m]) == w[i][m]; m++)
			;
		if (m == l && (s == l || !(IS_ALNUM(b[s - l - 1]) ||
					   IS_HIGH(b[s - l - 1]))))
			return 1;
	}
	return 0;
}

int
names_judge(struct names_state *st, const struct phi_window *w,
	    struct phi_cands *out, size_t i, size_t *next,
	    struct ck_error *err)
{
	const struct names_shared *sh = st->sh;
	const char *b = w->buf;
	size_t n = w->len, hs = SIZE_MAX, s, e, ps;
	struct seq q, q2;
	int cue, cred, words = 0, k, conf = PHI_CONF_MEDIUM, learn = 1;
	unsigned lroles = 0;
	int pa, short_caps;
	size_t ge0;
	const char *rule = NULL;

	/* Cheap look at the first word before any lookup: identifiers
	 * ("SIZE_MAX", "Foo2", "Patient(", "Map<") and lone short capitals
	 * ("NULL;", "IO.") start no name. */
	{
		struct tok t0;
		size_t e0 = names_name_token(b, n, i, &t0);

		if (e0 == i)
			return 0;
		if (e0 < n && (b[e0] == '_' || IS_DIGIT(b[e0]) ||
			       b[e0] == '<' || b[e0] == '[' || b[e0] == '{' ||
			       (b[e0] == '(' && t0.kind != TOK_UPPER) ||
			       (b[e0] == '.' && e0 + 1 < n &&
				IS_ALPHA(b[e0 + 1]) && t0.kind != TOK_INITIAL))) {
			while (e0 < n && (IS_ALNUM(b[e0]) || b[e0] == '_'))
				e0++;
			*next = e0;
			return 0;
		}
		if (t0.kind == TOK_UPPER && t0.e - t0.s <= 3 && e0 < n &&
		    b[e0] != ' ' && b[e0] != ',' && b[e0] != '\'' &&
		    b[e0] != '^') {
			*next = e0;
			return 0;
		}
	}
	if (st->seen.n > 0 && w->base + i > st->last_learn + SEEN_SPAN) {
		memset(st->seen.arena, 0, st->seen.acap);
		names_wset_free(&st->seen);
	}
	names_read_seq(&sh->lists.roles, b, n, i, &q);
	*next = q.n > 0 ? q.t[0].e : i + 1;
	if (q.n == 0 || *next <= i)
		*next = i + 1;
	if (q.n == 0)
		return 0;
	/* "Dr", "Mrs", "RN", "MD" open no name: the name follows them;
	 * "None", "Null", "Doe" are never one. */
	if (any_role(&q, R_NOT))
		return 0;
	/* "Interpreter: Tagalog": a language alone is no one. */
	if (q.n == 1 && (q.t[0].roles & R_LANG))
		return 0;
	/* "DentalGuard", "HealthKeepers": a product's or a company's word,
	 * or "the Harbor Street Mill": no person's name follows "the". */
	if (camel_word(b, &q) || (q.n >= 2 && after_article(b, i)) ||
	    eponym(b, n, &sh->lists.roles, &q)) {
		*next = q.e;
		return 0;
	}
	if ((q.t[0].roles & (R_TITLE | R_HON)) ||
	    names_is_cred(&sh->creds, q.t[0].roles, b + q.t[0].s,
			  q.t[0].e - q.t[0].s))
		return 0;
	if ((e = speaker_handle(sh, b, n, &q)) > 0) {
		*next = e;
		return emit(st, w, out, b, q.s, e, &q, NULL, PHI_CONF_HIGH,
			    PHI_PRIO_CONTEXT, "name.context", 1, err);
	}
	/* "Patient Emma Kim": the label in front is not part of the name;
	 * nor "Daughter Emma" opening a sentence. */
	if (q.n >= 2 && ((q.t[0].roles & (R_LABEL | R_WEAK)) ||
			 ((q.t[0].roles & R_CUE) && q.t[0].kind == TOK_TITLE &&
			  !(q.t[0].roles & (R_FIRST | R_LAST))))) {
		*next = q.t[0].e;
		return 0;
	}
	cred = cut_credential(sh, b, n, &q);
	if (cred < 0) {
		*next = q.e;
		return 0;
	}
	/* "VARCHAR(100)", "Date.parse(": code, not a name. */
	if (!cred && q.e < n && (b[q.e] == '(' || (b[q.e] == '.' &&
	    q.e + 1 < n && IS_ALPHA(b[q.e + 1]))))
		return 0;
	for (k = 0; k < q.n; k++)
		words += tok_is_word(&q.t[k]);
	/* "MI: S" on a form: an initial after a given name's label (not
	 * a yes or no). */
	if (words == 0 && q.n == 1 && q.t[0].kind == TOK_INITIAL &&
	    b[q.t[0].s] != 'Y' && b[q.t[0].s] != 'N' &&
	    (q.e >= n || b[q.e] == ' ' || b[q.e] == '\n' || b[q.e] == '\r' ||
	     b[q.e] == ',') &&
	    names_cue_before(sh, b, q.s, &hs, &lroles) == CUE_LABEL &&
	    (lroles & R_GIVEN))
		return emit(st, w, out, b, q.t[0].s, q.t[0].e, NULL, NULL,
			    PHI_CONF_MEDIUM, PHI_PRIO_CONTEXT, "name.context",
			    0, err);
	if (words == 0)
		return 0;
	/* "BP", "ICU", "MAC": short capitals alone are abbreviations; "COX,
	 * RENEE" is judged as a surname and a given name below. */
	short_caps = q.n == 1 && q.t[0].kind == TOK_UPPER &&
		     q.t[0].e - q.t[0].s <= 3;
	if (short_caps && !(q.e + 2 < n && b[q.e] == ',' &&
			    b[q.e + 1] == ' '))
		return 0;
	/* "Mercy Hospital", "Heritage Memorial", "Boston Scientific". */
	if (any_org(&q) || names_org_after(sh, b, n, q.e)) {
		*next = q.e;
		return 0;
	}
	/* "Dr. van Hulst", "Mrs. van de Ven": particles before the
	 * capital belong to the name. */
	ps = i;
	for (k = 0; k < 3 && ps >= 3 && b[ps - 1] == ' '; k++) {
		size_t ws = ps - 1;

		while (ws > 0 && IS_LOWER(b[ws - 1]) && ps - 1 - ws < 5)
			ws--;
		if (ws == ps - 1 || names_word_before(b, ws) ||
		    !names_is_particle(b, ws, ps - 1))
			break;
		ps = ws;
	}
	cue = names_cue_before(sh, b, ps, &hs, &lroles);
	if (ps < i && cue == CUE_NONE)
		ps = i;
	q.s = ps;
	/* "PATIENT BILLING STATEMENT" is a heading; "PATIENT Navarro" is
	 * not. */
	if (cue == CUE_LABEL_CAPS && q.t[0].kind != TOK_TITLE &&
	    !(q.n == 1 && q.e + 2 < n && b[q.e] == ',' && b[q.e + 1] == ' '))
		cue = CUE_NONE;
	/* "the provider is Blue Cross Plan": after "is", the words must
	 * look like a name, a listed first name or a letter beyond ASCII. */
	if (cue == CUE_LABEL_IS)
		cue = words >= 2 && q.t[0].kind == TOK_TITLE &&
		      !any_role(&q, ~(unsigned)(R_FIRST | R_LAST | R_ANY)) &&
		      ((q.t[0].roles & R_FIRST) || accented_pair(b, &q)) ?
		      CUE_LABEL_WORD : CUE_NONE;
	/* After a credential: two capitalised words, one of them listed
	 * ("RN Jane Okafor"; not "PT Evaluation Note"). */
	if (cue == CUE_CRED &&
	    (words < 2 || q.t[0].kind != TOK_TITLE ||
	     q.t[q.n - 1].kind != TOK_TITLE ||
	     !((q.t[0].roles & R_FIRST) || (q.t[q.n - 1].roles & R_LAST))))
		cue = CUE_NONE;
	/* "- name: UPSTREAM" in a config: an identifier in capitals, not a
	 * listed name. */
	if (cue == CUE_LABEL && q.n == 1 && q.t[0].kind == TOK_UPPER &&
	    !(q.t[0].roles & (R_FIRST | R_LAST)) && config_key(b, n, ps, q.e))
		cue = CUE_NONE;
	/* "[10:02] Nurse: Okay, ..." opens an utterance, not a field;
	 * "RE: Stage 2 review" is a subject line. */
	if ((cue == CUE_LABEL || cue == CUE_LABEL_CAPS) &&
	    (speaker_label(b, ps) || (q.n == 1 && running_after(b, n, q.e,
						(lroles & R_COLON) != 0))))
		cue = CUE_NONE;
	/* "First: Ann", not "First: Remove the cover". */
	if ((cue == CUE_LABEL || cue == CUE_LABEL_CAPS) &&
	    (lroles & R_GIVEN) &&
	    !first_like(&sh->lists.roles, b, &q.t[0]))
		cue = CUE_NONE;
	/* "To: Custodian of Records", "Attn: Director of Nursing": an
	 * office, not a person. */
	if ((cue == CUE_LABEL || cue == CUE_LABEL_CAPS) && q.n == 1 &&
	    q.e + 4 < n &&
	    memcmp(b + q.e, " of ", 4) == 0)
		cue = CUE_NONE;

	/* A house number before: a street ("12 Martin Luther King Jr"). */
	if (cue == CUE_NONE && i >= 2 && b[i - 1] == ' ' &&
	    IS_DIGIT(b[i - 2])) {
		*next = q.e;
		return 0;
	}
	if (!cred)
		cred = names_credential_after(sh, b, n, q.e);

	/* "Last, First" as one span. */
	/* "Ordering: COX, RENEE" after a label only ("NAME, ID, CPU" is
	 * code). */
	if (short_caps && cue != CUE_LABEL && cue != CUE_LABEL_CAPS)
		return 0;
	if (comma_given(&sh->lists.roles, b, n, &q, &q2) > 0) {
		struct seq g = q2;
		int gcred = cut_credential(sh, b, n, &g);

		if (gcred < 0)
			gcred = 0;

		if (g.n > 0 && !names_state_after(b, n, q.e) &&
		    !names_state_after(b, n, g.e) &&
		    !names_is_cred(&sh->creds, g.t[0].roles, b + g.t[0].s,
				   g.t[0].e - g.t[0].s) &&
		    !any_org(&g)) {
			/* Listed, or a given name alone in a string literal
			 * ("Gonçalves, Priya"). */
			int lf = ((g.t[0].roles & R_FIRST) &&
				  (q.t[q.n - 1].roles & R_LAST)) ||
				 (((g.t[0].roles & R_FIRST) ||
				   (q.t[q.n - 1].roles & R_LAST)) &&
				  quoted(b, n, q.s, g.e));

			int mixed = g.t[0].kind != q.t[q.n - 1].kind;
			int gpa = names_person_after(sh, b, n, g.e);

			if (gpa == 4)
				gpa = 0;	/* a caption's name is not inverted */

			if (!gcred)
				gcred = names_credential_after(sh, b, n, g.e);
			if (mixed && cue == CUE_NONE && !gcred && !gpa)
				lf = 0;
			else if (gpa)
				lf = 1;
			/* "| Kim, Jane P. |": a table's cell holding a surname,
			 * a given name and an initial. */
			if (!lf && g.n >= 2 && g.t[g.n - 1].kind == TOK_INITIAL &&
			    cell_bounded(b, n, q.s, g.e) &&
			    ((g.t[0].roles & R_FIRST) ||
			     (q.t[q.n - 1].roles & R_LAST) ||
			     accented_pair(b, &q) || accented_pair(b, &g) ||
			     name_like(b, &q) || name_like(b, &g)))
				lf = 1;
			if ((cue != CUE_NONE || gcred || lf ||
			     (all_seen(st, b, &q) && all_seen(st, b, &g))) &&
			    !header_like(sh, b, &q)) {
				*next = g.e;
				return emit(st, w, out, b, q.s, g.e, &q, &g,
					    cue != CUE_NONE || gcred ?
					    PHI_CONF_HIGH : PHI_CONF_MEDIUM,
					    cue != CUE_NONE || gcred ?
					    PHI_PRIO_CONTEXT : PHI_PRIO_LIST,
					    "name.context", !quoted(b, n, q.s, g.e) ||
					    cue != CUE_NONE || gcred, err);
			}
		}
	}
	if (short_caps)
		return 0;
	if (cue == CUE_LABEL_WORD && (q.t[0].kind != TOK_TITLE || words < 2))
		cue = CUE_NONE;
	/* "signed by Jane Kim", "sister Mary": but not "by You", "by
	 * Sections 1", "BY APPLICABLE LAW": a listed name word is needed. */
	if (cue == CUE_WEAK && addressee_word(b, &q))
		cue = CUE_NONE;
	if (cue == CUE_WEAK && !greeting_turn(b, n, &q) &&
	    (q.t[0].kind != TOK_TITLE ||
				(q.n >= 2 && !(q.t[0].roles & R_FIRST) &&
				 !accented_pair(b, &q)) ||
				(q.n == 1 && !(q.t[0].roles & R_FIRST) &&
				 (!(q.t[0].roles & R_LAST) ||
				  q.t[0].e - q.t[0].s < 4))))
		cue = CUE_NONE;
	if (cue == CUE_WORD && q.t[0].kind != TOK_TITLE)
		cue = CUE_NONE;
	if (names_state_after(b, n, q.e) && cue != CUE_HONORIFIC &&
	    cue != CUE_TITLE && !cred)
		return 0;
	s = cue == CUE_HONORIFIC ? hs : q.s;
	e = q.e;
	/* Jo "Bud" Kim: a nickname in quotes between two words of a name
	 * says a person. */
	if (cue == CUE_NONE && q.nick && words >= 3 &&
	    q.t[q.n - 1].kind == TOK_TITLE &&
	    (first_like(&sh->lists.roles, b, &q.t[0]) ||
	     (names_line_head(b, q.s) && plain_title(b, &q))) &&
	    !any_role(&q, ~(unsigned)(R_FIRST | R_LAST | R_ANY)))
		cue = CUE_WORD;
	if (cue != CUE_NONE || names_after_closing(sh, b, n, q.s, q.e)) {
		conf = PHI_CONF_HIGH;
		rule = "name.context";
		/* Weak cues find the name but teach nothing. */
		learn = cue != CUE_WEAK && cue != CUE_LABEL_WORD;
	} else if (cred && (q.t[q.n - 1].kind == TOK_TITLE || cred == 2)) {
		/* "Lura MSW", "Jane Kim, MD"; not "PELVIS WITH IV". */
		conf = PHI_CONF_HIGH;
		rule = "name.credential";
	} else if (list_pair(b, n, &q)) {
		rule = "name.list";
	} else if (quoted_pair(b, n, &q) ||
		   quoted_args(&sh->lists.roles, b, n, &q)) {
		rule = "name.list";
		learn = 0;
	} else if ((words >= 2 || (q.n >= 2 &&
				   q.t[0].kind == TOK_INITIAL)) &&
		   q.t[0].kind != TOK_UPPER &&
		   q.t[q.n - 1].kind == TOK_TITLE &&
		   (pa = names_person_after(sh, b, n, q.e)) != 0 &&
		   (pa == 1 || (pa == 3 ? phone_name(b, &q) :
				name_like(b, &q) ||
				names_role_list(sh, b, n, q.e)))) {
		rule = "name.context";
		learn = 0;
	} else if (all_seen(st, b, &q)) {
		rule = "name.mention";
		learn = 0;
	} else if (words >= 2 && words <= 3 && q.t[0].kind == TOK_TITLE &&
		   q.t[q.n - 1].kind == TOK_TITLE && !q.possessive &&
		   !any_role(&q, ~(unsigned)(R_FIRST | R_LAST | R_ANY)) &&
		   (first_like(&sh->lists.roles, b, &q.t[0]) ||
		    (q.t[q.n - 1].roles & R_LAST)) &&
		   !weekday(b + q.t[0].s, q.t[0].e - q.t[0].s) &&
		   self_intro(b, q.s)) {
		rule = "name.context";
		learn = 0;
	} else if (labelled_list_item(sh, b, &q)) {
		rule = "name.context";
		learn = 0;
	} else if (words >= 2 && q.t[0].kind == TOK_TITLE &&
		   q.t[q.n - 1].kind == TOK_TITLE &&
		   !any_role(&q, ~(unsigned)(R_FIRST | R_LAST | R_ANY)) &&
		   column_of_names(sh, b, n, &q)) {
		rule = "name.context";
	} else if (words >= 2 && !any_role(&q, ~(unsigned)(R_FIRST | R_LAST |
							  R_ANY)) &&
		   ((q.t[0].roles & R_FIRST) ||
		    (q.t[q.n - 1].roles & R_LAST) || phone_name(b, &q)) &&
		   names_person_after(sh, b, n, q.e) == 4) {
		rule = "name.context";
	} else if (words >= 2 && q.t[0].kind == TOK_TITLE &&
		   q.t[q.n - 1].kind == TOK_TITLE &&
		   !any_role(&q, ~(unsigned)(R_FIRST | R_LAST | R_ANY)) &&
		   paren_given(sh, b, n, q.e, &q2, 1) > 0) {
		rule = "name.context";
		learn = 0;
	}
	/* "to Seán and Agnieszka Kim": a given name, "and", a full name. */
	if (rule == NULL && q.n == 1 && q.t[0].kind == TOK_TITLE &&
	    !(q.t[0].roles & ~(unsigned)(R_FIRST | R_LAST | R_ANY)) &&
	    first_like(&sh->lists.roles, b, &q.t[0]) &&
	    q.e + 6 < n && memcmp(b + q.e, " and ", 5) == 0 &&
	    and_given(b, q.e + 5, &sh->lists.roles, &ge0) == q.s &&
	    !after_place_word(b, q.s)) {
		names_read_seq(&sh->lists.roles, b, n, q.e + 5, &q2);
		if (q2.n >= 2 && q2.n <= 3 && q2.t[0].kind == TOK_TITLE &&
		    q2.t[q2.n - 1].kind == TOK_TITLE && !q2.possessive &&
		    !any_role(&q2, ~(unsigned)(R_FIRST | R_LAST | R_ANY)) &&
		    (first_like(&sh->lists.roles, b, &q2.t[0]) ||
		     (q2.t[q2.n - 1].roles & R_LAST))) {
			*next = q2.e;
			if (emit(st, w, out, b, q.s, q.e, &q, NULL,
				 PHI_CONF_MEDIUM, PHI_PRIO_LIST, "name.context",
				 0, err) < 0)
				return -1;
			return emit(st, w, out, b, q2.s, q2.e, &q2, NULL,
				    PHI_CONF_MEDIUM, PHI_PRIO_LIST,
				    "name.context", 0, err);
		}
	}
	if (rule != NULL && !header_like(sh, b, &q)) {
		size_t ge, gs;

		*next = q.e;
		if (emit(st, w, out, b, s, e, &q, NULL, conf,
			 conf == PHI_CONF_HIGH ? PHI_PRIO_CONTEXT :
			 PHI_PRIO_LIST, rule, learn, err) < 0)
			return -1;
		/* The survivors' forms: "Jon Kim (Mary) of Ely", "to Ann
		 * and Jon Kim". */
		if (words >= 2 && (ge = paren_given(sh, b, n, e, &q2, 0)) > 0) {
			*next = ge;
			if (emit(st, w, out, b, q2.s, q2.e, NULL, NULL,
				 PHI_CONF_MEDIUM, PHI_PRIO_LIST,
				 "name.context", 0, err) < 0)
				return -1;
		}
		if (words >= 2 && s == q.s &&
		    (gs = and_given(b, s, &sh->lists.roles, &ge)) != SIZE_MAX)
			return emit(st, w, out, b, gs, ge, NULL, NULL,
				    PHI_CONF_MEDIUM, PHI_PRIO_LIST,
				    "name.context", 0, err);
		return 0;
	}
	/* Skip the words after the first when none of them could start a
	 * name: each lookup costs a cache miss. */
	if (!tail_may_name(st, b, &q) || street_inside(b, &q))
		*next = q.e;
	return 0;
}

/* "Patient: 王小明": a CJK name after a label or a relation word. */
int
names_judge_cjk(struct names_state *st, const struct phi_window *w,
		struct phi_cands *out, size_t i, size_t *next,
		struct ck_error *err)
{
	const char *b = w->buf;
	size_t n = w->len, k = i, chars = 0, hs;
	unsigned lroles = 0;
	int cue;

	/* U+3040-U+30FF kana, U+4E00-U+9FFF CJK ideographs, U+AC00-U+D7A3
	 * Hangul: three-byte sequences with leads E3..ED. */
	while (k + 2 < n && U8(b[k]) >= 0xe3 && U8(b[k]) <= 0xed &&
	       (U8(b[k + 1]) & 0xc0) == 0x80 && (U8(b[k + 2]) & 0xc0) == 0x80 &&
	       chars < 8) {
		k += 3;
		chars++;
	}
	*next = k > i ? k : i + 1;
	if (chars < 2 || chars > 5)
		return 0;
	cue = names_cue_before(st->sh, b, i, &hs, &lroles);
	if (cue != CUE_LABEL && cue != CUE_LABEL_CAPS && cue != CUE_WORD)
		return 0;
	return emit(st, w, out, b, i, k, NULL, NULL, PHI_CONF_HIGH,
		    PHI_PRIO_CONTEXT, "name.context", 0, err);
}
