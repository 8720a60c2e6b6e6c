## libcommon crypto helpers for de-identification: AES-256-SIV and HKDF
## (siv.h), shared by phiredact's encrypt tokens and any tool that needs
## deterministic encryption with versioned keys.
common_siv_files = src/common/siv.c src/common/siv.h

check_PROGRAMS += tests/unit/test_siv
TESTS += tests/unit/test_siv
tests_unit_test_siv_SOURCES = tests/unit/test_siv.c
tests_unit_test_siv_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_siv_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
