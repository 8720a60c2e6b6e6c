## dsver: content-addressed dataset versions.  The object store and the
## stat cache it stands on are in libcommon (src/common/store.mk); the
## parts the tests and fuzzers reach are in libdsver.a.
noinst_LIBRARIES += src/dsver/libdsver.a
src_dsver_libdsver_a_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_dsver_libdsver_a_SOURCES = \
	src/dsver/manifest.c src/dsver/manifest.h \
	src/dsver/scan.c src/dsver/scan.h \
	src/dsver/repo.c src/dsver/repo.h \
	src/dsver/csv.c src/dsver/csv.h \
	src/dsver/diffcore.c src/dsver/diffcore.h \
	src/dsver/oci.c src/dsver/oci.h
DSVER_LIBS = src/dsver/libdsver.a $(CK_LIBS)

bin_PROGRAMS += src/dsver/dsver
src_dsver_dsver_SOURCES = \
	src/dsver/dsver.h \
	src/dsver/main.c \
	src/dsver/util.c \
	src/dsver/snapshot.c \
	src/dsver/info.c \
	src/dsver/diff.c \
	src/dsver/verify.c \
	src/dsver/checkout.c \
	src/dsver/export.c \
	src/dsver/import.c \
	src/dsver/gc.c
src_dsver_dsver_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_dsver_dsver_LDADD = $(DSVER_LIBS)

dsver_unit_tests = tests/unit/test_dsver_manifest tests/unit/test_dsver_diff
check_PROGRAMS += $(dsver_unit_tests)
TESTS += $(dsver_unit_tests)
tests_unit_test_dsver_manifest_SOURCES = tests/unit/test_dsver_manifest.c
tests_unit_test_dsver_manifest_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_dsver_manifest_LDADD = $(DSVER_LIBS) $(CMOCKA_LIBS)
tests_unit_test_dsver_diff_SOURCES = tests/unit/test_dsver_diff.c
tests_unit_test_dsver_diff_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_dsver_diff_LDADD = $(DSVER_LIBS) $(CMOCKA_LIBS)

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_dsver_manifest tests/fuzz/fuzz_dsver_csv \
	tests/fuzz/fuzz_dsver_oci
tests_fuzz_fuzz_dsver_manifest_SOURCES = tests/fuzz/fuzz_dsver_manifest.c
tests_fuzz_fuzz_dsver_manifest_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_dsver_manifest_LDADD = $(DSVER_LIBS)
tests_fuzz_fuzz_dsver_manifest_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_dsver_csv_SOURCES = tests/fuzz/fuzz_dsver_csv.c
tests_fuzz_fuzz_dsver_csv_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_dsver_csv_LDADD = $(DSVER_LIBS)
tests_fuzz_fuzz_dsver_csv_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_dsver_oci_SOURCES = tests/fuzz/fuzz_dsver_oci.c
tests_fuzz_fuzz_dsver_oci_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_dsver_oci_LDADD = $(DSVER_LIBS)
tests_fuzz_fuzz_dsver_oci_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_dsver_manifest.c tests/fuzz/fuzz_dsver_csv.c \
	tests/fuzz/fuzz_dsver_oci.c tests/fuzz/corpus/dsver_manifest \
	tests/fuzz/corpus/dsver_csv tests/fuzz/corpus/dsver_oci \
	tests/fuzz/corpus/statcache tests/fuzz/corpus/storeidx

## CLI cases (tests/cli/run-case compares exit/stdout/stderr).
dsver_cli_cases = \
	tests/cli/dsver/help.sh \
	tests/cli/dsver/usage.sh \
	tests/cli/dsver/options-doc.sh \
	tests/cli/dsver/store-missing.sh \
	tests/cli/dsver/snapshot.sh \
	tests/cli/dsver/oddpaths.sh \
	tests/cli/dsver/statcache.sh \
	tests/cli/dsver/diff.sh \
	tests/cli/dsver/verify.sh \
	tests/cli/dsver/checkout.sh \
	tests/cli/dsver/archive.sh \
	tests/cli/dsver/archive-bad.sh \
	tests/cli/dsver/meta.sh \
	tests/cli/dsver/export.sh \
	tests/cli/dsver/skopeo.sh \
	tests/cli/dsver/gc.sh \
	tests/cli/dsver/audit.sh \
	tests/cli/dsver/auditlog.sh \
	tests/cli/dsver/progress.sh \
	tests/cli/dsver/lock.sh \
	tests/cli/dsver/kill.sh \
	tests/cli/dsver/store-format.sh \
	tests/cli/dsver/unreadable.sh \
	tests/cli/dsver/man-examples.sh \
	tests/cli/dsver/readme.sh
TESTS += $(dsver_cli_cases)
dsver_cli_expect = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/cli/dsver/*.exit \
	$(srcdir)/tests/cli/dsver/*.stdout \
	$(srcdir)/tests/cli/dsver/*.stderr))
EXTRA_DIST += tests/cli/dsver/lib.sh $(dsver_cli_cases) $(dsver_cli_expect)
