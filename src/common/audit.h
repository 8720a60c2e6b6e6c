/* audit.h -- the complykit audit log on disk, and the client that appends
 * to it.  auditlog(1) is built on this; phiscan --audit and phiredact
 * --audit are meant to call ck_audit_append_one() for one event per
 * document (and fail closed when it returns -1).
 *
 * A log is a directory:
 *   log.json               settings written once by init (origin, key)
 *   key.sec, key.pub       checkpoint key (ck_key format), unless --key
 *   lock                   writers serialise on it (ck_lock)
 *   seg/<first seq>.jsonl  segments, 20-digit names; .jsonl.zst once
 *                          archived.  The last one is active.
 *   leaves                 cache: SHA-256 Merkle leaf hashes, 32 bytes
 *                          each, leaf i = event seq i+1 (rebuildable)
 *   checkpoints/<size>.note  signed checkpoints (C2SP signed note)
 *   anchor.json            after a prune: where the kept log starts
 *   index.sqlite           query index (rebuildable, never the truth)
 *
 * Each event is one line: the RFC 8785 canonical JSON of the event,
 * including its hash, '\n' terminated.  seq counts from 1 without gaps;
 * prev is the hash of event seq-1 (64 zeros for seq 1) and
 *   hash = SHA-256(prev as 32 bytes || canonical JSON without "hash"),
 * in lowercase hex.  Merkle leaf data is the stored line without '\n'. */
#ifndef CK_AUDIT_H
#define CK_AUDIT_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>

#include "common/buf.h"
#include "common/canonscan.h"
#include "common/err.h"
#include "common/hash.h"

#define CK_AUDIT_FORMAT "complykit-auditlog 1"

enum ck_audit_sync {
	CK_AUDIT_SYNC_BATCH,	/* fdatasync once per commit (group commit) */
	CK_AUDIT_SYNC_ALWAYS,	/* the caller commits after every event */
	CK_AUDIT_SYNC_NONE	/* leave it to the kernel */
};

struct ck_audit_seg {
	char *path;		/* DIR/seg/NAME */
	uint64_t first;		/* seq of its first event */
	int zst;		/* archived (zstd) */
};

struct ck_audit_settings {
	const char *origin;	/* checkpoint origin line (key name) */
	const char *key;	/* key path as recorded (relative to DIR) */
	const char *key_id;
	uint64_t segment_bytes;	/* roll over past this size */
	int64_t segment_age;	/* ... or when its first event is older (s) */
};

struct ck_audit;

/* Creates DIR (or uses an empty one), seg/ and checkpoints/, writes
 * log.json.  The key files are the caller's.  0 or -1 with err. */
int ck_audit_create(const char *dir, const struct ck_audit_settings *s,
		    struct ck_error *err);
/* Opens an existing log (reads log.json).  NULL with err. */
struct ck_audit *ck_audit_open(const char *dir, struct ck_error *err);
void ck_audit_free(struct ck_audit *a);
const char *ck_audit_dir(const struct ck_audit *a);
/* Settings from log.json (borrowed). */
const struct ck_audit_settings *ck_audit_settings(const struct ck_audit *a);
void ck_audit_set_sync(struct ck_audit *a, enum ck_audit_sync s);

/* Checks what a caller must supply: an object with actor.id and action
 * as non-empty strings, none of seq/time/prev/hash (auditlog assigns
 * them), and the CONTRACT types of outcome, phi.score, target, data,
 * duration_ms where present.  The message names the field, never a
 * value. */
int ck_audit_check_event(const json_t *ev, struct ck_error *err);

/* Takes the writers' lock and reads where the log ends.  Fails (and drops
 * the lock) when the active segment ends in a torn line, naming the byte
 * offset and telling the user to run "auditlog recover".  With
 * allow_torn, *torn is set instead (for recover). */
int ck_audit_lock(struct ck_audit *a, int allow_torn, off_t *torn,
		  struct ck_error *err);
void ck_audit_unlock(struct ck_audit *a);
/* With the lock held: the last seq (0 for an empty log) and its hash. */
uint64_t ck_audit_last_seq(const struct ck_audit *a);
const unsigned char *ck_audit_last_hash(const struct ck_audit *a);
/* Path of the active segment and its size (NULL when there is none). */
const char *ck_audit_active(const struct ck_audit *a, off_t *size);

/* With the lock held: assigns seq, time, prev and hash to ev (modified in
 * place), and stages its line.  If line is not NULL the stored line
 * (without '\n') is appended to it.  Nothing reaches the disk before
 * ck_audit_commit.  Returns 0, 1 when the active segment is now full (the
 * caller should commit; the next commit rolls over), or -1 with err. */
int ck_audit_add(struct ck_audit *a, json_t *ev, struct ck_buf *line,
		 struct ck_error *err);
/* The same for an event already in canonical text (ev[0..len), as
 * ck_canon_fast writes it, top its top-level members), without a tree:
 * auditlog append's fast path.  The stored bytes are those ck_audit_add
 * would store for the parsed event.  The caller checks the event with
 * ck_audit_check_canon first. */
int ck_audit_add_canon(struct ck_audit *a, const char *ev, size_t len,
		       const struct ck_canon_top *top, struct ck_buf *line,
		       struct ck_error *err);
/* 1 when the canonical event passes the checks of ck_audit_check_event;
 * 0 when it may not, and the caller parses it and asks
 * ck_audit_check_event, whose message names the field. */
int ck_audit_check_canon(const char *ev, size_t len,
			 const struct ck_canon_top *top);

