/* fieldkv_syntax.c -- the key/value scanner's syntax: string literals,
 * identifiers, blanks and line ends; the separators that make a key in
 * JSON, YAML, source code and logs (':' '=' '=>' a setter's '('), YAML
 * block literals, matchers, labels heading a line, identifiers. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/linestart.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"
#include "common/phi/fieldkv_priv.h"

/* A string literal opening at b[i]: its content [*s, *e) and the index
 * after the closing quote, or 0 if it is unterminated. */
size_t
fieldkv_string_end(struct sc *c, size_t i, size_t *s, size_t *e)
{
	const char *b = c->b;
	char q = b[i];
	size_t j = i + 1;

	for (; j < c->lim && j - i < MAX_STRING; j++) {
		if (b[j] == '\\') {
			j++;
			continue;
		}
		/* SQL and YAML double a single quote inside a string */
		if (b[j] == q && q == '\'' && j > i + 1 && j + 1 < c->lim &&
		    b[j + 1] == q) {
			j++;
			continue;
		}
		if (b[j] == q) {
			*s = i + 1;
			*e = j;
			return j + 1;
		}
		/* Multi-line template literals are read as code: what they
		 * hold (JSON, SQL) is what we look for. */
		if (b[j] == '\n' || b[j] == '\r')
			return 0;
	}
	return 0;
}

/* Token of a bare value ("mrn=A123 next", "?dob=2002-08-27&x"). */
size_t
fieldkv_bare_end(struct sc *c, size_t i)
{
	while (i < c->lim && !strchr(" \t\r\n,;&()[]{}\"'<>|", c->b[i]))
		i++;
	return i;
}

size_t
fieldkv_line_end(struct sc *c, size_t i)
{
	return phi_line_end(c->b, i, c->lim);
}

/* An identifier path at b[i] (ident_start): "x", "a.b", Rust and C++
 * "String::from". */
size_t
fieldkv_path_end(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t e = fieldkv_ident_end(c, i + 1);

	while (e + 2 < c->lim && b[e] == ':' && b[e + 1] == ':' &&
	       fieldkv_ident_start((unsigned char)b[e + 2]))
		e = fieldkv_ident_end(c, e + 3);
	return e;
}

/* The key whose separator is at b[j] (':' '=' '=>' or a setter's '('):
 * records it and returns the index after the separator, or 0 if b[j]
 * makes this no key. */
size_t
fieldkv_key_sep(struct sc *c, size_t ks, size_t ke, size_t j, int quoted)
{
	const char *b = c->b;

	if (j >= c->lim)
		return 0;
	if (b[j] == ':' && j + 1 < c->lim && b[j + 1] == '=') {
		/* Go and Pascal "x := value" */
		c->key_ls = 0;
		j += 2;
	} else if (b[j] == ':' && (j + 1 >= c->lim || b[j + 1] != ':') &&
		   (j + 1 >= c->lim || b[j + 1] != '/')) {
		c->key_ls = (ks == c->ls || (quoted && ks == c->ls + 1));
		c->key_quoted = quoted;
		j++;
		if (c->key_ls && fieldkv_skip_blank(c, j) < c->lim &&
		    strchr("\r\n", b[fieldkv_skip_blank(c, j)])) {
			/* "given:" ending its line: a block may follow */
			c->yk = 1;
			c->yk_s = ks;
			c->yk_e = ke;
			c->yk_ind = c->ind;
		}
	} else if (b[j] == '=' && (j + 1 >= c->lim ||
				   (b[j + 1] != '=' && b[j + 1] != '~'))) {
		c->key_ls = 0;
		j += (j + 1 < c->lim && b[j + 1] == '>') ? 2 : 1;
	} else if (!quoted && j + 1 < c->lim && b[j] == '=' &&
		   b[j + 1] == '=' && memchr(b + ks, '.', ke - ks) != NULL) {
		/* assert patient.display_name == "Kim, Jane" */
		c->key_ls = 0;
		j += (j + 2 < c->lim && b[j + 2] == '=') ? 3 : 2;
	} else {
		return 0;
	}
	c->sep = b[j - 1] == ':' ? ':' : '=';
	c->ks = ks;
	c->ke = ke;
	c->want = 1;
	return j;
}

