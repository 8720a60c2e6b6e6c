/* fieldkv_code.c -- the key/value scanner's code literals: type
 * annotations, date constructors, bare values after a key, tuples of
 * column names and the rows after them, expected/actual pairs in tests
 * and the pairs inside a literal. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"
#include "common/phi/fieldkv_priv.h"

/* A type in a declaration, "name: String", "phone: String?", "dob:
 * LocalDate,", "tags: List<String>": if b[s, e) names a common built-in
 * type and what follows ends an annotation, the end of the type (with a
 * nullable '?'), else 0. */
static size_t
type_annotation(struct sc *c, size_t s, size_t e)
{
	static const char *const types[] = {
		"String", "string", "str", "Int", "int", "Integer", "long",
		"Byte", "Boolean", "boolean", "Bool", "bool",
		"Double", "double", "Float", "float", "Char", "char", "Any",
		"any", "Unit", "number", "unknown", "Number", "Date",
		"LocalDate", "LocalDateTime", "Instant", "ZonedDateTime",
		"OffsetDateTime", "DateTime", "UUID", "BigDecimal", "Decimal",
		"List", "Map", "Set", "Array", "Option", "Optional", "Vec",
		"i32", "i64", "u32", "u64", "f64", "usize", "Text", NULL
	};
	const char *b = c->b;
	size_t i, k;

	for (i = 0; types[i] != NULL; i++)
		if (fieldkv_span_eq(b, s, e, types[i]) &&
		    strncmp(b + s, types[i], e - s) == 0)
			break;
	if (types[i] == NULL)
		return 0;
	if (e < c->lim && b[e] == '?')
		e++;
	k = fieldkv_skip_blank(c, e);
	if (k >= c->lim || strchr(",)<=;[|{\r\n", b[k]))
		return e;
	return 0;
}

/* "date(1961, 3, 4)": the argument list is the date (labelled so in
 * code).  j indexes the first argument. */
size_t
fieldkv_numeric_date_args(struct sc *c, size_t j)
{
	static const char *const labels[3] = { "year", "month", "day" };
	const char *b = c->b;
	size_t k = j, part = 0, val[3];

	for (;;) {
		size_t d0;

		if (k < c->lim && ck_isalpha((unsigned char)b[k])) {
			/* DateComponents(year: 1961, month: 3, day: 4),
			 * date(year=1961, month=3, day=4) */
			size_t m = strlen(labels[part]);

			if (k + m >= c->lim ||
			    strncmp(b + k, labels[part], m) != 0)
				return 0;
			k = fieldkv_skip_blank(c, k + m);
			if (k >= c->lim || (b[k] != ':' && b[k] != '='))
				return 0;
			k = fieldkv_skip_blank(c, k + 1);
		}
		d0 = k;
		val[part] = 0;
		while (k < c->lim && ck_isdigit((unsigned char)b[k]) && k - d0 < 5)
			val[part] = val[part] * 10 + (size_t)(b[k++] - '0');
		if (k == d0)
			return 0;
		if (++part == 3)
			break;
		k = fieldkv_skip_blank(c, k);
		if (k >= c->lim || b[k] != ',')
			return 0;
		k = fieldkv_skip_blank(c, k + 1);
	}
	if (val[0] < 1850 || val[0] > 2199 || val[1] < 1 || val[1] > 12 ||
	    val[2] < 1 || val[2] > 31)
		return 0;
	return k;
}

/* Constructors of a calendar date from numbers. */
int
fieldkv_date_ctor(const char *s, size_t n)
{
	static const char *const ends[] = {
		"LocalDate.of", "LocalDateTime.of", "datetime.date",
		"datetime.datetime", "DateOnly", "DateTime", "Date.new",
		"make_date", "MAKEDATE", "DATEFROMPARTS", "from_ymd",
		"from_ymd_opt", "NaiveDate::from_ymd", "DateComponents",
		NULL
	};
	size_t i, m;

	if ((n == 4 && memcmp(s, "date", 4) == 0) ||
	    (n == 8 && memcmp(s, "datetime", 8) == 0))
		return 1;
	for (i = 0; ends[i] != NULL; i++) {
		m = strlen(ends[i]);
		if (n >= m && memcmp(s + n - m, ends[i], m) == 0 &&
		    (n == m || s[n - m - 1] == '.' || s[n - m - 1] == ':'))
			return 1;
	}
	return 0;
}

