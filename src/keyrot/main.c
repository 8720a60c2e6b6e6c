/* main.c -- keyrot: envelope encryption with one-command key rotation.
 *
 * Each command has its own option table, which drives its parsing and its
 * --help.  The commands live in their own files; this file parses,
 * dispatches and owns the exit status. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/cli.h"
#include "common/cmd.h"
#include "common/err.h"
#include "keyrot/keyrot.h"

enum {
	OPT_KEYRING = CK_OPT_TOOL_BASE, OPT_PASSFILE, OPT_KEYFILE,
	OPT_CONTEXT, OPT_FIELD, OPT_ID_FIELD, OPT_DRY_RUN, OPT_AUDIT,
	OPT_RETENTION
};

#define O_KEYRING { "keyring", 'k', required_argument, "DIR", \
		    "the keyring (default: $KEYROT_KEYRING)" }
#define O_PASSFILE { "passphrase-file", OPT_PASSFILE, required_argument, \
		     "FILE", "master passphrase from FILE's first line" }
#define O_KEYFILE { "master-key-file", OPT_KEYFILE, required_argument, \
		    "FILE", "master key (32 bytes or 64 hex digits) from FILE" }
#define O_AUDIT { "audit", OPT_AUDIT, required_argument, "DIR|FILE", \
		  "append audit events to an auditlog log DIR or a FILE" }
#define O_DRY_RUN { "dry-run", OPT_DRY_RUN, no_argument, NULL, \
		    "say what would change, change nothing" }
#define O_CRED O_KEYRING, O_PASSFILE, O_KEYFILE
/* CK_OPTS_COMMON without --format, for commands with one output form */
#define KR_OPTS_BASE \
	{ "output", 'o', required_argument, "FILE", \
	  "write data to FILE instead of standard output" }, \
	{ "quiet", 'q', no_argument, NULL, "print no diagnostics but errors" }, \
	{ "verbose", 'v', no_argument, NULL, "say more on standard error" }, \
	{ "help", 'h', no_argument, NULL, "show this help and exit" }, \
	{ "version", 'V', no_argument, NULL, "show version and libraries" }, \
	{ NULL, 0, 0, NULL, NULL }

static const struct ck_opt opts_init[] = {
	O_CRED,
	{ "retention", OPT_RETENTION, required_argument, "DAYS",
	  "days an old version still decrypts (default: 30)" },
	O_AUDIT, KR_OPTS_BASE
};
static const struct ck_opt opts_crypt[] = {
	O_CRED,
	{ "context", OPT_CONTEXT, required_argument, "STR",
	  "bind the object to STR (default: its file name)" },
	{ "field", OPT_FIELD, required_argument, "NAME",
	  "JSON Lines: the field NAME of each record (repeatable)" },
	{ "id-field", OPT_ID_FIELD, required_argument, "NAME",
	  "JSON Lines: the record id field (default: id)" },
	KR_OPTS_BASE
};
static const struct ck_opt opts_rotate[] = {
	O_CRED,
	{ "retention", OPT_RETENTION, required_argument, "DAYS",
	  "days the old primary still decrypts (default: as set)" },
	O_AUDIT, KR_OPTS_BASE
};
static const struct ck_opt opts_rewrap[] = {
	O_CRED, O_DRY_RUN,
	{ "jobs", 'j', required_argument, "N",
	  "work on N threads (default: one per core)" },
	O_AUDIT, KR_OPTS_BASE
};
static const struct ck_opt opts_status[] = { O_CRED, CK_OPTS_COMMON };
static const struct ck_opt opts_destroy[] = { O_CRED, O_AUDIT, KR_OPTS_BASE };

struct command {
	const char *name;
	int (*run)(struct kr_ctx *);
	const struct ck_opt *opts;
	int min, max;		/* operands; -1 any */
	const char *synopsis;
	const char *summary;
};

static const struct command commands[] = {
	{ "init", kr_cmd_init, opts_init, 0, 0, "-k DIR",
	  "create a keyring with its first key version" },
	{ "encrypt", kr_cmd_encrypt, opts_crypt, 0, -1, "[PATH|-]...",
	  "encrypt files and trees in place, a stream, or record fields" },
	{ "decrypt", kr_cmd_decrypt, opts_crypt, 0, -1, "[PATH|-]...",
	  "decrypt files and trees in place, a stream, or record fields" },
	{ "rotate", kr_cmd_rotate, opts_rotate, 0, 0, "",
	  "make a new primary key version" },
	{ "rewrap", kr_cmd_rewrap, opts_rewrap, 1, -1, "PATH...",
	  "re-wrap data keys under the primary, bulk data untouched" },
	{ "reencrypt", kr_cmd_reencrypt, opts_rewrap, 1, -1, "PATH...",
	  "re-encrypt objects under fresh data keys and the primary" },
	{ "status", kr_cmd_status, opts_status, 0, -1, "[PATH]...",
	  "list key versions and the objects using each" },
	{ "destroy", kr_cmd_destroy, opts_destroy, 2, -1, "VERSION PATH...",
	  "erase a key version no object under PATH uses" },
	{ "history", kr_cmd_history, opts_status, 0, 0, "",
	  "list every action on the keyring" },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL }
};

static const struct command *current;

