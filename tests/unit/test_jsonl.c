/* test_jsonl.c -- JSON Lines reader errors with their line and byte, the
 * line bound, recovery after a bad line, and the writer. */
#include <config.h>

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/jsonl.h"

struct src {
	FILE *fp;
	struct ck_jsonl_reader *r;
};

static void
src_open(struct src *s, const void *data, size_t n, const char *name,
	 size_t max)
{
	/* fmemopen refuses a zero-sized buffer. */
	s->fp = n ? fmemopen((void *)data, n, "r") : fopen("/dev/null", "r");
	assert_non_null(s->fp);
	s->r = ck_jsonl_reader_new(s->fp, name, max);
	assert_non_null(s->r);
}

static void
src_close(struct src *s)
{
	ck_jsonl_reader_free(s->r);
	fclose(s->fp);
}

#define OPEN(s, lit, name, max) src_open(s, lit, sizeof(lit) - 1, name, max)

static void
expect_obj(struct src *s, unsigned long line, const char *key,
	   json_int_t val)
{
	struct ck_error err;
	json_t *v = NULL;

	ck_error_clear(&err);
	assert_int_equal(ck_jsonl_read(s->r, &v, &err), 1);
	assert_non_null(v);
	assert_int_equal(ck_jsonl_lineno(s->r), line);
	assert_int_equal(json_integer_value(json_object_get(v, key)), val);
	json_decref(v);
}

static void
expect_err(struct src *s, const char *msg)
{
	struct ck_error err;
	json_t *v = (json_t *)1;

	ck_error_clear(&err);
	assert_int_equal(ck_jsonl_read(s->r, &v, &err), -1);
	assert_null(v);
	assert_string_equal(err.msg, msg);
}

static void
expect_end(struct src *s)
{
	struct ck_error err;
	json_t *v = (json_t *)1;

	assert_int_equal(ck_jsonl_read(s->r, &v, &err), 0);
	assert_null(v);
	/* And again: end is sticky. */
	assert_int_equal(ck_jsonl_read(s->r, &v, &err), 0);
}

/* A fresh directory under $TMPDIR (or /tmp). */
static void
make_tmpdir(char *dir, size_t size, const char *tag)
{
	const char *t = getenv("TMPDIR");

	if (t == NULL || *t == '\0')
		t = "/tmp";
	assert_true((size_t)snprintf(dir, size, "%s/%s.XXXXXX", t, tag) < size);
	assert_non_null(mkdtemp(dir));
}

static void
test_good_lines(void **state)
{
	struct src s;
	const char *raw;
	size_t len;

	(void)state;
	OPEN(&s, "{\"a\":1}\n\n   \n{\"a\":2}\r\n\t\r\n{\"a\":3}", "in.jsonl", 0);
	expect_obj(&s, 1, "a", 1);
	raw = ck_jsonl_line(s.r, &len);
	assert_int_equal(len, 7);
	assert_string_equal(raw, "{\"a\":1}");
	/* Blank and whitespace-only lines are skipped but counted. */
	expect_obj(&s, 4, "a", 2);
	raw = ck_jsonl_line(s.r, &len);
	assert_int_equal(len, 7);	/* the CR is gone */
	assert_string_equal(raw, "{\"a\":2}");
	/* Last line without a newline. */
	expect_obj(&s, 6, "a", 3);
	expect_end(&s);
	src_close(&s);

	OPEN(&s, "", "empty", 0);
	expect_end(&s);
	src_close(&s);
	OPEN(&s, "\n\n", "blank", 0);
	expect_end(&s);
	src_close(&s);
}