/* Writes the staged lines (rolling over to a new segment first if the
 * active one is full or old), syncs as set, extends the leaves cache.  On
 * failure the segment is cut back to where it was, nothing staged stays,
 * and -1 is returned: an event is either wholly stored or absent. */
int ck_audit_commit(struct ck_audit *a, struct ck_error *err);
/* Drops staged lines. */
void ck_audit_discard(struct ck_audit *a);

/* Events, all or none, in one commit (lock, add each, commit as set,
 * unlock): what a tool that keeps its log open calls for each batch.
 * 0 or -1 with err, nothing of the batch stored on -1. */
int ck_audit_append_events(struct ck_audit *a, json_t *const *evs, size_t n,
			   struct ck_error *err);

/* One event, durably (lock, add, commit with fdatasync, unlock): the call
 * a gate makes before it lets an action go on.  If line is not NULL it
 * receives the stored line (malloc'd).  0 or -1 with err; on -1 the
 * caller must not proceed (fail closed). */
int ck_audit_append_one(const char *dir, json_t *ev, char **line,
			struct ck_error *err);

/* ---- auditemit.c: a tool's --audit DEST -------------------------------
 * DEST is "-" (or NULL): the event goes to out as one JSON line; an
 * auditlog log (a directory holding log.json): the event is stored there
 * durably, the log assigning seq, prev, hash and its own time; anything
 * else: a JSON Lines file, the line appended with one write(2) and
 * fsync'd (created 0600). */

/* 1 when path is an auditlog log directory. */
int ck_audit_dest_is_log(const char *path);
/* Checks before a tool acts that DEST can take an event (the log opens
 * and its lock can be taken; the file opens for appending), so that a
 * tool fails closed before doing anything.  0 or -1 with err (whose
 * message does not name dest: the caller does). */
int ck_audit_dest_check(const char *dest, struct ck_error *err);
/* Sends ev to DEST as above.  ev is not consumed; for a log it is
 * changed (the log's time, seq, prev and hash set in it).  0 or -1 with
 * err (not naming dest). */
int ck_audit_emit(const char *dest, json_t *ev, FILE *out,
		  struct ck_error *err);

/* Who an event's actor.id names when the user does not say:
 * $COMPLYKIT_ACTOR, else the login name of the real user id, else
 * "uid:N".  Returns a static string. */
const char *ck_audit_actor(void);

/* Cuts a torn last line (with the lock held via allow_torn).  *cut gets
 * the number of bytes removed (0 when the log was whole). */
int ck_audit_cut_torn(struct ck_audit *a, off_t at, struct ck_error *err);

/* Segments in order.  Free with ck_audit_segs_free. */
int ck_audit_segs(const char *dir, struct ck_audit_seg **segs, size_t *n,
		  struct ck_error *err);
void ck_audit_segs_free(struct ck_audit_seg *segs, size_t n);
/* The bytes of a segment (zstd segments decompressed).  Caller frees. */
int ck_audit_seg_read(const struct ck_audit_seg *s, char **data, size_t *len,
		      struct ck_error *err);

/* Checks one stored line: JSON object, seq == want_seq, prev == prev,
 * hash recomputed, and the line is exactly the canonical form.  On 0,
 * hash gets the event's hash and *ev (if not NULL) the parsed event. */
int ck_audit_check_line(const char *line, size_t len, uint64_t want_seq,
			const unsigned char prev[CK_SHA256_LEN],
			unsigned char hash[CK_SHA256_LEN], json_t **ev,
			struct ck_error *err);

/* ck_audit_check_line without a tree, in two halves so that a reader
 * can do the costly one (hashing) for many lines in parallel.
 * ck_audit_line_read needs no other line: for a line in canonical form
 * (within ck_canon_scan's subset) it reads seq, prev and hash and checks
 * the hash against one computed from the line's own prev; 1 done, 0 the
 * line is not in that form (take ck_audit_check_line).  ck_audit_line_link
 * then checks that the line follows want_seq and prev: 0 with its hash,
 * or -1 with ck_audit_check_line's message. */
struct ck_audit_line {
	uint64_t seq;
	unsigned char prev[CK_SHA256_LEN];
	unsigned char hash[CK_SHA256_LEN];
	int hash_ok;
	size_t action, action_len;	/* top-level action value text, or 0 */
};
int ck_audit_line_read(const char *line, size_t len, struct ck_audit_line *l);
/* ck_audit_line_read that also gives the line's RFC 9162 leaf hash
 * (ck_merkle_leaf_hash of the line, whatever its form), the two hashes
 * computed together (sha256x2.h). */
int ck_audit_line_read_leaf(const char *line, size_t len,
			    struct ck_audit_line *l,
			    unsigned char leaf[CK_SHA256_LEN]);
/* The same for n <= 8 lines at once (all their hashes computed together,
 * ck_sha256_many): fast[i] is what ck_audit_line_read returns. */
void ck_audit_lines_read_leaf(const char *const *line, const size_t *len,
			      unsigned n, struct ck_audit_line *l,
			      unsigned char (*leaf)[CK_SHA256_LEN], int *fast);
int ck_audit_line_link(const struct ck_audit_line *l, uint64_t want_seq,
		       const unsigned char prev[CK_SHA256_LEN],
		       unsigned char hash[CK_SHA256_LEN], struct ck_error *err);

/* Path helpers: DIR/NAME, malloc'd. */
char *ck_audit_path(const char *dir, const char *name);

#endif