/* Ruby blocks "first_name { 'Ann' }", "age { 97 }" (FactoryBot, Sequel
 * defaults): a key, then a brace holding one literal.  Returns the index
 * after the closing brace, or 0 if b[j] opens anything else. */
static size_t
block_literal(struct sc *c, size_t ks, size_t ke, size_t j)
{
	const char *b = c->b;
	size_t k = fieldkv_skip_blank(c, j + 1), vs, ve, r;
	int quoted = 0;

	if (k >= c->lim)
		return 0;
	if (b[k] == '"' || b[k] == '\'') {
		if ((r = fieldkv_string_end(c, k, &vs, &ve)) == 0)
			return 0;
		quoted = 1;
	} else if (ck_isdigit((unsigned char)b[k])) {
		vs = k;
		for (r = k; r < c->lim && ck_isdigit((unsigned char)b[r]); r++)
			;
		ve = r;
	} else {
		return 0;
	}
	r = fieldkv_skip_blank(c, r);
	if (r >= c->lim || b[r] != '}')
		return 0;
	c->want = 0;
	fieldkv_on_pair(c, ks, ke, vs, ve, quoted);
	return r + 1;
}

/* Kotlin "k" to "v" (mapOf, pairs) and Scala / Groovy "k" -> "v" after
 * the quoted key b[ks, ke): like key_sep. */
size_t
fieldkv_pair_op(struct sc *c, size_t ks, size_t ke, size_t j)
{
	const char *b = c->b;

	if (j + 3 < c->lim && b[j] == 't' && b[j + 1] == 'o' &&
	    (b[j + 2] == ' ' || b[j + 2] == '\t'))
		j += 2;
	else if (j + 2 < c->lim && b[j] == '-' && b[j + 1] == '>')
		j += 2;
	else
		return 0;
	c->key_ls = 0;
	c->key_quoted = 1;
	c->sep = '=';
	c->ks = ks;
	c->ke = ke;
	c->want = 1;
	return j;
}

/* Jest / Chai "expect(fmtName(p)).toBe('Kim, Jane')", "expect(p.dob)
 * .toEqual('1961-03-04')": the matcher's string is the value of what
 * expect() was given, the property or the function named last.  i
 * indexes the matcher's name, e its end.  Returns the index after the
 * string, or 0. */
static size_t
expect_matcher(struct sc *c, size_t i, size_t e)
{
	static const char *const verbs[] = {
		"get", "fmt", "format", "display", "render", "compute",
		"build", "to", NULL
	};
	const char *b = c->b;
	size_t k, a, ks, ke, vs, ve, r, v;

	if (!(fieldkv_span_eq(b, i, e, "toBe") ||
	      fieldkv_span_eq(b, i, e, "toEqual") ||
	      fieldkv_span_eq(b, i, e, "toStrictEqual") ||
	      fieldkv_span_eq(b, i, e, "equal") ||
	      fieldkv_span_eq(b, i, e, "eql")) || i == 0 || b[i - 1] != '.' ||
	    e >= c->lim || b[e] != '(')
		return 0;
	k = fieldkv_skip_blank(c, e + 1);
	if (k >= c->lim || (b[k] != '\'' && b[k] != '"') ||
	    (r = fieldkv_string_end(c, k, &vs, &ve)) == 0 ||
	    fieldkv_skip_blank(c, r) >= c->lim || b[fieldkv_skip_blank(c, r)] != ')')
		return 0;
	/* the expect( on this line */
	for (a = i; a > c->ls + 6 && i - a < 256; a--)
		if (b[a - 1] == '(' && strncmp(b + a - 7, "expect", 6) == 0)
			break;
	if (a <= c->ls + 6 || i - a >= 256)
		return 0;
	/* "p.lastName", or the function of "fmtName(patient)" */
	if (!fieldkv_ident_start((unsigned char)b[a]))
		return 0;
	ks = a;
	ke = fieldkv_ident_end(c, a + 1);
	for (k = ks; k < ke; k++)
		if (b[k] == '.')
			ks = k + 1;
	if (ke <= ks || ke >= i)
		return 0;
	for (v = 0; verbs[v] != NULL; v++) {
		size_t m = strlen(verbs[v]);

		if (ke - ks > m && strncmp(b + ks, verbs[v], m) == 0 &&
		    ck_isupper((unsigned char)b[ks + m])) {
			ks += m;
			break;
		}
	}
	c->want = 0;
	fieldkv_on_pair(c, ks, ke, vs, ve, 1);
	return r;
}

