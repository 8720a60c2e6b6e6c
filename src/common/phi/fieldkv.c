/* fieldkv.c -- key/value pairs in JSON, YAML, source code, logs, query
 * strings and XML, and the structure of FHIR JSON, in one forward pass.
 * This file holds the scanner's state and its main loop; see
 * fieldkv_priv.h for the others.
 *
 * jansson gives no byte offsets and stops at the first error, but a finding
 * needs the value's exact offsets and the input is often minified, cut or
 * not JSON at all (a JS object, a Python call, a log line), so this is a
 * small tolerant tokenizer instead: strings, identifiers, numbers and
 * brackets, with a bounded stack of open objects and arrays that remembers
 * the key that opened each one.  It never rejects input: what it does not
 * recognise it steps over. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"
#include "common/phi/fieldkv_priv.h"

struct fld_kv *
fld_kv_new(void)
{
	return calloc(1, sizeof(struct fld_kv));
}

void
fld_kv_free(struct fld_kv *kv)
{
	free(kv);
}

void
fld_kv_begin(struct fld_kv *kv, int yaml)
{
	kv->yaml = yaml;
	kv->fhir = 0;
	kv->depth = 0;
	kv->tup_n = 0;
	kv->md_n = 0;
	kv->xml_patient = 0;
	kv->cda_header = 0;
	kv->sqlt.ncols = 0;
}


/* Line start: indentation, a YAML "- " item, and block lists under a
 * "key:" that ended the line before. */
static size_t
new_line(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t ind, j = i;

	while (j < c->lim && (b[j] == ' ' || b[j] == '\t'))
		j++;
	ind = j - i;
	c->ind = ind;
	c->ls = j;
	if (j < c->lim && b[j] == '|')
		return fieldkv_md_table(c, j);
	if (j < c->lim)		/* not the end of the window */
		c->kv->md_n = 0;
	if (j + 1 < c->lim && b[j] == '-' && b[j + 1] == ' ') {
		c->ls = fieldkv_skip_blank(c, j + 1);
		if (c->yk && ind >= c->yk_ind) {
			size_t v = c->ls, e = fieldkv_line_end(c, v);

			if (v < e && (b[v] == '"' || b[v] == '\'')) {
				size_t s, se;

				if (fieldkv_string_end(c, v, &s, &se) > 0)
					fieldkv_on_pair(c, c->yk_s, c->yk_e, s, se, 1);
			} else if (v < e && memchr(b + v, ':', e - v) == NULL &&
				   !(e == c->lim && c->lim < c->o->len)) {
				fieldkv_on_pair(c, c->yk_s, c->yk_e, v, e, 0);
			} else {
				return c->ls;	/* "- key: value" */
			}
			return e;
		}
	} else if (j < c->lim && b[j] != '\n' && b[j] != '\r' &&
		   ind <= c->yk_ind) {
		c->yk = 0;
	}
	if (!c->kv->yaml && j < c->lim && ck_isdigit((unsigned char)b[j])) {
		/* A numbered form line, "4a. Age (years): 95", "2) SSN
		 * ....": the label starts after the number */
		size_t k = j;

		while (k < c->lim && k - j < 2 && ck_isdigit((unsigned char)b[k]))
			k++;
		if (k < c->lim && ck_islower((unsigned char)b[k]))
			k++;
		if (k + 2 < c->lim && (b[k] == '.' || b[k] == ')') &&
		    b[k + 1] == ' ') {
			k = fieldkv_skip_blank(c, k + 1);
			if (k < c->lim && ck_isupper((unsigned char)b[k])) {
				c->ls = k;
				return k;
			}
		}
	}
	return j;
}

