/* cmd.h -- the parts every tool made of subcommands shares (keyrot,
 * ksign, dsver, lineage, auditlog: "tool [-s DIR] COMMAND [OPTION]...
 * [ARG]..."): the words before the command, a command's --help head and
 * the count of its operands.  Each tool keeps its own table of commands
 * (name, options, operands, what to run) and its own option switch. */
#ifndef CK_CMD_H
#define CK_CMD_H

#include <stdio.h>

#include "common/cli.h"

/* Reads the words before the command: -h/--help prints usage(stdout) and
 * exits 0, -V/--version the version; with store not NULL, -s DIR,
 * --store DIR and --store=DIR set *store.  Any other option there, or no
 * command at all, is a usage error (exit 2).  Returns the index in argv
 * of the command word. */
int ck_cmd_front(int argc, char **argv, const char **store,
		 void (*usage)(FILE *));

/* A command's --help head: "Usage: TOOL NAME [OPTION]... SYNOPSIS", the
 * summary as a sentence (its first letter capitalised, a full stop
 * added), "Options:" and the option lines of opts. */
void ck_cmd_usage(FILE *fp, const char *name, const char *synopsis,
		  const char *summary, const struct ck_opt *opts);

/* A usage error unless min <= argc <= max operands (max < 0: no limit),
 * naming the command and, when some are missing, its synopsis. */
void ck_cmd_operands(const char *name, const char *synopsis, int min,
		     int max, int argc, char *const *argv);

#endif
