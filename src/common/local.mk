## libcommon: the internal library every tool links.
## Its sources are listed by part: core.mk (diagnostics, buffers, JSON,
## hashing, time, options), io.mk (YAML, crash-safe files, the walker),
## siv.mk (AES-SIV, HKDF), seal.mk (secrets under a master credential)
## and store.mk (content-addressed object store,
## stat cache).
noinst_LIBRARIES += src/common/libcommon.a
src_common_libcommon_a_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_common_libcommon_a_SOURCES = $(common_core_files) $(common_io_files) \
	$(common_siv_files) $(common_seal_files) $(common_store_files) \
	$(common_sign_files) \
	src/common/oci.c src/common/oci.h src/common/ocilayout.c

## OCI image layouts (oci.c, ocilayout.c): lineage export/import.
check_PROGRAMS += tests/unit/test_oci
TESTS += tests/unit/test_oci
tests_unit_test_oci_SOURCES = tests/unit/test_oci.c
tests_unit_test_oci_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_oci_LDADD = $(CK_LIBS) $(CMOCKA_LIBS)

if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_oci
tests_fuzz_fuzz_oci_SOURCES = tests/fuzz/fuzz_oci.c
tests_fuzz_fuzz_oci_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
tests_fuzz_fuzz_oci_LDADD = $(CK_LIBS)
tests_fuzz_fuzz_oci_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/fuzz/fuzz_oci.c tests/fuzz/corpus/oci
