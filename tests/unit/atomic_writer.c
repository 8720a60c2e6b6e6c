/* atomic_writer.c -- rewrites a file forever, alternating two known
 * contents through ck_atomic_write, for atomic-kill.test to kill -9 at
 * random instants.
 *
 *   atomic_writer --dump a|b      print content A or B
 *   atomic_writer PATH [COUNT]    write A, B, A, ... (COUNT times, or
 *                                 until killed when COUNT is 0) */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"

/* Large enough that a write takes many write(2) calls (the stdio buffer
 * is 4 KiB), with different sizes so a torn file is visible either way. */
#define A_LEN (3u * 1024u * 1024u + 17u)
#define B_LEN (2u * 1024u * 1024u + 5u)

static char *
make(int which, size_t *len)
{
	size_t n = which ? B_LEN : A_LEN, i;
	char *p = malloc(n);

	if (p == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		p[i] = which ? (char)('a' + (i * 7) % 26) :
			       (char)('0' + (i * 3) % 10);
	for (i = 80; i < n; i += 81)
		p[i] = '\n';
	*len = n;
	return p;
}

int
main(int argc, char **argv)
{
	struct ck_error err;
	char *c[2];
	size_t len[2];
	unsigned long count = 0, i;

	ck_set_progname(argv[0]);
	c[0] = make(0, &len[0]);
	c[1] = make(1, &len[1]);
	if (c[0] == NULL || c[1] == NULL)
		ck_die(CK_EXIT_TROUBLE, 0, "out of memory");
	if (argc == 3 && !strcmp(argv[1], "--dump")) {
		int w = !strcmp(argv[2], "b");

		if (fwrite(c[w], 1, len[w], stdout) != len[w] ||
		    fflush(stdout) != 0)
			ck_die(CK_EXIT_TROUBLE, 0, "cannot write output");
		free(c[0]);
		free(c[1]);
		return CK_EXIT_OK;
	}
	if (argc < 2 || argc > 3)
		ck_die(CK_EXIT_TROUBLE, 0, "usage: atomic_writer PATH [COUNT] "
		       "| --dump a|b");
	if (argc == 3)
		count = strtoul(argv[2], NULL, 10);
	for (i = 0; count == 0 || i < count; i++) {
		if (ck_atomic_write(argv[1], c[i % 2], len[i % 2], 0644,
				    &err) < 0) {
			ck_warn_error(&err);
			return CK_EXIT_TROUBLE;
		}
	}
	free(c[0]);
	free(c[1]);
	return CK_EXIT_OK;
}