size_t
fld_kv_scan(struct fld_kv *kv, struct fld_out *o, size_t from, int last)
{
	struct sc c;
	const char *b = o->buf;
	size_t i = from, s, e, r, j;

	memset(&c, 0, sizeof(c));
	c.kv = kv;
	c.o = o;
	c.b = b;
	c.lim = o->len;
	c.last = last;
	c.from = from;
	kv->depth = 0;
	if (!last) {
		/* Work on whole lines; the next window takes the rest. */
		while (c.lim > from && b[c.lim - 1] != '\n')
			c.lim--;
		if (c.lim == from)
			c.lim = o->len;
	}
	i = new_line(&c, i);
	while (i < c.lim) {
		unsigned char ch = (unsigned char)b[i];

		switch (ch) {
		case '\n':
		case '\r':
			c.want = 0;
			i = new_line(&c, i + 1);
			continue;
		case ' ':
		case '\t':
			i++;
			continue;
		case '"':
		case '\'':
		case '`':
			if (i + 2 < c.lim && b[i + 1] == '`' && b[i + 2] == '`') {
				i += 3;		/* a Markdown fence */
				continue;
			}
			r = fieldkv_string_end(&c, i, &s, &e);
			if (r == 0) {
				i++;
				continue;
			}
			j = fieldkv_skip_blank(&c, r);
			if (!c.want && (j = fieldkv_key_sep(&c, s, e, j, 1)) > 0) {
				i = j;
				continue;
			}
			j = fieldkv_skip_blank(&c, r);
			if (!c.want && (j = fieldkv_pair_op(&c, s, e, j)) > 0) {
				i = j;
				continue;
			}
			j = fieldkv_skip_blank(&c, r);
			if (c.want) {
				c.want = 0;
				fieldkv_on_pair(&c, c.ks, c.ke, s, e, 1);
			} else if (fieldkv_top(&c) != NULL && fieldkv_top(&c)->kind == '[' &&
				   fieldkv_top(&c)->pcode >= 0) {
				/* "given": ["Ann", "Bo"] */
				fieldkv_array_elem(&c, s, e, 1);
			} else if (memchr(b + s, '=', e - s) != NULL) {
				fieldkv_inner_pairs(&c, s, e);
			} else if (j < c.lim && b[j] == ',') {
				fieldkv_expected_actual(&c, s, e, j + 1);
			}
			i = r;
			continue;
		case '(':
			if (c.want && c.sep != '(' &&
			    fld_keymap_find(o->sh->km, b + c.ks,
					    c.ke - c.ks) >= 0) {
				/* emergencyContact: ("Ana Ruiz", "+1 ..."):
				 * a tuple under a key leads with its value */
				j = fieldkv_skip_blank(&c, i + 1);
				if (j < c.lim && (b[j] == '"' || b[j] == '\'') &&
				    (r = fieldkv_string_end(&c, j, &s, &e)) > 0 &&
				    (j = fieldkv_skip_blank(&c, r)) < c.lim &&
				    b[j] == ',') {
					c.want = 0;
					fieldkv_on_pair(&c, c.ks, c.ke, s, e, 1);
					i = r;
					continue;
				}
			}
			fieldkv_tuple(&c, i);
			break;
		case '{':
		case '[':
			if (ch == '[')
				fieldkv_tuple(&c, i);
			fieldkv_push_frame(&c, (char)ch);
			i++;
			continue;
		case '}':
		case ']':
			fieldkv_pop_frame(&c, (char)ch);
			c.want = 0;
			i++;
			continue;
		case '<':
			c.want = 0;
			i = fieldkv_xml_tag(&c, i);
			continue;
		default:
			break;
		}
		if (fieldkv_ident_start(ch)) {
			i = fieldkv_ident(&c, i);
		} else if (c.want && ch != ',' && ch != ';' && ch != ')') {
			i = fieldkv_bare_value(&c, i);
			c.want = 0;
		} else {
			/* Skip the rest of a number or word so that "2024abc"
			 * is not read as the key "abc". */
			c.want = 0;
			if (ck_isalnum(ch)) {
				size_t n0 = i;

				while (i < c.lim &&
				       ck_isalnum((unsigned char)b[i]))
					i++;
				/* "age": [97, 40] */
				if (ck_isdigit(ch) && fieldkv_top(&c) != NULL &&
				    fieldkv_top(&c)->kind == '[' &&
				    fieldkv_top(&c)->pcode >= 0 &&
				    (i == c.lim || strchr(",] \t\r\n", b[i])) &&
				    (n0 == 0 || strchr("[, \t\n", b[n0 - 1])))
					fieldkv_array_elem(&c, n0, i, 0);
			} else {
				i++;
			}
		}
	}
	/* Objects left open at the end of the data still say what they
	 * know (a cut or broken document). */
	if (last)
		while (kv->depth > 0) {
			struct frame *f = fieldkv_top(&c);

			fieldkv_pop_frame(&c, f != NULL ? (f->kind == '{' ? '}' : ']')
					  : '}');
		}
	kv->depth = 0;
	if (c.stop > 0)
		return c.stop;
	return i > c.lim ? i : c.lim;
}
