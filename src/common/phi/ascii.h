/* ascii.h -- ctype for the detectors' hot loops.
 *
 * phiscan never calls setlocale, so <ctype.h> answers for ASCII only
 * (every byte >= 0x80 is no letter); these answer the same without the
 * call and the __ctype_b_loc table lookup per byte. */
#ifndef CK_PHI_ASCII_H
#define CK_PHI_ASCII_H

static inline int
ck_isdigit(int c)
{
	return (unsigned)c - '0' < 10u;
}

static inline int
ck_isupper(int c)
{
	return (unsigned)c - 'A' < 26u;
}

static inline int
ck_islower(int c)
{
	return (unsigned)c - 'a' < 26u;
}

/* One compare: setting bit 5 folds 'A'-'Z' onto 'a'-'z' and moves no
 * other byte into that range. */
static inline int
ck_isalpha(int c)
{
	return (unsigned)(c | 0x20) - 'a' < 26u;
}

static inline int
ck_isalnum(int c)
{
	return ck_isalpha(c) || ck_isdigit(c);
}

static inline int
ck_isspace(int c)
{
	return c == ' ' || (unsigned)c - '\t' < 5u;
}

static inline int
ck_isxdigit(int c)
{
	return ck_isdigit(c) || (unsigned)(c | 0x20) - 'a' < 6u;
}

static inline int
ck_ispunct(int c)
{
	return (unsigned)c - 0x21 < 0x5eu && !ck_isalnum(c);
}

static inline int
ck_tolower(int c)
{
	return ck_isupper(c) ? c + ('a' - 'A') : c;
}

static inline int
ck_toupper(int c)
{
	return ck_islower(c) ? c - ('a' - 'A') : c;
}

#endif