/* The value after "key=" or "key:" that is not a quoted string or a
 * bracket: a constructor or call, a YAML plain scalar, or a bare token. */
/* 1 if s[0..n) builds a list from its arguments: listOf, arrayOf,
 * List.of, Arrays.asList, setOf. */
static int
list_ctor(const char *s, size_t n)
{
	static const char *const ends[] = {
		"listOf", "arrayOf", "setOf", "List.of", "asList", "Set.of",
		"mutableListOf", "arrayListOf", NULL
	};
	size_t i, m;

	for (i = 0; ends[i] != NULL; i++) {
		m = strlen(ends[i]);
		if (n >= m && memcmp(s + n - m, ends[i], m) == 0 &&
		    (n == m || s[n - m - 1] == '.'))
			return 1;
	}
	return 0;
}

/* The strings after the first argument of a list constructor under
 * the pending key, each a value of the key; a capital initial under a
 * name key is a middle initial ("given = listOf("Mei", "K")").  Returns
 * past the last one read. */
static size_t
list_rest(struct sc *c, size_t i)
{
	const char *b = c->b;
	int code = fld_keymap_find(c->o->sh->km, b + c->ks, c->ke - c->ks);
	size_t j, s, e, r;

	for (;;) {
		j = fieldkv_skip_blank(c, i);
		if (j >= c->lim || b[j] != ',')
			return i;
		j = fieldkv_skip_blank(c, j + 1);
		if (j >= c->lim || (b[j] != '"' && b[j] != '\''))
			return i;
		r = fieldkv_string_end(c, j, &s, &e);
		if (r == 0)
			return i;
		if (code >= 0 && FLD_TYPE(code) == PHI_NAME &&
		    !(code & FLD_WEAK) && ck_isupper((unsigned char)b[s]) &&
		    (e == s + 1 || (e == s + 2 && b[s + 1] == '.')))
			fld_push(c->o, PHI_NAME, PHI_CONF_MEDIUM, s, s + 1,
				 fieldkv_family(c));
		else
			fieldkv_on_pair(c, c->ks, c->ke, s, e, 1);
		i = r;
	}
}

