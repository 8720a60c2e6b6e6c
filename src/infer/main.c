/* main.c -- infer: validated, bit-reproducible inference on ONNX models.
 *
 * Options and the exit status live here; the record filter is record.c,
 * the engine is libinfer.a (model.c, graph.c and one file per op family).
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <protobuf-c/protobuf-c.h>

#include "common/cli.h"
#include "common/err.h"
#include "common/jsonl.h"
#include "infer/infer.h"
#include "infer/ops.h"

enum {
	OPT_MODEL = CK_OPT_TOOL_BASE, OPT_FIELD, OPT_SCHEMA, OPT_ON_ERROR,
	OPT_BATCH, OPT_DESCRIBE, OPT_EXPECT, OPT_LIST_OPS, OPT_JOBS = 'j'
};

static const struct ck_opt options[] = {
	{ "model", OPT_MODEL, required_argument, "FILE",
	  "the ONNX model to run (required)" },
	{ "field", OPT_FIELD, required_argument, "NAME",
	  "record field holding the input (default: features)" },
	{ "schema", OPT_SCHEMA, required_argument, "FILE",
	  "validate records against this YAML schema" },
	{ "on-error", OPT_ON_ERROR, required_argument, "WHAT",
	  "fail (default: exit 2) or skip bad records" },
	{ "batch", OPT_BATCH, required_argument, "N",
	  "records run together (default: 64; never changes results)" },
	{ "jobs", OPT_JOBS, required_argument, "N",
	  "threads running each batch (default: 1; never changes results)" },
	{ "expect", OPT_EXPECT, required_argument, "FILE",
	  "compare the output with FILE; exit 1 on any difference" },
	{ "describe", OPT_DESCRIBE, no_argument, NULL,
	  "print the model's inputs, outputs, opset, ops and hash" },
	{ "list-ops", OPT_LIST_OPS, no_argument, NULL,
	  "print the operators infer supports" },
	{ "output", 'o', required_argument, "FILE",
	  "write to FILE instead of standard output" },
	{ "quiet", 'q', no_argument, NULL, "print no diagnostics but errors" },
	{ "verbose", 'v', no_argument, NULL, "say more on standard error" },
	{ "help", 'h', no_argument, NULL, "show this help and exit" },
	{ "version", 'V', no_argument, NULL, "show version and libraries" },
	{ NULL, 0, 0, NULL, NULL }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
		"Usage: %s --model FILE [OPTION]... [FILE]...\n"
		"  or:  %s --describe --model FILE\n"
		"Run an ONNX model on JSON Lines records: validate each record's\n"
		"input, add `prediction` and `provenance`, pass other fields "
		"through.\n\n", ck_progname, ck_progname);
	ck_opts_help(fp, options);
	fprintf(fp,
		"\nExit status: 0 ran cleanly, 1 --expect found a difference,\n"
		"2 usage, model, input or system error.\n");
}

static void
version_extra(FILE *fp)
{
	fprintf(fp, "protobuf-c %s\nONNX opsets: ai.onnx <= %d, ai.onnx.ml\n",
		protobuf_c_version(), INFER_MAX_OPSET);
}

static void
print_op(const char *domain, const char *name, void *arg)
{
	FILE *fp = arg;

	fprintf(fp, "%s%s%s\n", domain, *domain ? ":" : "", name);
}

/* With -v, the process's peak resident memory (VmHWM), which issue 9
 * bounds: twice the model plus one batch over the process itself. */
static void
report_peak(void)
{
	char line[128];
	FILE *fp;

	if (ck_verbosity < 1 || !(fp = fopen("/proc/self/status", "r")))
		return;
	while (fgets(line, sizeof line, fp))
		if (!strncmp(line, "VmHWM:", 6)) {
			ck_info("peak memory %lld kB",
				strtoll(line + 6, NULL, 10));
			break;
		}
	fclose(fp);
}

/* optarg as a count from 1 to max, or a usage error naming --opt. */
static long
count_arg(const char *opt, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(optarg, &end, 10);
	if (errno || *end || v < 1 || v > max)
		ck_usage_error("invalid --%s '%s' (1 to %ld)", opt, optarg, max);
	return v;
}

int
main(int argc, char **argv)
{
	struct ck_opts_built built;
	struct ck_common common = { 0 };
	struct infer_opts o = { 0 };
	struct ck_error err;
	struct model m;
	struct schema s;
	int opt, describe = 0, list_ops = 0, rc = 0;
	FILE *out;

	/* Tensors of a batch are freed and made again on every run: keep
	 * the memory in the process instead of faulting it in each time. */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	ck_set_progname(argv[0]);
	ck_version_extra = version_extra;
	ck_error_clear(&err);
	o.batch = INFER_DEFAULT_BATCH;
	o.jobs = 1;
	ck_opts_build(options, &built);
	while ((opt = ck_getopt(argc, argv, &built)) != -1) {
		if (ck_opts_common(opt, optarg, &common, usage))
			continue;
		switch (opt) {
		case OPT_MODEL: o.model_path = optarg; break;
		case OPT_FIELD:
			if (!*optarg)
				ck_usage_error("--field needs a name");
			o.field = optarg;
			break;
		case OPT_SCHEMA: o.schema_path = optarg; break;
		case OPT_ON_ERROR:
			if (!strcmp(optarg, "fail"))
				o.skip_errors = 0;
			else if (!strcmp(optarg, "skip"))
				o.skip_errors = 1;
			else
				ck_usage_error("invalid --on-error '%s' (choose "
					       "from fail, skip)", optarg);
			break;
		case OPT_BATCH:
			o.batch = (size_t)count_arg("batch", INFER_MAX_BATCH);
			break;
		case OPT_JOBS:
			o.jobs = (int)count_arg("jobs", INFER_MAX_JOBS);
			break;
		case OPT_EXPECT: o.expect_path = optarg; break;
		case OPT_DESCRIBE: describe = 1; break;
		case OPT_LIST_OPS: list_ops = 1; break;
		default:
			ck_usage_error("unhandled option");
		}
	}
	ck_opts_release(&built);
	if (list_ops) {
		out = ck_open_output(common.output);
		op_list(print_op, out);
		if (fflush(out) != 0 || (out != stdout && fclose(out) != 0))
			ck_die(CK_EXIT_TROUBLE, errno, "cannot write output");
		report_peak();
		return CK_EXIT_OK;
	}
	if (describe && !o.model_path && optind < argc)
		o.model_path = argv[optind++];
	if (!o.model_path)
		ck_usage_error("--model is required");
	if (describe && optind < argc)
		ck_usage_error("--describe takes no input files");
	if (model_load_file(&m, o.model_path, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	schema_init(&s);
	if (o.schema_path && schema_load_file(&s, o.schema_path, &err) < 0) {
		ck_warn_error(&err);
		model_release(&m);
		return CK_EXIT_TROUBLE;
	}
	ck_info("loaded %s: %zu nodes, opset %lld", o.model_path, m.nnodes,
		(long long)m.opset);
	out = ck_open_output(common.output);
	if (describe) {
		json_t *d = infer_describe(&m, o.model_path);
		if (ck_jsonl_write(out, d, &err) < 0) {
			ck_warn_error(&err);
			rc = CK_EXIT_TROUBLE;
		}
		json_decref(d);
	} else {
		rc = infer_filter(&o, &m, &s, (const char *const *)argv + optind,
				  out);
	}
	if (out != stdout && fclose(out) != 0) {
		ck_warn_errno(errno, "cannot write %s", common.output);
		rc = CK_EXIT_TROUBLE;
	}
	schema_release(&s);
	model_release(&m);
	report_peak();
	return rc;
}
