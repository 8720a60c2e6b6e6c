/* ksign.h -- what ksign's commands share. */
#ifndef KS_KSIGN_H
#define KS_KSIGN_H

#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "common/hash.h"
#include "common/key.h"
#include "common/seal.h"
#include "common/timefmt.h"
#include "ksign/agree.h"
#include "ksign/policy.h"
#include "ksign/sigrec.h"
#include "ksign/trust.h"

/* The variable --passphrase-file may be replaced by (automation). */
#define KS_PASS_ENV "KSIGN_PASSPHRASE"

enum ks_format { KS_TEXT, KS_JSONL };

struct ks_ctx {
	const char *cmd;
	int argc;
	char **argv;
	/* options */
	const char *key_path, *out_base, *name, *id, *passfile;
	const char *meaning, *policy_path, *trusted_path, *tsa_token;
	const char *tsa_ca, *manifest, *require, *role;
	const char *valid_after, *valid_before, *revoked;
	int records, kdf_log_n, revoked_flag;
	int64_t skew_sec;
	struct ks_duration valid_for, warn, within;
	int has_valid_for, has_within;
	enum ks_format format;
	FILE *out;
	const char *output;
	struct ck_time now;
};

/* Commands (return the exit status). */
int ks_cmd_keygen(struct ks_ctx *c);
int ks_cmd_trust(struct ks_ctx *c);
int ks_cmd_sign(struct ks_ctx *c);
int ks_cmd_verify(struct ks_ctx *c);
int ks_cmd_status(struct ks_ctx *c);
int ks_cmd_due(struct ks_ctx *c);

/* Record mode: calls fn for each JSON Lines record of the operands (or
 * standard input), with the input's display name, the record's line and
 * its raw bytes (without the newline; valid during the call).
 * fn returns an exit status (CK_EXIT_*), or -1 to stop at once (a write
 * error).  A malformed line is reported (file:line) and makes the result
 * CK_EXIT_TROUBLE.  Returns the worst status. */
typedef int (*ks_record_fn)(struct ks_ctx *c, json_t *rec, const char *name,
			    unsigned long line, const char *raw,
			    size_t rawlen, void *arg);
/* fast, when not NULL, is offered each line first, once it has passed
 * the checks of ck_jsonl_read_line (length, NUL bytes, UTF-8): it
 * returns an exit status when it has dealt with the line, KS_NOT_SURE to
 * have it parsed and handed to fn as any other, or -1 to stop. */
#define KS_NOT_SURE (-2)
typedef int (*ks_line_fn)(struct ks_ctx *c, const char *name,
			  unsigned long line, const char *raw, size_t rawlen,
			  void *arg);
int ks_each_record(struct ks_ctx *c, ks_line_fn fast, ks_record_fn fn,
		   void *arg);

/* sign.c: record mode */
int ks_sign_records(struct ks_ctx *c, const struct ck_key *k,
		    struct ck_key_ctx *kc);
/* verify.c: record mode */
int ks_verify_records(struct ks_ctx *c, struct ks_trust *t);

/* util.c */
/* Whether $KSIGN_NO_FAST_PATH asks record mode to parse every record
 * (tests compare the two paths). */
int ks_no_fast_path(void);
/* The passphrase: --passphrase-file, else $KSIGN_PASSPHRASE, else the
 * terminal (confirm asks twice).  0 or -1 (reported). */
int ks_get_passphrase(struct ks_ctx *c, struct ck_cred *cred, int confirm);
/* Loads --key and unlocks it (once for the whole invocation).  0 or -1
 * (reported). */
int ks_unlock_key(struct ks_ctx *c, struct ck_key *k);
/* SHA-256 of a file's content with large reads.  0 or -1 with err. */
int ks_hash_file(const char *path, unsigned char out[CK_SHA256_LEN],
		 struct ck_error *err);
/* The files the operands name: a file as it is, a directory walked
 * recursively in name order without its .ksig files (ck_walk_expand).
 * 0, or -1 when some operand could not be walked (reported; the list
 * holds the rest). */
int ks_expand(struct ks_ctx *c, char ***paths, size_t *n);
void ks_expand_free(char **paths, size_t n);
/* path + suffix, malloc'd (dies on ENOMEM). */
char *ks_path_cat(const char *path, const char *suffix);
/* Appends line (with its '\n') to path crash-safely under a lock on the
 * file itself: a torn last line left by a killed writer is cut first and
 * the line goes out in one write.  With sync, fdatasync and an fsync of
 * the directory follow; without, the caller makes a batch durable with
 * ks_sync_fs (one fdatasync costs ~3 ms here: 100,000 files would take
 * minutes).  0 or -1 with err. */
int ks_append_line(const char *path, const char *line, size_t len, int sync,
		   struct ck_error *err);
/* syncfs(2) of the file system holding path.  0 or -1 with err. */
int ks_sync_fs(const char *path, struct ck_error *err);
/* The signatures of a .ksig file, in order, each with its line.  A torn
 * last line (no newline: an interrupted signing) is skipped with a
 * warning.  0, or -1 with err naming file:line. */
struct ks_sigfile {
	struct ks_sig *v;
	unsigned long *line;
	size_t n;
};
int ks_sigfile_load(const char *path, struct ks_sigfile *f,
		    struct ck_error *err);
void ks_sigfile_release(struct ks_sigfile *f);
/* "2026-01-02 03:04:05 UTC" and the same in local time. */
void ks_time_human(const struct ck_time *t, int local, char *buf, size_t n);

#endif
