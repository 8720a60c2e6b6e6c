/* mutate.h -- random edits of a text for the differential tests of the
 * canonical-form scanners (test_canonscan, test_canonfast): each call
 * changes, deletes or inserts one byte, from a fixed LCG so a failure
 * repeats. */
#ifndef CK_TEST_MUTATE_H
#define CK_TEST_MUTATE_H

#include <stddef.h>
#include <string.h>

/* One edit of buf[0..*n) (NUL-terminated, room for one more byte) with
 * bytes from alphabet. */
static void
mutate(char *buf, size_t *n, unsigned *seed, const char *alphabet)
{
	size_t k, a = strlen(alphabet);

	*seed = *seed * 1103515245u + 12345u;
	k = (*seed >> 8) % *n;
	*seed = *seed * 1103515245u + 12345u;
	switch ((*seed >> 8) % 3) {
	case 0:	/* change */
		buf[k] = alphabet[(*seed >> 12) % a];
		break;
	case 1:	/* delete */
		memmove(buf + k, buf + k + 1, *n - k);
		(*n)--;
		break;
	default:	/* insert */
		memmove(buf + k + 1, buf + k, *n - k + 1);
		buf[k] = alphabet[(*seed >> 12) % a];
		(*n)++;
	}
}

#endif
