/* main.c -- ksign: electronic signatures for 21 CFR Part 11 and
 * multi-party agreements.
 *
 * Each command has its own option table, which drives its parsing and its
 * --help.  The commands live in their own files; this file parses,
 * dispatches and owns the exit status. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/cmd.h"
#include "common/err.h"
#include "ksign/ksign.h"

enum {
	OPT_NAME = CK_OPT_TOOL_BASE, OPT_ID, OPT_PASSFILE, OPT_KDF_COST,
	OPT_POLICY, OPT_JSONL, OPT_MANIFEST, OPT_TSA_TOKEN, OPT_TSA_CA,
	OPT_MAX_SKEW, OPT_REQUIRE, OPT_VALID_FOR, OPT_WARN, OPT_WITHIN,
	OPT_ROLE, OPT_VALID_AFTER, OPT_VALID_BEFORE, OPT_REVOKED
};

#define O_PASSFILE { "passphrase-file", OPT_PASSFILE, required_argument, \
		     "FILE", "the passphrase is FILE's first line" }
#define O_TRUSTED { "trusted", 't', required_argument, "FILE", \
		    "the trust file: identities, keys, windows, roles" }
#define O_SKEW { "max-skew", OPT_MAX_SKEW, required_argument, "DUR", \
		 "tolerated clock skew for future times (default: 5min)" }
#define O_JSONL { "jsonl", OPT_JSONL, no_argument, NULL, \
		  "the inputs are JSON Lines records" }
#define O_MANIFEST(h) { "manifest", OPT_MANIFEST, required_argument, \
			"FILE", h }
#define O_REQUIRE { "require", OPT_REQUIRE, required_argument, \
		    "ROLE:MEANING,...", "the signatures the agreement needs" }
#define O_VALID_FOR { "valid-for", OPT_VALID_FOR, required_argument, \
		      "DUR", "how long it holds once executed (e.g. 1y)" }
/* CK_OPTS_COMMON without --format, for commands with one output form */
#define KS_OPTS_BASE \
	{ "quiet", 'q', no_argument, NULL, "print no diagnostics but errors" }, \
	{ "verbose", 'v', no_argument, NULL, "say more on standard error" }, \
	{ "help", 'h', no_argument, NULL, "show this help and exit" }, \
	{ "version", 'V', no_argument, NULL, "show version and libraries" }, \
	{ NULL, 0, 0, NULL, NULL }

static const struct ck_opt opts_keygen[] = {
	{ "name", OPT_NAME, required_argument, "NAME",
	  "the signer's printed name (shown in every signature)" },
	{ "id", OPT_ID, required_argument, "ID",
	  "the signer's unique identity (e.g. an e-mail address)" },
	{ "output", 'o', required_argument, "BASE",
	  "write BASE.key (secret, 0600) and BASE.pub" },
	O_PASSFILE,
	{ "kdf-cost", OPT_KDF_COST, required_argument, "LOGN",
	  "scrypt N = 2^LOGN, 10..22 (default: 17, about 1 s)" },
	KS_OPTS_BASE
};
static const struct ck_opt opts_trust[] = {
	{ "role", OPT_ROLE, required_argument, "ROLE",
	  "the role the signer holds in agreements" },
	{ "valid-after", OPT_VALID_AFTER, required_argument, "TIME",
	  "signatures dated before TIME fail" },
	{ "valid-before", OPT_VALID_BEFORE, required_argument, "TIME",
	  "signatures dated at or after TIME fail" },
	{ "revoked", OPT_REVOKED, optional_argument, "TIME",
	  "the key is revoked (from TIME on)" },
	{ "output", 'o', required_argument, "FILE",
	  "write data to FILE instead of standard output" },
	KS_OPTS_BASE
};
static const struct ck_opt opts_sign[] = {
	{ "key", 'k', required_argument, "FILE", "the secret key file" },
	{ "meaning", 'm', required_argument, "MEANING",
	  "approval, review, authorship, responsibility, or a policy's" },
	{ "policy", OPT_POLICY, required_argument, "FILE",
	  "more meanings, one a line" },
	O_PASSFILE, O_JSONL,
	O_MANIFEST("write a manifest of the files' hashes and sign it"),
	{ "tsa-token", OPT_TSA_TOKEN, required_argument, "FILE",
	  "attach an RFC 3161 timestamp response over the file" },
	{ "output", 'o', required_argument, "FILE",
	  "records: write them to FILE instead of standard output" },
	KS_OPTS_BASE
};
static const struct ck_opt opts_verify[] = {
	O_TRUSTED, O_JSONL,
	O_MANIFEST("verify the manifest's signatures and every file in it"),
	{ "tsa-ca", OPT_TSA_CA, required_argument, "FILE",
	  "verify timestamp tokens against this CA (PEM)" },
	O_SKEW, CK_OPTS_COMMON
};
static const struct ck_opt opts_status[] = {
	O_TRUSTED, O_REQUIRE, O_VALID_FOR,
	{ "warn", OPT_WARN, required_argument, "DUR",
	  "report \"expiring\" this long before expiry (default: 30d)" },
	O_SKEW, CK_OPTS_COMMON
};
static const struct ck_opt opts_due[] = {
	O_TRUSTED, O_REQUIRE, O_VALID_FOR,
	{ "within", OPT_WITHIN, required_argument, "DUR",
	  "list agreements that expire within DUR (e.g. 90d)" },
	O_SKEW, CK_OPTS_COMMON
};

