/* cmd.c -- the words before a subcommand, its --help head, its operands
 * (see cmd.h). */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/cmd.h"
#include "common/err.h"

/* Prints what -h or -V asks for and exits: 0, or 2 when standard output
 * could not take it. */
static noreturn void
print_and_exit(void (*print)(FILE *))
{
	print(stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		exit(CK_EXIT_TROUBLE);
	exit(CK_EXIT_OK);
}

int
ck_cmd_front(int argc, char **argv, const char **store,
	     void (*usage)(FILE *))
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			print_and_exit(usage);
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0)
			print_and_exit(ck_print_version);
		if (store != NULL &&
		    (strcmp(a, "-s") == 0 || strcmp(a, "--store") == 0)) {
			if (++i >= argc)
				ck_usage_error("option '%s' requires an "
					       "argument", a);
			*store = argv[i];
		} else if (store != NULL && strncmp(a, "--store=", 8) == 0) {
			*store = a + 8;
		} else {
			ck_usage_error("unrecognized option '%s' before the "
				       "command", a);
		}
	}
	if (i >= argc)
		ck_usage_error("no command given");
	return i;
}

void
ck_cmd_usage(FILE *fp, const char *name, const char *synopsis,
	     const char *summary, const struct ck_opt *opts)
{
	fprintf(fp, "Usage: %s %s [OPTION]... %s\n%c%s.\n\nOptions:\n",
		ck_progname, name, synopsis,
		toupper((unsigned char)summary[0]), summary + 1);
	ck_opts_help(fp, opts);
}

void
ck_cmd_operands(const char *name, const char *synopsis, int min, int max,
		int argc, char *const *argv)
{
	if (argc < min)
		ck_usage_error("%s: missing operand (usage: %s %s %s)", name,
			       ck_progname, name, synopsis);
	if (max >= 0 && argc > max)
		ck_usage_error("%s: unexpected operand '%s'", name, argv[max]);
}
