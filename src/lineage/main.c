/* main.c -- lineage: the provenance graph of datasets, runs and models.
 *
 * Global options come before the command (git's habit); each command has
 * its own option table, which drives its parsing and its --help.  This
 * file parses, dispatches and owns the exit status. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/cmd.h"
#include "common/err.h"
#include "lineage/cmd.h"

enum {
	OPT_JOB = CK_OPT_TOOL_BASE, OPT_INPUTS, OPT_OUTPUTS, OPT_PARAM,
	OPT_METRIC, OPT_STATUS, OPT_RUN_ID, OPT_DEPTH, OPT_VERSION,
	OPT_EXIT_CODE, OPT_TO, OPT_URL, OPT_RETRIES, OPT_TIMEOUT, OPT_FROM,
	OPT_CACERT
};

#define O_STORE { "store", 's', required_argument, "DIR", \
		  "the store (default: $LINEAGE_STORE or ./.lineage)" }
#define O_RUNOPTS \
	{ "job", OPT_JOB, required_argument, "NS/NAME", \
	  "the job (namespace 'default' without a '/')" }, \
	{ "inputs", OPT_INPUTS, required_argument, "LIST", \
	  "input datasets: paths or URIs, comma-separated; - reads records" }, \
	{ "outputs", OPT_OUTPUTS, required_argument, "LIST", \
	  "output datasets, as --inputs" }, \
	{ "param", OPT_PARAM, required_argument, "KEY=VALUE", \
	  "a run parameter (repeatable)" }, \
	{ "metric", OPT_METRIC, required_argument, "KEY=NUMBER", \
	  "a metric of the run (repeatable)" }, \
	{ "run-id", OPT_RUN_ID, required_argument, "UUID", \
	  "the run's id (default: a new random UUID)" }
#define O_DEPTH { "depth", OPT_DEPTH, required_argument, "N", \
		  "follow at most N edges (default: no bound)" }

static const struct ck_opt opts_record[] = {
	O_STORE, O_RUNOPTS,
	{ "status", OPT_STATUS, required_argument, "complete|fail",
	  "how the run ended (default: complete)" },
	CK_OPTS_COMMON
};
static const struct ck_opt opts_run[] = { O_STORE, O_RUNOPTS, CK_OPTS_COMMON };
static const struct ck_opt opts_plain[] = { O_STORE, CK_OPTS_COMMON };
static const struct ck_opt opts_walk[] = { O_STORE, O_DEPTH, CK_OPTS_COMMON };
static const struct ck_opt opts_impact[] = {
	O_STORE, O_DEPTH,
	{ "dataset-version", OPT_VERSION, required_argument, "VERSION",
	  "only runs that read this version of the dataset" },
	CK_OPTS_COMMON
};
static const struct ck_opt opts_diff[] = {
	O_STORE,
	{ "exit-code", OPT_EXIT_CODE, no_argument, NULL,
	  "exit 1 when the runs differ" },
	CK_OPTS_COMMON
};

static const struct ck_opt opts_mlflow[] = {
	O_STORE,
	{ "to", OPT_TO, required_argument, "DIR",
	  "the new MLflow file store to write (mlruns/)" },
	CK_OPTS_COMMON
};

static const struct ck_opt opts_import[] = {
	O_STORE,
	{ "from", OPT_FROM, required_argument, "FORMAT",
	  "auto (default), openlineage, oci, prov or dot" },
	CK_OPTS_COMMON
};

static const struct ck_opt opts_push[] = {
	O_STORE,
	{ "url", OPT_URL, required_argument, "URL",
	  "the OpenLineage endpoint (http:// or https://)" },
	{ "cacert", OPT_CACERT, required_argument, "FILE",
	  "verify https servers against these CA certificates (PEM)" },
	{ "retries", OPT_RETRIES, required_argument, "N",
	  "tries after the first, with backoff (default: 3)" },
	{ "timeout", OPT_TIMEOUT, required_argument, "SEC",
	  "per request (default: 10)" },
	CK_OPTS_COMMON
};

struct command {
	const char *name;
	int (*run)(struct ln_ctx *);
	const struct ck_opt *opts;
	int min, max;
	const char *synopsis;
	const char *summary;
	const char *const *formats;
};

static const char *const f_data[] = { "text", "jsonl", NULL };
static const char *const f_walk[] = { "text", "jsonl", "marquez", NULL };
static const char *const f_export[] = { "openlineage", "dot", "svg", "html",
	"prov", "oci", NULL };

static const struct command commands[] = {
	{ "record", ln_cmd_record, opts_record, 0, 0, "--job NS/NAME",
	  "record one finished run", f_data },
	{ "run", ln_cmd_run, opts_run, 1, 1 << 20,
	  "--job NS/NAME -- CMD [ARG]...",
	  "run a command and record its START and COMPLETE or FAIL", f_data },
	{ "ingest", ln_cmd_ingest, opts_plain, 0, 1 << 20, "[FILE.jsonl]...",
	  "add OpenLineage events from other producers, checking each",
	  f_data },
	{ "verify", ln_cmd_verify, opts_plain, 0, 0, "",
	  "check every event of the log", f_data },
	{ "upstream", ln_cmd_upstream, opts_walk, 1, 1, "NODE",
	  "what NODE was built from", f_walk },
	{ "downstream", ln_cmd_downstream, opts_walk, 1, 1, "NODE",
	  "what was built from NODE", f_walk },
	{ "impact", ln_cmd_impact, opts_impact, 1, 1, "DATASET",
	  "every run and output that depends on DATASET", f_data },
	{ "path", ln_cmd_path, opts_plain, 2, 2, "A B",
	  "a shortest chain of edges from A down to B", f_data },
	{ "export", ln_cmd_export, opts_plain, 0, 0, "",
	  "the log as JSON Lines or an OCI artifact; the graph as DOT, SVG, "
	  "HTML, PROV",
	  f_export },
	{ "import", ln_cmd_import, opts_import, 0, 1 << 20, "[FILE|DIR]...",
	  "take back what export wrote: JSON Lines, OCI, PROV, DOT", f_data },
	{ "diff", ln_cmd_diff, opts_diff, 2, 2, "RUN_A RUN_B",
	  "compare two runs: params, metrics, inputs, code, environment",
	  f_data },
	{ "mlflow-export", ln_cmd_mlflow_export, opts_mlflow, 0, 0,
	  "--to DIR", "write the runs as an MLflow file store", f_data },
	{ "push", ln_cmd_push, opts_push, 0, 0, "--url URL",
	  "send the events not yet acknowledged to an OpenLineage server",
	  f_data },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct command *current;

static void
usage(FILE *fp)
{
	if (current != NULL) {
		ck_cmd_usage(fp, current->name, current->synopsis,
			     current->summary, current->opts);
		fprintf(fp, "\nFormats (--format):");
		for (const char *const *f = current->formats; *f; f++)
			fprintf(fp, " %s", *f);
		fprintf(fp, "\n");
	} else {
		fprintf(fp, "Usage: %s [-s DIR] COMMAND [OPTION]... [ARG]...\n"
			"The provenance graph of datasets, runs and models "
			"(OpenLineage 2-0-2).\n\nCommands:\n", ck_progname);
		for (const struct command *c = commands; c->name; c++)
			fprintf(fp, "  %-13s %s\n", c->name, c->summary);
		fprintf(fp, "\nGlobal options:\n"
			"  -s, --store=DIR  the store (default: $LINEAGE_STORE "
			"or ./.lineage)\n"
			"  -h, --help       show this help and exit\n"
			"  -V, --version    show version and libraries\n"
			"\nNodes are named dataset:NS:NAME, job:NS:NAME and "
			"run:UUID.\n'%s COMMAND --help' describes a command.\n",
			ck_progname);
	}
	fprintf(fp, "\nExit status: 0 clean, 1 the run failed (run, record "
		"--status fail) or the\nruns differ (diff --exit-code), 2 "
		"usage, input or system error.  See lineage(1).\n");
}

static void
push_list(const char ***v, size_t *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (nv == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	*v = nv;
	(*v)[(*n)++] = s;
}

/* "a,b" adds a and b (commas split; "-" stands alone). */
static void
push_split(const char ***v, size_t *n, char *s)
{
	for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ","))
		push_list(v, n, tok);
}

