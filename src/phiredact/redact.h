/* redact.h -- phiredact's parts and the state they share.
 *
 * main.c parses options into a struct rd_run and picks a mode: files.c
 * (one document to stdout, trees and archives to -o DIR, --in-place),
 * record.c (JSON Lines) or reveal.c (--reveal).  Every document goes
 * through doc.c: find the spans (the engine, a reviewed findings file from
 * findings.c, CSV columns from csvcols.c), replace them with ops.c under
 * the policy of policy.c, log each change with report.c, and re-scan the
 * result for --verify.  Everything runs on one thread.
 */
#ifndef PHIREDACT_REDACT_H
#define PHIREDACT_REDACT_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/siv.h"
#include "common/walk.h"
#include "common/phi/userconf.h"
#include "common/phi/phi.h"
#include "common/phi/value.h"

/* ---- policy.c: which operator each type gets --------------------------- */

enum rd_op {
	RD_KEEP, RD_MASK, RD_TAG, RD_DROP, RD_PSEUDONYM, RD_SURROGATE,
	RD_SHIFT, RD_GENERALIZE, RD_ENCRYPT, RD_NOPS
};

const char *rd_op_name(int op);		/* "pseudonym" */
int rd_op_parse(const char *name);	/* -1 if unknown */
/* 1 if the operator needs --key. */
int rd_op_keyed(int op);

struct rd_rule {
	int op;
	char *text;		/* tag: the replacement ("[SSN]" if NULL) */
	int max_days;		/* shift: offsets lie in [-max, max], not 0 */
};

struct rd_field {
	char *key;		/* normalised: lowercase, no '_', '-', ' ' */
	int type;
};

/* An operator for the findings of one engine rule ("address.city"),
 * over its type's. */
struct rd_override {
	char *id;
	struct rd_rule rule;
};

struct rd_policy {
	char *name;
	struct rd_rule rules[PHI_NTYPES];
	struct rd_override *ovr;	/* the policy's "rules:" */
	size_t novr;
	struct rd_field *fields;	/* record keys and CSV headers */
	size_t nfields;
};

/* Loads a preset (a name without '/' or ".yaml": datadir/policies/
 * NAME.yaml) or a policy file.  Errors read "file:line: message". */
int rd_policy_load(struct rd_policy *p, const char *spec, const char *datadir,
		   struct ck_error *err);
int rd_policy_load_buf(struct rd_policy *p, const char *buf, size_t len,
		       const char *name, struct ck_error *err);
void rd_policy_release(struct rd_policy *p);
/* --mode OP: every type gets op. */
void rd_policy_force(struct rd_policy *p, int op);
/* The type a record key or CSV header names, or -1. */
int rd_policy_field(const struct rd_policy *p, const char *key, size_t len);
/* The rule for a finding of type found by engine rule id (NULL: none):
 * the policy's rule override if it has one, else the type's. */
const struct rd_rule *rd_policy_rule(const struct rd_policy *p, int type,
				     const char *id);
/* 1 if some type's operator needs --key. */
int rd_policy_keyed(const struct rd_policy *p);

/* ---- keys.c: --key FILE and the keys derived from it ------------------ */

struct rd_keys {
	char id[9];		/* key version: first 8 hex of SHA-256(key) */
	struct phi_hmac *pseudo;	/* pseudonyms (normalised values) */
	struct phi_hmac *surr;		/* surrogates */
	unsigned char shift[CK_SHA256_LEN];	/* per-subject date offsets */
	unsigned char siv[CK_SIV_KEY_LEN];	/* encrypt */
};

/* Reads a key file (at least 16 bytes; refused if group or others may
 * read it).  Messages never show key bytes. */
int rd_keys_load(struct rd_keys *k, const char *path, struct ck_error *err);
void rd_keys_release(struct rd_keys *k);

/* ---- dates.c: dates read, shifted and cut to the year ------------------ */

/* Appends the date v moved by days, written as it was: the forms the
 * engine finds ("2021-03-04", "3/4/2021", "4 Mar 2021", "March 4, 2021",
 * "20210304", "04.03.2021"), a time after it left alone.  -1 (nothing
 * appended) if v is not understood as a date. */
int rd_date_shift(const char *v, size_t n, int days, struct ck_buf *out);
/* Appends the date's year ("2021"); -1 if it has no four-digit year. */
int rd_date_year(const char *v, size_t n, struct ck_buf *out);

/* ---- surrogate.c: realistic fakes ------------------------------------- */

struct rd_names;
/* Loads datadir/names/{first,last}.txt; NULL with err. */
struct rd_names *rd_names_load(const char *datadir, struct ck_error *err);
void rd_names_free(struct rd_names *n);
/* Appends a fake of the value's type and shape, chosen by seed (a keyed
 * hash of the value, so the same value gets the same fake). */
