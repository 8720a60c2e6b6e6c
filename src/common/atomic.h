/* atomic.h -- crash-safe writes and locks.
 *
 * A file is replaced by writing a temporary in the same directory, fsync,
 * rename over the target, then fsync of the directory: a process killed at
 * any instant leaves the old or the new content, never a mix.  Writers are
 * serialised with an advisory lock on a ".lock" file beside the target. */
#ifndef CK_ATOMIC_H
#define CK_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>
#include "common/err.h"

struct ck_atomic_file {
	char *path;	/* target */
	char *tmp;	/* temporary beside it */
	FILE *fp;	/* write here */
};

/* Opens a temporary beside path with the given mode (e.g. 0600 for keys).
 * 0 or -1 with err. */
int ck_atomic_open(struct ck_atomic_file *af, const char *path, mode_t mode,
		   struct ck_error *err);
/* Flushes, fsyncs, renames over path, fsyncs the directory, frees.
 * On failure the temporary is removed and the target untouched. */
int ck_atomic_commit(struct ck_atomic_file *af, struct ck_error *err);
/* Removes the temporary and frees; the target is untouched. */
void ck_atomic_abort(struct ck_atomic_file *af);

/* Whole-buffer convenience. */
int ck_atomic_write(const char *path, const void *p, size_t n, mode_t mode,
		    struct ck_error *err);
/* fsync of the directory holding path (for appends and renames). */
int ck_fsync_parent(const char *path, struct ck_error *err);
/* fsync of the directory dir itself (after creating entries in it). */
int ck_fsync_dir(const char *dir, struct ck_error *err);
/* Removes path and, if it is a directory, everything below it, never
 * following a symbolic link; errors are ignored (a failed write's
 * staging tree, removed on the way out). */
void ck_rm_tree(const char *path);

struct ck_lock {
	int fd;
	char *path;
};

/* Takes an exclusive lock on lockpath (created 0600 if missing).  With
 * wait=0 fails at once with "... is locked by another process" if held.
 * 0 or -1 with err. */
int ck_lock_acquire(struct ck_lock *lk, const char *lockpath, int wait,
		    struct ck_error *err);
void ck_lock_release(struct ck_lock *lk);

/* mkdir(path, 0755), where a directory already there is success: the
 * step of an idempotent init.  0, or -1 with err ("cannot create PATH"). */
int ck_mkdir(const char *path, struct ck_error *err);

/* write(2) until all n bytes are out, retrying on EINTR and after short
 * writes (pipes, signals, a nearly full disk).  0, or -1 with errno
 * (ENOSPC if write returns 0). */
int ck_write_all(int fd, const void *p, size_t n);

/* Reads a whole regular file (up to max bytes) into a malloc'd buffer with
 * a trailing NUL.  -1 with err if bigger, unreadable, or not a file. */
int ck_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct ck_error *err);

#endif
