## libcommon sealing: secrets under a master credential (scrypt passphrase,
## key file or environment key) with AES-256-GCM, and reading passphrases
## from the terminal.  Used by keyrot's keyring and ksign's secret keys.
common_seal_files = src/common/seal.c src/common/seal.h

check_PROGRAMS += tests/unit/test_seal
TESTS += tests/unit/test_seal
tests_unit_test_seal_SOURCES = tests/unit/test_seal.c
tests_unit_test_seal_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_seal_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_seal
tests_fuzz_fuzz_seal_SOURCES = tests/fuzz/fuzz_seal.c
tests_fuzz_fuzz_seal_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_seal_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_seal_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_seal.c tests/fuzz/corpus/seal
