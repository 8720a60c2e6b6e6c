/* canon.c -- RFC 8785 JSON Canonicalization Scheme over jansson. */
#include <config.h>

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/canon.h"
#include "common/utf8.h"

/* jansson's own parser stops at 2048 levels; a value built in code could
 * go deeper (or loop back on itself), so the recursion is bounded too. */
#define CANON_MAX_DEPTH 2048

struct member {
	const char *key;
	size_t len;
	json_t *value;
};

/* Largest magnitude below which every integer is exact in a double. */
#define EXACT_INT_LIMIT 9007199254740992.0

int
ck_canon_number(double d, char out[32])
{
	char sci[40], digits[20], *p = out;
	int prec, exp10, k, n, i;
	const char *s;

	if (isnan(d) || isinf(d))
		return -1;
	/* ECMAScript prints -0 as "0" (RFC 8785 section 3.2.2.3). */
	if (d == 0) {
		strcpy(out, "0");
		return 0;
	}
	if (fabs(d) < EXACT_INT_LIMIT && d == floor(d)) {
		snprintf(out, 32, "%lld", (long long)d);
		return 0;
	}
	if (d < 0) {
		*p++ = '-';
		d = -d;
	}
	/* Shortest digits that read back as the same double: printf rounds
	 * correctly, so the first precision that round-trips gives the
	 * digits Number.prototype.toString picks (ECMA-262 7.1.12.1).
	 * For a normal double, if some precision up to 15 round-trips, 15
	 * does, and gives that shortest one's digits followed by zeros
	 * (which are dropped below): a decimal that reads back as d lies
	 * within half an ulp of it, at most 1.2e-16 |d|, while 15-digit
	 * decimals are at least 1e-15 |d| apart, so the nearest 15-digit
	 * decimal to d, which printf picks, is that one.  So 15, 16 and 17
	 * are tried, not 1 to 17: the same digits with at most three
	 * conversions instead of up to seventeen.  Subnormals (ulps up to
	 * |d| itself) take every precision in turn. */
	if (d >= DBL_MIN) {
		for (prec = 15; prec < 17; prec++) {
			snprintf(sci, sizeof(sci), "%.*e", prec - 1, d);
			if (strtod(sci, NULL) == d)
				break;
		}
		if (prec == 17)
			snprintf(sci, sizeof(sci), "%.16e", d);
	} else {
		for (prec = 1; prec <= 17; prec++) {
			snprintf(sci, sizeof(sci), "%.*e", prec - 1, d);
			if (strtod(sci, NULL) == d)
				break;
		}
	}
	/* sci is "D[.DDD]e[+-]XX"; the radix character may follow the
	 * locale, so anything that is not a digit before 'e' is skipped. */
	k = 0;
	for (s = sci; *s != 'e' && *s != '\0'; s++)
		if (*s >= '0' && *s <= '9' && k < (int)sizeof(digits) - 1)
			digits[k++] = *s;
	if (*s != 'e')
		return -1;
	exp10 = atoi(s + 1);
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	/* ECMA-262 Number::toString with n = exponent + 1: plain notation
	 * for 1e-7 < |d| < 1e21, exponential otherwise. */
	n = exp10 + 1;
	if (k <= n && n <= 21) {
		memcpy(p, digits, (size_t)k);
		p += k;
		for (i = 0; i < n - k; i++)
			*p++ = '0';
	} else if (0 < n && n <= 21) {
		memcpy(p, digits, (size_t)n);
		p += n;
		*p++ = '.';
		memcpy(p, digits + n, (size_t)(k - n));
		p += k - n;
	} else if (-6 < n && n <= 0) {
		*p++ = '0';
		*p++ = '.';
		for (i = 0; i < -n; i++)
			*p++ = '0';
		memcpy(p, digits, (size_t)k);
		p += k;
	} else {
		*p++ = digits[0];
		if (k > 1) {
			*p++ = '.';
			memcpy(p, digits + 1, (size_t)(k - 1));
			p += k - 1;
		}
		p += sprintf(p, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
	*p = '\0';
	return 0;
}

int
ck_json_append_escaped(struct ck_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;
	char esc[7];
	unsigned char c;

	/* RFC 8785 section 3.2.2.2: only '"', '\\' and the C0 controls are
	 * escaped, with the short forms where JSON has them and lowercase
	 * \u00xx otherwise; everything else is copied as UTF-8. */
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (ck_buf_append(out, s + run, i - run) < 0)
			return -1;
		run = i + 1;
		esc[0] = '\\';
		esc[2] = '\0';
		switch (c) {
		case '"':  esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0x0F];
			esc[6] = '\0';
			break;
		}
		if (ck_buf_append_str(out, esc) < 0)
			return -1;
	}
	return ck_buf_append(out, s + run, len - run);
}

