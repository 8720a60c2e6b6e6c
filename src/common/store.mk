## libcommon storage: the content-addressed object store (zstd, packs)
## and the stat cache, first used by dsver.
common_store_files = \
	src/common/store.c src/common/store.h src/common/store_priv.h \
	src/common/storeread.c src/common/storeput.c src/common/storeframe.c \
	src/common/storedio.c \
	src/common/statcache.c src/common/statcache.h

store_unit_tests = \
	tests/unit/test_store \
	tests/unit/test_storeframe \
	tests/unit/test_statcache
check_PROGRAMS += $(store_unit_tests)
TESTS += $(store_unit_tests)

tests_unit_test_store_SOURCES = tests/unit/test_store.c \
	tests/unit/storetest.c tests/unit/storetest.h
tests_unit_test_store_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_store_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_storeframe_SOURCES = tests/unit/test_storeframe.c \
	tests/unit/storetest.c tests/unit/storetest.h
tests_unit_test_storeframe_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_storeframe_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_statcache_SOURCES = tests/unit/test_statcache.c
tests_unit_test_statcache_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_statcache_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_statcache tests/fuzz/fuzz_storeidx
tests_fuzz_fuzz_statcache_SOURCES = tests/fuzz/fuzz_statcache.c
tests_fuzz_fuzz_statcache_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_statcache_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_statcache_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_storeidx_SOURCES = tests/fuzz/fuzz_storeidx.c
tests_fuzz_fuzz_storeidx_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_storeidx_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_storeidx_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_statcache.c tests/fuzz/fuzz_storeidx.c
