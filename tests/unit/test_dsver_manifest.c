/* test_dsver_manifest.c -- dsver manifest lines: the same bytes as RFC
 * 8785 would write, exact round trips for odd paths, refusal of
 * anything non-canonical or unsafe, and the reader's checks. */
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

#include "common/canon.h"
#include "dsver/manifest.h"

static struct ds_entry
mk(const char *path, size_t len, uint32_t mode, uint64_t size)
{
	struct ds_entry e;

	memset(&e, 0, sizeof(e));
	e.path = (char *)path;
	e.len = len;
	e.mode = mode;
	e.size = size;
	memset(e.sha, 0x5a, sizeof(e.sha));
	return e;
}

/* The line is exactly what ck_canon_string makes of the same object. */
static void
test_canonical(void **state)
{
	static const char *const paths[] = {
		"a.txt", "dir/sub/x.csv", "quote\"back\\slash", "nl\nand\ttab",
		"ctl\x01\x1f", "caf\xc3\xa9/\xf0\x9f\x98\x80.bin", "sp ace",
	};
	struct ck_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct ds_entry e = mk(paths[i], strlen(paths[i]),
				       S_IFREG | 0640, 123456789);
		struct ck_buf b = CK_BUF_INIT;
		char hex[65], *canon;
		json_t *o;

		ck_hex_encode(e.sha, 32, hex);
		o = json_pack("{s:s, s:s, s:s, s:I}", "mode", "100640", "path",
			      paths[i], "sha256", hex, "size",
			      (json_int_t)123456789);
		canon = ck_canon_string(o, NULL, &err);
		assert_non_null(canon);
		assert_int_equal(ds_entry_append(&b, &e), 0);
		assert_int_equal(b.len, strlen(canon) + 1);
		assert_memory_equal(b.data, canon, strlen(canon));
		free(canon);
		json_decref(o);
		ck_buf_release(&b);
	}
}

static void
roundtrip(const char *path, size_t len, uint32_t mode)
{
	struct ds_entry e = mk(path, len, mode, 7), back;
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;

	assert_int_equal(ds_entry_append(&b, &e), 0);
	assert_int_equal(ds_entry_parse(b.data, b.len - 1, &back, &err), 0);
	assert_int_equal(back.len, len);
	assert_memory_equal(back.path, path, len);
	assert_int_equal(back.mode, mode);
	assert_int_equal(back.size, 7);
	assert_memory_equal(back.sha, e.sha, 32);
	ds_entry_release(&back);
	ck_buf_release(&b);
}

static void
test_roundtrip(void **state)
{
	(void)state;
	roundtrip("plain", 5, S_IFREG | 0644);
	roundtrip("new\nline", 8, S_IFREG | 0755);
	roundtrip("bad\xff\xfe", 5, S_IFREG | 0600);	/* path_hex */
	roundtrip("d/\xc0\xaf", 4, S_IFLNK | 0777);	/* overlong: hex */
	roundtrip("\x7f\x01", 2, S_IFREG | 04755);
}

static void
refuse(const char *line)
{
	struct ds_entry e;
	struct ck_error err;

	assert_int_equal(ds_entry_parse(line, strlen(line), &e, &err), -1);
}

#define SHA "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"

