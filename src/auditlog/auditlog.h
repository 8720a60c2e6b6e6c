/* auditlog.h -- what the parts of auditlog(1) share. */
#ifndef AUDITLOG_H
#define AUDITLOG_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <jansson.h>

#include "common/audit.h"
#include "common/cli.h"
#include "common/err.h"
#include "common/key.h"
#include "common/merkle.h"

/* Subcommands: argv[0] is the subcommand's name; return the exit status. */
int cmd_init(int argc, char **argv);
int cmd_append(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_recover(int argc, char **argv);
int cmd_checkpoint(int argc, char **argv);
int cmd_prove(int argc, char **argv);
int cmd_verify_proof(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_archive(int argc, char **argv);
int cmd_prune(int argc, char **argv);

/* Option parsing of a subcommand: builds the table, handles the common
 * options with usage as --help, and returns keys like ck_getopt. */
struct sub_opts {
	struct ck_opts_built b;
	struct ck_common common;
	void (*usage)(FILE *);
};
void sub_opts_init(struct sub_opts *so, const struct ck_opt *table,
		   void (*usage)(FILE *));
int sub_getopt(struct sub_opts *so, int argc, char **argv);
void sub_opts_release(struct sub_opts *so);

/* "30d", "12h", "1y", "90m", "3600s", "2w": seconds; -1 if malformed. */
int64_t parse_duration(const char *s);
/* --since/--until: a duration back from now, an RFC 3339 time or a date
 * (YYYY-MM-DD, midnight UTC).  Microseconds since the epoch; dies with a
 * usage error when malformed. */
int64_t parse_when(const char *opt, const char *s, int64_t now_us);
/* 1024, 64M, 1G: bytes; dies with a usage error when malformed. */
uint64_t parse_size(const char *opt, const char *s);
int64_t now_us(void);
/* The event's time in microseconds, or -1. */
int64_t event_time_us(const json_t *ev);

/* Scanning a log from its start (or its anchor after a prune). */
struct scan_event {
	uint64_t seq;
	const char *line;	/* without '\n' */
	size_t len;
	json_t *ev;		/* NULL: parse line when needed */
	/* The top-level action's value text when the line was read
	 * without a tree (NULL when unknown: parse the line). */
	const char *action;
	size_t action_len;
	const char *seg;	/* segment path */
	off_t off;		/* byte offset in the segment */
	unsigned char hash[32];
	ck_mhash leaf;
	const struct ck_merkle_frontier *tree;	/* after this leaf */
};
struct scan_fail {
	int failed;
	char seg[4096];
	uint64_t seq;
	off_t off;
	char msg[1024];
};
/* Calls fn for each event in order, checking the chain.  fn returns 0 to
 * go on, 1 to stop, -1 on error (err set).  The first broken link fills
 * fail and stops the scan (returns 1).  With torn_ok a torn last line is
 * not a failure (*torn gets its offset).  Returns 0 at the end, 1 on a
 * failure or a stop, -1 on trouble. */
struct anchor {
	int present;
	uint64_t seq;
	unsigned char hash[32];
	struct ck_merkle_frontier tree;
	json_t *json;
};
int anchor_load(const char *dir, struct anchor *an, struct ck_error *err);
void anchor_release(struct anchor *an);
int scan_log(const char *dir, const struct anchor *an,
	     int (*fn)(void *ctx, const struct scan_event *e,
		       struct ck_error *err),
	     void *ctx, struct scan_fail *fail, struct ck_error *err);
/* The same, and tree_out (if not NULL) gets the Merkle frontier after the
 * last event handed to fn: a caller that wants only the final root folds
 * it once instead of at every event.  The line checks run in
 * scan_get_threads() threads; results and failures are the same for any
 * number. */
int scan_log_tree(const char *dir, const struct anchor *an,
		  int (*fn)(void *ctx, const struct scan_event *e,
			    struct ck_error *err),
		  void *ctx, struct scan_fail *fail,
		  struct ck_merkle_frontier *tree_out, struct ck_error *err);
/* Threads for the scans: scan_set_threads (verify -j) when called, else
 * $COMPLYKIT_THREADS, else as many as there are online processors;
 * 1 to 64. */
void scan_set_threads(int n);
int scan_get_threads(void);

/* Checkpoints: the C2SP signed note of (origin, size, root). */
struct checkpoint {
	char origin[256];
	uint64_t size;
	ck_mhash root;
	char *text;		/* the whole note */
	char *path;		/* where it was read, or NULL */
	int64_t mtime;		/* file time (s) */
};
int checkpoint_parse(struct checkpoint *cp, const char *text, size_t len,
		     const char *name, const unsigned char *pub,
		     struct ck_error *err);
void checkpoint_release(struct checkpoint *cp);
/* Checkpoints of the log, sorted by size, each signature checked. */
int checkpoints_load(const char *dir, const unsigned char *pub,
		     struct checkpoint **cps, size_t *n, struct ck_error *err);
void checkpoints_free(struct checkpoint *cps, size_t n);
/* The log's key (secret when want_secret). */
int log_key(const struct ck_audit *a, struct ck_key *k, int want_secret,
	    struct ck_error *err);
/* Signs and writes a checkpoint of size/root; path malloc'd in *out. */
int checkpoint_write(struct ck_audit *a, const struct ck_key *k,
		     uint64_t size, const ck_mhash root, char **out,
		     struct ck_error *err);

/* The whole check of a log: chain, canonical form, Merkle root at every
 * checkpoint (signatures checked with keypath or DIR/key.pub), the prune
 * anchor, and ext (a checkpoint kept elsewhere) if given; stops after seq
 * `last` when not 0.  0 ok (size, checkpoints checked, root), 1 failed
 * (fail filled), -1 trouble. */
int verify_log(struct ck_audit *a, const char *keypath, struct checkpoint *ext,
	       uint64_t last, struct scan_fail *fail, uint64_t *size,
	       size_t *ncheck, ck_mhash root, struct ck_error *err);

/* Writes the result of the last verify to DIR/verified.json (a cache the
 * report shows) -- best effort. */
void verify_record(const char *dir, int ok, uint64_t size, const char *what);

/* Risk level of phi.score (CONTRACT policy): high > 15, medium 6..15,
 * low < 6; NULL without a score. */
const char *risk_level(const json_t *ev);

/* Opens the log or dies with status 2. */
struct ck_audit *open_log_or_die(const char *dir);

#endif