static void
usage(FILE *fp)
{
	if (current != NULL) {
		ck_cmd_usage(fp, current->name, current->synopsis,
			     current->summary, current->opts);
	} else {
		fprintf(fp, "Usage: %s COMMAND [OPTION]... [ARG]...\n"
			"Envelope encryption with one-command key rotation."
			"\n\nCommands:\n", ck_progname);
		for (const struct command *c = commands; c->name; c++)
			fprintf(fp, "  %-10s %s\n", c->name, c->summary);
		fprintf(fp, "\nOptions:\n"
			"  -h, --help     show this help and exit\n"
			"  -V, --version  show version and libraries\n"
			"\n'%s COMMAND --help' describes a command.\n",
			ck_progname);
	}
	fprintf(fp, "\nExit status: 0 done, 1 destroy refused (the version "
		"is still in use),\n2 usage, input, authentication or system "
		"error.  See keyrot(1).\n");
}

static const struct command *
find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
main(int argc, char **argv)
{
	static const char *const fmt_plain[] = { "text", "jsonl", NULL };
	static const char *const fmt_hist[] = { "text", "jsonl", "csv", NULL };
	struct kr_ctx c;
	struct ck_common com = { NULL, NULL };
	struct ck_opts_built b;
	int i, opt, rc;

	ck_set_progname(argv[0]);
	memset(&c, 0, sizeof(c));
	c.retention = -1;
	c.id_field = "id";
	c.keyring_dir = getenv("KEYROT_KEYRING");
	if (c.keyring_dir != NULL && *c.keyring_dir == '\0')
		c.keyring_dir = NULL;
	c.started_ms = kr_now_ms();
	{
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		c.jobs = n < 1 ? 1 : n > 64 ? 64 : (int)n;
	}
	i = ck_cmd_front(argc, argv, NULL, usage);
	current = find_command(argv[i]);
	if (current == NULL)
		ck_usage_error("unknown command '%s'", argv[i]);
	c.cmd = current->name;
	argc -= i;
	argv += i;
	ck_opts_build(current->opts, &b);
	optind = 0;
	while ((opt = ck_getopt(argc, argv, &b)) != -1) {
		if (ck_opts_common(opt, optarg, &com, usage))
			continue;
		switch (opt) {
		case 'k': c.keyring_dir = optarg; break;
		case OPT_PASSFILE: c.passfile = optarg; break;
		case OPT_KEYFILE: c.keyfile = optarg; break;
		case OPT_CONTEXT: c.context = optarg; break;
		case OPT_FIELD: {
			const char **nf = realloc(c.fields, (c.nfields + 1) *
						  sizeof(*nf));

			if (nf == NULL)
				ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
			c.fields = nf;
			c.fields[c.nfields++] = optarg;
			break;
		}
		case OPT_ID_FIELD: c.id_field = optarg; break;
		case OPT_DRY_RUN: c.dry_run = 1; break;
		case 'j': {
			char *end;
			long n;

			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || *optarg == '\0' || *end != '\0' ||
			    n < 1 || n > 64)
				ck_usage_error("invalid --jobs '%s' (1..64)",
					       optarg);
			c.jobs = (int)n;
			break;
		}
		case OPT_AUDIT: c.audit = optarg; break;
		case OPT_RETENTION: {
			char *end;

			errno = 0;
			c.retention = strtol(optarg, &end, 10);
			if (errno != 0 || *optarg == '\0' || *end != '\0' ||
			    c.retention < 0 || c.retention > 36500)
				ck_usage_error("invalid --retention '%s' (days,"
					       " 0..36500)", optarg);
			break;
		}
		default:
			ck_usage_error("unexpected option");
		}
	}
	ck_opts_release(&b);
	c.argc = argc - optind;
	c.argv = argv + optind;
	ck_cmd_operands(current->name, current->synopsis, current->min,
			current->max, c.argc, c.argv);
	if (c.passfile != NULL && c.keyfile != NULL)
		ck_usage_error("--passphrase-file and --master-key-file exclude "
			       "each other");
	if (c.context != NULL && c.nfields > 0)
		ck_usage_error("--context and --field exclude each other "
			       "(records bind to their id and field)");
	c.output = com.output;
	/* encrypt and decrypt write -o themselves, crash-safely */
	if ((strcmp(c.cmd, "encrypt") == 0 || strcmp(c.cmd, "decrypt") == 0) &&
	    c.nfields == 0)
		c.out = stdout;
	else
		c.out = ck_open_output(com.output);
	c.format = (enum kr_format)ck_format_resolve(com.format,
		strcmp(c.cmd, "history") == 0 ? fmt_hist : fmt_plain, c.out);
	{
		struct ck_error aerr;

		ck_error_clear(&aerr);
		if (ck_audit_dest_check(c.audit, &aerr) < 0)
			ck_die(CK_EXIT_TROUBLE, aerr.errnum, "audit log %s: %s (nothing "
			       "done)", c.audit, aerr.msg);
	}
	rc = current->run(&c);
	kr_close(&c);
	if (c.out != stdout && fclose(c.out) != 0 && rc != CK_EXIT_TROUBLE) {
		ck_warn_errno(errno, "cannot write %s", com.output);
		rc = CK_EXIT_TROUBLE;
	}
	free(c.fields);
	return rc;
}
