/* test_progress.c -- the progress line: off unless wanted, its text,
 * redrawn only when due, erased at the end, and diagnostics told to
 * erase it while it is drawn. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/err.h"
#include "common/progress.h"

static void
test_off_unless_wanted(void **state)
{
	struct ck_progress p;

	(void)state;
	setenv("COMPLYKIT_PROGRESS", "0", 1);
	ck_progress_start(&p, "hashing", "files", 10);
	assert_null(p.fp);
	ck_progress_add(&p, 3, 100);
	assert_int_equal(p.done, 3);	/* still counted */
	ck_progress_end(&p);
	/* by default: on a terminal only (make check's stderr is a file),
	 * and never with -q */
	unsetenv("COMPLYKIT_PROGRESS");
	ck_progress_start(&p, "hashing", "files", 10);
	assert_true((p.fp != NULL) == (isatty(2) != 0));
	ck_verbosity = -1;
	ck_progress_start(&p, "hashing", "files", 10);
	assert_null(p.fp);
	ck_verbosity = 0;
	setenv("COMPLYKIT_PROGRESS", "1", 1);
	ck_progress_start(&p, "hashing", "files", 10);
	assert_non_null(p.fp);
	ck_progress_end(&p);
}

static void
test_format(void **state)
{
	struct ck_progress p;
	char buf[256];

	(void)state;
	setenv("COMPLYKIT_PROGRESS", "0", 1);
	ck_progress_start(&p, "hashing", "files", 200);
	ck_progress_add(&p, 50, 3 << 20);
	ck_progress_format(&p, 0.1, buf, sizeof(buf));
	assert_string_equal(buf, "test_progress: hashing 50/200 files, 3.0 MiB "
			    "(25%)");
	ck_progress_format(&p, 2.0, buf, sizeof(buf));
	assert_string_equal(buf, "test_progress: hashing 50/200 files, 3.0 MiB "
			    "(25%), 1.5 MiB/s");
	ck_progress_start(&p, "verifying", "events", 0);
	ck_progress_add(&p, 1000, 0);
	ck_progress_format(&p, 4.0, buf, sizeof(buf));
	assert_string_equal(buf, "test_progress: verifying 1000 events, "
			    "250 events/s");
	/* with the bytes to do known, the percentage is of bytes */
	ck_progress_start(&p, "hashing", "files", 4);
	p.total_bytes = 4 << 20;
	ck_progress_add(&p, 1, 3 << 20);
	ck_progress_format(&p, 0.1, buf, sizeof(buf));
	assert_string_equal(buf, "test_progress: hashing 1/4 files, 3.0 MiB "
			    "of 4.0 MiB (75%)");
	/* nothing read yet: no sizes, the share still shown */
	p.bytes = 0;
	ck_progress_format(&p, 0.1, buf, sizeof(buf));
	assert_string_equal(buf, "test_progress: hashing 1/4 files (0%)");
	/* one, with no total: the singular */
	ck_progress_start(&p, "redacting", "files", 0);
	ck_progress_add(&p, 1, 0);
	ck_progress_format(&p, 0.1, buf, sizeof(buf));
	assert_string_equal(buf, "test_progress: redacting 1 file");
	ck_progress_add(&p, 1, 0);
	ck_progress_format(&p, 0.1, buf, sizeof(buf));
	assert_string_equal(buf, "test_progress: redacting 2 files");
	/* a tiny buffer is cut, never overrun */
	ck_progress_format(&p, 4.0, buf, 10);
	assert_string_equal(buf, "test_prog");
}

static void
test_draw_and_erase(void **state)
{
	struct ck_progress p;
	struct timespec nap = { 0, 250000000 };
	char out[1024];
	FILE *fp = tmpfile();
	size_t n;

	(void)state;
	assert_non_null(fp);
	setenv("COMPLYKIT_PROGRESS", "1", 1);
	setenv("COMPLYKIT_PROGRESS_DELAY", "0", 1);
	ck_progress_start(&p, "hashing", "files", 4);
	p.fp = fp;
	/* with no delay the first count draws */
	ck_progress_add(&p, 1, 2 << 20);
	assert_int_equal(p.drawn, 1);
	assert_int_equal(ck_diag_erase, 1);
	/* then not again within 200 ms */
	ck_progress_add(&p, 1, 2 << 20);
	nanosleep(&nap, NULL);
	/* small items read the clock only every 256 calls */
	ck_progress_add(&p, 0, 10);
	/* a poller's count reads it at once */
	ck_progress_set(&p, 3, 4 << 20);
	ck_progress_end(&p);
	assert_int_equal(ck_diag_erase, 0);
	rewind(fp);
	n = fread(out, 1, sizeof(out) - 1, fp);
	out[n] = '\0';
	fclose(fp);
	/* (a rate follows the second line if this ran slowly) */
	assert_true(strncmp(out, "\rtest_progress: hashing 1/4 files, 2.0 MiB "
			    "(25%)\033[K\rtest_progress: hashing 3/4 files, "
			    "4.0 MiB (75%)", 99) == 0);
	assert_string_equal(out + n - 7, "\033[K\r\033[K");
	assert_int_equal(strchr(out + 1, '\r') - out, 51);

	/* by default nothing within the first second */
	unsetenv("COMPLYKIT_PROGRESS_DELAY");
	fp = tmpfile();
	assert_non_null(fp);
	ck_progress_start(&p, "hashing", "files", 4);
	p.fp = fp;
	nanosleep(&nap, NULL);
	ck_progress_set(&p, 1, 0);
	assert_int_equal(p.drawn, 0);
	ck_progress_end(&p);
	assert_int_equal(ftell(fp), 0);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_off_unless_wanted),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_draw_and_erase),
	};

	ck_set_progname("test_progress");
	return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