int
main(int argc, char **argv)
{
	struct ln_ctx c;
	struct ck_common com = { NULL, NULL };
	struct ck_opts_built b;
	int i, opt, rc;
	const char *fmt_default;

	ck_set_progname(argv[0]);
	memset(&c, 0, sizeof(c));
	c.retries = 3;
	c.timeout = 10;
	i = ck_cmd_front(argc, argv, &c.store_opt, usage);
	for (current = commands; current->name; current++)
		if (strcmp(current->name, argv[i]) == 0)
			break;
	if (current->name == NULL) {
		current = NULL;
		ck_usage_error("unknown command '%s'", argv[i]);
	}
	c.cmd = current->name;
	argc -= i;
	argv += i;
	ck_opts_build(current->opts, &b);
	optind = 0;
	while ((opt = ck_getopt(argc, argv, &b)) != -1) {
		char *end;
		long v;

		if (ck_opts_common(opt, optarg, &com, usage))
			continue;
		switch (opt) {
		case 's': c.store_opt = optarg; break;
		case OPT_JOB: c.job = optarg; break;
		case OPT_INPUTS: push_split(&c.inputs, &c.ninputs, optarg);
			break;
		case OPT_OUTPUTS: push_split(&c.outputs, &c.noutputs, optarg);
			break;
		case OPT_PARAM:
			if (strchr(optarg, '=') == NULL || optarg[0] == '=')
				ck_usage_error("invalid --param '%s' (want "
					       "KEY=VALUE)", optarg);
			push_list(&c.params, &c.nparams, optarg);
			break;
		case OPT_METRIC: {
			char *eq = strchr(optarg, '=');

			if (eq == NULL || eq == optarg ||
			    (strtod(eq + 1, &end), *end != '\0') ||
			    eq[1] == '\0')
				ck_usage_error("invalid --metric '%s' (want "
					       "KEY=NUMBER)", optarg);
			push_list(&c.metrics, &c.nmetrics, optarg);
			break;
		}
		case OPT_STATUS:
			if (strcmp(optarg, "complete") != 0 &&
			    strcmp(optarg, "fail") != 0)
				ck_usage_error("invalid --status '%s' (complete "
					       "or fail)", optarg);
			c.status = optarg;
			break;
		case OPT_RUN_ID:
			if (!ln_uuid_ok(optarg))
				ck_usage_error("invalid --run-id '%s' (want a "
					       "UUID)", optarg);
			c.run_id = optarg;
			break;
		case OPT_DEPTH:
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *optarg == '\0' || *end != '\0' ||
			    v < 1 || v > 1000000)
				ck_usage_error("invalid --depth '%s'", optarg);
			c.depth = (unsigned)v;
			break;
		case OPT_VERSION: c.version = optarg; break;
		case OPT_EXIT_CODE: c.exit_code = 1; break;
		case OPT_TO: c.to = optarg; break;
		case OPT_URL: c.url = optarg; break;
		case OPT_CACERT: c.cacert = optarg; break;
		case OPT_FROM:
			if ((c.import_from = ln_import_from(optarg)) < 0)
				ck_usage_error("invalid --from '%s' (auto, "
					       "openlineage, oci, prov or dot)",
					       optarg);
			break;
		case OPT_RETRIES:
		case OPT_TIMEOUT:
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *optarg == '\0' || *end != '\0' ||
			    v < (opt == OPT_RETRIES ? 0 : 1) || v > 3600)
				ck_usage_error("invalid --%s '%s'", opt ==
					       OPT_RETRIES ? "retries" :
					       "timeout", optarg);
			if (opt == OPT_RETRIES)
				c.retries = (int)v;
			else
				c.timeout = (int)v;
			break;
		default:
			ck_usage_error("unexpected option");
		}
	}
	ck_opts_release(&b);
	c.argc = argc - optind;
	c.argv = argv + optind;
	ck_cmd_operands(current->name, current->synopsis, current->min,
			current->max, c.argc, c.argv);
	if ((current->run == ln_cmd_record || current->run == ln_cmd_run) &&
	    c.job == NULL)
		ck_usage_error("%s: --job is required", current->name);
	if (current->run == ln_cmd_push && c.url == NULL)
		ck_usage_error("push: --url URL is required");
	if (current->run == ln_cmd_mlflow_export && c.to == NULL)
		ck_usage_error("mlflow-export: --to DIR is required");
	c.out_path = com.output;
	if (current->formats == f_export && com.format != NULL &&
	    strcmp(com.format, "oci") == 0) {
		/* an OCI layout is a directory, written by export itself */
		if (com.output == NULL || strcmp(com.output, "-") == 0)
			ck_usage_error("export: --format oci needs -o DIR");
		c.out = stdout;
	} else {
		c.out = ck_open_output(com.output);
	}
	c.no_stdout = current->run == ln_cmd_run && c.out == stdout;
	fmt_default = com.format;
	if (current->formats == f_export && fmt_default == NULL)
		fmt_default = "openlineage";
	rc = ck_format_resolve(fmt_default, current->formats, c.out);
	if (current->formats == f_export)
		c.format = rc == 0 ? LN_OPENLINEAGE : rc == 1 ? LN_DOT :
			   rc == 2 ? LN_SVG : rc == 3 ? LN_HTML :
			   rc == 4 ? LN_PROV : LN_OCI;
	else
		c.format = rc == 2 ? LN_MARQUEZ : rc == 1 ? LN_JSONL : LN_TEXT;
	rc = current->run(&c);
	if (c.out != stdout && fclose(c.out) != 0 && rc != CK_EXIT_TROUBLE) {
		ck_warn_errno(errno, "cannot write %s", com.output);
		rc = CK_EXIT_TROUBLE;
	}
	free(c.inputs);
	free(c.outputs);
	free(c.params);
	free(c.metrics);
	return rc;
}
