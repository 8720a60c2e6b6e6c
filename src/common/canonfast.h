/* canonfast.h -- RFC 8785 canonical JSON straight from JSON text, without
 * building a tree, for the inputs it fully understands.
 *
 * auditlog append turns every input line into canonical JSON; going
 * through jansson (a tree of allocations) and canon.c costs about 20 us a
 * line, four times the whole budget of a 200,000 events/s append.
 * ck_canon_fast reads the text once and writes its canonical form, for a
 * subset: objects, arrays, strings (every JSON escape except \u0000 and
 * lone surrogates), integers of at most 15 digits (exact as doubles, so
 * written as their digits), true, false, null; object keys of printable
 * ASCII without escapes (byte order is then RFC 8785's UTF-16 order); at
 * most 64 levels and 64 members an object.  For anything else -- reals,
 * long integers, -0, escaped or non-ASCII keys, duplicate keys, invalid
 * JSON -- it answers "not sure" and the caller takes the jansson path
 * (ck_jsonl_parse_line, ck_canon_append), which gives the same bytes or
 * the error.  A "yes" always agrees with that path: the unit tests and
 * the fuzz target fuzz_canonfast check the two against each other.
 *
 * One value per thread: it keeps its buffers from call to call, so a
 * stream of lines costs no allocation once they have grown. */
#ifndef CK_CANONFAST_H
#define CK_CANONFAST_H

#include <stddef.h>

#include "common/buf.h"
#include "common/canonscan.h"

struct ck_canon_fast_member;

struct ck_canon_fast {
	/* Set to 1 after ck_canon_fast_init to take reals too (1.5, 2e-3):
	 * each is read with strtod and written with ck_canon_number, as the
	 * jansson path does.  0 (the default): reals are "not sure". */
	int reals;
	struct ck_buf out;	/* the canonical text after a "yes" */
	struct ck_canon_top top;	/* its top-level members (offsets in out) */
	/* private */
	struct ck_buf tmp;
	struct ck_canon_fast_member *m;
	size_t mlen, mcap;
};

void ck_canon_fast_init(struct ck_canon_fast *f);
void ck_canon_fast_release(struct ck_canon_fast *f);

/* 1 when s[0..n) is one JSON object (whitespace around it allowed) within
 * the subset: f->out holds its canonical form and f->top its top-level
 * members.  0 when not sure; -1 out of memory (errno ENOMEM). */
int ck_canon_fast(struct ck_canon_fast *f, const char *s, size_t n);

/* In canonical object text obj[0..len) (as ck_canon_fast or ck_canon
 * writes it), the top-level member named key: 1 with the offset and
 * length of its value text, or 0. */
int ck_canon_member(const char *obj, size_t len, const char *key,
		    size_t *val, size_t *vallen);

#endif
