## phiredact: de-identification over the same engine as phiscan
## (src/common/phi/libphi.a): policy, operators, modes, reports.
bin_PROGRAMS += src/phiredact/phiredact
phiredact_core = \
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
src_phiredact_phiredact_SOURCES = $(phiredact_core) \
	src/phiredact/main.c \
	src/phiredact/files.c \
	src/phiredact/record.c \
	src/phiredact/reveal.c
src_phiredact_phiredact_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS)
src_phiredact_phiredact_LDADD = $(PHI_LIBS)
