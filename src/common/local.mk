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
	$(common_sign_files)
