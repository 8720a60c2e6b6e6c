## phiscan's front end: options, modes (files, records, the git index),
## output formats and baselines.  The engine, the detectors, masking and
## fingerprints come from libcommon's src/common/phi/libphi.a.
bin_PROGRAMS += src/phiscan/phiscan
src_phiscan_phiscan_SOURCES = \
	src/phiscan/cli.h \
	src/phiscan/main.c \
	src/phiscan/jobs.c \
	src/phiscan/record.c \
	src/phiscan/staged.c \
	src/phiscan/docscan.c \
	src/phiscan/output.c \
	src/phiscan/baseline.c \
	src/phiscan/audit.c
src_phiscan_phiscan_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(PCRE2_CFLAGS) $(HS_CFLAGS)
src_phiscan_phiscan_LDADD = $(PHI_LIBS)
