/* fieldtab.c -- tables whose header says what each column holds: CSV,
 * TSV, pipe- and semicolon-separated files (RFC 4180 quoting: quoted
 * fields may hold the delimiter, line breaks and doubled quotes), and SQL
 * INSERT statements, whose column list plays the header's part. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/linestart.h"
#include "common/phi/fields.h"

#define MAX_COLS 256
#define MAX_QUOTED (64u * 1024u)

struct fld_table {
	char delim;
	int ncols;
	short code[MAX_COLS];
	int tabular_ext;	/* .csv .tsv .psv .tab */
	int veto;		/* a reference table: its IGNORE columns
				 * hold no PHI */
	size_t header_end;	/* offset after the header row */
};

struct fld_table *
fld_table_new(void)
{
	return calloc(1, sizeof(struct fld_table));
}

void
fld_table_free(struct fld_table *t)
{
	free(t);
}

static int
has_ext(const char *path, const char *ext)
{
	size_t n, m = strlen(ext);

	if (path == NULL)
		return 0;
	n = strlen(path);
	return n > m && path[n - m - 1] == '.' &&
	       strcasecmp(path + n - m, ext) == 0;
}

void
fld_table_begin(struct fld_table *t, const char *path)
{
	memset(t, 0, sizeof(*t));
	t->tabular_ext = has_ext(path, "csv") || has_ext(path, "tsv") ||
			 has_ext(path, "psv") || has_ext(path, "tab");
}

static size_t
eol(const char *b, size_t i, size_t n)
{
	return phi_line_end(b, i, n);
}

static size_t
after_eol(const char *b, size_t i, size_t n)
{
	if (i < n && b[i] == '\r')
		i++;
	if (i < n && b[i] == '\n')
		i++;
	return i;
}

/* One cell starting at b[i]: its content [*s, *e) (inside the quotes of
 * a quoted cell) and the index of the delimiter or line break after it;
 * (size_t)-1 if the cell runs past n. */
static size_t
cell(const char *b, size_t i, size_t n, char delim, size_t *s, size_t *e)
{
	size_t j = i;

	while (j < n && b[j] == ' ' && delim != ' ')
		j++;
	if (j < n && b[j] == '"') {
		size_t k = j + 1;

		for (; k < n && k - j < MAX_QUOTED; k++)
			if (b[k] == '"') {
				if (k + 1 < n && b[k + 1] == '"') {
					k++;
					continue;
				}
				break;
			}
		if (k >= n)
			return (size_t)-1;
		if (k - j >= MAX_QUOTED) {
			/* An unterminated quote: read the cell as plain
			 * text so that one stray '"' costs one line. */
			goto plain;
		}
		*s = j + 1;
		*e = k;
		k++;
		while (k < n && b[k] != delim && b[k] != '\n' && b[k] != '\r')
			k++;
		return k;
	}
plain:
	*s = i;
	while (j < n && b[j] != delim && b[j] != '\n' && b[j] != '\r')
		j++;
	*e = j;
	return j;
}

static int
header_cell_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!ck_isalnum(c) && c < 0x80 && !strchr(" _-.#/()", c))
			return 0;
	}
	return 1;
}

