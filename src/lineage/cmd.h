/* cmd.h -- the parsed command line and one entry point per command.
 * Commands return a CONTRACT exit status and print their own
 * diagnostics. */
#ifndef LINEAGE_CMD_H
#define LINEAGE_CMD_H

#include <stdio.h>
#include <jansson.h>
#include "lineage/lineage.h"

enum ln_format { LN_TEXT, LN_JSONL, LN_DOT, LN_OPENLINEAGE, LN_MARQUEZ,
	LN_SVG, LN_HTML, LN_PROV, LN_OCI };

struct ln_ctx {
	const char *cmd;
	const char *store_opt;
	const char *job;
	const char **inputs, **outputs, **params, **metrics;
	size_t ninputs, noutputs, nparams, nmetrics;
	const char *status;	/* record --status */
	const char *run_id;	/* --run-id */
	const char *version;	/* impact --version */
	unsigned depth;		/* 0: unbounded */
	int exit_code;		/* diff --exit-code */
	const char *to;		/* mlflow-export --to */
	const char *url;	/* push --url */
	const char *cacert;	/* push --cacert */
	int retries, timeout;	/* push */
	int import_from;	/* import --from, an index of its names */
	int no_stdout;		/* run: the command owns standard output */
	enum ln_format format;
	FILE *out;
	const char *out_path;	/* -o as given (export --format oci: a directory) */
	int argc;
	char **argv;
};

/* Writes rec as one JSON line, or text when the format is text and text
 * is not NULL.  0, or -1 after a diagnostic. */
int ln_emit(struct ln_ctx *c, const json_t *rec, const char *text);
/* Opens the store and loads the graph; -1 after a diagnostic. */
int ln_load(struct ln_ctx *c, struct ln_store *s, struct ln_graph **g);

int ln_cmd_record(struct ln_ctx *c);
int ln_cmd_run(struct ln_ctx *c);
int ln_cmd_ingest(struct ln_ctx *c);
int ln_cmd_verify(struct ln_ctx *c);
int ln_cmd_upstream(struct ln_ctx *c);
int ln_cmd_downstream(struct ln_ctx *c);
int ln_cmd_impact(struct ln_ctx *c);
int ln_cmd_path(struct ln_ctx *c);
int ln_cmd_export(struct ln_ctx *c);
int ln_cmd_diff(struct ln_ctx *c);
int ln_cmd_mlflow_export(struct ln_ctx *c);
int ln_cmd_push(struct ln_ctx *c);
int ln_cmd_import(struct ln_ctx *c);
/* import --from NAME: its index, or -1 when unknown. */
int ln_import_from(const char *s);

#endif
