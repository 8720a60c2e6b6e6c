## CLI tests: tests/cli/<tool>/<case>.sh run by tests/cli/run-case (the
## SH_LOG_COMPILER), which compares the exit status, stdout and stderr
## with <case>.exit, .stdout and .stderr; CK_REGEN=1 rewrites them.
phiscan_cli_cases = \
	tests/cli/phiscan/help.sh \
	tests/cli/phiscan/usage.sh \
	tests/cli/phiscan/cues.sh \
	tests/cli/phiscan/keys-intl.sh \
	tests/cli/phiscan/options-doc.sh \
	tests/cli/phiscan/format-jsonl.sh \
	tests/cli/phiscan/format-text.sh \
	tests/cli/phiscan/format-sarif.sh \
	tests/cli/phiscan/sarif-schema.sh \
	tests/cli/phiscan/mask.sh \
	tests/cli/phiscan/fail-on.sh \
	tests/cli/phiscan/stdin.sh \
	tests/cli/phiscan/record.sh \
	tests/cli/phiscan/record-bad.sh \
	tests/cli/phiscan/allow.sh \
	tests/cli/phiscan/baseline.sh \
	tests/cli/phiscan/config.sh \
	tests/cli/phiscan/bad-rules.sh \
	tests/cli/phiscan/binary.sh \
	tests/cli/phiscan/jobs.sh \
	tests/cli/phiscan/big-line.sh \
	tests/cli/phiscan/staged.sh \
	tests/cli/phiscan/pre-commit.sh \
	tests/cli/phiscan/archives.sh \
	tests/cli/phiscan/archive-bad.sh \
	tests/cli/phiscan/unreadable.sh \
	tests/cli/phiscan/read-error.sh \
	tests/cli/phiscan/symlink-loop.sh \
	tests/cli/phiscan/examples.sh \
	tests/cli/phiscan/man-examples.sh \
	tests/cli/phiscan/list-rules.sh \
	tests/cli/phiscan/tty.sh \
	tests/cli/phiscan/audit.sh \
	tests/cli/phiscan/audit-records.sh \
	tests/cli/phiscan/progress.sh
TESTS += $(phiscan_cli_cases)
# The expectations are listed by pattern (GNU make), not as the directory:
# a directory in EXTRA_DIST would also carry the build's .log and .trs.
phiscan_cli_expect = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/cli/phiscan/*.exit \
	$(srcdir)/tests/cli/phiscan/*.stdout \
	$(srcdir)/tests/cli/phiscan/*.stderr))
EXTRA_DIST += tests/cli/run-case tests/cli/options-doc.lib tests/cli/phiscan/lib.sh \
	tests/cli/phiscan/data $(phiscan_cli_cases) $(phiscan_cli_expect)

## ---- phiredact CLI cases (keep this block self-contained) ----
phiredact_cli_cases = \
	tests/cli/phiredact/help.sh \
	tests/cli/phiredact/usage.sh \
	tests/cli/phiredact/audit.sh \
	tests/cli/phiredact/audit-records.sh \
	tests/cli/phiredact/progress.sh \
	tests/cli/phiredact/options-doc.sh \
	tests/cli/phiredact/safe-harbor.sh \
	tests/cli/phiredact/presets.sh \
	tests/cli/phiredact/operators.sh \
	tests/cli/phiredact/encrypt.sh \
	tests/cli/phiredact/idempotent.sh \
	tests/cli/phiredact/bytes.sh \
	tests/cli/phiredact/binary.sh \
	tests/cli/phiredact/verify.sh \
	tests/cli/phiredact/findings.sh \
	tests/cli/phiredact/record.sh \
	tests/cli/phiredact/csv.sh \
	tests/cli/phiredact/tree.sh \
	tests/cli/phiredact/in-place.sh \
	tests/cli/phiredact/bad-policy.sh \
	tests/cli/phiredact/keys.sh \
	tests/cli/phiredact/unwritable.sh \
	tests/cli/phiredact/stdin.sh \
	tests/cli/phiredact/big.sh \
	tests/cli/phiredact/config.sh \
	tests/cli/phiredact/man-examples.sh
TESTS += $(phiredact_cli_cases)
phiredact_cli_expect = $(patsubst $(srcdir)/%,%,$(wildcard \
	$(srcdir)/tests/cli/phiredact/*.exit \
	$(srcdir)/tests/cli/phiredact/*.stdout \
	$(srcdir)/tests/cli/phiredact/*.stderr))
EXTRA_DIST += tests/cli/phiredact/lib.sh tests/cli/phiredact/data \
	$(phiredact_cli_cases) $(phiredact_cli_expect)
