/* audit_priv.h -- the writer's state, shared by audit.c (opening,
 * locking, committing) and auditadd.c (staging events).  Not for tools. */
#ifndef CK_AUDIT_PRIV_H
#define CK_AUDIT_PRIV_H

#include <sys/stat.h>
#include <sys/types.h>

#include "common/atomic.h"
#include "common/audit.h"

struct ck_audit {
	char *dir;
	char *segdir;
	json_t *conf;
	struct ck_audit_settings set;
	enum ck_audit_sync sync;

	struct ck_lock lock;
	int locked;

	/* Where the log ends (valid with the lock held). */
	uint64_t seq;
	unsigned char hash[CK_SHA256_LEN];
	char *active;		/* path of the active segment, or NULL */
	int fd;			/* its descriptor, O_APPEND */
	off_t size;
	int64_t active_time;	/* time of its first event (s) */
	/* What the active segment looked like when we last read it: if
	 * nothing changed the tail need not be read again. */
	dev_t dev;
	ino_t ino;
	struct timespec mtime, dirmtime;

	/* Staged lines and their leaf hashes. */
	struct ck_buf pending;
	struct ck_buf leaves;
	uint64_t pend_seq;
	unsigned char pend_hash[CK_SHA256_LEN];
	int64_t pend_first_time;
	struct ck_buf scratch;	/* ck_audit_add_canon's text before its hash */
};

#endif
