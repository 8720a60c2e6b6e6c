/* test_buf.c -- growable buffer: growth, NUL termination, detach. */
#include <config.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"

static void
test_append_grows_and_terminates(void **state)
{
	struct ck_buf b = CK_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(ck_buf_append(&b, "abc", 3), 0);
	assert_int_equal(b.len, 3000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_memory_equal(b.data + 2997, "abc", 3);
	ck_buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void
test_appendf_and_char(void **state)
{
	struct ck_buf b;
	char big[300];

	(void)state;
	ck_buf_init(&b);
	assert_int_equal(ck_buf_appendf(&b, "%s:%d", "line", 42), 0);
	assert_int_equal(ck_buf_append_char(&b, '!'), 0);
	assert_string_equal(b.data, "line:42!");
	/* Longer than the first allocation: the size must be recomputed. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(ck_buf_appendf(&b, "%s", big), 0);
	assert_int_equal(b.len, 8 + 299);
	assert_int_equal(strlen(b.data), b.len);
	ck_buf_release(&b);
}

static void
test_reset_keeps_storage(void **state)
{
	struct ck_buf b = CK_BUF_INIT;
	char *before;

	(void)state;
	assert_int_equal(ck_buf_append_str(&b, "hello"), 0);
	before = b.data;
	ck_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, before);
	assert_string_equal(b.data, "");
	ck_buf_release_secret(&b);
	assert_null(b.data);
}

static void
test_detach(void **state)
{
	struct ck_buf b = CK_BUF_INIT;
	size_t len = 99;
	char *p;

	(void)state;
	p = ck_buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);
	assert_int_equal(ck_buf_append(&b, "a\0b", 3), 0);
	p = ck_buf_detach(&b, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(p, "a\0b", 4);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(p);
}

static void
test_overflow(void **state)
{
	struct ck_buf b = CK_BUF_INIT;

	(void)state;
	assert_int_equal(ck_buf_append_str(&b, "x"), 0);
	errno = 0;
	assert_int_equal(ck_buf_reserve(&b, SIZE_MAX), -1);
	assert_int_equal(errno, EOVERFLOW);
	assert_int_equal(b.len, 1);
	ck_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_grows_and_terminates),
		cmocka_unit_test(test_appendf_and_char),
		cmocka_unit_test(test_reset_keeps_storage),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