/* A label of words heading a line, "Employee ID: E0761", "Date of
 * birth: ...", "Employee ID of reporter: ..." (the part before "of"
 * when the whole is unknown), and "Sex/Age: F/96" (each part of the
 * label with its part of the value).  The value runs to the end of the
 * line and must have its type's shape.  Returns the end of the line, or
 * 0 if b[i] starts no such label. */
static size_t
label_line(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t k = i, of = 0, slash = 0, vs, e, kend = 0, sl[4];
	int words = 0, code, leader = 0, nsl = 0;

	for (;;) {
		size_t w = k;

		while (k < c->lim && (ck_isalpha((unsigned char)b[k]) ||
				      (unsigned char)b[k] >= 0x80 ||
				      (k > w && strchr(".#'/-", b[k])))) {
			if (b[k] == '/') {
				if (nsl == 4)
					return 0;
				sl[nsl++] = k;
			}
			k++;
		}
		if (k == w)
			return 0;
		if (++words > 6)
			return 0;
		/* "of" after the first word: the label may stop before it */
		if (k - w == 2 && strncasecmp(b + w, "of", 2) == 0 && !of &&
		    w > i)
			of = w - 1;
		if (k + 1 < c->lim && b[k] == ' ' &&
		    ck_isalpha((unsigned char)b[k + 1])) {
			k++;
			continue;
		}
		/* "City / State / ZIP" */
		if (k + 3 < c->lim && b[k] == ' ' && b[k + 1] == '/' &&
		    b[k + 2] == ' ' && ck_isalpha((unsigned char)b[k + 3])) {
			if (nsl == 4)
				return 0;
			sl[nsl++] = k + 1;
			k += 3;
			continue;
		}
		/* "Age (years)": a unit after the label, not of the key */
		if (k + 2 < c->lim && b[k] == ' ' && b[k + 1] == '(') {
			size_t p = k + 2;

			while (p < c->lim && p - k < 24 &&
			       (ck_isalnum((unsigned char)b[p]) ||
				strchr(" ,-", b[p])))
				p++;
			if (p < c->lim && b[p] == ')' && p > k + 2) {
				kend = k;
				k = p + 1;
				words++;
			}
		}
		break;
	}
	if (kend == 0)
		kend = k;
	slash = nsl > 0;
	/* "MRN ............ 2020-914531": a leader of dots for ':' */
	if (k + 3 < c->lim && b[k] == ' ' && b[k + 1] == '.' &&
	    b[k + 2] == '.') {
		size_t p = k + 1;

		while (p < c->lim && b[p] == '.')
			p++;
		if (p < c->lim && b[p] == ' ') {
			leader = 1;
			k = p - 1;
			if (slash == 0 && of == 0)
				words = 2;
		}
	}
	if (k + 1 >= c->lim || (b[k] != ':' && !leader) || b[k + 1] == ':' ||
	    b[k + 1] == '/' || (words < 2 && slash == 0))
		return 0;
	vs = fieldkv_skip_blank(c, k + 1);
	e = fieldkv_line_end(c, vs);
	if (e == c->lim && c->lim < c->o->len)
		return 0;
	while (e > vs && strchr(" \t,;.", b[e - 1]))
		e--;
	if (e <= vs)
		return 0;
	if (slash) {
		/* "Sex/Age: F/96", "City / State / ZIP ... Tulsa / OK /
		 * 74105": each part of the label with its part of the
		 * value */
		size_t vsl[4], ls = i, v0 = vs, le, ve, p;
		int nv = 0, any = 0, q;

		for (p = vs; p < e; p++)
			if (b[p] == '/') {
				if (nv == nsl)
					return 0;
				vsl[nv++] = p;
			}
		if (nv != nsl)
			return 0;
		for (q = 0; q <= nsl; q++) {
			le = q < nsl ? sl[q] : kend;
			ve = q < nsl ? vsl[q] : e;
			while (le > ls && b[le - 1] == ' ')
				le--;
			code = fld_keymap_find(c->o->sh->km, b + ls, le - ls);
			if (code >= 0 && FLD_TYPE(code) != PHI_NAME &&
			    fld_emit(c->o, code, v0, ve, fieldkv_family(c)) > 0)
				any = 1;
			if (q < nsl) {
				ls = fieldkv_skip_blank(c, sl[q] + 1);
				v0 = vsl[q] + 1;
			}
		}
		return any ? e : 0;
	}
	code = fld_keymap_find(c->o->sh->km, b + i, kend - i);
	if (code == FLD_UNKNOWN && of > i)
		code = fld_keymap_find(c->o->sh->km, b + i, of - i);
	/* Names and places run on in prose ("Renée Patel, MD"): the prose
	 * detectors take those.  An identifier is one token. */
	if (code < 0 || FLD_TYPE(code) == PHI_NAME ||
	    FLD_TYPE(code) == PHI_ADDRESS)
		return 0;
	if (FLD_TYPE(code) != PHI_DATE) {
		e = fieldkv_bare_end(c, vs);
		while (e > vs && strchr(":.", b[e - 1]))
			e--;
	}
	if (fld_emit(c->o, code, vs, e, fieldkv_family(c)) == 0)
		return 0;
	return e;
}