struct command {
	const char *name;
	int (*run)(struct ks_ctx *);
	const struct ck_opt *opts;
	int min, max;		/* operands; -1 any */
	const char *synopsis;
	const char *summary;
};

static const struct command commands[] = {
	{ "keygen", ks_cmd_keygen, opts_keygen, 0, 0,
	  "--name NAME --id ID -o BASE",
	  "make a key pair, the secret key sealed under a passphrase" },
	{ "trust", ks_cmd_trust, opts_trust, 1, 1, "PUBLIC-KEY",
	  "print the trust-file line of a public key" },
	{ "sign", ks_cmd_sign, opts_sign, 0, -1,
	  "-k KEY -m MEANING [FILE...|-]",
	  "sign files (FILE.ksig), a manifest, or JSON Lines records" },
	{ "verify", ks_cmd_verify, opts_verify, 0, -1,
	  "-t TRUSTED [FILE...|-]",
	  "verify signatures and show who signed what, when, and why" },
	{ "status", ks_cmd_status, opts_status, 1, -1,
	  "-t TRUSTED --require ROLE:MEANING,... FILE...",
	  "show whether agreements are signed, executed or expired" },
	{ "due", ks_cmd_due, opts_due, 1, -1,
	  "-t TRUSTED --require ... --valid-for DUR --within DUR DIR...",
	  "list agreements that expire soon or have expired" },
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
			"Electronic signatures with names, meanings and "
			"countersignatures (21 CFR Part 11).\n\nCommands:\n",
			ck_progname);
		for (const struct command *c = commands; c->name; c++)
			fprintf(fp, "  %-8s %s\n", c->name, c->summary);
		fprintf(fp, "\nOptions:\n"
			"  -h, --help     show this help and exit\n"
			"  -V, --version  show version and libraries\n"
			"\n'%s COMMAND --help' describes a command.\n",
			ck_progname);
	}
	fprintf(fp, "\nExit status: 0 good, 1 a verification failed or an "
		"agreement is not in force\n(or, for due, one is due), 2 "
		"usage, input or system error.  See ksign(1).\n");
}

static const struct command *
find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void
duration(const char *opt, const char *arg, struct ks_duration *d)
{
	if (ks_duration_parse(arg, d) < 0)
		ck_usage_error("invalid %s '%s' (a duration such as 90d, 1y, "
			       "18mo, 12h, 5min)", opt, arg);
}

static void
need(const char *v, const char *opt)
{
	if (v == NULL)
		ck_usage_error("%s: %s is required", current->name, opt);
}

