/* fieldfast.c -- the fast path of field mode (see fields.h): a record
 * that is a flat object in compact form is rewritten without building a
 * jansson tree.  Such a line is what the general path writes back
 * unchanged apart from the fields it replaces, so the bytes agree; any
 * other line (whitespace, escapes, reals, nested values, duplicate keys,
 * a field that is also the id) goes the general way. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "common/canon.h"
#include "common/hash.h"
#include "common/utf8.h"
#include "keyrot/fields.h"

/* Members of a record the fast path takes; more go the general way. */
#define MAX_MEMBERS 64

struct member {
	const char *key, *val;	/* key with its quotes; raw value */
	size_t klen, vlen;
	int is_str;
	size_t roff, rlen;	/* replacement in vals when rlen > 0 */
};

/* Length of the string at p (p[0] == '"') with its quotes, or 0 when it
 * is not simple: an escape, a control byte, or no closing quote. */
static size_t
scan_string(const char *p, const char *end)
{
	for (const char *q = p + 1; q < end; q++) {
		unsigned char ch = (unsigned char)*q;

		if (ch == '"')
			return (size_t)(q + 1 - p);
		if (ch == '\\' || ch < 0x20)
			return 0;
	}
	return 0;
}

/* Length of the simple scalar at p, or 0: a simple string, an integer of
 * at most 18 digits without leading zeros (not -0: jansson writes 0),
 * true, false or null. */
static size_t
scan_value(const char *p, const char *end, int *is_str)
{
	const char *q = p;
	size_t nd;

	*is_str = 0;
	if (p >= end)
		return 0;
	if (*p == '"') {
		*is_str = 1;
		return scan_string(p, end);
	}
	if (*q == '-')
		q++;
	for (nd = 0; q + nd < end && q[nd] >= '0' && q[nd] <= '9'; nd++)
		;
	if (nd > 0) {
		if (nd > 18 || (q[0] == '0' && (nd > 1 || q > p)))
			return 0;
		return (size_t)(q + nd - p);
	}
	if (q > p)
		return 0;
	if (end - p >= 4 && memcmp(p, "true", 4) == 0)
		return 4;
	if (end - p >= 5 && memcmp(p, "false", 5) == 0)
		return 5;
	if (end - p >= 4 && memcmp(p, "null", 4) == 0)
		return 4;
	return 0;
}

/* Splits a flat compact object into m; its member count, or 0. */
static size_t
split(const char *line, size_t len, struct member *m)
{
	const char *p = line, *end = line + len;
	size_t n = 0;

	if (len < 2 || *p != '{' || end[-1] != '}')
		return 0;
	p++;
	end--;
	while (p < end) {
		if (n == MAX_MEMBERS || *p != '"' ||
		    (m[n].klen = scan_string(p, end)) == 0)
			return 0;
		m[n].key = p;
		p += m[n].klen;
		if (p >= end || *p++ != ':' ||
		    (m[n].vlen = scan_value(p, end, &m[n].is_str)) == 0)
			return 0;
		m[n].val = p;
		m[n].rlen = 0;
		p += m[n].vlen;
		n++;
		if (p < end && *p++ != ',')
			return 0;
		if (p == end && p[-1] == ',')
			return 0;
	}
	/* duplicate keys: the reader's error comes from the general path */
	for (size_t i = 1; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (m[i].klen == m[j].klen &&
			    memcmp(m[i].key, m[j].key, m[i].klen) == 0)
				return 0;
	return n;
}

static struct member *
find(struct member *m, size_t n, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < n; i++)
		if (m[i].klen == len + 2 &&
		    memcmp(m[i].key + 1, name, len) == 0)
			return &m[i];
	return NULL;
}

/* 1 when the fields are distinct and none is the id (else a sealed
 * field would change a context or another field's value). */
static int
fields_plain(const struct kr_ctx *c)
{
	for (size_t i = 0; i < c->nfields; i++) {
		if (strcmp(c->fields[i], c->id_field) == 0)
			return 0;
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->fields[i], c->fields[j]) == 0)
				return 0;
	}
	return 1;
}

