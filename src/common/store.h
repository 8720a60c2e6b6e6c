/* store.h -- a content-addressed object store: bytes kept zstd-compressed
 * and named by the SHA-256 of their uncompressed form.
 *
 * Layout under the store directory:
 *   objects/ab/cdef...   one large object, a zstd stream ("loose")
 *   packs/NAME.pack      "DSVPACK1" then one zstd frame per small object
 *   packs/NAME.idx       the pack's index (see store.c); an object in a
 *                        pack exists once its .idx exists
 *   tmp/                 temporaries, renamed into place when complete
 * Every object becomes visible by a rename after fsync, so a process
 * killed at any instant leaves only complete objects visible (a pack
 * without its index and files in tmp/ are garbage that ck_store_gc
 * removes).  Small objects are packed so that a million files do not
 * make a million inodes.
 *
 * Thread safety: ck_store_has, ck_store_put and the writers may be called
 * from several threads at once; everything else from one thread. */
#ifndef CK_STORE_H
#define CK_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "common/err.h"
#include "common/hash.h"

/* Objects up to this size are packed; bigger ones are loose files. */
#define CK_STORE_SMALL (1u << 20)

struct ck_store;
struct ck_store_writer;

/* Creates the layout under dir (which may exist).  0 or -1 with err. */
int ck_store_init(const char *dir, struct ck_error *err);
/* Opens an existing store: loads every pack index (a corrupt one is an
 * error naming it).  NULL with err. */
struct ck_store *ck_store_open(const char *dir, struct ck_error *err);
void ck_store_free(struct ck_store *s);
const char *ck_store_dir(const struct ck_store *s);

/* Loads the indexes of packs published since the store was opened (by
 * another process: readers take no lock).  ck_store_read does this by
 * itself before it calls an object missing. */
int ck_store_refresh(struct ck_store *s, struct ck_error *err);

/* 1 if the object is present, 0 if not (this handle's view: see
 * ck_store_refresh). */
int ck_store_has(struct ck_store *s, const unsigned char sha[CK_SHA256_LEN]);

/* Stores n bytes whose SHA-256 the caller computed as sha (a present
 * object is not stored again).  Small objects go to the current pack,
 * which ck_store_sync publishes; big ones are written loose at once.
 * 0 or -1 with err. */
int ck_store_put(struct ck_store *s, const unsigned char sha[CK_SHA256_LEN],
		 const void *p, size_t n, struct ck_error *err);

/* A streaming writer for content whose digest is known only at the end:
 * write the bytes, then finish with the digest the caller computed.  A
 * finished object waits in tmp/ with its writeback started, and is synced
 * and renamed into place by ck_store_sync (or when 32 are waiting), so
 * that hashing the next file overlaps the disk; it is dropped if already
 * present.  This handle sees it at once (ck_store_has, ck_store_read). */
struct ck_store_writer *ck_store_writer_new(struct ck_store *s,
					    struct ck_error *err);
int ck_store_writer_write(struct ck_store_writer *w, const void *p, size_t n,
			  struct ck_error *err);
/* Reads the next piece of the content (at most 1 MiB) from fd, adds it
 * to h and writes it, like read(2) then ck_store_writer_write but with
 * the bytes read straight to where they are written from.  *got is the
 * number of bytes, 0 at end of file.  buf (1 MiB, CK_STORE_SMALL) is
 * used where that is not possible.  On a read error, -1 with err saying
 * "cannot read WHAT". */
int ck_store_writer_read(struct ck_store_writer *w, int fd,
			 struct ck_sha256 *h, unsigned char *buf, size_t *got,
			 const char *what, struct ck_error *err);
/* Consumes w. */
int ck_store_writer_finish(struct ck_store_writer *w,
			   const unsigned char sha[CK_SHA256_LEN],
			   struct ck_error *err);
void ck_store_writer_abort(struct ck_store_writer *w);

/* Publishes the current pack (fsync, rename, index, fsync of the
 * directory).  After it returns 0 every object put so far is durable. */
int ck_store_sync(struct ck_store *s, struct ck_error *err);

/* Reads an object, handing its uncompressed bytes to sink in pieces, and
 * checks its digest at the end: -1 with "object HEX is corrupt" when the
 * bytes do not hash to its name (sink has then seen them: callers write to
 * a temporary).  size, if not NULL, receives the length. */
typedef int (*ck_store_sink)(void *arg, const void *p, size_t n);
int ck_store_read(struct ck_store *s, const unsigned char sha[CK_SHA256_LEN],
		  ck_store_sink sink, void *arg, uint64_t *size,
		  struct ck_error *err);

/* Calls fn for every object (loose, then packed; order unspecified).
 * fn returns 0 to go on.  Returns 0, or -1 with err. */
typedef int (*ck_store_each_fn)(void *arg,
				const unsigned char sha[CK_SHA256_LEN]);
int ck_store_foreach(struct ck_store *s, ck_store_each_fn fn, void *arg,
		     struct ck_error *err);

/* Checks every object: re-reads and re-hashes it.  bad is called with
 * the object's hex name (or the file's path) and a reason for each
 * problem; returns the number of problems, or -1 with err. */
typedef void (*ck_store_bad_fn)(void *arg, const char *what,
				const char *reason);
long ck_store_check(struct ck_store *s, ck_store_bad_fn bad, void *arg,
		    struct ck_error *err);

/* Removes every object for which live returns 0, rewrites packs that
 * hold dead objects, and clears tmp/ and unindexed packs.  Crash-safe:
 * a live object is always reachable.  Counts in removed/freed. */
typedef int (*ck_store_live_fn)(void *arg,
				const unsigned char sha[CK_SHA256_LEN]);
int ck_store_gc(struct ck_store *s, ck_store_live_fn live, void *arg,
		uint64_t *removed, uint64_t *freed, struct ck_error *err);

/* Parses a pack index image (for tests and fuzzing): 0 if it is well
 * formed for a pack of pack_size bytes, else -1 with err. */
int ck_store_idx_check(const void *p, size_t n, uint64_t pack_size,
		       struct ck_error *err);

#endif