int rd_surrogate(const struct rd_names *names, int type, const char *v,
		 size_t n, const unsigned char seed[CK_SHA256_LEN],
		 struct ck_buf *out);

/* ---- tokens.c: encrypt tokens ------------------------------------------- */

/* "ENC[SSN.1a2b3c4d.<base64url>]": type, key version, AES-SIV of the
 * value with the type as associated data. */
#define RD_TOKEN_OPEN "ENC["
int rd_token_seal(const struct rd_keys *k, int type, const char *v,
		  size_t n, struct ck_buf *out, struct ck_error *err);
/* Parses the token at p[0..n) (starting "ENC["); returns its length, 0
 * if p does not hold a well-formed token.  Fills type and key id. */
size_t rd_token_parse(const char *p, size_t n, int *type, char id[9],
		      const char **data, size_t *dlen);
/* Opens a parsed token with the key whose id matches; -1 with err
 * ("made with key X; the keys given are Y") otherwise. */
int rd_token_open(const struct rd_keys *keys, size_t nkeys, int type,
		  const char *id, const char *data, size_t dlen,
		  struct ck_buf *out, struct ck_error *err);

/* ---- ops.c: one value through its operator ------------------------------ */

struct rd_ctx {
	const struct rd_policy *pol;
	const struct rd_keys *key;	/* NULL without --key */
	const struct rd_names *names;	/* for surrogate NAME */
	const char *subject;		/* shift: whose dates these are */
};

/* Appends the replacement of v under the policy's rule for type.  *op
 * receives the operator applied (shift and generalize fall back to tag
 * for a value they cannot read). */
int rd_apply(const struct rd_ctx *c, int type, const char *rule,
	     const char *v, size_t n, struct ck_buf *out, int *op,
	     struct ck_error *err);
/* 1 if v is already what rule's operator writes for type (a tag, a
 * pseudonym, a token, a mask, a year, "90+", three ZIP digits): a fixed
 * point, left alone so that a second run changes nothing. */
int rd_is_redacted(const struct rd_rule *r, int type, const char *v,
		   size_t n);
/* The offset in days of a subject's dates. */
int rd_shift_days(const struct rd_keys *k, const char *subject, int max);

/* ---- report.c: --report FILE -------------------------------------------- */

struct rd_change {
	uint64_t start, end;	/* in the original */
	int type, op;
	const char *rule;	/* engine rule id, or NULL (borrowed) */
	unsigned char fp[CK_SHA256_LEN];
};

struct rd_report;
struct rd_report *rd_report_open(const char *path, struct ck_error *err);
int rd_report_doc(struct rd_report *r, const char *path,
		  const struct rd_change *ch, size_t n);
/* Commits the file (crash-safe); -1 with err. */
int rd_report_close(struct rd_report *r, struct ck_error *err);
void rd_report_abort(struct rd_report *r);
/* {"start":..,"end":..,"type":..,"operator":..,"fingerprint":..} */
json_t *rd_change_json(const struct rd_change *c);

/* ---- findings.c: --findings FILE from a reviewed phiscan run ------------ */

struct rd_span {
	uint64_t start, end;
	int type;
	const char *rule;	/* engine rule id or NULL; borrowed from the
				 * engine or the findings file */
	unsigned long line;	/* in the findings file, for messages */
};

struct rd_findings;
/* Reads phiscan's JSON Lines: finding records and each document's
 * summary with its sha256.  Errors read "FILE:line: message". */
struct rd_findings *rd_findings_load(const char *path, struct ck_error *err);
struct rd_findings *rd_findings_load_buf(const char *buf, size_t len,
					 const char *name,
					 struct ck_error *err);
void rd_findings_free(struct rd_findings *f);
/* The spans for one document, checked against its bytes: the document
 * must be listed, its sha256 must match, and no span may run past the
 * end or cut a UTF-8 sequence.  *spans is malloc'd. */
int rd_findings_for(const struct rd_findings *f, const char *path,
		    const char *doc, size_t len, struct rd_span **spans,
		    size_t *n, struct ck_error *err);

/* ---- csvcols.c: CSV and TSV columns named by their header -------------- */

/* Adds a span for every cell of a column whose header the policy names
 * (its fields), unquoted. */
int rd_csv_columns(const struct rd_policy *p, const char *path,
		   const char *doc, size_t len, struct rd_span **spans,
		   size_t *n, size_t *cap);

/* ---- the run ------------------------------------------------------------ */

struct rd_run {
	/* options */
	const char *output;		/* -o */
	int in_place;
	int verify;
	int verify_level;		/* lowest confidence that trips */
	const char *subject;
	const char *subject_field;
	const char *const *fields;	/* record mode */
	size_t nfields;
	struct ck_walk_opts walk;

