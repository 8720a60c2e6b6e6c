/* ops.c -- one value through its operator.
 *
 * Keyed operators (pseudonym, surrogate, shift, encrypt) hash the value
 * as phiscan fingerprints it (type, then letters and digits only), so
 * "123-45-6789" and "123 45 6789" get the same pseudonym and a dataset's
 * joins survive.  An operator that cannot read a value (a date with no
 * year, a ZIP without three digits) tags it: it never lets it through.
 */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "phiredact/redact.h"

/* Safe Harbor 164.514(b)(2)(i)(B): three-digit ZIP prefixes whose area
 * held 20,000 people or fewer (2000 census, as HHS lists them) become
 * 000. */
static const char *const low_pop_zip3[] = {
	"036", "059", "063", "102", "203", "556", "692", "790", "821", "823",
	"830", "831", "878", "879", "884", "890", "893", NULL
};

int
rd_shift_days(const struct rd_keys *k, const char *subject, int max)
{
	unsigned char d[CK_SHA256_LEN];
	uint32_t x;

	if (max < 1)
		max = 1;
	ck_hmac_sha256(k->shift, sizeof(k->shift), subject, strlen(subject),
		       d);
	x = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
	    (uint32_t)d[2] << 8 | d[3];
	/* 1..max days either way, never 0: an unshifted date is the real
	 * one. */
	return (d[4] & 1 ? -1 : 1) * ((int)(x % (uint32_t)max) + 1);
}

static int
tag(const struct rd_rule *r, int type, struct ck_buf *out)
{
	if (r->text != NULL)
		return ck_buf_append_str(out, r->text);
	return ck_buf_appendf(out, "[%s]", phi_type_name(type));
}

static int
generalize(int type, const char *v, size_t n, struct ck_buf *out)
{
	size_t i, d = 0;
	long age = 0;

	switch (type) {
	case PHI_DATE:
		return rd_date_year(v, n, out);
	case PHI_AGE:
		/* 164.514(b)(2)(i)(C): ages over 89 go into one group. */
		for (i = 0; i < n && (v[i] < '0' || v[i] > '9'); i++)
			;
		for (; i < n && v[i] >= '0' && v[i] <= '9' && age < 1000; i++)
			age = age * 10 + (v[i] - '0');
		if (age == 0)
			return -1;
		if (age < 90)
			return ck_buf_append(out, v, n);
		return ck_buf_append_str(out, "90+");
	case PHI_ZIP: {
		char z[4];
		size_t lead;

		/* A span may start with its label ("WI 53711", HL7
		 * "NJ^08601"): that stays, the digits are cut. */
		for (lead = 0; lead < n && (v[lead] < '0' || v[lead] > '9');
		     lead++)
			;
		for (i = lead; i < n && d < 3; i++)
			if (v[i] >= '0' && v[i] <= '9')
				z[d++] = v[i];
			else
				return -1;
		if (d < 3)
			return -1;
		z[3] = '\0';
		if (ck_buf_append(out, v, lead) < 0)
			return -1;
		for (i = 0; low_pop_zip3[i] != NULL; i++)
			if (strcmp(z, low_pop_zip3[i]) == 0)
				return ck_buf_append_str(out, "000");
		return ck_buf_append_str(out, z);
	}
	default:
		return -1;
	}
}

static int
is_hex_lower(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

int
rd_is_redacted(const struct rd_rule *r, int type, const char *v, size_t n)
{
	const char *tn = phi_type_name(type), *d;
	size_t tl = strlen(tn), i, dl;
	char id[9];
	int t;

	switch (r->op) {
	case RD_TAG:
		if (r->text != NULL)
			return strlen(r->text) == n && memcmp(v, r->text, n) == 0;
		return n == tl + 2 && v[0] == '[' && memcmp(v + 1, tn, tl) == 0 &&
		       v[n - 1] == ']';
	case RD_PSEUDONYM:
		return n == tl + 15 && v[0] == '[' &&
		       memcmp(v + 1, tn, tl) == 0 && v[tl + 1] == '-' &&
		       is_hex_lower(v + tl + 2, 12) && v[n - 1] == ']';
	case RD_ENCRYPT:
		return rd_token_parse(v, n, &t, id, &d, &dl) == n;
	case RD_MASK:
		return memchr(v, '*', n) != NULL;
	case RD_GENERALIZE:
		if (type == PHI_AGE)
			return n == 3 && memcmp(v, "90+", 3) == 0;
		if (type == PHI_DATE || type == PHI_ZIP) {
			size_t want = type == PHI_DATE ? 4 : 3, lead = 0;

			/* a year; three ZIP digits, after a label */
			if (type == PHI_ZIP)
				while (lead < n && (v[lead] < '0' || v[lead] > '9'))
					lead++;
			if (n - lead != want)
				return 0;
			for (i = lead; i < n; i++)
				if (v[i] < '0' || v[i] > '9')
					return 0;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

int
rd_apply(const struct rd_ctx *c, int type, const char *rule, const char *v,
	 size_t n, struct ck_buf *out, int *op, struct ck_error *err)
{
	const struct rd_rule *r = rd_policy_rule(c->pol, type, rule);
	unsigned char fp[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1];
	size_t mark = out->len;
	int days;

	/* What this operator wrote before (a CSV column or record key
	 * names it, or the engine finds a year or "WI 537" again) stays as
	 * it is: phiredact on its own output changes nothing. */
	if (rd_is_redacted(r, type, v, n)) {
		*op = RD_KEEP;
		return ck_buf_append(out, v, n);
	}
	*op = r->op;
	if (rd_op_keyed(r->op) && c->key == NULL)
		return ck_error_set(err, 0, "the %s operator needs --key FILE",
				    rd_op_name(r->op));
	switch (r->op) {
	case RD_KEEP:
		return ck_buf_append(out, v, n);
	case RD_MASK:
		return phi_mask(type, v, n, out);
	case RD_TAG:
		return tag(r, type, out);
	case RD_DROP:
		return 0;
	case RD_PSEUDONYM:
		if (phi_fingerprint(c->key->pseudo, type, v, n, fp) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		ck_hex_encode(fp, 6, hex);
		return ck_buf_appendf(out, "[%s-%s]", phi_type_name(type),
				      hex);
	case RD_SURROGATE:
		if (phi_fingerprint(c->key->surr, type, v, n, fp) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		if (type != PHI_DATE)
			return rd_surrogate(c->names, type, v, n, fp, out);
		/* A surrogate date is the subject's shifted date, so the
		 * intervals between a patient's dates survive. */
		/* fall through */
	case RD_SHIFT:
		if (type != PHI_DATE)
			break;
		days = rd_shift_days(c->key, c->subject ? c->subject : "",
				     r->max_days);
		if (rd_date_shift(v, n, days, out) == 0)
			return 0;
		break;
	case RD_GENERALIZE:
		if (generalize(type, v, n, out) == 0)
			return 0;
		break;
	case RD_ENCRYPT:
		return rd_token_seal(c->key, type, v, n, out, err);
	default:
		return ck_error_set(err, 0, "unknown operator");
	}
	/* The value could not be read for this operator: tag it. */
	out->len = mark;
	if (out->data != NULL)
		out->data[mark] = '\0';
	*op = RD_TAG;
	return ck_buf_appendf(out, "[%s]", phi_type_name(type));
}
