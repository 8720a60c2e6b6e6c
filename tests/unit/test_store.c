/* test_store.c -- the content-addressed object store: put/read of packed
 * and loose objects, dedup, corruption caught and named, gc keeping only
 * live objects, an unindexed pack being invisible. */
#include <config.h>

#include <dirent.h>
#include <fcntl.h>
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

#include "common/buf.h"
#include "common/store.h"
#include "storetest.h"

static void
put(struct ck_store *s, const void *p, size_t n, unsigned char sha[32])
{
	struct ck_error err;

	assert_int_equal(ck_sha256(p, n, sha), 0);
	assert_int_equal(ck_store_put(s, sha, p, n, &err), 0);
}

static void
expect(struct ck_store *s, const unsigned char *sha, const void *p, size_t n)
{
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;
	uint64_t size;

	assert_int_equal(ck_store_read(s, sha, st_collect, &b, &size, &err), 0);
	assert_int_equal(size, n);
	assert_int_equal(b.len, n);
	if (n > 0)
		assert_memory_equal(b.data, p, n);
	ck_buf_release(&b);
}

static unsigned char *
big(size_t n)
{
	unsigned char *p = malloc(n);

	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 2654435761u >> 13);
	return p;
}

static void
test_small_and_loose(void **state)
{
	struct ck_store *s;
	struct ck_error err;
	unsigned char a[32], b[32], c[32], e[32];
	size_t bn = CK_STORE_SMALL + 12345;
	unsigned char *bb = big(bn);

	(void)state;
	s = ck_store_open(st_dir, &err);
	assert_non_null(s);
	put(s, "hello", 5, a);
	put(s, "hello", 5, a);	/* dedup */
	put(s, "", 0, e);
	put(s, bb, bn, b);
	assert_true(ck_store_has(s, a));
	assert_true(ck_store_has(s, b));
	expect(s, b, bb, bn);
	assert_int_equal(ck_store_sync(s, &err), 0);
	expect(s, a, "hello", 5);
	expect(s, e, "", 0);
	ck_sha256("nope", 4, c);
	assert_false(ck_store_has(s, c));
	assert_int_equal(ck_store_read(s, c, NULL, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "missing"));
	ck_store_free(s);
	/* reopened: the pack index is found again */
	s = ck_store_open(st_dir, &err);
	assert_non_null(s);
	expect(s, a, "hello", 5);
	expect(s, b, bb, bn);
	assert_int_equal(ck_store_check(s, NULL, NULL, &err), 0);
	ck_store_free(s);
	free(bb);
}

/* Unsynced small objects are not visible after a crash (no index). */
static int
all_live(void *arg, const unsigned char sha[32])
{
	(void)arg;
	(void)sha;
	return 1;
}

static void
test_unsynced_invisible(void **state)
{
	struct ck_store *s;
	struct ck_error err;
	unsigned char a[32];
	uint64_t removed = 0, freed = 0;

	(void)state;
	s = ck_store_open(st_dir, &err);
	put(s, "lost", 4, a);
	/* simulate a kill: forget the handle without syncing; the temp
	 * pack stays in tmp/ as a crashed process would leave it */
	{
		char cmd[400];

		snprintf(cmd, sizeof(cmd), "cp %s/tmp/pack-* %s/packs/"
			 "0000000000000000000000000000000000000000000000000000000000000000.pack",
			 st_dir, st_dir);
		assert_int_equal(system(cmd), 0);
	}
	ck_store_free(s);
	s = ck_store_open(st_dir, &err);
	assert_non_null(s);
	assert_false(ck_store_has(s, a));
	assert_int_equal(ck_store_check(s, NULL, NULL, &err), 0);
	assert_int_equal(ck_store_gc(s, all_live, NULL, &removed, &freed, &err), 0);
	ck_store_free(s);
	{
		char p[400];

		snprintf(p, sizeof(p), "%s/packs/"
			 "0000000000000000000000000000000000000000000000000000000000000000.pack",
			 st_dir);
		assert_int_equal(access(p, F_OK), -1);
	}
}

/* A big object waits in tmp/ until ck_store_sync: this handle sees it,
 * another handle does not, and a handle freed without syncing (a crash)
 * publishes nothing. */
