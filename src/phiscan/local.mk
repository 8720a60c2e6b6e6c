## phiscan's front end: options, modes (files, records, the git index),
## output formats, masking, fingerprints and baselines.  The engine and
## detectors come from libphiscan.a (engine.mk, detect.mk).
bin_PROGRAMS += src/phiscan/phiscan
src_phiscan_phiscan_SOURCES = \
	src/phiscan/cli.h \
	src/phiscan/main.c \
	src/phiscan/jobs.c \
	src/phiscan/record.c \
	src/phiscan/staged.c \
	src/phiscan/docscan.c \
	src/phiscan/userconf.c \
	src/phiscan/output.c \
	src/phiscan/mask.c \
	src/phiscan/fingerprint.c \
	src/phiscan/baseline.c
src_phiscan_phiscan_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(PCRE2_CFLAGS) $(HS_CFLAGS)
src_phiscan_phiscan_LDADD = $(PHISCAN_LIBS)
