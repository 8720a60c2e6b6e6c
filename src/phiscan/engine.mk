## phiscan scan engine: rule packs, compilation, prefilter, validators, merge, scoring.
phiscan_engine_files = \
	src/phiscan/phiscan.h src/phiscan/detect.h \
	src/phiscan/types.c src/phiscan/detectors.c \
	src/phiscan/validate.c src/phiscan/validate.h \
	src/phiscan/rules.c src/phiscan/rules.h \
	src/phiscan/engine.c src/phiscan/engine.h \
	src/phiscan/prefilter.c

## All of phiscan but main(): the engine plus the detectors (detect.mk).
## The front end and the tests link it with $(PHISCAN_LIBS).
noinst_LIBRARIES += src/phiscan/libphiscan.a
src_phiscan_libphiscan_a_SOURCES = $(phiscan_engine_files) $(phiscan_detect_files)
src_phiscan_libphiscan_a_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(PCRE2_CFLAGS) $(HS_CFLAGS)
PHISCAN_LIBS = src/phiscan/libphiscan.a $(CK_LIBS) $(PCRE2_LIBS) $(HS_LIBS)

## Unit tests of the engine.
check_PROGRAMS += tests/unit/test_validate
TESTS += tests/unit/test_validate
tests_unit_test_validate_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_validate_LDADD = $(PHISCAN_LIBS) $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test_rules tests/unit/test_engine
TESTS += tests/unit/test_rules tests/unit/test_engine
tests_unit_test_rules_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(PCRE2_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_rules_LDADD = $(PHISCAN_LIBS) $(CMOCKA_LIBS)
tests_unit_test_engine_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_engine_LDADD = $(PHISCAN_LIBS) $(CMOCKA_LIBS)
EXTRA_DIST += tests/unit/data/engine

## Fuzzing: arbitrary bytes through the engine, one buffer against windows.
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_scan
tests_fuzz_fuzz_scan_SOURCES = tests/fuzz/fuzz_scan.c
tests_fuzz_fuzz_scan_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	-DCK_SRCDIR='"$(abs_top_srcdir)"'
tests_fuzz_fuzz_scan_LDADD = $(PHISCAN_LIBS)
tests_fuzz_fuzz_scan_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_scan.c tests/fuzz/corpus/scan