static void
test_big_deferred(void **state)
{
	struct ck_store *s, *other;
	struct ck_error err;
	unsigned char b[32], c[32];
	size_t bn = CK_STORE_SMALL * 3;
	unsigned char *bb = big(bn);

	(void)state;
	s = ck_store_open(st_dir, &err);
	put(s, bb, bn, b);
	assert_true(ck_store_has(s, b));
	expect(s, b, bb, bn);
	other = ck_store_open(st_dir, &err);
	assert_false(ck_store_has(other, b));
	assert_int_equal(ck_store_sync(s, &err), 0);
	assert_true(ck_store_has(other, b));
	expect(other, b, bb, bn);
	ck_store_free(other);
	bb[0] ^= 1;
	put(s, bb, bn, c);
	ck_store_free(s);	/* no sync */
	s = ck_store_open(st_dir, &err);
	assert_false(ck_store_has(s, c));
	assert_true(ck_store_has(s, b));
	assert_int_equal(ck_store_check(s, NULL, NULL, &err), 0);
	ck_store_free(s);
	free(bb);
}

static int nbad;
static char lastbad[256];

static void
bad(void *arg, const char *what, const char *reason)
{
	(void)arg;
	(void)reason;
	nbad++;
	snprintf(lastbad, sizeof(lastbad), "%s", what);
}

static void
flip_last_byte_of(const char *pattern)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "f=$(ls %s | head -n 1); sz=$(stat -c %%s "
		 "\"$f\"); printf '\\377' | dd of=\"$f\" bs=1 seek=$((sz - 3)) "
		 "conv=notrunc 2>/dev/null", pattern);
	assert_int_equal(system(cmd), 0);
}

static void
test_corruption_named(void **state)
{
	struct ck_store *s;
	struct ck_error err;
	unsigned char a[32], b[32];
	char hex[65], pat[400];
	size_t bn = CK_STORE_SMALL * 2;
	unsigned char *bb = big(bn);

	(void)state;
	s = ck_store_open(st_dir, &err);
	put(s, "some packed bytes that compress? no", 35, a);
	put(s, bb, bn, b);
	ck_store_sync(s, &err);
	ck_store_free(s);
	ck_hex_encode(b, 32, hex);
	snprintf(pat, sizeof(pat), "%s/objects/%.2s/%s", st_dir, hex, hex + 2);
	flip_last_byte_of(pat);
	s = ck_store_open(st_dir, &err);
	nbad = 0;
	assert_int_equal(ck_store_check(s, bad, NULL, &err), 1);
	assert_string_equal(lastbad, hex);
	assert_int_equal(ck_store_read(s, b, NULL, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "corrupt"));
	ck_store_free(s);
	/* a flipped byte in a pack index: the index is refused, named */
	snprintf(pat, sizeof(pat), "%s/packs/*.idx", st_dir);
	flip_last_byte_of(pat);
	s = ck_store_open(st_dir, &err);
	assert_non_null(s);
	assert_false(ck_store_has(s, a));
	nbad = 0;
	assert_int_equal(ck_store_check(s, bad, NULL, &err), 2);
	ck_store_free(s);
	free(bb);
}

static unsigned char keep_sha[32];

static int
live_one(void *arg, const unsigned char sha[32])
{
	(void)arg;
	return memcmp(sha, keep_sha, 32) == 0;
}

static void
test_gc(void **state)
{
	struct ck_store *s;
	struct ck_error err;
	unsigned char a[32], b[32], c[32];
	uint64_t removed, freed;
	size_t bn = CK_STORE_SMALL + 1;
	unsigned char *bb = big(bn);

	(void)state;
	s = ck_store_open(st_dir, &err);
	put(s, "keep me", 7, a);
	put(s, "drop me", 7, c);
	put(s, bb, bn, b);
	ck_store_sync(s, &err);
	memcpy(keep_sha, a, 32);
	assert_int_equal(ck_store_gc(s, live_one, NULL, &removed, &freed,
				     &err), 0);
	assert_int_equal(removed, 2);
	ck_store_free(s);
	s = ck_store_open(st_dir, &err);
	expect(s, a, "keep me", 7);
	assert_false(ck_store_has(s, c));
	assert_false(ck_store_has(s, b));
	assert_int_equal(ck_store_check(s, NULL, NULL, &err), 0);
	ck_store_free(s);
	free(bb);
}

static void
test_idx_check(void **state)
{
	struct ck_error err;
	unsigned char img[16 + 32] = "DSVIDX1\n";

	(void)state;
	/* zero entries, trailer = sha256 of the 16 bytes before it */
	ck_sha256(img, 16, img + 16);
	assert_int_equal(ck_store_idx_check(img, sizeof(img), 8, &err), 0);
	img[20] ^= 1;
	assert_int_equal(ck_store_idx_check(img, sizeof(img), 8, &err), -1);
	assert_int_equal(ck_store_idx_check(img, 10, 8, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_small_and_loose, st_setup,
						st_teardown),
		cmocka_unit_test_setup_teardown(test_unsynced_invisible,
						st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_corruption_named,
						st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_gc, st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_big_deferred, st_setup,
						st_teardown),
		cmocka_unit_test(test_idx_check),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
