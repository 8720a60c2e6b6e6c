/* cli.h -- phiscan's front end: the state its parts share.
 *
 * main.c parses options into a struct phi_run; the mode runners (jobs.c
 * for files, record.c for JSON Lines, staged.c for the git index) scan
 * documents with docscan.c, which writes records through output.c into a
 * struct phi_sink.  A sink either goes straight to the output (one
 * thread) or buffers one input's records until the printer thread writes
 * them in input order (jobs.c).  Only the printer touches the run's
 * totals and the output stream.
 */
#ifndef PHISCAN_CLI_H
#define PHISCAN_CLI_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/walk.h"
#include "common/phi/phi.h"
#include "common/phi/value.h"
#include "common/phi/userconf.h"

enum phi_fmt { PHI_FMT_TEXT, PHI_FMT_JSONL, PHI_FMT_SARIF };

/* --fail-on: a document trips the gate when it has a finding and its
 * confidence is at least this; ANY trips on any finding, NEVER never. */
enum { PHI_FAIL_NEVER = -2, PHI_FAIL_ANY = -1 };

/* ---- baseline.c ------------------------------------------------------ */

struct phi_baseline;		/* a loaded baseline: a set of fingerprints */

/* Reads FILE (JSON Lines); a header line carries the key id, which must
 * match key's.  Errors name FILE:line. */
struct phi_baseline *phi_baseline_load(const char *path,
				       const struct phi_key *key,
				       struct ck_error *err);
int phi_baseline_has(const struct phi_baseline *b,
		     const unsigned char fp[CK_SHA256_LEN]);
void phi_baseline_free(struct phi_baseline *b);

struct phi_bwriter;		/* collects fingerprints (thread-safe) */

struct phi_bwriter *phi_bwriter_new(void);
int phi_bwriter_add(struct phi_bwriter *w, const unsigned char fp[CK_SHA256_LEN],
		    int type, const char *rule, const char *path,
		    uint64_t line, uint64_t col);
/* Writes FILE crash-safely, sorted by path and position, one line per
 * fingerprint. */
int phi_bwriter_commit(struct phi_bwriter *w, const char *path,
		       const struct phi_key *key, struct ck_error *err);
void phi_bwriter_free(struct phi_bwriter *w);

/* .complykit.yaml and the engines: common/phi/userconf.h. */

/* ---- the run ----------------------------------------------------------- */

struct phi_rulemap;

struct phi_run {
	/* options */
	int format;
	int color;
	int show_match;
	int fail_on;
	int binary;
	int no_config;
	int baseline_accepts;	/* --baseline-write: findings do not trip */
	const char *field;
	long jobs;
	struct ck_walk_opts walk;

	struct phi_engines *engines;
	struct phi_key key;
	struct phi_baseline *baseline;
	struct phi_bwriter *bwriter;
	struct phi_rulemap *rules;	/* SARIF rule index */

	/* printer side */
	FILE *out;
	int sarif_open;		/* header written */
	int sarif_results;	/* results written so far */
	json_t *notes;		/* SARIF toolExecutionNotifications */
	unsigned long docs, docs_phi, findings, errors, skipped;
	unsigned long counts[PHI_NTYPES];
	int tripped;
	int write_failed;

	/* --audit (audit.c) */
	struct ck_audit *audit;	/* NULL without --audit */
	const char *actor;	/* actor.id of the events */
	int audit_failed;	/* a write failed: the run fails closed */
	int audit_max;		/* highest score of a document that tripped */
	unsigned long docs_tripped;
};

/* ---- audit.c: --audit DIR ---------------------------------------------- */

struct ck_audit;
struct phi_sink;
/* Opens the log for the run; 0 or -1 with err. */
int phi_audit_open(struct phi_run *r, const char *dir, struct ck_error *err);
void phi_audit_close(struct phi_run *r);
/* Any thread: stages the event of one scanned document in s. */
int phi_audit_stage(const struct phi_run *r, struct phi_sink *s,
		    const char *path, const unsigned char sha256[CK_SHA256_LEN],
		    const struct phi_doc_score *ds);
/* The same for one record of record mode: the record's file and line,
 * and the SHA-256 of the line as read. */
int phi_audit_stage_record(const struct phi_run *r, struct phi_sink *s,
			   const char *path, unsigned long line,
			   const unsigned char sha256[CK_SHA256_LEN],
			   const struct phi_doc_score *ds);
/* Printer only: appends s's staged events to the log (all or none); a
 * failure is reported once and sets r->audit_failed. */
void phi_audit_drain(struct phi_run *r, struct phi_sink *s);
/* Records an overridden gate (synchronously); 0 or -1 with err. */
int phi_audit_override(struct phi_run *r, const char *reason,
		       struct ck_error *err);

