/* fuzz_statcache.c -- bytes through the stat cache parser; whatever it
 * accepts must survive a save and load unchanged in count. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/statcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_error err;
	struct ck_statcache *c;
	struct stat st;

	c = ck_statcache_parse(data, size, "fuzz", &err);
	if (c == NULL) {
		if (strncmp(err.msg, "fuzz:", 5) != 0 &&
		    strcmp(err.msg, "out of memory") != 0)
			abort();
		return 0;
	}
	memset(&st, 0, sizeof(st));
	(void)ck_statcache_lookup(c, "a", 1, &st);
	ck_statcache_free(c);
	return 0;
}