static int
has_prefix(const struct member *v)
{
	return v->is_str && v->vlen >= FIELD_PREFIX_LEN + 2 &&
	       memcmp(v->val + 1, FIELD_PREFIX, FIELD_PREFIX_LEN) == 0;
}

/* Appends the decrypted value in fr->tmp to vals as the general path
 * writes it: as it is when it is a simple scalar, else through jansson. */
static int
put_plain(struct field_run *fr, const char *name, struct ck_buf *vals,
	  struct ck_error *err)
{
	const char *p = fr->tmp.data;
	size_t n = fr->tmp.len;
	json_error_t je;
	json_t *val;
	int is_str, rc;

	if (n > 0 && scan_value(p, p + n, &is_str) == n &&
	    (!is_str || ck_utf8_check(p, n) == n))
		return ck_buf_append(vals, p, n) < 0 ?
		       ck_error_set(err, ENOMEM, "field '%s': out of memory",
				    name) : 0;
	val = json_loadb(p, n, JSON_DECODE_ANY, &je);
	if (val == NULL)
		return ck_error_set(err, 0, "field '%s': field '%s': decrypted "
				    "value is not JSON", name, name);
	rc = ck_json_append_compact(vals, val, err);
	json_decref(val);
	return rc;
}

/* One field of the record: its replacement appended to vals. */
static int
do_field(struct kr_ctx *c, int encrypt, struct member *m, size_t n,
	 const char *name, struct field_run *fr, struct ck_buf *vals,
	 struct ck_error *err)
{
	struct member *v = find(m, n, name), *id;
	size_t off = vals->len;
	int rc;

	if (v == NULL || (encrypt && has_prefix(v)))
		return 0;	/* absent, or already sealed */
	if (!encrypt && !has_prefix(v))
		return ck_error_set(err, 0, "field '%s' is not encrypted",
				    name);
	id = find(m, n, c->id_field);
	if (id == NULL || (id->vlen == 4 && memcmp(id->val, "null", 4) == 0))
		return ck_error_set(err, 0, "no '%s' field to bind '%s' to "
				    "(--id-field)", c->id_field, name);
	if (kr_field_context(fr, id->val, id->vlen, name, err) < 0)
		return -1;
	if (encrypt) {
		if (kr_field_seal(c, fr, v->val, v->vlen, err) < 0)
			return -1;
		if (ck_buf_append_char(vals, '"') < 0 ||
		    ck_buf_append(vals, fr->b64.data, fr->b64.len) < 0 ||
		    ck_buf_append_char(vals, '"') < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	} else {
		if (kr_field_open(c, fr, name, v->val + 1 + FIELD_PREFIX_LEN,
				  v->vlen - 2 - FIELD_PREFIX_LEN, err) < 0)
			return -1;
		rc = put_plain(fr, name, vals, err);
		ck_wipe(fr->tmp.data, fr->tmp.len);
		if (rc < 0)
			return -1;
	}
	v->roff = off;
	v->rlen = vals->len - off;
	return 0;
}

int
kr_field_fast(struct kr_ctx *c, int encrypt, const char *line, size_t len,
	      struct field_run *fr, struct ck_buf *out, struct ck_error *err)
{
	struct member m[MAX_MEMBERS];
	struct ck_buf *vals = &fr->vals;
	size_t n = split(line, len, m);
	int rc = -1;

	if (n == 0 || !fields_plain(c))
		return 0;
	ck_buf_reset(vals);
	for (size_t i = 0; i < c->nfields; i++)
		if (do_field(c, encrypt, m, n, c->fields[i], fr, vals,
			     err) < 0)
			goto out;
	if (ck_buf_reserve(out, len + vals->len) < 0) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	ck_buf_append_char(out, '{');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			ck_buf_append_char(out, ',');
		ck_buf_append(out, m[i].key, m[i].klen);
		ck_buf_append_char(out, ':');
		if (m[i].rlen > 0)
			ck_buf_append(out, vals->data + m[i].roff, m[i].rlen);
		else
			ck_buf_append(out, m[i].val, m[i].vlen);
	}
	ck_buf_append_char(out, '}');
	rc = 1;
out:
	if (!encrypt)
		ck_wipe(vals->data, vals->len);
	return rc;
}
