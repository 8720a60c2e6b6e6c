/* dsver.h -- what dsver's commands share: the parsed command line, the
 * output helpers and one entry point per command.  Commands return a
 * CONTRACT exit status (0, 1, 2) and print their own diagnostics. */
#ifndef DSVER_DSVER_H
#define DSVER_DSVER_H

#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "common/err.h"
#include "dsver/repo.h"
#include "dsver/scan.h"

enum ds_format { DS_TEXT, DS_JSONL };

struct ds_ctx {
	const char *cmd;
	const char *store_opt;	/* -s/--store DIR */
	const char *message;
	const char **tags;
	size_t ntags;
	const char **meta;
	size_t nmeta;
	int jobs;
	int full;
	int no_store;
	int exit_code;
	int check_store;	/* verify --store */
	const char *tree;
	long keep_last;		/* -1: not given */
	int64_t keep_within;	/* seconds, -1: not given */
	int dry_run;
	const char *audit;
	enum ds_format format;
	FILE *out;
	const char *output;
	int argc;		/* operands after the command */
	char **argv;
};

/* Writes a record: jsonl, or text via the given line (may be NULL to
 * print nothing in text).  0, or -1 after a diagnostic (EPIPE &c). */
int ds_emit(struct ds_ctx *c, json_t *rec, const char *text);
/* Opens the store c names (locking it for writers).  0 or -1 after a
 * diagnostic. */
int ds_open(struct ds_ctx *c, struct ds_repo *r, int lock);
/* Appends an audit event for action on snapshot id to --audit (a file or
 * "-"); no-op without --audit.  data is consumed. */
int ds_audit(struct ds_ctx *c, const char *action, const char *id,
	     json_t *data, int64_t started_ms);
int64_t ds_now_ms(void);
/* Scans a working tree with the source's stat cache (read-only), for
 * diff and verify. */
int ds_scan_worktree(struct ds_ctx *c, struct ds_repo *r, const char *dir,
		     struct ds_scan *out, struct ck_error *err);
/* Loads --meta FILE.yaml and key=value arguments into an object. */
json_t *ds_meta_load(const char **args, size_t n, struct ck_error *err);
/* Reads every entry of snapshot hex into a sorted array (checking the
 * digest).  header gets a new reference if not NULL. */
int ds_load_entries(struct ds_repo *r, const char *hex, struct ds_scan *out,
		    json_t **header, struct ck_error *err);

int ds_cmd_init(struct ds_ctx *c);
int ds_cmd_snapshot(struct ds_ctx *c);
int ds_cmd_log(struct ds_ctx *c);
int ds_cmd_show(struct ds_ctx *c);
int ds_cmd_tag(struct ds_ctx *c);
int ds_cmd_meta(struct ds_ctx *c);
int ds_cmd_diff(struct ds_ctx *c);
int ds_cmd_verify(struct ds_ctx *c);
int ds_cmd_checkout(struct ds_ctx *c);
int ds_cmd_export(struct ds_ctx *c);
int ds_cmd_import(struct ds_ctx *c);
int ds_cmd_gc(struct ds_ctx *c);

#endif
