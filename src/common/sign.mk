## libcommon signing and logs: base64, Ed25519 key files, the RFC 9162
## Merkle tree, and the audit log store and client (ck_audit_append_one)
## that auditlog is built on and that phiscan/phiredact --audit will call.
common_sign_files = \
	src/common/b64.c src/common/b64.h \
	src/common/key.c src/common/key.h \
	src/common/merkle.c src/common/merkle.h \
	src/common/canonscan.c src/common/canonscan.h \
	src/common/canonfast.c src/common/canonfast.h src/common/plainrun.h \
	src/common/audit.c src/common/auditadd.c src/common/auditseg.c \
	src/common/auditemit.c \
	src/common/audit.h src/common/audit_priv.h \
	src/common/sha256x2.c src/common/sha256x2.h

sign_unit_tests = \
	tests/unit/test_key \
	tests/unit/test_merkle \
	tests/unit/test_audit \
	tests/unit/test_canonscan \
	tests/unit/test_canonfast \
	tests/unit/test_sha256x2
check_PROGRAMS += $(sign_unit_tests)
TESTS += $(sign_unit_tests)

tests_unit_test_key_SOURCES = tests/unit/test_key.c
tests_unit_test_key_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_key_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_merkle_SOURCES = tests/unit/test_merkle.c
tests_unit_test_merkle_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(CMOCKA_CFLAGS) -DCK_TOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_merkle_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_audit_SOURCES = tests/unit/test_audit.c
tests_unit_test_audit_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_audit_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_canonscan_SOURCES = tests/unit/test_canonscan.c \
	tests/unit/mutate.h
tests_unit_test_canonscan_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_canonscan_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_canonfast_SOURCES = tests/unit/test_canonfast.c \
	tests/unit/mutate.h
tests_unit_test_canonfast_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_canonfast_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)
tests_unit_test_sha256x2_SOURCES = tests/unit/test_sha256x2.c
tests_unit_test_sha256x2_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_sha256x2_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_key tests/fuzz/fuzz_auditline \
	tests/fuzz/fuzz_canonscan tests/fuzz/fuzz_canonfast
tests_fuzz_fuzz_canonfast_SOURCES = tests/fuzz/fuzz_canonfast.c
tests_fuzz_fuzz_canonfast_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_canonfast_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_canonfast_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_canonscan_SOURCES = tests/fuzz/fuzz_canonscan.c
tests_fuzz_fuzz_canonscan_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_canonscan_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_canonscan_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_key_SOURCES = tests/fuzz/fuzz_key.c
tests_fuzz_fuzz_key_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_key_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_key_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_auditline_SOURCES = tests/fuzz/fuzz_auditline.c
tests_fuzz_fuzz_auditline_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_auditline_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_auditline_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_key.c tests/fuzz/fuzz_auditline.c \
	tests/fuzz/fuzz_canonscan.c tests/fuzz/fuzz_canonfast.c \
	tests/fuzz/corpus/key tests/fuzz/corpus/auditline \
	tests/fuzz/corpus/canonscan tests/fuzz/corpus/canonfast
