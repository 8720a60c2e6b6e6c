## phiredact: de-identification over the same engine as phiscan
## (src/common/phi/libphi.a).  Policy, operators, spans and reports are a
## small library (libredact.a) so the unit tests and fuzz targets link the
## code the tool runs; the modes and main() are the binary.
noinst_LIBRARIES += src/phiredact/libredact.a
src_phiredact_libredact_a_SOURCES = \
	src/phiredact/redact.h \
	src/phiredact/policy.c \
	src/phiredact/keys.c \
	src/phiredact/dates.c \
	src/phiredact/surrogate.c \
	src/phiredact/tokens.c \
	src/phiredact/ops.c \
	src/phiredact/report.c \
	src/phiredact/findings.c \
	src/phiredact/csvcols.c \
	src/phiredact/doc.c
src_phiredact_libredact_a_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
REDACT_LIBS = src/phiredact/libredact.a $(PHI_LIBS)

bin_PROGRAMS += src/phiredact/phiredact
src_phiredact_phiredact_SOURCES = \
	src/phiredact/main.c \
	src/phiredact/audit.c \
	src/phiredact/files.c \
	src/phiredact/record.c \
	src/phiredact/reveal.c
src_phiredact_phiredact_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_phiredact_phiredact_LDADD = $(REDACT_LIBS)

## Unit tests (cmocka, TAP): operators, dates, policy, tokens, findings.
redact_unit_tests = tests/unit/test_redact_ops tests/unit/test_redact_input
check_PROGRAMS += $(redact_unit_tests)
TESTS += $(redact_unit_tests)
tests_unit_test_redact_ops_SOURCES = tests/unit/test_redact_ops.c
tests_unit_test_redact_ops_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(CMOCKA_CFLAGS) -DCK_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_redact_ops_LDADD = $(REDACT_LIBS) $(CMOCKA_LIBS)
tests_unit_test_redact_input_SOURCES = tests/unit/test_redact_input.c
tests_unit_test_redact_input_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(CMOCKA_CFLAGS)
tests_unit_test_redact_input_LDADD = $(REDACT_LIBS) $(CMOCKA_LIBS)

## libFuzzer targets, one per parser: policy YAML, findings file,
## --reveal tokens (with the date reader, which reads engine output).
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_redact_policy \
	tests/fuzz/fuzz_redact_findings tests/fuzz/fuzz_redact_tokens
tests_fuzz_fuzz_redact_policy_SOURCES = tests/fuzz/fuzz_redact_policy.c
tests_fuzz_fuzz_redact_policy_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_redact_policy_LDADD = $(REDACT_LIBS)
tests_fuzz_fuzz_redact_policy_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_redact_findings_SOURCES = tests/fuzz/fuzz_redact_findings.c
tests_fuzz_fuzz_redact_findings_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_redact_findings_LDADD = $(REDACT_LIBS)
tests_fuzz_fuzz_redact_findings_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_redact_tokens_SOURCES = tests/fuzz/fuzz_redact_tokens.c
tests_fuzz_fuzz_redact_tokens_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_redact_tokens_LDADD = $(REDACT_LIBS)
tests_fuzz_fuzz_redact_tokens_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_redact_policy.c \
	tests/fuzz/fuzz_redact_findings.c tests/fuzz/fuzz_redact_tokens.c \
	tests/fuzz/corpus/redact_policy tests/fuzz/corpus/redact_findings \
	tests/fuzz/corpus/redact_tokens