int
fld_table_sniff(struct fld_table *t, struct fld_out *o, int last)
{
	const char *b = o->buf;
	size_t n = o->len, i = 0, le, cnt[4] = { 0, 0, 0, 0 }, j, best = 0;
	static const char delims[4] = { '\t', ',', '|', ';' };
	int k, mapped = 0, ignored = 0, q = 0, lines;

	if (n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	/* A comment or title line or two may precede the header, and
	 * Excel's "sep=;" line. */
	for (lines = 0; lines < 4 && i < n &&
	     (b[i] == '#' || (i + 5 <= n && strncasecmp(b + i, "sep=", 4) == 0 &&
			      eol(b, i, n) - i <= 6));
	     lines++)
		i = after_eol(b, eol(b, i, n), n);
	le = eol(b, i, n);
	if (le == n && !last)
		return 0;
	for (j = i; j < le; j++) {
		if (b[j] == '"')
			q = !q;
		for (k = 0; k < 4 && !q; k++)
			if (b[j] == delims[k])
				cnt[k]++;
	}
	for (k = 1; k < 4; k++)
		if (cnt[k] > cnt[best])
			best = (size_t)k;
	if (cnt[best] == 0)
		return 0;
	t->delim = delims[best];
	t->ncols = 0;
	for (j = i;;) {
		size_t s, e, r = cell(b, j, le, t->delim, &s, &e);

		if (r == (size_t)-1)
			return 0;
		while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t'))
			e--;
		if (!header_cell_ok(b + s, e - s) || t->ncols == MAX_COLS)
			return 0;
		t->code[t->ncols] = (short)fld_keymap_find(o->sh->km, b + s,
							   e - s);
		if (t->code[t->ncols] >= 0)
			mapped++;
		else if (t->code[t->ncols] == FLD_IGNORE)
			ignored++;
		t->ncols++;
		if (r >= le)
			break;
		j = r + 1;
	}
	/* A table file with no column of a person's data but one the key
	 * map knows holds none (a fee schedule's "effective", a job list's
	 * "created_at"): a reference table, whose dates are not a person's. */
	t->veto = mapped == 0 && ignored > 0 && t->tabular_ext;
	/* Outside a table file, ask more of a header before trusting it. */
	if ((mapped == 0 && !t->veto) ||
	    (!t->tabular_ext && (mapped < 2 || t->ncols < 3)))
		return 0;
	fld_header_people(t->code, t->ncols);
	t->header_end = after_eol(b, le, n);
	return 1;
}

size_t
fld_table_scan(struct fld_table *t, struct fld_out *o, size_t from,
	       int last)
{
	const char *b = o->buf;
	size_t n = o->len, i = from > t->header_end || o->base > 0 ? from :
		t->header_end;

	while (i < n) {
		size_t row = i, j = i, cs[MAX_COLS], ce[MAX_COLS];
		int col = 0, cut = 0, k;

		for (;;) {
			size_t s, e, r = cell(b, j, n, t->delim, &s, &e);

			if (r == (size_t)-1 || (r == n && !last)) {
				cut = 1;
				break;
			}
			if (col < t->ncols) {
				cs[col] = s;
				ce[col] = e;
			}
			col++;
			if (r >= n || b[r] != t->delim) {
				j = r;
				break;
			}
			j = r + 1;
		}
		/* A cut row comes again in the next window, unless it is
		 * longer than a window. */
		if (cut)
			return row > 0 || last ? row : n;
		/* Only whole rows: a row cut by the window comes again. */
		for (k = 0; k < col && k < t->ncols; k++)
			if (t->code[k] >= 0)
				fld_emit(o, t->code[k], cs[k], ce[k], "csv");
			else if (t->veto && t->code[k] == FLD_IGNORE)
				fld_veto(o, cs[k], ce[k]);
			else if (t->code[k] == FLD_IGNORE)
				fld_veto_date(o, cs[k], ce[k]);
		i = after_eol(b, j, n);
		if (i == j)
			i++;
	}
	return n;
}

/* ---- SQL ------------------------------------------------------------ */

static size_t
sql_ws(const char *b, size_t i, size_t n)
{
	for (;;) {
		while (i < n && ck_isspace((unsigned char)b[i]))
			i++;
		if (i + 1 < n && b[i] == '-' && b[i + 1] == '-')
			i = eol(b, i, n);
		else if (i + 1 < n && b[i] == '/' && b[i + 1] == '*') {
			size_t k;

			for (k = i + 2; k + 1 < n; k++)
				if (b[k] == '*' && b[k + 1] == '/')
					break;
			i = k + 2 > n ? n : k + 2;
		} else
			return i;
	}
}

static int
sql_kw(const char *b, size_t i, size_t n, const char *kw)
{
	size_t m = strlen(kw);

	return i + m <= n && strncasecmp(b + i, kw, m) == 0 &&
	       (i + m == n || !(ck_isalnum((unsigned char)b[i + m]) ||
				b[i + m] == '_'));
}

/* A name, plain or quoted ("x", `x`, [x]); [*s, *e) is the bare name. */
static size_t
sql_name(const char *b, size_t i, size_t n, size_t *s, size_t *e)
{
	char close;

	if (i >= n)
		return 0;
	close = b[i] == '"' ? '"' : b[i] == '`' ? '`' : b[i] == '[' ? ']' : 0;
	if (close) {
		size_t k = i + 1;

		while (k < n && b[k] != close && b[k] != '\n')
			k++;
		if (k >= n || b[k] != close)
			return 0;
		*s = i + 1;
		*e = k;
		return k + 1;
	}
	*s = i;
	while (i < n && (ck_isalnum((unsigned char)b[i]) || b[i] == '_' ||
			 b[i] == '$'))
		i++;
	*e = i;
	return i > *s ? i : 0;
}

/* A table's name, maybe schema-qualified ("db"."t", s.t): [*s, *e) is
 * its last part; returns where it ends, 0 if there is none. */
static size_t
sql_table_name(const char *b, size_t i, size_t n, size_t *s, size_t *e)
{
	for (;;) {
		size_t r = sql_name(b, i, n, s, e);

		if (r == 0)
			return 0;
		if (r < n && b[r] == '.')
			i = r + 1;
		else
			return r;
	}
}

/* A string literal: '' doubles a quote (SQL), and MySQL's \' escapes. */
static size_t
sql_string(const char *b, size_t i, size_t n, size_t *s, size_t *e)
{
	size_t k;

	for (k = i + 1; k < n; k++) {
		if (b[k] == '\\') {
			k++;
			continue;
		}
		if (b[k] == '\'') {
			if (k + 1 < n && b[k + 1] == '\'') {
				k++;
				continue;
			}
			*s = i + 1;
			*e = k;
			return k + 1;
		}
	}
	return 0;
}

/* One value of a tuple; emits it for its column.  Returns the index of
 * the ',' or ')' that ends it, or 0 if the data ends first. */
static size_t
sql_value(struct fld_out *o, size_t i, int code)
{
	const char *b = o->buf;
	size_t n = o->len, s, e, r, depth = 0, vs = i, first_s = 0,
	       first_e = 0;
	int have = 0;

	while (i < n) {
		char ch = b[i];

		if (ch == '\'') {
			r = sql_string(b, i, n, &s, &e);
			if (r == 0)
				return 0;
			if (!have) {
				/* DATE '1961-03-04', TO_DATE('...', 'fmt') */
				first_s = s;
				first_e = e;
				have = 1;
			}
			i = r;
			continue;
		}
		if (ch == '(')
			depth++;
		else if (ch == ')' && depth > 0)
			depth--;
		else if ((ch == ',' || ch == ')') && depth == 0)
			break;
		else if (ch == ';' && depth == 0)
			return 0;
		i++;
	}
	if (i >= n)
		return 0;
	if (code >= 0) {
		if (have)
			fld_emit(o, code, first_s, first_e, "sql");
		else if (ck_isdigit((unsigned char)b[vs]))
			fld_emit(o, code, vs, i, "sql");
	}
	return i;
}

/* Skips a parenthesised group at b[i] == '(' (strings and nesting);
 * the offset past its ')', or 0 if the data ends first. */
static size_t
sql_group(const char *b, size_t i, size_t n)
{
	size_t depth = 0, s, e, r;

	while (i < n) {
		if (b[i] == '\'') {
			r = sql_string(b, i, n, &s, &e);
			if (r == 0)
				return 0;
			i = r;
			continue;
		}
		if (b[i] == '(')
			depth++;
		else if (b[i] == ')' && --depth == 0)
			return i + 1;
		i++;
	}
	return 0;
}

size_t
fld_sql_create(struct fld_out *o, size_t at, struct fld_sql_table *t)
{
	static const char *const not_cols[] = {
		"PRIMARY", "KEY", "UNIQUE", "CONSTRAINT", "INDEX", "FOREIGN",
		"CHECK", "FULLTEXT", "SPATIAL", "PERIOD", "EXCLUDE", NULL
	};
	const char *b = o->buf;
	size_t n = o->len, i = sql_ws(b, at + 6, n), s, e, r, ts = 0, te = 0;
	struct fld_sql_table nt;
	int k;

	if (sql_kw(b, i, n, "TEMPORARY"))
		i = sql_ws(b, i + 9, n);
	if (!sql_kw(b, i, n, "TABLE"))
		return at + 6;
	i = sql_ws(b, i + 5, n);
	if (sql_kw(b, i, n, "IF")) {
		i = sql_ws(b, i + 2, n);
		if (sql_kw(b, i, n, "NOT"))
			i = sql_ws(b, i + 3, n);
		if (sql_kw(b, i, n, "EXISTS"))
			i = sql_ws(b, i + 6, n);
	}
	if ((r = sql_table_name(b, i, n, &ts, &te)) == 0)
		return at + 6;
	i = r;
	i = sql_ws(b, i, n);
	if (i >= n || b[i] != '(' || te - ts >= sizeof(nt.name))
		return at + 6;
	memcpy(nt.name, b + ts, te - ts);
	nt.nlen = (unsigned char)(te - ts);
	nt.ncols = 0;
	for (i++;;) {
		int def = 1;

		i = sql_ws(b, i, n);
		r = sql_name(b, i, n, &s, &e);
		if (r == 0)
			return at + 6;
		for (k = 0; not_cols[k] != NULL; k++)
			if (b[i] != '"' && b[i] != '`' && b[i] != '[' &&
			    e - s == strlen(not_cols[k]) &&
			    strncasecmp(b + s, not_cols[k], e - s) == 0)
				def = 0;
		if (def) {
			if (nt.ncols == FLD_SQL_COLS)
				return at + 6;
			nt.code[nt.ncols++] = (short)fld_keymap_find(o->sh->km,
								     b + s,
								     e - s);
		}
		/* the rest of the definition: its type, sizes, defaults */
		for (i = r; i < n && b[i] != ',' && b[i] != ')';) {
			if (b[i] == '(') {
				i = sql_group(b, i, n);
				if (i == 0)
					return at + 6;
			} else if (b[i] == '\'') {
				i = sql_string(b, i, n, &s, &e);
				if (i == 0)
					return at + 6;
			} else {
				i++;
			}
		}
		if (i >= n)
			return at + 6;
		if (b[i++] == ')')
			break;
	}
	*t = nt;
	return i;
}

size_t
fld_sql_insert(struct fld_out *o, size_t at, int last,
	       const struct fld_sql_table *t)
{
	const char *b = o->buf;
	size_t n = o->len, i = at + 6, s, e, r;
	short code[MAX_COLS];
	int ncols = 0;

	i = sql_ws(b, i, n);
	if (sql_kw(b, i, n, "INTO"))
		i = sql_ws(b, i + 4, n);
	/* table, maybe schema-qualified */
	if ((r = sql_table_name(b, i, n, &s, &e)) == 0)
		return at + 6;
	i = r;
	i = sql_ws(b, i, n);
	if (t != NULL && t->ncols > 0 && e - s == t->nlen &&
	    strncasecmp(b + s, t->name, t->nlen) == 0 &&
	    (sql_kw(b, i, n, "VALUES") || sql_kw(b, i, n, "VALUE"))) {
		/* INSERT INTO `t` VALUES (...): the columns of its CREATE
		 * TABLE, in order */
		ncols = t->ncols < MAX_COLS ? t->ncols : MAX_COLS;
		memcpy(code, t->code, (size_t)ncols * sizeof(code[0]));
		i -= 1;		/* as if after the column list's ')' */
		goto values;
	}
	if (i >= n || b[i] != '(')
		return at + 6;
	for (i++;;) {
		i = sql_ws(b, i, n);
		r = sql_name(b, i, n, &s, &e);
		if (r == 0 || ncols == MAX_COLS)
			return i >= n && !last ? (size_t)-1 : at + 6;
		code[ncols++] = (short)fld_keymap_find(o->sh->km, b + s, e - s);
		i = sql_ws(b, r, n);
		if (i < n && b[i] == ',') {
			i++;
			continue;
		}
		if (i < n && b[i] == ')')
			break;
		return i >= n && !last ? (size_t)-1 : at + 6;
	}
values:
	i = sql_ws(b, i + 1, n);
	if (sql_kw(b, i, n, "VALUES"))
		i += 6;
	else if (sql_kw(b, i, n, "VALUE"))
		i += 5;
	else
		return i >= n && !last ? (size_t)-1 : i;
	for (;;) {
		int col = 0;

		i = sql_ws(b, i, n);
		if (i >= n)
			return last ? n : (size_t)-1;
		if (b[i] != '(')
			return i;
		for (i++;; col++) {
			i = sql_ws(b, i, n);
			r = sql_value(o, i, col < ncols ? code[col] : -1);
			if (r == 0)
				return last ? n : (size_t)-1;
			i = r + 1;
			if (b[r] == ')')
				break;
		}
		i = sql_ws(b, i, n);
		if (i < n && b[i] == ',') {
			i++;
			continue;
		}
		return i;
	}
}
