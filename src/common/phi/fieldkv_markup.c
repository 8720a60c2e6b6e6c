/* fieldkv_markup.c -- the key/value scanner's markup: XML tags and
 * attributes (CDA's patient and header included) and Markdown tables
 * whose header names the columns. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"
#include "common/phi/fieldkv_priv.h"

/* The value of attribute name in the tag whose attributes start at b[i]
 * (before its '>'): [*s, *e), or 0. */
static int
xml_attr(struct sc *c, size_t i, const char *name, size_t *s, size_t *e)
{
	const char *b = c->b;
	size_t m = strlen(name), j;

	for (j = i; j + m + 2 < c->lim && j < i + 512 && b[j] != '>' &&
	     b[j] != '\n'; j++) {
		if ((b[j] == ' ' || b[j] == '\t') &&
		    strncmp(b + j + 1, name, m) == 0 && b[j + m + 1] == '=' &&
		    (b[j + m + 2] == '"' || b[j + m + 2] == '\''))
			return fieldkv_string_end(c, j + m + 2, s, e) > 0;
	}
	return 0;
}

/* CDA / HL7 v3 II: <id root="OID" extension="value"/>.  The root says
 * what the value numbers (SSN, NPI, a facility's MRN namespace); a
 * patientRole's own ids are its record numbers. */
static size_t
xml_id(struct sc *c, size_t i)
{
	size_t rs, re, es, ee;
	int t = -1;

	if (!xml_attr(c, i, "extension", &es, &ee))
		return i;
	if (xml_attr(c, i, "root", &rs, &re))
		t = fieldkv_sys_type(fieldkv_classify_system(c->b, rs, re));
	if (t < 0 && c->kv->xml_patient)
		t = PHI_MRN;
	if (t >= 0)
		fld_emit(c->o, t, es, ee, fieldkv_family(c));
	return ee;
}

/* <family>Kim</family>, <family value="Kim"/> (FHIR XML). */
size_t
fieldkv_xml_tag(struct sc *c, size_t i)
{
	const char *b = c->b;
	size_t n0 = i + 1, ns, ne, vs, ve, j;

	if (n0 + 12 < c->lim && b[n0] == '/' &&
	    strncmp(b + n0 + 1, "patientRole>", 12) == 0)
		c->kv->xml_patient = 0;
	if (n0 >= c->lim || !ck_isalpha((unsigned char)b[n0]))
		return i + 1;
	ne = n0;
	while (ne < c->lim && (ck_isalnum((unsigned char)b[ne]) ||
			       strchr("_:-.", b[ne])))
		ne++;
	ns = n0;
	for (j = ne; j > n0; j--)	/* drop a namespace prefix */
		if (b[j - 1] == ':') {
			ns = j;
			break;
		}
	if (fieldkv_span_eq(b, ns, ne, "patientRole"))
		c->kv->xml_patient = 1;
	if (fieldkv_span_eq(b, ns, ne, "ClinicalDocument"))
		c->kv->cda_header = 1;
	else if (fieldkv_span_eq(b, ns, ne, "recordTarget") ||
		 fieldkv_span_eq(b, ns, ne, "author") ||
		 fieldkv_span_eq(b, ns, ne, "component"))
		c->kv->cda_header = 0;
	if (fieldkv_span_eq(b, ns, ne, "id") && ne < c->lim && b[ne] == ' ')
		return xml_id(c, ne);
	if (ne < c->lim && b[ne] == '>') {
		vs = ne + 1;
		for (ve = vs; ve < c->lim && b[ve] != '<' && b[ve] != '\n';
		     ve++)
			;
		if (ve + 3 + (ne - n0) <= c->lim && b[ve] == '<' &&
		    b[ve + 1] == '/' &&
		    memcmp(b + ve + 2, b + n0, ne - n0) == 0 &&
		    b[ve + 2 + (ne - n0)] == '>') {
			fieldkv_on_pair(c, ns, ne, vs, ve, 0);
			return ve;
		}
		return ne + 1;
	}
	if (ne + 8 < c->lim && strncmp(b + ne, " value=\"", 8) == 0) {
		size_t s, e, end = fieldkv_string_end(c, ne + 7, &s, &e);

		if (end > 0 && c->kv->cda_header &&
		    fieldkv_span_eq(b, ns, ne, "effectiveTime")) {
			/* ClinicalDocument/effectiveTime: when the
			 * document was made, not a date of care */
			fld_veto(c->o, s, e);
			return end;
		}
		if (end > 0) {
			fieldkv_on_pair(c, ns, ne, s, e, 1);
			return end;
		}
	}
	return ne;
}

/* The cells of a Markdown table row b[i, e) (i at its first '|'): up to
 * MAX_TUPLE [s, e) pairs; returns their number, 0 if there are none. */
static int
md_cells(struct sc *c, size_t i, size_t e, size_t *cs, size_t *ce)
{
	const char *b = c->b;
	size_t j = i + 1, k;
	int n = 0;

	while (e > j && (b[e - 1] == ' ' || b[e - 1] == '\t'))
		e--;
	while (j < e && n < MAX_TUPLE) {
		for (k = j; k < e && !(b[k] == '|' && b[k - 1] != '\\'); k++)
			;
		if (k == e && k == j)
			break;
		cs[n] = j;
		ce[n] = k;
		n++;
		j = k + 1;
	}
	return n;
}

static int
md_separator(const char *b, size_t i, size_t e)
{
	size_t dashes = 0;

	for (; i < e; i++) {
		if (b[i] == '-')
			dashes++;
		else if (!strchr("|: \t", b[i]))
			return 0;
	}
	return dashes >= 3;
}

/* A Markdown table: a header row whose cells the key map knows, its
 * "|---|" line, then rows whose cells take their column's type.  Returns
 * the end of the line when it was a table's, else i. */
size_t
fieldkv_md_table(struct sc *c, size_t i)
{
	struct fld_kv *kv = c->kv;
	const char *b = c->b;
	size_t e = fieldkv_line_end(c, i), cs[MAX_TUPLE], ce[MAX_TUPLE], n2, e2;
	int n, k, mapped = 0;

	if (e == c->lim && c->lim < c->o->len)
		return i;
	n = md_cells(c, i, e, cs, ce);
	if (kv->md_n > 0) {
		if (md_separator(b, i, e))
			return e;
		for (k = 0; k < n && k < kv->md_n; k++)
			if (kv->md_code[k] >= 0)
				fld_emit(c->o, kv->md_code[k], cs[k], ce[k],
					 fieldkv_family(c));
		return e;
	}
	if (n < 2)
		return i;
	n2 = e;
	if (n2 < c->lim && b[n2] == '\r')
		n2++;
	if (n2 < c->lim && b[n2] == '\n')
		n2++;
	e2 = fieldkv_line_end(c, n2);
	if (n2 >= c->lim && c->lim < c->o->len && i > c->from) {
		/* the separator is in the next window: read the header
		 * there */
		c->stop = i;
		return c->lim;
	}
	/* blanks may run to the end of the window: no separator there */
	if (n2 >= c->lim || fieldkv_skip_blank(c, n2) >= c->lim ||
	    b[fieldkv_skip_blank(c, n2)] != '|' || !md_separator(b, n2, e2))
		return i;
	for (k = 0; k < n; k++) {
		kv->md_code[k] = (short)fld_keymap_find(c->o->sh->km,
							b + cs[k],
							ce[k] - cs[k]);
		if (kv->md_code[k] >= 0)
			mapped++;
	}
	if (mapped < 2)
		return i;
	fld_header_people(kv->md_code, n);
	kv->md_n = n;
	return e;
}