static void
test_refuse(void **state)
{
	(void)state;
	/* unsafe paths: checkout must never leave its directory */
	refuse("{\"mode\":\"100644\",\"path\":\"/etc/passwd\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"a/../../x\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"..\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"a//b\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"a/\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"./a\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path_hex\":\"2f6574632f706173737764ff\",\"sha256\":\"" SHA "\",\"size\":1}");
	/* non-canonical spellings */
	refuse("{\"mode\":\"100644\",\"path\":\"a\\/b\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"a\\u0041\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"a\\u000a\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path_hex\":\"61\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"a\",\"sha256\":\"" SHA "\",\"size\":01}");
	/* a size with no digits at all (found by fuzz_dsver_manifest) */
	refuse("{\"mode\":\"100644\",\"path\":\"a\",\"sha256\":\"" SHA "\",\"size\":}");
	refuse("{\"mode\":\"100644\",\"path\":\"a\",\"sha256\":\"" SHA "\",\"size\":-1}");
	refuse("{\"mode\":\"100644\",\"path\":\"a\",\"sha256\":\"" SHA "\",\"size\":1} ");
	refuse("{\"path\":\"a\",\"mode\":\"100644\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"040755\",\"path\":\"a\",\"sha256\":\"" SHA "\",\"size\":1}");
	refuse("{\"mode\":\"100644\",\"path\":\"a\",\"sha256\":\"" SHA "\",\"size\":1");
	refuse("{\"mode\":\"100644\",\"path\":\"a\",\"sha256\":\"5A\",\"size\":1}");
}

static const char header[] =
	"{\"bytes\":2,\"files\":2,\"kind\":\"dsver-manifest\",\"message\":\"\","
	"\"meta\":{},\"parent\":null,\"source\":\"/d\",\"store\":true,"
	"\"time\":\"2026-01-01T00:00:00.000000Z\",\"version\":1}\n";

static int
read_all(const char *text, const char *hex, struct ck_error *err)
{
	struct ds_mreader *m = ds_mreader_mem(text, strlen(text), "m", hex,
					      err);
	const struct ds_entry *e;
	int rc, n = 0;

	if (m == NULL)
		return -1;
	while ((rc = ds_mreader_next(m, &e, err)) > 0)
		n++;
	ds_mreader_free(m);
	return rc < 0 ? -1 : n;
}

static void
test_reader(void **state)
{
	struct ck_error err;
	char text[2048], hex[65];
	unsigned char sum[32];
	const char *a = "{\"mode\":\"100644\",\"path\":\"a\",\"sha256\":\"" SHA "\",\"size\":1}\n";
	const char *b = "{\"mode\":\"100644\",\"path\":\"b\",\"sha256\":\"" SHA "\",\"size\":1}\n";

	(void)state;
	snprintf(text, sizeof(text), "%s%s%s", header, a, b);
	ck_sha256(text, strlen(text), sum);
	ck_hex_encode(sum, 32, hex);
	assert_int_equal(read_all(text, hex, &err), 2);
	/* a flipped byte: the digest names it corrupt */
	text[strlen(header) + 44] ^= 1;	/* a digit of the sha256 */
	assert_int_equal(read_all(text, hex, &err), -1);
	assert_non_null(strstr(err.msg, "corrupt"));
	/* out of order */
	snprintf(text, sizeof(text), "%s%s%s", header, b, a);
	assert_int_equal(read_all(text, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "m:3: entries out of order"));
	/* duplicated */
	snprintf(text, sizeof(text), "%s%s%s", header, a, a);
	assert_int_equal(read_all(text, NULL, &err), -1);
	/* count does not match the header */
	snprintf(text, sizeof(text), "%s%s", header, a);
	assert_int_equal(read_all(text, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "do not match"));
	/* no final newline */
	snprintf(text, sizeof(text), "%s%s%s", header, a, b);
	text[strlen(text) - 1] = '\0';
	assert_int_equal(read_all(text, NULL, &err), -1);
	/* not a manifest */
	assert_int_equal(read_all("{\"kind\":\"x\"}\n", NULL, &err), -1);
	assert_int_equal(read_all("", NULL, &err), -1);
}

static void
test_display(void **state)
{
	char *s;

	(void)state;
	s = ds_path_display("a\nb\xff\\c\xc3\xa9", 8);
	assert_string_equal(s, "a\\x0ab\\xff\\x5cc\xc3\xa9");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_refuse),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_display),
	};

	return cmocka_run_group_tests_name("dsver_manifest", tests, NULL,
					   NULL);
}
