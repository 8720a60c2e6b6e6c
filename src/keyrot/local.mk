## keyrot: envelope encryption with one-command key rotation.  The parts
## the unit tests and fuzzers reach (envelope, keyring, journal) are in
## libkeyrot.a; sealing under the master credential is in libcommon
## (src/common/seal.mk).
noinst_LIBRARIES += src/keyrot/libkeyrot.a
src_keyrot_libkeyrot_a_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_keyrot_libkeyrot_a_SOURCES = \
	src/keyrot/envelope.c src/keyrot/envelope.h \
	src/keyrot/fieldseal.c src/keyrot/fieldseal.h \
	src/keyrot/keyring.c src/keyrot/keyring.h
KEYROT_LIBS = src/keyrot/libkeyrot.a $(CK_LIBS)

bin_PROGRAMS += src/keyrot/keyrot
src_keyrot_keyrot_SOURCES = \
	src/keyrot/keyrot.h \
	src/keyrot/batch.c src/keyrot/batch.h \
	src/keyrot/main.c \
	src/keyrot/util.c \
	src/keyrot/files.c \
	src/keyrot/fields.c src/keyrot/fields.h \
	src/keyrot/fieldfast.c \
	src/keyrot/rotate.c \
	src/keyrot/status.c
src_keyrot_keyrot_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_keyrot_keyrot_LDADD = $(KEYROT_LIBS)

keyrot_unit_tests = tests/unit/test_keyrot_envelope tests/unit/test_keyrot_keyring \
	tests/unit/test_keyrot_fieldseal
check_PROGRAMS += $(keyrot_unit_tests)
TESTS += $(keyrot_unit_tests)
tests_unit_test_keyrot_envelope_SOURCES = tests/unit/test_keyrot_envelope.c
tests_unit_test_keyrot_envelope_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_keyrot_envelope_LDADD = $(KEYROT_LIBS) $(CMOCKA_LIBS)
tests_unit_test_keyrot_fieldseal_SOURCES = tests/unit/test_keyrot_fieldseal.c
tests_unit_test_keyrot_fieldseal_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_keyrot_fieldseal_LDADD = $(KEYROT_LIBS) $(CMOCKA_LIBS)
tests_unit_test_keyrot_keyring_SOURCES = tests/unit/test_keyrot_keyring.c
tests_unit_test_keyrot_keyring_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_keyrot_keyring_LDADD = $(KEYROT_LIBS) $(CMOCKA_LIBS)

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_keyrot_envelope \
	tests/fuzz/fuzz_keyrot_keyring tests/fuzz/fuzz_keyrot_journal \
	tests/fuzz/fuzz_keyrot_fields
tests_fuzz_fuzz_keyrot_fields_SOURCES = tests/fuzz/fuzz_keyrot_fields.c \
	src/keyrot/fields.c src/keyrot/fieldfast.c src/keyrot/util.c
tests_fuzz_fuzz_keyrot_fields_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_keyrot_fields_LDADD = $(KEYROT_LIBS)
tests_fuzz_fuzz_keyrot_fields_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_keyrot_envelope_SOURCES = tests/fuzz/fuzz_keyrot_envelope.c
tests_fuzz_fuzz_keyrot_envelope_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_keyrot_envelope_LDADD = $(KEYROT_LIBS)
tests_fuzz_fuzz_keyrot_envelope_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_keyrot_keyring_SOURCES = tests/fuzz/fuzz_keyrot_keyring.c
tests_fuzz_fuzz_keyrot_keyring_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_keyrot_keyring_LDADD = $(KEYROT_LIBS)
tests_fuzz_fuzz_keyrot_keyring_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_keyrot_journal_SOURCES = tests/fuzz/fuzz_keyrot_journal.c
tests_fuzz_fuzz_keyrot_journal_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_keyrot_journal_LDADD = $(KEYROT_LIBS)
tests_fuzz_fuzz_keyrot_journal_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_keyrot_envelope.c \
	tests/fuzz/corpus/keyrot_envelope tests/fuzz/corpus/keyrot_journal \
	tests/fuzz/corpus/keyrot_keyring \
	tests/fuzz/fuzz_keyrot_keyring.c tests/fuzz/fuzz_keyrot_journal.c \
	tests/fuzz/fuzz_keyrot_fields.c tests/fuzz/corpus/keyrot_fields

## CLI cases (tests/cli/run-case compares exit/stdout/stderr).
keyrot_cli_cases = \
	tests/cli/keyrot/help.sh \
	tests/cli/keyrot/usage.sh \
	tests/cli/keyrot/options-doc.sh \
	tests/cli/keyrot/init.sh \
	tests/cli/keyrot/roundtrip.sh \
	tests/cli/keyrot/fields.sh \
	tests/cli/keyrot/fields-fast.sh \
	tests/cli/keyrot/faults.sh \
	tests/cli/keyrot/credential.sh \
	tests/cli/keyrot/rotate.sh \
	tests/cli/keyrot/lifecycle.sh \
	tests/cli/keyrot/auditlog.sh \
	tests/cli/keyrot/kill.sh \
	tests/cli/keyrot/kill-threads.sh \
	tests/cli/keyrot/threads.sh \
	tests/cli/keyrot/torn.sh \
	tests/cli/keyrot/resume.sh \
	tests/cli/keyrot/man-examples.sh \
	tests/cli/keyrot/readme.sh
TESTS += $(keyrot_cli_cases)
keyrot_cli_expect = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/cli/keyrot/*.exit \
	$(srcdir)/tests/cli/keyrot/*.stdout \
	$(srcdir)/tests/cli/keyrot/*.stderr))
EXTRA_DIST += tests/cli/keyrot/lib.sh $(keyrot_cli_cases) $(keyrot_cli_expect)