static void
test_long_line_then_good(void **state)
{
	char data[4096];
	struct src s;
	size_t n = 0;

	(void)state;
	/* 2000 bytes over a 16-byte bound, then lines at exactly the bound
	 * (with and without CR), then one byte over. */
	n += (size_t)sprintf(data + n, "{\"a\":\"");
	memset(data + n, 'x', 2000);
	n += 2000;
	n += (size_t)sprintf(data + n, "\"}\n");
	n += (size_t)sprintf(data + n, "{\"a\":2}\n");
	n += (size_t)sprintf(data + n, "{\"a\":3333333333}\n");	/* 16 */
	n += (size_t)sprintf(data + n, "{\"a\":4444444444}\r\n");
	n += (size_t)sprintf(data + n, "{\"a\":55555555555}\n");	/* 17 */
	n += (size_t)sprintf(data + n, "{\"a\":6}");
	src_open(&s, data, n, "big.jsonl", 16);
	expect_err(&s, "big.jsonl:1: line longer than 16 bytes");
	assert_int_equal(ck_jsonl_lineno(s.r), 1);
	expect_obj(&s, 2, "a", 2);
	expect_obj(&s, 3, "a", 3333333333LL);
	expect_obj(&s, 4, "a", 4444444444LL);
	expect_err(&s, "big.jsonl:5: line longer than 16 bytes");
	expect_obj(&s, 6, "a", 6);
	expect_end(&s);
	src_close(&s);
}

static void
test_long_last_line(void **state)
{
	static char data[100000];
	struct src s;

	(void)state;
	memset(data, 'y', sizeof(data));
	src_open(&s, data, sizeof(data), "tail", 1000);
	expect_err(&s, "tail:1: line longer than 1000 bytes");
	expect_end(&s);
	src_close(&s);
}

static void
test_bad_bytes(void **state)
{
	struct src s;

	(void)state;
	OPEN(&s, "{\"a\":1}\n{\"a\":\"\xff\"}\n{\"x\":\"\xc0\x80\"}\n"
		 "{\"a\":\"\xed\xa0\x80\"}\n{\"a\":\"\xe2\x82\"}\n"
		 "{\"a\":1}\0\n{\"a\":9}\n", "-", 0);
	expect_obj(&s, 1, "a", 1);
	expect_err(&s, "<stdin>:2: invalid UTF-8 at byte 7");
	expect_err(&s, "<stdin>:3: invalid UTF-8 at byte 7");	/* overlong */
	expect_err(&s, "<stdin>:4: invalid UTF-8 at byte 7");	/* surrogate */
	expect_err(&s, "<stdin>:5: invalid UTF-8 at byte 7");	/* cut */
	expect_err(&s, "<stdin>:6: NUL byte at byte 8");
	expect_obj(&s, 7, "a", 9);
	expect_end(&s);
	src_close(&s);
}

static void
test_not_object(void **state)
{
	struct src s;

	(void)state;
	OPEN(&s, "[1,2]\n42\n\"text\"\nnull\n{\"a\":1}\n", "n.jsonl", 0);
	expect_err(&s, "n.jsonl:1: not a JSON object");
	expect_err(&s, "n.jsonl:2: not a JSON object");
	expect_err(&s, "n.jsonl:3: not a JSON object");
	expect_err(&s, "n.jsonl:4: not a JSON object");
	expect_obj(&s, 5, "a", 1);
	src_close(&s);
}

static void
test_syntax_errors(void **state)
{
	struct ck_error err;
	json_t *v;
	struct src s;

	(void)state;
	OPEN(&s, "{\"a\":1}\n{\"a\":}\n{\"name\":\"Dana Diaz\n"
		 "{\"a\":1,\"a\":2}\n{\"a\":1} {\"b\":2}\n{\"a\":7}\n",
		 "s.jsonl", 0);
	expect_obj(&s, 1, "a", 1);
	ck_error_clear(&err);
	assert_int_equal(ck_jsonl_read(s.r, &v, &err), -1);
	assert_true(strncmp(err.msg, "s.jsonl:2:6: ", 13) == 0);
	/* The offending token is not quoted: it could be PHI. */
	assert_int_equal(ck_jsonl_read(s.r, &v, &err), -1);
	assert_true(strncmp(err.msg, "s.jsonl:3:", 10) == 0);
	assert_null(strstr(err.msg, "Dana"));
	assert_null(strstr(err.msg, "near '"));
	assert_int_equal(ck_jsonl_read(s.r, &v, &err), -1);
	assert_true(strncmp(err.msg, "s.jsonl:4:", 10) == 0);
	assert_non_null(strstr(err.msg, "duplicate"));
	assert_int_equal(ck_jsonl_read(s.r, &v, &err), -1);
	assert_true(strncmp(err.msg, "s.jsonl:5:", 10) == 0);
	assert_non_null(strstr(err.msg, "end of file expected"));
	expect_obj(&s, 6, "a", 7);
	expect_end(&s);
	src_close(&s);
}

