/* canonscan.h -- a fast check that a text already is RFC 8785 canonical
 * JSON, without building a tree.
 *
 * verify reads millions of stored events that were written canonical;
 * parsing each into jansson and serialising it again to compare costs
 * more than hashing it.  ck_canon_scan answers "yes, exactly canonical"
 * only for a safe subset (ASCII keys without escapes, integers of at most
 * 15 digits, the escapes RFC 8785 itself writes) and "not sure" for
 * anything else, where the caller takes the slow path (parse, serialise,
 * compare).  A "yes" always agrees with that slow path; the fuzz target
 * and unit tests check the two against each other. */
#ifndef CK_CANONSCAN_H
#define CK_CANONSCAN_H

#include <stddef.h>

#define CK_CANON_TOP_MAX 64

struct ck_canon_member {
	size_t key, keylen;	/* key bytes (inside the quotes) */
	size_t start;		/* offset of the member's opening quote */
	size_t val, vallen;	/* value text */
};

struct ck_canon_top {
	size_t count;
	struct ck_canon_member m[CK_CANON_TOP_MAX];
};

/* 1 when s[0..n) is a JSON object in canonical form (within the subset),
 * with its top-level members in top; 0 when not sure. */
int ck_canon_scan(const char *s, size_t n, struct ck_canon_top *top);

/* The member of top (members of the text s) named key, or NULL. */
const struct ck_canon_member *ck_canon_top_find(const char *s,
						const struct ck_canon_top *top,
						const char *key);

#endif
