/* main.c -- auditlog: a tamper-evident audit trail an auditor can verify
 * alone.  This file dispatches to the subcommands (git's builtin table);
 * each lives in its own file. */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "auditlog/auditlog.h"
#include "common/cmd.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} cmds[] = {
	{ "init", cmd_init, "create a log and its checkpoint key" },
	{ "append", cmd_append, "store events (JSON Lines or flags)" },
	{ "run", cmd_run, "run a command, logging start and outcome; "
			  "refuse if the log cannot be written" },
	{ "verify", cmd_verify, "check the chain, the tree and the "
				"checkpoints" },
	{ "recover", cmd_recover, "cut a torn last line after a crash" },
	{ "checkpoint", cmd_checkpoint, "sign the current tree head" },
	{ "prove", cmd_prove, "print an inclusion proof of one event" },
	{ "verify-proof", cmd_verify_proof, "check a proof against a "
					    "checkpoint, without the log" },
	{ "query", cmd_query, "select events by time, actor, action, risk" },
	{ "report", cmd_report, "compliance report: html, md, json, csv" },
	{ "archive", cmd_archive, "compress closed segments with zstd" },
	{ "prune", cmd_prune, "remove segments past retention, audited" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "Usage: %s COMMAND [OPTION]... [ARG]...\n"
		"Keep a tamper-evident audit trail: a hash chain and an RFC 9162 "
		"Merkle tree\nwith signed checkpoints, queries and "
		"compliance reports.\n\nCommands:\n", ck_progname);
	for (i = 0; i < sizeof cmds / sizeof *cmds; i++)
		fprintf(fp, "  %-13s %s\n", cmds[i].name, cmds[i].help);
	fprintf(fp, "\nRun '%s COMMAND --help' for the options of a "
		"command.\n\nOptions:\n"
		"  -h, --help     show this help and exit\n"
		"  -V, --version  show version and libraries\n"
		"\nExit status: 0 success, 1 a verification failed, 2 usage, "
		"input or system\nerror (the event was not stored).  "
		"See auditlog(1).\n", ck_progname);
}

static void
version_extra(FILE *fp)
{
	fprintf(fp, "index: SQLite %s\n", sqlite3_libversion());
}

int
main(int argc, char **argv)
{
	size_t i;
	int k;

	ck_set_progname(argv[0]);
	ck_version_extra = version_extra;
	/* A full disk under "ulimit -f" must be an error we report, not a
	 * signal that kills us between two writes. */
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	k = ck_cmd_front(argc, argv, NULL, usage);
	for (i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (strcmp(argv[k], cmds[i].name) == 0)
			return cmds[i].fn(argc - k, argv + k);
	ck_usage_error("unknown command '%s'", argv[k]);
}
