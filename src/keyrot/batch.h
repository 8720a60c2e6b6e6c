/* batch.h -- replacing many objects crash-safely with one sync per batch.
 *
 * Each new object is written in full to its temporary (kr_temp_name)
 * beside the target, without fsync.  kr_batch_flush then makes the batch
 * durable with one syncfs(2), renames each temporary over its target,
 * fsyncs each directory, and (with a journal) appends the batch's paths
 * to it.  Killed at any instant, every target is whole: old or new.
 *
 * The batch keeps its objects' directories open, so that objects are
 * opened, created and renamed relative to a directory descriptor rather
 * than by walking their whole path again.  A batch belongs to one thread;
 * several threads may each fill their own, sharing the journal under
 * jmu (each appended line stays whole).
 *
 * A re-wrap can instead rewrite an object's header in place
 * (kr_batch_rehead): the payload stays, so only the first KR_HDR_LEN
 * bytes change.  Its new header is first appended to the journal and
 * synced ("headers"), then written over the old one, then the batch's
 * syncfs makes it durable before the "done" line.  Killed at any instant,
 * each header is whole, old or new (a write(2) within one page is not
 * cut by a signal); a power loss that tears a header mid-write is
 * repaired by the next rewrap or reencrypt from the journal, where the
 * new header, checked against the payload, is already safe. */
#ifndef KR_BATCH_H
#define KR_BATCH_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "keyrot/envelope.h"

#define KR_BATCH_OBJECTS 1024
#define KR_BATCH_BYTES (256u << 20)
#define KR_BATCH_DIRS 64	/* directories held open by one batch */

struct kr_pending {
	char *tmp, *path;
	int dir;		/* index in dirs */
};

struct kr_rehead {
	char *path;
	int dir;
	unsigned char hdr[KR_HDR_LEN];
};

struct kr_bdir {
	int fd;
	char *path;
	int used;		/* holds a pending object: fsync at flush */
};

struct kr_batch {
	struct kr_pending *pend;
	size_t n;
	struct kr_rehead *rh;	/* headers to rewrite in place */
	size_t nrh;
	uint64_t bytes;
	struct kr_bdir dirs[KR_BATCH_DIRS];
	size_t ndirs;
	int jfd;		/* journal, or -1 */
	const char *journal;	/* its path, for messages */
	pthread_mutex_t *jmu;	/* serialises journal appends, or NULL */
	int64_t replaced;	/* objects renamed into place so far */
	int64_t failed;		/* headers that could not be rewritten */
};

void kr_batch_init(struct kr_batch *b, int jfd, const char *journal);
/* ".NAME.krtmp" beside path (malloc'd). */
char *kr_temp_name(const char *path);
/* The name after the last '/' of path. */
const char *kr_base_name(const char *path);
/* A descriptor of path's directory, owned by the batch and valid until
 * the next flush; -1 with errno when it cannot be opened, -2 when making
 * room for it needed a flush and that failed (reported). */
int kr_batch_dir(struct kr_batch *b, const char *path);
/* Takes tmp (malloc'd) for path; flushes when the batch is full.
 * 0, or -1 (reported) when that flush failed. */
int kr_batch_add(struct kr_batch *b, char *tmp, const char *path,
		 uint64_t bytes);
/* Takes the new header of path, to be written over its first KR_HDR_LEN
 * bytes at the flush (only with a journal).  0, or -1 as kr_batch_add. */
int kr_batch_rehead(struct kr_batch *b, const char *path,
		    const unsigned char hdr[KR_HDR_LEN]);
/* 0, or -1 (reported); on failure the batch's temporaries are removed.
 * Closes the directories the batch held. */
int kr_batch_flush(struct kr_batch *b);
/* Removes any temporaries still pending and frees. */
void kr_batch_release(struct kr_batch *b);
/* Appends one JSON line to the journal fd and fsyncs; consumes o. */
int kr_journal_append(int fd, const char *path, json_t *o);

#endif
