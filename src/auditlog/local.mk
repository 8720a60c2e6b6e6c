## auditlog: a tamper-evident audit trail (hash chain, RFC 9162 Merkle
## tree, signed checkpoints), its queries, reports and retention.  The
## store itself is libcommon's audit.c, so other tools can append too.
bin_PROGRAMS += src/auditlog/auditlog
src_auditlog_auditlog_SOURCES = \
	src/auditlog/auditlog.h \
	src/auditlog/main.c \
	src/auditlog/util.c \
	src/auditlog/scan.c \
	src/auditlog/cmd_init.c \
	src/auditlog/cmd_append.c \
	src/auditlog/cmd_verify.c \
	src/auditlog/checkpoint.c \
	src/auditlog/prove.c \
	src/auditlog/index.h \
	src/auditlog/index.c \
	src/auditlog/query.h \
	src/auditlog/query.c \
	src/auditlog/report.c \
	src/auditlog/tally.h \
	src/auditlog/tally.c \
	src/auditlog/retain.c
src_auditlog_auditlog_CPPFLAGS = $(AM_CPPFLAGS) $(CK_DEP_CFLAGS) \
	$(SQLITE_CFLAGS) $(PCRE2_CFLAGS)
src_auditlog_auditlog_LDADD = $(CK_LIBS) $(SQLITE_LIBS) $(PCRE2_LIBS)

# CLI cases (run by tests/cli/run-case, like phiscan's; listed here so the
# tool stays one block).
auditlog_cli_cases = \
	tests/cli/auditlog/help.sh \
	tests/cli/auditlog/usage.sh \
	tests/cli/auditlog/append.sh \
	tests/cli/auditlog/bad-input.sh \
	tests/cli/auditlog/full-disk.sh \
	tests/cli/auditlog/sync.sh \
	tests/cli/auditlog/run.sh \
	tests/cli/auditlog/recover.sh \
	tests/cli/auditlog/tamper.sh \
	tests/cli/auditlog/tamper-random.sh \
	tests/cli/auditlog/verify-jobs.sh \
	tests/cli/auditlog/progress.sh \
	tests/cli/auditlog/proof.sh \
	tests/cli/auditlog/wrong-key.sh \
	tests/cli/auditlog/crash.sh \
	tests/cli/auditlog/query.sh \
	tests/cli/auditlog/report.sh \
	tests/cli/auditlog/retention.sh \
	tests/cli/auditlog/phiscan-pipe.sh \
	tests/cli/auditlog/options-doc.sh \
	tests/cli/auditlog/man-examples.sh
TESTS += $(auditlog_cli_cases)
auditlog_cli_expect = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/cli/auditlog/*.exit \
	$(srcdir)/tests/cli/auditlog/*.stdout \
	$(srcdir)/tests/cli/auditlog/*.stderr))
EXTRA_DIST += tests/cli/auditlog/lib.sh tests/cli/auditlog/tamper.py \
	tests/cli/auditlog/verify-jobs.py \
	tests/cli/auditlog/crash.py tests/cli/auditlog/data \
	$(auditlog_cli_cases) $(auditlog_cli_expect)