/* An identifier at b[i]: a key, a setter, an INSERT, or nothing. */
size_t
fieldkv_ident(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t e = fieldkv_ident_end(c, i + 1), j, r, last = i, k;

	if (c->want) {
		r = fieldkv_bare_value(c, i);
		c->want = 0;
		return r;
	}
	if (i == c->ls && (r = label_line(c, i)) > 0)
		return r;
	if (e - i == 6 && strncasecmp(b + i, "INSERT", 6) == 0 &&
	    (i == 0 || !ck_isalnum((unsigned char)b[i - 1]))) {
		r = fld_sql_insert(c->o, i, c->last, &c->kv->sqlt);
		if (r != (size_t)-1)
			return r;
		/* Cut by the window: the next one takes it whole, unless it
		 * is bigger than a window. */
		if (i > 0) {
			c->stop = i;
			return c->lim;
		}
		return e;
	}
	if (e - i == 6 && strncasecmp(b + i, "CREATE", 6) == 0 &&
	    (i == 0 || !ck_isalnum((unsigned char)b[i - 1])))
		return fld_sql_create(c->o, i, &c->kv->sqlt);
	j = fieldkv_skip_blank(c, e);
	if ((r = fieldkv_key_sep(c, i, e, j, 0)) > 0)
		return r;
	if (j < c->lim && b[j] == '{' && (r = block_literal(c, i, e, j)) > 0)
		return r;
	if (j == e && (r = expect_matcher(c, i, e)) > 0)
		return r;
	if (j == e && j < c->lim && b[j] == '(' && fieldkv_date_ctor(b + i, e - i) &&
	    (r = fieldkv_numeric_date_args(c, fieldkv_skip_blank(c, j + 1))) > 0) {
		/* LocalDate.of(2021, 2, 13) as an argument: the numbers are
		 * the date, whatever the call */
		fld_push(c->o, PHI_DATE, PHI_CONF_MEDIUM, fieldkv_skip_blank(c, j + 1),
			 r, fieldkv_family(c));
		return r;
	}
	if (j < c->lim && b[j] == '(') {
		/* setFirstName("x"), .firstName("x"), withDob("x") */
		for (k = i; k < e; k++)
			if (b[k] == '.')
				last = k + 1;
		if (e - last > 3 && strncmp(b + last, "set", 3) == 0 &&
		    ck_isupper((unsigned char)b[last + 3]))
			last += 3;
		else if (e - last > 4 && strncmp(b + last, "with", 4) == 0 &&
			 ck_isupper((unsigned char)b[last + 4]))
			last += 4;
		else if (!(last > i || (i > 0 && b[i - 1] == '.')))
			return e;
		c->ks = last;
		c->ke = e;
		c->key_ls = 0;
		c->sep = '(';
		c->want = 1;
		return j + 1;
	}
	return e;
}