int
ck_json_append_string(struct ck_buf *out, const char *s, size_t len)
{
	if (ck_buf_append_char(out, '"') < 0 ||
	    ck_json_append_escaped(out, s, len) < 0)
		return -1;
	return ck_buf_append_char(out, '"');
}

static int
append_string(struct ck_buf *out, const char *s, size_t len,
	      struct ck_error *err)
{
	if (ck_utf8_check(s, len) != len)
		return ck_error_set(err, EILSEQ,
				    "string is not valid UTF-8");
	if (ck_json_append_string(out, s, len) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

/* A key under which comparing code points one by one orders strings as
 * comparing their UTF-16 code units would (RFC 8785 section 3.2.3): a
 * supplementary character is a surrogate pair D800..DBFF, which sorts
 * after U+D7FF but before U+E000..U+FFFF. */
static uint32_t
utf16_order(uint32_t cp)
{
	return cp >= 0xE000 && cp <= 0xFFFF ? cp + 0x200000 : cp;
}

static int
member_cmp(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;
	const unsigned char *x = (const unsigned char *)a->key;
	const unsigned char *y = (const unsigned char *)b->key;
	size_t i = 0, j = 0;
	uint32_t cx, cy;
	int nx, ny;

	while (i < a->len && j < b->len) {
		if (x[i] < 0x80 && y[j] < 0x80) {
			if (x[i] != y[j])
				return x[i] < y[j] ? -1 : 1;
			i++;
			j++;
			continue;
		}
		/* Keys were validated before sorting. */
		nx = ck_utf8_decode(x + i, a->len - i, &cx);
		ny = ck_utf8_decode(y + j, b->len - j, &cy);
		if (nx == 0 || ny == 0)
			return nx == ny ? 0 : nx == 0 ? -1 : 1;
		cx = utf16_order(cx);
		cy = utf16_order(cy);
		if (cx != cy)
			return cx < cy ? -1 : 1;
		i += (size_t)nx;
		j += (size_t)ny;
	}
	if (i < a->len)
		return 1;
	if (j < b->len)
		return -1;
	return 0;
}

static int append_value(struct ck_buf *out, const json_t *v, int depth,
			int canonical, struct ck_error *err);

static int
append_object(struct ck_buf *out, const json_t *v, int depth,
	      int canonical, struct ck_error *err)
{
	struct member *m;
	size_t n, i = 0;
	void *it;
	int rc = -1;

	n = json_object_size(v);
	if (n == 0)
		return ck_buf_append_str(out, "{}") < 0 ?
		       ck_error_set(err, ENOMEM, "out of memory") : 0;
	m = calloc(n, sizeof(*m));
	if (m == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (it = json_object_iter((json_t *)v); it != NULL && i < n;
	     it = json_object_iter_next((json_t *)v, it), i++) {
		m[i].key = json_object_iter_key(it);
#if JANSSON_VERSION_HEX >= 0x020e00
		m[i].len = json_object_iter_key_len(it);
#else
		m[i].len = strlen(m[i].key);
#endif
		m[i].value = json_object_iter_value(it);
		if (ck_utf8_check(m[i].key, m[i].len) != m[i].len) {
			ck_error_set(err, EILSEQ,
				     "object key is not valid UTF-8");
			goto out;
		}
	}
	n = i;
	/* Compact output keeps the record's own order (pass-through). */
	if (canonical)
		qsort(m, n, sizeof(*m), member_cmp);
	if (ck_buf_append_char(out, '{') < 0)
		goto nomem;
	for (i = 0; i < n; i++) {
		if (i > 0 && ck_buf_append_char(out, ',') < 0)
			goto nomem;
		if (append_string(out, m[i].key, m[i].len, err) < 0)
			goto out;
		if (ck_buf_append_char(out, ':') < 0)
			goto nomem;
		if (append_value(out, m[i].value, depth + 1, canonical,
				 err) < 0)
			goto out;
	}
	if (ck_buf_append_char(out, '}') < 0)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	ck_error_set(err, ENOMEM, "out of memory");
out:
	free(m);
	return rc;
}

/* RFC 8785 writes a real of 1e20 as 100000000000000000000 (below
 * 1e21, ECMAScript's plain digits); jansson, like many parsers, reads
 * those digits as an integer and refuses one past 2^63.  Compact output
 * is read back by the next tool of a pipeline, so there a real at or
 * past 2^63 written as bare digits takes the exponent form instead
 * ("1e+20"), which every parser reads as the same double.  (The canonical
 * form, hashed and signed, is not changed.) */
static void
real_for_parsers(char num[32], double mag)
{
	char tmp[32], *d = num + (num[0] == '-');
	size_t len = strlen(d), sig = len;
	int n;

	if (mag < 9223372036854775808.0 || strpbrk(num, ".eE") != NULL)
		return;
	while (sig > 1 && d[sig - 1] == '0')
		sig--;
	n = snprintf(tmp, sizeof tmp, "%s%c%s%.*se+%zu",
		     num[0] == '-' ? "-" : "", d[0], sig > 1 ? "." : "",
		     (int)(sig - 1), d + 1, len - 1);
	if (n > 0 && (size_t)n < sizeof tmp)
		memcpy(num, tmp, (size_t)n + 1);
}

static int
append_value(struct ck_buf *out, const json_t *v, int depth,
	     int canonical, struct ck_error *err)
{
	char num[32];
	size_t i, n;
	const char *lit;

	if (depth > CANON_MAX_DEPTH)
		return ck_error_set(err, 0, "value nested deeper than %d levels",
				    CANON_MAX_DEPTH);
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return append_object(out, v, depth, canonical, err);
	case JSON_ARRAY:
		if (ck_buf_append_char(out, '[') < 0)
			goto nomem;
		n = json_array_size(v);
		for (i = 0; i < n; i++) {
			if (i > 0 && ck_buf_append_char(out, ',') < 0)
				goto nomem;
			if (append_value(out, json_array_get(v, i), depth + 1,
					 canonical, err) < 0)
				return -1;
		}
		if (ck_buf_append_char(out, ']') < 0)
			goto nomem;
		return 0;
	case JSON_STRING:
		return append_string(out, json_string_value(v),
				     json_string_length(v), err);
	case JSON_INTEGER:
		if (!canonical) {
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
				 json_integer_value(v));
			lit = num;
			break;
		}
		/* As ECMAScript would: the nearest double, not the digits. */
		if (ck_canon_number((double)json_integer_value(v), num) < 0)
			return ck_error_set(err, EDOM, "number is not finite");
		lit = num;
		break;
	case JSON_REAL:
		if (ck_canon_number(json_real_value(v), num) < 0)
			return ck_error_set(err, EDOM, "number is not finite");
		if (!canonical)
			real_for_parsers(num, fabs(json_real_value(v)));
		lit = num;
		break;
	case JSON_TRUE:
		lit = "true";
		break;
	case JSON_FALSE:
		lit = "false";
		break;
	case JSON_NULL:
		lit = "null";
		break;
	default:
		return ck_error_set(err, EINVAL, "unknown JSON value type");
	}
	if (ck_buf_append_str(out, lit) < 0)
		goto nomem;
	return 0;
nomem:
	return ck_error_set(err, ENOMEM, "out of memory");
}

int
ck_canon_append(struct ck_buf *out, const json_t *v, struct ck_error *err)
{
	if (v == NULL)
		return ck_error_set(err, EINVAL, "no value to canonicalise");
	return append_value(out, v, 0, 1, err);
}

int
ck_json_append_compact(struct ck_buf *out, const json_t *v,
		       struct ck_error *err)
{
	if (v == NULL)
		return ck_error_set(err, EINVAL, "no value to serialise");
	return append_value(out, v, 0, 0, err);
}

char *
ck_canon_string(const json_t *v, size_t *len, struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	char *s;

	if (ck_canon_append(&b, v, err) < 0) {
		ck_buf_release(&b);
		return NULL;
	}
	s = ck_buf_detach(&b, len);
	if (s == NULL)
		ck_error_set(err, ENOMEM, "out of memory");
	return s;
}

int
ck_canon_sha256(const json_t *v, unsigned char out[CK_SHA256_LEN],
		struct ck_error *err)
{
	size_t len;
	char *s;
	int rc;

	s = ck_canon_string(v, &len, err);
	if (s == NULL)
		return -1;
	rc = ck_sha256(s, len, out);
	free(s);
	if (rc < 0)
		return ck_error_set(err, 0, "sha-256 failed");
	return 0;
}
