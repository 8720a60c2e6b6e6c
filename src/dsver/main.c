/* main.c -- dsver: content-addressed dataset versions.
 *
 * Global options come before the command (git's habit); each command has
 * its own option table, which drives its parsing and its --help.  The
 * commands live in their own files; this file only parses and
 * dispatches, and owns the exit status. */
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
#include "dsver/dsver.h"

enum {
	OPT_TAG = CK_OPT_TOOL_BASE, OPT_META, OPT_FULL, OPT_NO_STORE,
	OPT_EXIT_CODE, OPT_CHECK_STORE, OPT_TREE, OPT_KEEP_LAST,
	OPT_KEEP_WITHIN, OPT_DRY_RUN, OPT_AUDIT
};

#define O_STORE { "store", 's', required_argument, "DIR", \
		  "the store (default: $DSVER_STORE or .dsver here or above)" }
#define O_JOBS { "jobs", 'j', required_argument, "N", \
		 "hash N files at a time (default: all cores)" }
#define O_AUDIT { "audit", OPT_AUDIT, required_argument, "DEST", \
		  "store an audit event in DEST: an auditlog log, a file, or -" }
#define O_TREE { "tree", OPT_TREE, required_argument, "DIR", \
		 "the working tree (default: the snapshot's source)" }

static const struct ck_opt opts_init[] = { O_STORE, CK_OPTS_COMMON };
static const struct ck_opt opts_snapshot[] = {
	O_STORE,
	{ "message", 'm', required_argument, "MSG", "describe the snapshot" },
	{ "tag", OPT_TAG, required_argument, "NAME",
	  "tag the snapshot NAME (repeatable)" },
	{ "meta", OPT_META, required_argument, "FILE|KEY=VALUE",
	  "metadata from a YAML file or one key (repeatable)" },
	O_JOBS,
	{ "full", OPT_FULL, no_argument, NULL,
	  "re-read every file (ignore the stat cache)" },
	{ "no-store", OPT_NO_STORE, no_argument, NULL,
	  "record the manifest only, do not copy the bytes" },
	O_AUDIT,
	CK_OPTS_COMMON
};
static const struct ck_opt opts_plain[] = { O_STORE, CK_OPTS_COMMON };
static const struct ck_opt opts_tag[] = { O_STORE, O_AUDIT, CK_OPTS_COMMON };
static const struct ck_opt opts_diff[] = {
	O_STORE,
	{ "exit-code", OPT_EXIT_CODE, no_argument, NULL,
	  "exit 1 when the snapshots differ" },
	O_TREE,
	O_JOBS,
	CK_OPTS_COMMON
};
static const struct ck_opt opts_verify[] = {
	{ "full", OPT_FULL, no_argument, NULL,
	  "re-hash every file of the working tree" },
	{ "store", OPT_CHECK_STORE, no_argument, NULL,
	  "check the stored objects and manifests instead" },
	O_TREE,
	O_JOBS,
	CK_OPTS_COMMON
};
static const struct ck_opt opts_gc[] = {
	O_STORE,
	{ "keep-last", OPT_KEEP_LAST, required_argument, "N",
	  "keep the N newest snapshots (and every tagged one)" },
	{ "keep-within", OPT_KEEP_WITHIN, required_argument, "AGE",
	  "keep snapshots younger than AGE (30d, 12w, 6m, 7y, 48h)" },
	{ "dry-run", OPT_DRY_RUN, no_argument, NULL,
	  "say what would be removed, remove nothing" },
	O_AUDIT,
	CK_OPTS_COMMON
};

struct command {
	const char *name;
	int (*run)(struct ds_ctx *);
	const struct ck_opt *opts;
	int min, max;		/* operands */
	const char *synopsis;
	const char *summary;
};

static const struct command commands[] = {
	{ "init", ds_cmd_init, opts_init, 0, 1, "[DIR]",
	  "create a store (DIR/.dsver, default: here)" },
	{ "snapshot", ds_cmd_snapshot, opts_snapshot, 1, 1, "PATH|ARCHIVE|-",
	  "record a directory tree or an archive as a snapshot" },
	{ "log", ds_cmd_log, opts_plain, 0, 0, "",
	  "list the snapshots, newest first" },
	{ "show", ds_cmd_show, opts_plain, 1, 1, "ID",
	  "list the entries of a snapshot" },
	{ "tag", ds_cmd_tag, opts_tag, 2, 2, "ID NAME",
	  "name a snapshot" },
	{ "meta", ds_cmd_meta, opts_plain, 1, 1, "ID",
	  "print a snapshot's metadata" },
	{ "diff", ds_cmd_diff, opts_diff, 1, 2, "A [B]",
	  "compare two snapshots, or a snapshot and its working tree" },
	{ "verify", ds_cmd_verify, opts_verify, 0, 1, "[ID]",
	  "check a working tree, or the store, against snapshots" },
	{ "checkout", ds_cmd_checkout, opts_plain, 2, 2, "ID DIR",
	  "restore a snapshot's files and modes into a new DIR" },
	{ "export", ds_cmd_export, opts_plain, 1, 1, "ID -o OUT",
	  "write a snapshot as an OCI image layout or a .tar.zst" },
	{ "import", ds_cmd_import, opts_tag, 1, 1, "IN",
	  "add an exported snapshot to the store, checking every digest" },
	{ "gc", ds_cmd_gc, opts_gc, 0, 0, "",
	  "drop old snapshots by retention and unreferenced objects" },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL }
};

static const struct command *current;