size_t
fieldkv_bare_value(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t j = i, e, k;
	int code;

	if (fieldkv_span_eq(b, j, j + 4 < c->lim ? j + 4 : j, "new "))
		j = fieldkv_skip_blank(c, j + 4);
	if (j < c->lim && fieldkv_ident_start((unsigned char)b[j])) {
		e = fieldkv_path_end(c, j);
		if (c->sep == ':' && j == i && !c->kv->yaml &&
		    ck_islower((unsigned char)b[c->ks]) &&
		    (k = type_annotation(c, j, e)) > 0) {
			/* "val name: String," is a declaration */
			fld_veto(c->o, j, k);
			return k;
		}
		if (fieldkv_skip_blank(c, e) < c->lim && b[fieldkv_skip_blank(c, e)] == '{')
			/* Go / Rust struct literal "Addr: Address{City: ..."
			 * heading a line: the braces hold the pairs */
			return e;
		k = j > i ? fieldkv_skip_blank(c, e) : e;	/* "new X (" */
		if (k < c->lim && b[k] == '(') {
			/* LocalDate.parse("..."), date(1961, 3, 4) */
			k = fieldkv_skip_blank(c, k + 1);
			if (k < c->lim && (b[k] == '"' || b[k] == '\'')) {
				size_t s, se, end = fieldkv_string_end(c, k, &s, &se);
				size_t a = fieldkv_skip_blank(c, end);

				if (end > 0 && a + 2 < c->lim &&
				    ((b[a] == ':' && b[a + 1] != ':') ||
				     (b[a] == 't' && b[a + 1] == 'o' &&
				      b[a + 2] == ' ') ||
				     (b[a] == '-' && b[a + 1] == '>') ||
				     (b[a] == '=' && b[a + 1] == '>')))
					/* mapOf("k" to "v"), dict(**{"k": v}):
					 * the string is a key */
					return k;
				if (end > 0) {
					fieldkv_on_pair(c, c->ks, c->ke, s, se, 1);
					if (list_ctor(b + j, fieldkv_path_end(c, j) - j))
						end = list_rest(c, end);
					return end;
				}
				return k + 1;
			}
			code = fld_keymap_find(c->o->sh->km, b + c->ks,
					       c->ke - c->ks);
			if (code >= 0 && FLD_TYPE(code) == PHI_DATE &&
			    (e = fieldkv_numeric_date_args(c, k)) > 0) {
				fld_push(c->o, PHI_DATE, PHI_CONF_HIGH, k, e,
					 fieldkv_family(c));
				if (fieldkv_top(c) != NULL)
					fieldkv_top(c)->flags |= F_PHI;
				return e;
			}
			if (code != FLD_IGNORE && fieldkv_top(c) != NULL &&
			    (fieldkv_top(c)->flags & F_PHI) &&
			    fieldkv_date_ctor(b + j, fieldkv_path_end(c, j) - j) &&
			    (e = fieldkv_numeric_date_args(c, k)) > 0) {
				/* "service: NaiveDate::from_ymd_opt(2025, 6,
				 * 18)" in a record that holds a person's
				 * data: a date of their care */
				fld_push(c->o, PHI_DATE, PHI_CONF_MEDIUM, k, e,
					 fieldkv_family(c));
				return e;
			}
			return k;
		}
	}
	if (c->key_ls && !c->key_quoted && j == i) {
		/* YAML plain scalar, or "DOB: 03/04/1961" heading a line:
		 * to the end of the line, less a comment and a JS comma. */
		e = fieldkv_line_end(c, i);
		if (e == c->lim && c->lim < c->o->len)
			return e;
		for (k = i; k + 1 < e; k++)
			if (b[k] == ' ' && b[k + 1] == '#') {
				e = k;
				break;
			}
		while (e > i && strchr(" \t,;", b[e - 1]))
			e--;
		fieldkv_on_pair(c, c->ks, c->ke, i, e, 0);
		return e;
	}
	code = fld_keymap_find(c->o->sh->km, b + c->ks, c->ke - c->ks);
	if (c->sep == ':' && code >= 0 && (FLD_TYPE(code) == PHI_NAME ||
					   FLD_TYPE(code) == PHI_ADDRESS))
		/* "Attending: Dr Gerald Ricciardi" in running text: one
		 * word would be part of a name; the prose detectors take
		 * the whole of it */
		return fieldkv_bare_end(c, i);
	e = fieldkv_bare_end(c, i);
	if (e < c->lim && b[e] == '|' &&
	    fieldkv_span_eq(b, c->ks, c->ke, "identifier"))
		e = fieldkv_bare_end(c, e + 1);
	if (e > i && !(e == c->lim && c->lim < c->o->len))
		fieldkv_on_pair(c, c->ks, c->ke, i, e, 0);
	return e > i ? e : i + 1;
}

static int
column_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 40 || !ck_isalpha((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!ck_isalnum((unsigned char)s[i]) && !strchr("_- ", s[i]))
			return 0;
	return 1;
}

/* ("first_name", "dob", ...) then rows ("Ann", "1961-03-04", ...): a
 * tuple of column names maps the tuples of the same length after it, as
 * a CSV header does (Python ETL, JSON "columns"/"rows"). */
