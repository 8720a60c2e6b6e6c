/* test_dsver_diff.c -- pairing renames by content, and CSV column
 * types. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "dsver/csv.h"
#include "dsver/diffcore.h"

static struct ds_entry
mk(const char *path, int content, uint64_t size, uint32_t mode)
{
	struct ds_entry e;

	memset(&e, 0, sizeof(e));
	e.path = (char *)path;
	e.len = strlen(path);
	e.mode = mode;
	e.size = size;
	memset(e.sha, content, sizeof(e.sha));
	return e;
}

static void
test_renames(void **state)
{
	struct ds_diff d;
	struct ds_entry r1 = mk("old/a", 1, 10, S_IFREG | 0644);
	struct ds_entry r2 = mk("old/b", 2, 10, S_IFREG | 0644);
	struct ds_entry r3 = mk("old/empty", 0, 0, S_IFREG | 0644);
	struct ds_entry r4 = mk("twin1", 3, 5, S_IFREG | 0644);
	struct ds_entry a1 = mk("new/a", 1, 10, S_IFREG | 0755);
	struct ds_entry a2 = mk("new/empty", 0, 0, S_IFREG | 0644);
	struct ds_entry a3 = mk("twin2", 3, 5, S_IFREG | 0644);
	struct ds_entry a4 = mk("twin3", 3, 5, S_IFREG | 0644);
	struct ds_entry a5 = mk("link", 2, 10, S_IFLNK | 0777);
	struct ds_entry m0 = mk("same", 4, 1, S_IFREG | 0644);
	struct ds_entry m1 = mk("same", 5, 1, S_IFREG | 0644);
	struct ds_entry t0 = mk("x", 6, 1, S_IFREG | 0644);
	struct ds_entry t1 = mk("x", 6, 1, S_IFREG | 0600);

	(void)state;
	ds_diff_init(&d);
	assert_int_equal(ds_diff_removed(&d, &r1), 0);
	assert_int_equal(ds_diff_removed(&d, &r2), 0);
	assert_int_equal(ds_diff_removed(&d, &r3), 0);
	assert_int_equal(ds_diff_removed(&d, &r4), 0);
	assert_int_equal(ds_diff_added(&d, &a1), 0);
	assert_int_equal(ds_diff_added(&d, &a2), 0);
	assert_int_equal(ds_diff_added(&d, &a3), 0);
	assert_int_equal(ds_diff_added(&d, &a4), 0);
	assert_int_equal(ds_diff_added(&d, &a5), 0);
	assert_int_equal(ds_diff_same_path(&d, &m0, &m1), 0);
	assert_int_equal(ds_diff_same_path(&d, &t0, &t1), 0);
	assert_int_equal(ds_diff_same_path(&d, &t0, &t0), 0);
	assert_int_equal(ds_diff_finish(&d), 0);
	/* sorted by (new) path:
	 * link A (a symlink is not a rename of a file), new/a R old/a,
	 * new/empty A (empty files never pair), old/b D, old/empty D,
	 * same M, twin2 R twin1 (one source pairs once), twin3 A, x mode */
	assert_int_equal(d.nrec, 9);
	assert_int_equal(d.rec[0].kind, DS_ADDED);
	assert_string_equal(d.rec[0].b.path, "link");
	assert_int_equal(d.rec[1].kind, DS_RENAMED);
	assert_string_equal(d.rec[1].a.path, "old/a");
	assert_string_equal(d.rec[1].b.path, "new/a");
	assert_int_equal(d.rec[2].kind, DS_ADDED);
	assert_int_equal(d.rec[3].kind, DS_REMOVED);
	assert_string_equal(d.rec[3].a.path, "old/b");
	assert_int_equal(d.rec[4].kind, DS_REMOVED);
	assert_int_equal(d.rec[5].kind, DS_MODIFIED);
	assert_int_equal(d.rec[6].kind, DS_RENAMED);
	assert_string_equal(d.rec[6].a.path, "twin1");
	assert_int_equal(d.rec[7].kind, DS_ADDED);
	assert_string_equal(d.rec[7].b.path, "twin3");
	assert_int_equal(d.rec[8].kind, DS_MODE);
	ds_diff_release(&d);
}

static const char *
coltype(json_t *v, size_t i)
{
	return json_string_value(json_object_get(json_array_get(
		json_object_get(v, "columns"), i), "type"));
}

static void
test_csv(void **state)
{
	const char csv[] = "\xef\xbb\xbfid,score,when,at,flag,name,blank\r\n"
			   "1,2.5,2024-01-02,2024-01-02T10:00:00Z,true,\"Doe, J\",\n"
			   "-7,3,2024-02-03,2024-02-03,false,\"say \"\"hi\"\"\",\n";
	json_t *v = ds_csv_columns(csv, sizeof(csv) - 1);

	(void)state;
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(v, "columns"), 0), "name")),
		"id");
	assert_string_equal(coltype(v, 0), "integer");
	assert_string_equal(coltype(v, 1), "number");
	assert_string_equal(coltype(v, 2), "date");
	assert_string_equal(coltype(v, 3), "datetime");
	assert_string_equal(coltype(v, 4), "boolean");
	assert_string_equal(coltype(v, 5), "string");
	assert_string_equal(coltype(v, 6), "empty");
	assert_int_equal(json_integer_value(json_object_get(v, "rows_sampled")),
			 2);
	json_decref(v);
	/* a header that is not UTF-8 is not described */
	assert_null(ds_csv_columns("a\xff,b\n1,2\n", 10));
	assert_null(ds_csv_columns("", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_renames),
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests_name("dsver_diff", tests, NULL, NULL);
}