static void
usage(FILE *fp)
{
	if (current != NULL) {
		ck_cmd_usage(fp, current->name, current->synopsis,
			     current->summary, current->opts);
		if (strcmp(current->name, "verify") == 0)
			fprintf(fp, "\nThe store is given before the command: "
				"%s -s DIR verify ...\n", ck_progname);
	} else {
		fprintf(fp, "Usage: %s [-s DIR] COMMAND [OPTION]... "
			"[ARG]...\n"
			"Content-addressed dataset versions: snapshot, diff, "
			"verify, restore.\n\nCommands:\n", ck_progname);
		for (const struct command *c = commands; c->name; c++)
			fprintf(fp, "  %-9s %s\n", c->name, c->summary);
		fprintf(fp, "\nGlobal options:\n"
			"  -s, --store=DIR  the store (default: $DSVER_STORE "
			"or .dsver here or above)\n"
			"  -h, --help       show this help and exit\n"
			"  -V, --version    show version and libraries\n"
			"\n'%s COMMAND --help' describes a command.\n",
			ck_progname);
	}
	fprintf(fp, "\nExit status: 0 clean, 1 a difference or a failed "
		"verification (diff --exit-code,\nverify), 2 usage, input or "
		"system error.  See dsver(1).\n");
}

static long
parse_long(const char *opt, const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < 0 || v > max)
		ck_usage_error("invalid %s '%s'", opt, s);
	return v;
}

/* 30d, 12w, 6m, 7y, 48h: a calendar-free age in seconds (a month is 30
 * days, a year 365). */
static int64_t
parse_age(const char *s)
{
	static const struct { char u; int64_t sec; } units[] = {
		{ 'h', 3600 }, { 'd', 86400 }, { 'w', 7 * 86400 },
		{ 'm', 30 * 86400 }, { 'y', 365 * 86400 }
	};
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == 0 && end != s && v >= 0 && v < 100000 && end[0] != '\0' &&
	    end[1] == '\0')
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (units[i].u == end[0])
				return v * units[i].sec;
	ck_usage_error("invalid --keep-within '%s' (a number and h, d, w, m "
		       "or y: 30d, 7y)", s);
}

static void
push(const char ***v, size_t *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (nv == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	*v = nv;
	(*v)[(*n)++] = s;
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
	static const char *const formats[] = { "text", "jsonl", NULL };
	struct ds_ctx c;
	struct ck_common com = { NULL, NULL };
	struct ck_opts_built b;
	int i, opt, rc;

	ck_set_progname(argv[0]);
	memset(&c, 0, sizeof(c));
	c.keep_last = -1;
	c.keep_within = -1;
	c.jobs = ds_ncpu();
	i = ck_cmd_front(argc, argv, &c.store_opt, usage);
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
		case 's': c.store_opt = optarg; break;
		case 'm': c.message = optarg; break;
		case OPT_TAG:
			if (!ds_tag_name_ok(optarg))
				ck_usage_error("invalid tag name '%s' "
					       "(letters, digits, '.', '_', "
					       "'-')", optarg);
			push(&c.tags, &c.ntags, optarg);
			break;
		case OPT_META: push(&c.meta, &c.nmeta, optarg); break;
		case 'j': c.jobs = (int)parse_long("--jobs", optarg, 64);
			if (c.jobs == 0)
				ck_usage_error("invalid --jobs '0'");
			break;
		case OPT_FULL: c.full = 1; break;
		case OPT_NO_STORE: c.no_store = 1; break;
		case OPT_EXIT_CODE: c.exit_code = 1; break;
		case OPT_CHECK_STORE: c.check_store = 1; break;
		case OPT_TREE: c.tree = optarg; break;
		case OPT_KEEP_LAST:
			c.keep_last = parse_long("--keep-last", optarg,
						 LONG_MAX);
			break;
		case OPT_KEEP_WITHIN: c.keep_within = parse_age(optarg); break;
		case OPT_DRY_RUN: c.dry_run = 1; break;
		case OPT_AUDIT: c.audit = optarg; break;
		default:
			ck_usage_error("unexpected option");
		}
	}
	ck_opts_release(&b);
	c.argc = argc - optind;
	c.argv = argv + optind;
	ck_cmd_operands(current->name, current->synopsis, current->min,
			current->max, c.argc, c.argv);
	if (c.full && c.check_store)
		ck_usage_error("verify: --full and --store exclude each other");
	if (strcmp(current->name, "export") == 0 && com.output == NULL)
		ck_usage_error("export: -o OUT is required");
	c.output = com.output;
	if (strcmp(current->name, "export") == 0) {
		c.out = stdout;
		c.format = (enum ds_format)ck_format_resolve(com.format,
							     formats, stdout);
	} else {
		c.out = ck_open_output(com.output);
		c.format = (enum ds_format)ck_format_resolve(com.format,
							     formats, c.out);
	}
	if (c.audit != NULL) {
		struct ck_error aerr;

		/* fail closed: an event that could not be stored refuses the
		 * action before it starts */
		ck_error_clear(&aerr);
		if (ck_audit_dest_check(c.audit, &aerr) < 0)
			ck_die(CK_EXIT_TROUBLE, aerr.errnum, "audit log %s: %s "
			       "(nothing done)", c.audit, aerr.msg);
	}
	rc = current->run(&c);
	if (c.out != stdout && fclose(c.out) != 0 && rc != CK_EXIT_TROUBLE) {
		ck_warn_errno(errno, "cannot write %s", com.output);
		rc = CK_EXIT_TROUBLE;
	}
	free(c.tags);
	free(c.meta);
	return rc;
}