void
fieldkv_tuple(struct sc *c, size_t i)
{
	const char *b = c->b;
	char close = b[i] == '(' ? ')' : ']';
	size_t vs[MAX_TUPLE], ve[MAX_TUPLE], j = i + 1, r;
	int n = 0, strings = 0, names = 0, mapped = 0, k, comment;
	short code[MAX_TUPLE];

	for (;;) {
		while (j < c->lim && ck_isspace((unsigned char)b[j]))
			j++;
		if (j >= c->lim || n == MAX_TUPLE)
			return;
		if (b[j] == '"' || b[j] == '\'') {
			r = fieldkv_string_end(c, j, &vs[n], &ve[n]);
			if (r == 0)
				return;
			strings++;
			if (column_name(b + vs[n], ve[n] - vs[n])) {
				names++;
				code[n] = (short)fld_keymap_find(c->o->sh->km,
						b + vs[n], ve[n] - vs[n]);
				if (code[n] >= 0)
					mapped++;
			}
			j = r;
		} else if (ck_isalnum((unsigned char)b[j]) || b[j] == '-' ||
			   b[j] == '_') {
			vs[n] = j;
			while (j < c->lim && (ck_isalnum((unsigned char)b[j]) ||
					      strchr("-.+_", b[j])))
				j++;
			ve[n] = j;
			if (column_name(b + vs[n], ve[n] - vs[n])) {
				names++;
				code[n] = (short)fld_keymap_find(c->o->sh->km,
						b + vs[n], ve[n] - vs[n]);
				if (code[n] >= 0)
					mapped++;
			}
		} else {
			return;
		}
		n++;
		while (j < c->lim && ck_isspace((unsigned char)b[j]))
			j++;
		if (j < c->lim && b[j] == ',') {
			j++;
			continue;
		}
		if (j < c->lim && b[j] == close)
			break;
		return;
	}
	/* "# rows: (last, first, dob, member_id)": a comment names the
	 * columns of the tuples after it */
	comment = c->ls < c->lim && (b[c->ls] == '#' ||
				     (c->ls + 1 < c->lim && b[c->ls] == '/' &&
				      b[c->ls + 1] == '/') ||
				     (c->ls + 1 < c->lim && b[c->ls] == '-' &&
				      b[c->ls + 1] == '-'));
	if (n >= 2 && (strings == n || (comment && strings == 0)) &&
	    names == n && mapped >= 2) {
		memcpy(c->kv->tup_code, code, sizeof(short) * (size_t)n);
		c->kv->tup_n = n;
		return;
	}
	if (n != c->kv->tup_n)
		return;
	for (k = 0; k < n; k++)
		if (c->kv->tup_code[k] >= 0)
			fld_emit(c->o, c->kv->tup_code[k], vs[k], ve[k],
				 fieldkv_family(c));
}

/* assertEquals("Kim", p.getLastName()), Assert.Equal("Kim", x.LastName):
 * the expected value, then the property it is compared with. */
void
fieldkv_expected_actual(struct sc *c, size_t vs, size_t ve, size_t j)
{
	const char *b = c->b;
	size_t ks, ke, last, k;

	j = fieldkv_skip_blank(c, j);
	if (j >= c->lim || !fieldkv_ident_start((unsigned char)b[j]))
		return;
	ks = j;
	ke = fieldkv_ident_end(c, j + 1);
	k = ke;
	if (k + 1 < c->lim && b[k] == '(' && b[k + 1] == ')')
		k += 2;
	if (k >= c->lim || b[k] != ')' || memchr(b + ks, '.', ke - ks) == NULL)
		return;
	for (last = ks, k = ks; k < ke; k++)
		if (b[k] == '.')
			last = k + 1;
	if (ke - last > 3 && strncmp(b + last, "get", 3) == 0 &&
	    ck_isupper((unsigned char)b[last + 3]))
		last += 3;
	c->want = 0;
	fieldkv_on_pair(c, last, ke, vs, ve, 1);
}

/* A string that is neither key nor value but holds "k=v" pairs: a URL's
 * query, a log message. */
void
fieldkv_inner_pairs(struct sc *c, size_t s, size_t e)
{
	const char *b = c->b;
	size_t i, ks, ve;

	for (i = s; i < e; i++) {
		if (b[i] != '=' || i == s)
			continue;
		for (ks = i; ks > s && (ck_isalnum((unsigned char)b[ks - 1]) ||
					strchr("_.-", b[ks - 1])); ks--)
			;
		if (ks == i || (ks > s && !strchr("?&; \t", b[ks - 1])))
			continue;
		for (ve = i + 1; ve < e && !strchr("&; \t#", b[ve]); ve++)
			;
		if (ve > i + 1) {
			char sep = c->sep;

			c->want = 0;
			c->sep = '=';
			fieldkv_on_pair(c, ks, i, i + 1, ve, 0);
			c->sep = sep;
		}
		i = ve;
	}
}