/* ---- output.c: records and where they go ------------------------------- */

struct phi_sink {
	struct ck_buf out;	/* records, each '\n'-terminated */
	struct ck_buf msgs;	/* 'E' or 'I' then a diagnostic, '\n' */
	struct ck_buf mask;	/* scratch: a finding's masked value */
	FILE *spill;		/* records beyond the in-memory bound */
	int direct;		/* drain at every checkpoint */
	unsigned long docs, docs_phi, findings, errors, skipped;
	unsigned long counts[PHI_NTYPES];
	int tripped;
	struct ck_buf audit;	/* staged audit events, one per line */
	int audit_max;
	unsigned long audit_trips;
};

void phi_sink_init(struct phi_sink *s, int direct);
void phi_sink_release(struct phi_sink *s);
/* Diagnostics for the input being scanned (errors count towards exit 2;
 * info shows only with -v). */
void phi_sink_error(struct phi_sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void phi_sink_info(struct phi_sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message of err, with strerror(errnum) appended unless it is in it
 * (ck_warn_error's rule), into buf. */
const char *phi_errmsg(const struct ck_error *err, char *buf, size_t n);
/* After a window: drains a direct sink, spills a big buffered one. */
int phi_sink_checkpoint(struct phi_run *r, struct phi_sink *s);
/* Printer only: writes the sink's records and diagnostics, adds its
 * tallies to the run, empties it. */
int phi_sink_drain(struct phi_run *r, struct phi_sink *s);

/* Record writers (any thread): append to s->out. */
int phi_out_finding(const struct phi_run *r, struct phi_sink *s,
		    const char *path, const struct phi_finding *f,
		    const unsigned char fp[CK_SHA256_LEN]);
/* sha256 is the digest of the document's bytes as read. */
int phi_out_summary(const struct phi_run *r, struct phi_sink *s,
		    const char *path, const unsigned char sha256[CK_SHA256_LEN],
		    const struct phi_doc_score *ds);
/* The "phi" object of record mode for one document; new reference. */
json_t *phi_out_record_finding(const struct phi_run *r,
			       const struct phi_finding *f,
			       const unsigned char fp[CK_SHA256_LEN]);
json_t *phi_out_counts(const struct phi_doc_score *ds);

/* Printer only: SARIF header (needs every engine built), trailer, the
 * text total; error notes for SARIF. */
int phi_out_begin(struct phi_run *r);
int phi_out_end(struct phi_run *r);
void phi_out_note_error(struct phi_run *r, const char *msg);

struct phi_rulemap *phi_rulemap_new(const struct phi_engines *es);
long phi_rulemap_index(const struct phi_rulemap *m, const char *id);
void phi_rulemap_free(struct phi_rulemap *m);

/* ---- docscan.c: one document, in windows --------------------------------- */

/* Reads up to n bytes: >0, 0 at the end, -1 with err. */
typedef ssize_t (*phi_read_fn)(void *ctx, void *buf, size_t n,
			       struct ck_error *err);

struct phi_worker;		/* per-thread: scanners, window, lists */

struct phi_worker *phi_worker_new(struct phi_run *r);
void phi_worker_free(struct phi_worker *w);
/* Scans one document read through rd, writing its finding records and a
 * summary to sink.  Binary documents are skipped unless --binary.  Read
 * and scan errors go to the sink; returns 0 or -1 (an error was
 * reported). */
int phi_docscan(struct phi_worker *w, struct phi_sink *sink,
		const char *path, int engine, phi_read_fn rd, void *rctx);
/* Scans one in-memory text for record mode into the "phi" object; its
 * score goes to *ds_out too when that is not NULL. */
json_t *phi_docscan_record(struct phi_worker *w, const char *label,
			   int engine, const char *text, size_t len,
			   int *tripped, struct phi_doc_score *ds_out,
			   struct ck_error *err);
/* Gate decision shared by files and records. */
int phi_trips(const struct phi_run *r, const struct phi_doc_score *ds);

/* ---- mode runners ------------------------------------------------------- */

/* Files, directories, archives and stdin; ordered output with -j N. */
int phi_jobs_run(struct phi_run *r, const char *const *paths, size_t n);
/* stdin (with a peeked prefix) as one document in file mode. */
int phi_stdin_run(struct phi_run *r, const char *prefix, size_t plen);
/* Record mode over JSON Lines from paths (or stdin, with a peeked
 * prefix already read from it). */
int phi_record_run(struct phi_run *r, const char *const *paths, size_t n,
		   const char *prefix, size_t plen);
/* The git index: what `git commit` would record. */
int phi_staged_run(struct phi_run *r, const char *const *pathspec, size_t n);

#endif