	int no_config;			/* --no-config */
	struct phi_engines *engines;	/* one per .complykit.yaml */
	struct phi_scanner **scanners;	/* by engine index, made on use */
	size_t nscanners;
	struct phi_scanner *scanner;	/* the current input's */
	struct rd_policy policy;
	struct rd_keys *keys;		/* --key, first is current */
	size_t nkeys;
	struct phi_key fpkey;
	struct phi_hmac *fp;
	struct rd_names *names;
	struct rd_findings *findings;
	struct rd_report *report;
	struct ck_audit *audit;		/* --audit DIR */
	const char *actor;		/* --actor, or ck_audit_actor() */
	int audit_failed;		/* the log refused an event: stop */

	unsigned long docs, changed, errors;
	int tripped;
};

/* ---- doc.c: one document -------------------------------------------------- */

struct rd_result {
	struct ck_buf out;
	struct rd_change *ch;
	size_t n, cap;
	unsigned survivors;	/* --verify */
};

void rd_result_init(struct rd_result *res);
void rd_result_reset(struct rd_result *res);
void rd_result_release(struct rd_result *res);

/* Picks the engine for an input on disk at path (NULL: standard input,
 * the current directory): the one of the .complykit.yaml that governs
 * it, as phiscan does, unless --no-config.  0 or -1 with err (a
 * malformed rule pack, "file:line: ..."). */
int rd_select(struct rd_run *r, const char *path, struct ck_error *err);
void rd_scanners_free(struct rd_run *r);

/* 1 if the first 8 KiB hold a NUL byte (grep's test). */
int rd_is_binary(const char *doc, size_t len);
/* Redacts doc into res (spans: the engine's findings, or the findings
 * file's; plus CSV columns), writes the report, runs --verify.  subject
 * overrides the run's for shift.  0 or -1 with err. */
int rd_doc(struct rd_run *r, const char *path, const char *subject,
	   const char *doc, size_t len, struct rd_result *res,
	   struct ck_error *err);
/* Replaces the given spans (sorted, non-overlapping) only. */
int rd_replace(struct rd_run *r, const char *subject, const char *doc,
	       size_t len, const struct rd_span *sp, size_t n,
	       struct rd_result *res, struct ck_error *err);
/* Spans of the engine's findings; *sp malloc'd. */
int rd_detect(struct rd_run *r, const char *path, const char *doc,
	      size_t len, struct rd_span **sp, size_t *n, size_t *cap,
	      struct ck_error *err);
/* Counts findings of redacted types at or above the verify level. */
int rd_verify(struct rd_run *r, const char *path, const char *doc,
	      size_t len, unsigned *survivors, struct ck_error *err);

/* ---- audit.c: --audit DIR ----------------------------------------------- */

struct ck_audit;
/* Stores, durably, the event of a redacted document (doc is the input,
 * res what will be written) before its output is written; -1 with err
 * means the output must not be written (fail closed). */
int rd_audit_doc(struct rd_run *r, const char *path, const char *doc,
		 size_t len, const struct rd_result *res,
		 struct ck_error *err);
/* The same for a --reveal of doc that opened values tokens. */
int rd_audit_reveal(struct rd_run *r, const char *path, const char *doc,
		    size_t len, unsigned long values, struct ck_error *err);

/* Record mode: the records of a batch (serialised) and their events. */
#define RD_AUDIT_BATCH 256
struct rd_audit_batch {
	json_t **evs;
	size_t n, cap;
	struct ck_buf out;
};
void rd_audit_batch_init(struct rd_audit_batch *b);
void rd_audit_batch_release(struct rd_audit_batch *b);
/* Adds the redacted record rec (its "redactions" included) and its event
 * (target "record": path, line, the SHA-256 of the line as read, raw) to
 * the batch.  0 or -1 with err. */
int rd_audit_record(struct rd_run *r, struct rd_audit_batch *b,
		    const char *path, unsigned long line, const char *raw,
		    size_t rawlen, const json_t *rec, struct ck_error *err);
/* Stores the batch's events durably, then writes its records to out;
 * on -1 (err) no record of the batch was written.  Empties the batch. */
int rd_audit_flush(struct rd_run *r, struct rd_audit_batch *b, FILE *out,
		   struct ck_error *err);

/* ---- interruption -------------------------------------------------------- */

/* The signal (SIGINT, SIGTERM, SIGHUP) that asked the run to stop, or 0.
 * Set by main's handler; the file modes stop between files, so the file
 * being written is finished (or left as it was) and none is torn. */
extern volatile sig_atomic_t rd_interrupted;

/* ---- mode runners (0, or -1 after reporting) ---------------------------- */

int rd_files_run(struct rd_run *r, const char *const *paths, size_t n);
/* Standard input, already read, as one document. */
int rd_stdin_run(struct rd_run *r, const char *doc, size_t len);
int rd_record_run(struct rd_run *r, const char *const *paths, size_t n,
		  const char *prefix, size_t plen);
int rd_reveal_run(struct rd_run *r, const char *const *paths, size_t n,
		  int record);

#endif
