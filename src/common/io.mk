## libcommon I/O: YAML loading, crash-safe writes and locks, input walker.
common_io_files = \
	src/common/yaml.c src/common/yaml.h \
	src/common/atomic.c src/common/atomic.h \
	src/common/walk.c src/common/walk.h \
	src/common/walkarc.c src/common/walk_priv.h

io_unit_tests = \
	tests/unit/test_yaml \
	tests/unit/test_atomic \
	tests/unit/test_walk
check_PROGRAMS += $(io_unit_tests) tests/unit/atomic_writer
TESTS += $(io_unit_tests) tests/unit/atomic-kill.test
# atomic-kill.test speaks TAP like the unit tests and is run as it is
# (executable, #!/bin/sh): .test is no registered extension, since .sh
# belongs to the CLI cases' run-case and TEST_EXTENSIONS is set after
# this fragment.
EXTRA_DIST += tests/unit/atomic-kill.test

tests_unit_test_yaml_SOURCES = tests/unit/test_yaml.c
tests_unit_test_yaml_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_yaml_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_atomic_SOURCES = tests/unit/test_atomic.c
tests_unit_test_atomic_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_atomic_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_atomic_writer_SOURCES = tests/unit/atomic_writer.c
tests_unit_atomic_writer_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_unit_atomic_writer_LDADD = $(CK_LIBS)
tests_unit_test_walk_SOURCES = tests/unit/test_walk.c
tests_unit_test_walk_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_walk_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_yaml tests/fuzz/fuzz_archive
tests_fuzz_fuzz_yaml_SOURCES = tests/fuzz/fuzz_yaml.c
tests_fuzz_fuzz_yaml_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_yaml_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_yaml_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_archive_SOURCES = tests/fuzz/fuzz_archive.c
tests_fuzz_fuzz_archive_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_archive_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_archive_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/corpus/yaml tests/fuzz/corpus/archive
