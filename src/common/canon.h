/* canon.h -- RFC 8785 JSON Canonicalization Scheme (JCS) over jansson.
 *
 * Object members sorted by their UTF-16 code units, no whitespace, strings
 * escaped as RFC 8785 3.2.2.2 says, numbers in the ECMAScript shortest
 * round-trip form (1e+21, 0.000001, -0 -> 0).  Integers are written as the
 * double they round to, as ECMAScript would. */
#ifndef CK_CANON_H
#define CK_CANON_H

#include <jansson.h>
#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"

/* Appends the canonical form of v to out.  -1 with err on a non-finite
 * number, a string or key that is not valid UTF-8, or nesting deeper than
 * 2048 levels (out may then hold a partial text: reset it). */
int ck_canon_append(struct ck_buf *out, const json_t *v, struct ck_error *err);
/* New malloc'd NUL-terminated canonical text, or NULL with err. */
char *ck_canon_string(const json_t *v, size_t *len, struct ck_error *err);
/* SHA-256 of the canonical form. */
int ck_canon_sha256(const json_t *v, unsigned char out[CK_SHA256_LEN],
		    struct ck_error *err);
/* Compact JSON for records: members in their own order, integers exact,
 * reals in the shortest form that reads back as the same double (0.1, not
 * jansson's 0.10000000000000001), UTF-8 kept.  Shares the string and number
 * writers of the canonical form. */
int ck_json_append_compact(struct ck_buf *out, const json_t *v,
			   struct ck_error *err);
/* Appends s[0..len) as a quoted JSON string escaped as RFC 8785 3.2.2.2
 * says (only '"', '\\' and C0 controls; short forms, else lowercase
 * \u00xx).  Bytes are copied as they are: the caller checks UTF-8 first.
 * 0, or -1 when out of memory (out may then hold a partial text). */
int ck_json_append_string(struct ck_buf *out, const char *s, size_t len);
/* The same without the quotes. */
int ck_json_append_escaped(struct ck_buf *out, const char *s, size_t len);
/* Formats a double as ECMAScript Number.prototype.toString does; out needs
 * 32 bytes.  -1 for NaN or infinity. */
int ck_canon_number(double d, char out[32]);

#endif
