/* storetest.c -- the object store tests' fixture; see storetest.h. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "common/buf.h"
#include "common/store.h"
#include "storetest.h"

char st_dir[256];

int
st_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct ck_error err;

	snprintf(st_dir, sizeof(st_dir), "%s/ck-store-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(st_dir) == NULL || ck_store_init(st_dir, &err) < 0)
		return -1;
	*state = NULL;
	return 0;
}

int
st_teardown(void **state)
{
	char cmd[400];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", st_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
st_collect(void *arg, const void *p, size_t n)
{
	return ck_buf_append(arg, p, n);
}
