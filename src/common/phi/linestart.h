/* linestart.h -- where the line holding a position starts (looked for
 * back to a floor) and where it ends.  The detectors ask this for nearly
 * every candidate (is a label or a timestamp at the head of the line?),
 * so it runs at memchr's speed: the nearest '\n' first, then a '\r'
 * only between it and the position. */
#ifndef CK_PHI_LINESTART_H
#define CK_PHI_LINESTART_H

#include <stddef.h>
#include <string.h>

/* The offset just after the last '\n' or '\r' in b[lo..i), or lo when
 * there is none (the line starts at or before the floor); i if i <= lo. */
static inline size_t
phi_line_start(const char *b, size_t i, size_t lo)
{
	const char *p;

	if (i <= lo)
		return i;
	if ((p = memrchr(b + lo, '\n', i - lo)) != NULL)
		lo = (size_t)(p - b) + 1;
	if (i > lo && (p = memrchr(b + lo, '\r', i - lo)) != NULL)
		lo = (size_t)(p - b) + 1;
	return lo;
}

/* The offset of the first '\n' or '\r' in b[i..hi), or hi. */
static inline size_t
phi_line_end(const char *b, size_t i, size_t hi)
{
	const char *p;

	if (i >= hi)
		return i;
	if ((p = memchr(b + i, '\n', hi - i)) != NULL)
		hi = (size_t)(p - b);
	if (hi > i && (p = memchr(b + i, '\r', hi - i)) != NULL)
		hi = (size_t)(p - b);
	return hi;
}

#endif