/* Options every command needs, checked once parsing is done. */
static void
check_required(struct ks_ctx *c)
{
	const char *n = current->name;

	if (strcmp(n, "keygen") == 0) {
		need(c->name, "--name");
		need(c->id, "--id");
		need(c->out_base, "--output");
	} else if (strcmp(n, "sign") == 0) {
		need(c->key_path, "--key");
		need(c->meaning, "--meaning");
	} else if (strcmp(n, "verify") == 0 || strcmp(n, "status") == 0 ||
		   strcmp(n, "due") == 0) {
		need(c->trusted_path, "--trusted");
	}
	if (strcmp(n, "status") == 0 || strcmp(n, "due") == 0)
		need(c->require, "--require");
	if (strcmp(n, "due") == 0) {
		if (!c->has_valid_for)
			need(NULL, "--valid-for");
		if (!c->has_within)
			need(NULL, "--within");
	}
	if (c->manifest != NULL && c->records)
		ck_usage_error("--manifest and --jsonl exclude each other");
	if (c->manifest != NULL && strcmp(n, "sign") == 0 && c->argc == 0)
		ck_usage_error("sign: --manifest needs the files to list");
	if (c->manifest != NULL && strcmp(n, "verify") == 0 && c->argc > 0)
		ck_usage_error("verify: --manifest takes no operand");
}

int
main(int argc, char **argv)
{
	static const char *const fmts[] = { "text", "jsonl", NULL };
	struct ks_ctx c;
	struct ck_common com = { NULL, NULL };
	struct ck_opts_built b;
	struct ks_duration skew;
	int i, opt, rc;

	ck_set_progname(argv[0]);
	memset(&c, 0, sizeof c);
	c.kdf_log_n = 17;
	c.skew_sec = 300;
	c.warn.sec = 30 * 86400;
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
		if (opt != 'o' && ck_opts_common(opt, optarg, &com, usage))
			continue;
		switch (opt) {
		case OPT_NAME: c.name = optarg; break;
		case OPT_ID: c.id = optarg; break;
		case 'o': c.out_base = optarg; break;
		case OPT_PASSFILE: c.passfile = optarg; break;
		case OPT_KDF_COST: {
			unsigned long long v = ck_parse_count("--kdf-cost",
							      optarg);

			if (v < 10 || v > 22)
				ck_usage_error("invalid --kdf-cost '%s' "
					       "(10..22)", optarg);
			c.kdf_log_n = (int)v;
			break;
		}
		case 'k': c.key_path = optarg; break;
		case 'm': c.meaning = optarg; break;
		case OPT_POLICY: c.policy_path = optarg; break;
		case OPT_JSONL: c.records = 1; break;
		case OPT_MANIFEST: c.manifest = optarg; break;
		case OPT_TSA_TOKEN: c.tsa_token = optarg; break;
		case OPT_TSA_CA: c.tsa_ca = optarg; break;
		case 't': c.trusted_path = optarg; break;
		case OPT_MAX_SKEW:
			duration("--max-skew", optarg, &skew);
			if (skew.months)
				ck_usage_error("invalid --max-skew '%s' (at "
					       "most weeks)", optarg);
			c.skew_sec = skew.sec;
			break;
		case OPT_REQUIRE: c.require = optarg; break;
		case OPT_VALID_FOR:
			duration("--valid-for", optarg, &c.valid_for);
			c.has_valid_for = 1;
			break;
		case OPT_WARN: duration("--warn", optarg, &c.warn); break;
		case OPT_WITHIN:
			duration("--within", optarg, &c.within);
			c.has_within = 1;
			break;
		case OPT_ROLE: c.role = optarg; break;
		case OPT_VALID_AFTER: c.valid_after = optarg; break;
		case OPT_VALID_BEFORE: c.valid_before = optarg; break;
		case OPT_REVOKED: c.revoked = optarg ? optarg : ""; break;
		default:
			ck_usage_error("unexpected option");
		}
	}
	ck_opts_release(&b);
	c.argc = argc - optind;
	c.argv = argv + optind;
	ck_cmd_operands(current->name, current->synopsis, current->min,
			current->max, c.argc, c.argv);
	check_required(&c);
	if (ck_time_now(&c.now) < 0)
		ck_die(CK_EXIT_TROUBLE, 0, "invalid COMPLYKIT_NOW");
	/* keygen's -o is a base name, not the data output */
	c.output = strcmp(c.cmd, "keygen") == 0 ? NULL : c.out_base;
	c.out = ck_open_output(c.output);
	c.format = (enum ks_format)ck_format_resolve(com.format, fmts, c.out);
	rc = current->run(&c);
	if (fflush(c.out) != 0 || (c.out != stdout && fclose(c.out) != 0)) {
		ck_warn_errno(errno, "cannot write %s",
			      c.output ? c.output : "standard output");
		rc = CK_EXIT_TROUBLE;
	}
	return rc;
}
