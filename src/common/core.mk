## libcommon core: diagnostics, buffers, UTF-8, JSON Lines, hashing,
## canonical JSON, time, options.
common_core_files = \
	src/common/err.c src/common/err.h \
	src/common/buf.c src/common/buf.h
