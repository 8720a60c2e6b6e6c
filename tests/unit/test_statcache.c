/* test_statcache.c -- the stat cache: trust rule (racy timestamps),
 * save/load round trip, corruption refused. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/atomic.h"
#include "common/statcache.h"

#define SEC 1000000000LL

static struct stat
mkst(int64_t mtime_ns, int64_t ctime_ns)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = 7;
	st.st_ino = 42;
	st.st_size = 100;
	st.st_mode = S_IFREG | 0644;
	st.st_mtim.tv_sec = mtime_ns / SEC;
	st.st_mtim.tv_nsec = mtime_ns % SEC;
	st.st_ctim.tv_sec = ctime_ns / SEC;
	st.st_ctim.tv_nsec = ctime_ns % SEC;
	return st;
}

static void
test_trust_rule(void **state)
{
	int64_t stamp = 1000 * SEC + 500000000;	/* 1000.5 s */
	struct stat st = mkst(990 * SEC, 990 * SEC);

	(void)state;
	assert_true(ck_statcache_trusted(7, 42, 100, 990 * SEC, 990 * SEC,
					 S_IFREG | 0644, stamp, &st));
	/* any field moved: not trusted */
	st.st_size = 101;
	assert_false(ck_statcache_trusted(7, 42, 100, 990 * SEC, 990 * SEC,
					  S_IFREG | 0644, stamp, &st));
	st = mkst(990 * SEC, 990 * SEC);
	st.st_ino = 43;
	assert_false(ck_statcache_trusted(7, 42, 100, 990 * SEC, 990 * SEC,
					  S_IFREG | 0644, stamp, &st));
	st = mkst(990 * SEC, 991 * SEC);
	assert_false(ck_statcache_trusted(7, 42, 100, 990 * SEC, 990 * SEC,
					  S_IFREG | 0644, stamp, &st));
	st = mkst(990 * SEC, 990 * SEC);
	st.st_mode = S_IFREG | 0755;
	assert_false(ck_statcache_trusted(7, 42, 100, 990 * SEC, 990 * SEC,
					  S_IFREG | 0644, stamp, &st));
	/* racy: stamped in the same second the scan began, even earlier
	 * within it -- a write after the read could keep these stamps */
	st = mkst(1000 * SEC + 100, 1000 * SEC + 100);
	assert_false(ck_statcache_trusted(7, 42, 100, 1000 * SEC + 100,
					  1000 * SEC + 100, S_IFREG | 0644,
					  stamp, &st));
	/* or later (clock skew, a file touched into the future) */
	st = mkst(2000 * SEC, 990 * SEC);
	assert_false(ck_statcache_trusted(7, 42, 100, 2000 * SEC, 990 * SEC,
					  S_IFREG | 0644, stamp, &st));
	/* the second before is fine */
	st = mkst(999 * SEC + 999999999, 999 * SEC);
	assert_true(ck_statcache_trusted(7, 42, 100, 999 * SEC + 999999999,
					 999 * SEC, S_IFREG | 0644, stamp,
					 &st));
}

static void
test_roundtrip(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char path[256];
	struct ck_statcache *c, *d;
	struct ck_error err;
	unsigned char sha[32], sha2[32];
	struct stat st = mkst(10 * SEC, 10 * SEC);
	const unsigned char *got;

	(void)state;
	snprintf(path, sizeof(path), "%s/ck-statcache-%d",
		 tmp && *tmp ? tmp : "/tmp", (int)getpid());
	memset(sha, 0xab, 32);
	memset(sha2, 0xcd, 32);
	c = ck_statcache_new(100 * SEC);
	assert_int_equal(ck_statcache_add(c, "b/z", 3, &st, sha2), 0);
	assert_int_equal(ck_statcache_add(c, "a\nodd\xff", 7, &st, sha), 0);
	assert_int_equal(ck_statcache_save(c, path, &err), 0);
	ck_statcache_free(c);
	d = ck_statcache_load(path, &err);
	assert_non_null(d);
	assert_int_equal(ck_statcache_count(d), 2);
	got = ck_statcache_lookup(d, "a\nodd\xff", 7, &st);
	assert_non_null(got);
	assert_memory_equal(got, sha, 32);
	got = ck_statcache_lookup(d, "b/z", 3, &st);
	assert_non_null(got);
	assert_memory_equal(got, sha2, 32);
	assert_null(ck_statcache_lookup(d, "b/y", 3, &st));
	ck_statcache_free(d);
	/* one flipped byte: refused as a whole, with the file named */
	{
		char *buf;
		size_t len;

		assert_int_equal(ck_read_file(path, 1 << 20, &buf, &len, &err),
				 0);
		buf[30] ^= 0x10;
		assert_null(ck_statcache_parse(buf, len, "x.cache", &err));
		assert_non_null(strstr(err.msg, "x.cache"));
		assert_null(ck_statcache_parse(buf, 5, "x.cache", &err));
		free(buf);
	}
	/* missing: empty */
	unlink(path);
	d = ck_statcache_load(path, &err);
	assert_non_null(d);
	assert_int_equal(ck_statcache_count(d), 0);
	ck_statcache_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trust_rule),
		cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests_name("statcache", tests, NULL, NULL);
}