static void
test_write(void **state)
{
	char *text = NULL;
	size_t len = 0;
	json_t *v;
	FILE *fp;
	struct ck_error err;

	(void)state;
	v = json_pack("{s:i, s:s, s:[i,b], s:n}", "z", 1, "a", "caf\xc3\xa9 \xf0\x9f\x98\x80",
		      "m", 2, 1, "q");
	assert_non_null(v);
	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	assert_int_equal(ck_jsonl_write(fp, v, &err), 0);
	assert_int_equal(ck_jsonl_write(fp, v, &err), 0);
	fclose(fp);
	/* Compact, insertion order, UTF-8 kept, one line each. */
	assert_string_equal(text,
		"{\"z\":1,\"a\":\"caf\xc3\xa9 \xf0\x9f\x98\x80\",\"m\":[2,true],\"q\":null}\n"
		"{\"z\":1,\"a\":\"caf\xc3\xa9 \xf0\x9f\x98\x80\",\"m\":[2,true],\"q\":null}\n");
	free(text);
	text = ck_json_compact(v);
	assert_string_equal(text,
		"{\"z\":1,\"a\":\"caf\xc3\xa9 \xf0\x9f\x98\x80\",\"m\":[2,true],\"q\":null}");
	free(text);
	json_decref(v);
}

static void
test_write_epipe(void **state)
{
	struct ck_error err;
	void (*old)(int);
	json_t *v;
	FILE *fp;
	int p[2];

	(void)state;
	old = signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	fp = fdopen(p[1], "w");
	assert_non_null(fp);
	v = json_pack("{s:i}", "a", 1);
	ck_error_clear(&err);
	assert_int_equal(ck_jsonl_write(fp, v, &err), -1);
	assert_int_equal(err.errnum, EPIPE);
	assert_string_equal(err.msg, "write error");
	json_decref(v);
	fclose(fp);
	signal(SIGPIPE, old);
}

static void
test_roundtrip_file(void **state)
{
	char dir[4096], path[4200];
	struct ck_error err;
	struct src s;
	json_t *v, *w;
	FILE *fp;
	int i;

	(void)state;
	make_tmpdir(dir, sizeof(dir), "test_jsonl");
	snprintf(path, sizeof(path), "%s/r.jsonl", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	for (i = 0; i < 1000; i++) {
		v = json_pack("{s:i,s:s}", "i", i, "text", "x\ty\n\"z\"");
		assert_int_equal(ck_jsonl_write(fp, v, &err), 0);
		json_decref(v);
	}
	fclose(fp);
	s.fp = fopen(path, "r");
	assert_non_null(s.fp);
	s.r = ck_jsonl_reader_new(s.fp, path, 64);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(ck_jsonl_read(s.r, &w, &err), 1);
		assert_int_equal(json_integer_value(json_object_get(w, "i")), i);
		assert_string_equal(json_string_value(json_object_get(w, "text")),
				    "x\ty\n\"z\"");
		json_decref(w);
	}
	expect_end(&s);
	src_close(&s);
	unlink(path);
	rmdir(dir);
}

/* Records pass through unchanged: reals in their shortest round-trip
 * form, integers exact, member order kept. */
static void
test_write_numbers(void **state)
{
	json_error_t je;
	json_t *v;
	char *s;

	(void)state;
	v = json_loads("{\"z\":0.1,\"a\":9007199254740993,\"m\":[1.5e300,-2.5,1e-7,100.0]}",
		       0, &je);
	assert_non_null(v);
	s = ck_json_compact(v);
	assert_non_null(s);
	assert_string_equal(s, "{\"z\":0.1,\"a\":9007199254740993,"
			    "\"m\":[1.5e+300,-2.5,1e-7,100]}");
	free(s);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_lines),
		cmocka_unit_test(test_long_line_then_good),
		cmocka_unit_test(test_long_last_line),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_not_object),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_write_numbers),
		cmocka_unit_test(test_write_epipe),
		cmocka_unit_test(test_roundtrip_file),
	};

	return cmocka_run_group_tests_name("jsonl", tests, NULL, NULL);
}
