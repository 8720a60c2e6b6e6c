## libcommon core: diagnostics, buffers, UTF-8, JSON Lines, hashing,
## canonical JSON, time, options.
common_core_files = \
	src/common/err.c src/common/err.h \
	src/common/buf.c src/common/buf.h \
	src/common/utf8.c src/common/utf8.h \
	src/common/hash.c src/common/hash.h \
	src/common/cli.c src/common/cli.h \
	src/common/cmd.c src/common/cmd.h \
	src/common/progress.c src/common/progress.h \
	src/common/jsonl.c src/common/jsonl.h \
	src/common/timefmt.c src/common/timefmt.h \
	src/common/canon.c src/common/canon.h \
	src/common/jsontape.c src/common/jsontape.h

core_unit_tests = \
	tests/unit/test_buf \
	tests/unit/test_utf8 \
	tests/unit/test_hash \
	tests/unit/test_cli \
	tests/unit/test_jsonl \
	tests/unit/test_timefmt \
	tests/unit/test_canon \
	tests/unit/test_progress
check_PROGRAMS += $(core_unit_tests)
TESTS += $(core_unit_tests)

tests_unit_test_buf_SOURCES = tests/unit/test_buf.c
tests_unit_test_buf_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_buf_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_utf8_SOURCES = tests/unit/test_utf8.c
tests_unit_test_utf8_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_utf8_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_hash_SOURCES = tests/unit/test_hash.c
tests_unit_test_hash_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_hash_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_cli_SOURCES = tests/unit/test_cli.c
tests_unit_test_cli_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_cli_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_jsonl_SOURCES = tests/unit/test_jsonl.c
tests_unit_test_jsonl_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_jsonl_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_timefmt_SOURCES = tests/unit/test_timefmt.c
tests_unit_test_timefmt_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_timefmt_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_canon_SOURCES = tests/unit/test_canon.c
tests_unit_test_canon_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_canon_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_progress_SOURCES = tests/unit/test_progress.c
tests_unit_test_progress_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_progress_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_jsonl tests/fuzz/fuzz_time
tests_fuzz_fuzz_jsonl_SOURCES = tests/fuzz/fuzz_jsonl.c
tests_fuzz_fuzz_jsonl_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_jsonl_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_jsonl_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_time_SOURCES = tests/fuzz/fuzz_time.c
tests_fuzz_fuzz_time_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_time_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_time_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_jsonl.c tests/fuzz/fuzz_time.c \
	tests/fuzz/corpus/jsonl tests/fuzz/corpus/time
