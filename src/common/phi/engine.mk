## libcommon's PHI detection (src/common/phi/), shared by phiscan and
## phiredact: rule packs, compilation, prefilter, validators, merge,
## scoring; keyed fingerprints and masked excerpts of matched values.
phi_engine_files = \
	src/common/phi/phi.h src/common/phi/detect.h \
	src/common/phi/value.h src/common/phi/fingerprint.c \
	src/common/phi/mask.c \
	src/common/phi/types.c src/common/phi/detectors.c \
	src/common/phi/validate.c src/common/phi/validate.h \
	src/common/phi/rules.c src/common/phi/rules.h \
	src/common/phi/engine.c src/common/phi/engine.h \
	src/common/phi/prefilter.c \
	src/common/phi/userconf.h src/common/phi/userconf.c

## The engine plus the detectors (detect.mk) as one library; the tools
## and the tests link it with $(PHI_LIBS).
noinst_LIBRARIES += src/common/phi/libphi.a
src_common_phi_libphi_a_SOURCES = $(phi_engine_files) $(phi_detect_files)
src_common_phi_libphi_a_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(PCRE2_CFLAGS) $(HS_CFLAGS)
PHI_LIBS = src/common/phi/libphi.a $(CK_LIBS) $(PCRE2_LIBS) $(HS_LIBS)

## Unit tests of the engine.
check_PROGRAMS += tests/unit/test_validate
TESTS += tests/unit/test_validate
tests_unit_test_validate_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_validate_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test_rules tests/unit/test_engine
TESTS += tests/unit/test_rules tests/unit/test_engine
tests_unit_test_rules_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(PCRE2_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_rules_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_engine_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_engine_LDADD = $(PHI_LIBS) $(CMOCKA_LIBS)
EXTRA_DIST += tests/unit/data/engine

## Fuzzing: arbitrary bytes through the engine, one buffer against windows.
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_scan
tests_fuzz_fuzz_scan_SOURCES = tests/fuzz/fuzz_scan.c
tests_fuzz_fuzz_scan_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	-DCK_SRCDIR='"$(abs_top_srcdir)"'
tests_fuzz_fuzz_scan_LDADD = $(PHI_LIBS)
tests_fuzz_fuzz_scan_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_scan.c tests/fuzz/corpus/scan

## Fuzzing: rule packs, as --rules and .complykit.yaml give them.
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_rules
tests_fuzz_fuzz_rules_SOURCES = tests/fuzz/fuzz_rules.c
tests_fuzz_fuzz_rules_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(PCRE2_CFLAGS)
tests_fuzz_fuzz_rules_LDADD = $(PHI_LIBS)
tests_fuzz_fuzz_rules_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_rules.c tests/fuzz/corpus/rules
