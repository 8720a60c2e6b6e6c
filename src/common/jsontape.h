/* jsontape.h -- one validating pass over a JSON text into a flat list of
 * its values (a "tape"), without building a tree.
 *
 * lineage ingest checks every line of a file of OpenLineage events; going
 * through jansson spends most of that time allocating and freeing a tree
 * that is thrown away after a few lookups.  ck_jtape_scan reads the text
 * once and records each value -- its type, where its bytes are, where the
 * value after it starts -- in a tape kept from call to call, so a stream
 * of lines costs no allocation once the tape has grown.
 *
 * It answers "yes" only for texts that json_loadb(JSON_REJECT_DUPLICATES
 * | JSON_ALLOW_NUL) reads as an object or array, and "not sure" for the
 * rest: invalid JSON, and a subset it leaves to jansson -- object keys
 * with escapes (jansson compares keys decoded), integers of more than 18
 * digits (jansson refuses what overflows a long long), reals that might
 * overflow a double, nesting deeper than CK_JTAPE_MAX_DEPTH.  The caller
 * then takes the jansson path, which gives the value or the error and
 * its location.  A "yes" always agrees with jansson: the unit tests and
 * the fuzz target fuzz_lineage_fast check the two against each other.
 *
 * Strings are not decoded: a token gives the raw bytes between the
 * quotes and says whether there was an escape in them; without one, the
 * raw bytes are the value (valid UTF-8, no NUL). */
#ifndef CK_JSONTAPE_H
#define CK_JSONTAPE_H

#include <stddef.h>
#include <stdint.h>

#define CK_JTAPE_MAX_DEPTH 64

enum ck_jtype {
	CK_JT_OBJECT = 1,
	CK_JT_ARRAY,
	CK_JT_STRING,
	CK_JT_NUMBER,
	CK_JT_TRUE,
	CK_JT_FALSE,
	CK_JT_NULL
};

/* One value.  An object's members follow it as key, value, key, value...;
 * an array's elements follow it; next is the index of the token after
 * the value and everything inside it (for a key, the index of its value). */
struct ck_jtok {
	uint32_t start;	/* first byte: a string's '"', a container's bracket */
	uint32_t end;	/* one past the last byte */
	uint32_t next;
	uint8_t type;	/* enum ck_jtype */
	uint8_t esc;	/* a string with at least one backslash escape */
};

struct ck_jtape {
	struct ck_jtok *t;	/* t[0] is the whole text's value */
	size_t n;
	/* private */
	size_t cap;
	uint32_t *hash;		/* duplicate-key check of large objects */
	size_t hashcap;
};

void ck_jtape_init(struct ck_jtape *tp);
void ck_jtape_release(struct ck_jtape *tp);

/* 1 when s[0..n) is one JSON object or array (whitespace around it
 * allowed) that jansson would accept, within the subset above: tp->t
 * holds its tokens.  0 when not sure; -1 out of memory (errno ENOMEM). */
int ck_jtape_scan(struct ck_jtape *tp, const char *s, size_t n);

/* In the object at token obj, the value of the member named key (len
 * bytes): its token index, or 0 when there is none (token 0 is never a
 * member). */
size_t ck_jtape_member(const struct ck_jtape *tp, const char *s, size_t obj,
		       const char *key, size_t len);

/* The raw bytes of the string at token i, between its quotes. */
static inline const char *
ck_jtape_str(const struct ck_jtape *tp, const char *s, size_t i, size_t *len)
{
	*len = tp->t[i].end - tp->t[i].start - 2;
	return s + tp->t[i].start + 1;
}

#endif
