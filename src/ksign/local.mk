## ksign: electronic signatures (21 CFR Part 11) and multi-party
## agreements.  The parts the unit tests and fuzzers reach (signature
## records, the trust file, meanings, agreement states) are in libksign.a.
noinst_LIBRARIES += src/ksign/libksign.a
src_ksign_libksign_a_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_ksign_libksign_a_SOURCES = \
	src/ksign/sigrec.c src/ksign/sigrec.h \
	src/ksign/trust.c src/ksign/trust.h \
	src/ksign/check.c src/ksign/check.h \
	src/ksign/policy.c src/ksign/policy.h \
	src/ksign/agree.c src/ksign/agree.h
KSIGN_LIBS = src/ksign/libksign.a $(CK_LIBS)

bin_PROGRAMS += src/ksign/ksign
src_ksign_ksign_SOURCES = \
	src/ksign/ksign.h \
	src/ksign/main.c \
	src/ksign/util.c \
	src/ksign/keygen.c \
	src/ksign/sign.c \
	src/ksign/verify.c \
	src/ksign/manifest.c src/ksign/manifest.h \
	src/ksign/status.c \
	src/ksign/tsa.c src/ksign/tsa.h
src_ksign_ksign_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_ksign_ksign_LDADD = $(KSIGN_LIBS)

check_PROGRAMS += tests/unit/test_ksign
TESTS += tests/unit/test_ksign
tests_unit_test_ksign_SOURCES = tests/unit/test_ksign.c
tests_unit_test_ksign_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_ksign_LDADD = $(KSIGN_LIBS) $(CMOCKA_LIBS)

## CLI cases (tests/cli/run-case compares exit/stdout/stderr).
ksign_cli_cases = \
	tests/cli/ksign/help.sh \
	tests/cli/ksign/usage.sh \
	tests/cli/ksign/options-doc.sh \
	tests/cli/ksign/keygen.sh \
	tests/cli/ksign/sign-verify.sh \
	tests/cli/ksign/tamper.sh \
	tests/cli/ksign/keyfaults.sh \
	tests/cli/ksign/records.sh \
	tests/cli/ksign/fastpath.sh \
	tests/cli/ksign/shrink.sh \
	tests/cli/ksign/future.sh \
	tests/cli/ksign/rotation.sh \
	tests/cli/ksign/status.sh \
	tests/cli/ksign/manifest.sh \
	tests/cli/ksign/torn.sh \
	tests/cli/ksign/tsa.sh \
	tests/cli/ksign/man-examples.sh \
	tests/cli/ksign/readme.sh
TESTS += $(ksign_cli_cases)
ksign_cli_expect = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/cli/ksign/*.exit \
	$(srcdir)/tests/cli/ksign/*.stdout \
	$(srcdir)/tests/cli/ksign/*.stderr))
EXTRA_DIST += tests/cli/ksign/lib.sh $(ksign_cli_cases) $(ksign_cli_expect) \
	tests/cli/ksign/fixed.key tests/cli/ksign/fixed.pub

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_ksign_sigline tests/fuzz/fuzz_ksign_trust \
	tests/fuzz/fuzz_ksign_records
tests_fuzz_fuzz_ksign_records_SOURCES = tests/fuzz/fuzz_ksign_records.c
tests_fuzz_fuzz_ksign_records_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_ksign_records_LDADD = $(KSIGN_LIBS)
tests_fuzz_fuzz_ksign_records_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_ksign_sigline_SOURCES = tests/fuzz/fuzz_ksign_sigline.c
tests_fuzz_fuzz_ksign_sigline_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_ksign_sigline_LDADD = $(KSIGN_LIBS)
tests_fuzz_fuzz_ksign_sigline_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_ksign_trust_SOURCES = tests/fuzz/fuzz_ksign_trust.c
tests_fuzz_fuzz_ksign_trust_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_ksign_trust_LDADD = $(KSIGN_LIBS)
tests_fuzz_fuzz_ksign_trust_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_ksign_sigline.c tests/fuzz/fuzz_ksign_trust.c \
	tests/fuzz/fuzz_ksign_records.c tests/fuzz/corpus/ksign_records \
	tests/fuzz/corpus/ksign_sigline tests/fuzz/corpus/ksign_trust

## Record mode's fast path against the general one (ck_canon_number,
## ck_canon_fast with reals, the signature template).
check_PROGRAMS += tests/unit/test_ksign_fast
TESTS += tests/unit/test_ksign_fast
tests_unit_test_ksign_fast_SOURCES = tests/unit/test_ksign_fast.c \
	tests/unit/mutate.h
tests_unit_test_ksign_fast_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_ksign_fast_LDADD = $(KSIGN_LIBS) $(CMOCKA_LIBS) -lm
