/* storetest.h -- the fixture of the object store's unit tests
 * (test_store, test_storeframe): a fresh store in a temporary directory
 * per test, removed afterwards. */
#ifndef STORETEST_H
#define STORETEST_H

#include <stddef.h>

/* The store's directory, from st_setup to st_teardown. */
extern char st_dir[256];

/* cmocka test fixtures: st_setup makes $TMPDIR/ck-store-XXXXXX and a
 * store in it (0, or -1); st_teardown removes it. */
int st_setup(void **state);
int st_teardown(void **state);

/* A ck_store_sink appending to the struct ck_buf at arg. */
int st_collect(void *arg, const void *p, size_t n);

#endif
