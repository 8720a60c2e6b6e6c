/* keyrot.h -- what keyrot's commands share. */
#ifndef KR_KEYROT_H
#define KR_KEYROT_H

#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "common/atomic.h"
#include "common/seal.h"
#include "common/timefmt.h"
#include "keyrot/keyring.h"

enum kr_format { KR_TEXT, KR_JSONL, KR_CSV };

struct kr_ctx {
	const char *cmd;
	int argc;
	char **argv;
	const char *keyring_dir;
	const char *passfile, *keyfile;
	const char *context;	/* --context, NULL for the default */
	const char **fields;
	size_t nfields;
	const char *id_field;
	const char *audit;
	const char *output;
	long retention;		/* days, -1 unless given */
	int dry_run;
	int jobs;		/* rewrap, reencrypt: threads, >= 1 */
	enum kr_format format;
	FILE *out;
	int64_t started_ms;
	/* filled by kr_open */
	struct ck_cred cred;
	struct kr_keyring kr;
	struct ck_lock lock;
	int locked;
	struct ck_time now;
};

/* Commands (return the exit status). */
int kr_cmd_init(struct kr_ctx *c);
int kr_cmd_encrypt(struct kr_ctx *c);
int kr_cmd_decrypt(struct kr_ctx *c);
int kr_cmd_rotate(struct kr_ctx *c);
int kr_cmd_rewrap(struct kr_ctx *c);
int kr_cmd_reencrypt(struct kr_ctx *c);
int kr_cmd_status(struct kr_ctx *c);
int kr_cmd_destroy(struct kr_ctx *c);
int kr_cmd_history(struct kr_ctx *c);

/* Fields mode of encrypt/decrypt. */
int kr_fields_run(struct kr_ctx *c, int encrypt);

/* util.c */
/* Reads the master credential (--master-key-file, --passphrase-file,
 * KEYROT_MASTER_KEY, else the terminal; confirm asks twice). */
int kr_get_cred(struct kr_ctx *c, int confirm);
/* Credential, keyring, and with lock the keyring's lock; applies the
 * retention window (active -> retired), saving and auditing it when
 * locked.  0 or -1 (reported). */
int kr_open(struct kr_ctx *c, int lock);
void kr_close(struct kr_ctx *c);
int kr_save(struct kr_ctx *c);
/* The key to decrypt version id with, or NULL with err naming why (not in
 * the keyring, retired, destroyed).  allow_retired for rewrap. */
const unsigned char *kr_key_for(struct kr_ctx *c, uint32_t id,
				int allow_retired, struct ck_error *err);
/* Appends to DIR/history.jsonl and emits the audit event (to an
 * auditlog log durably when --audit names one). */
int kr_record(struct kr_ctx *c, const char *action, const char *status,
	      uint32_t version, int64_t objects, json_t *data);
/* The context a file is bound to: its base name without ".krt". */
char *kr_file_context(const char *path);
int64_t kr_now_ms(void);
char *kr_path_in(const char *dir, const char *name);

#endif
