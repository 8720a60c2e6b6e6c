/* statcache.h -- remembers the SHA-256 of files by what stat says about
 * them, so that an unchanged file is not read again (git's index idea).
 *
 * An entry is trusted only when device, inode, size, mode, mtime and ctime
 * all match, and when the file's mtime and ctime are strictly older (in
 * whole seconds) than the moment the cache's scan began: a file written in
 * the same timestamp tick as the scan could change again without its
 * timestamps moving (git's "racy clean" problem), so it is re-hashed next
 * time.
 *
 * File format: "DSVSTAT1", i64 stamp (ns), u64 count, count records
 * { u32 pathlen, path, u64 dev, ino, size, i64 mtime_ns, ctime_ns,
 * u32 mode, sha[32] } sorted by path bytes, then the SHA-256 of everything
 * before it.  Integers are little-endian.  A cache that fails its check is
 * refused as a whole (the caller re-hashes). */
#ifndef CK_STATCACHE_H
#define CK_STATCACHE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include "common/err.h"
#include "common/hash.h"

struct ck_statcache;

/* An empty cache whose scan began at stamp_ns (CLOCK_REALTIME).  NULL on
 * ENOMEM. */
struct ck_statcache *ck_statcache_new(int64_t stamp_ns);
/* Loads a cache file; a missing file gives an empty cache.  NULL with err
 * when it is corrupt or unreadable. */
struct ck_statcache *ck_statcache_load(const char *path, struct ck_error *err);
/* Parses an image in memory (for tests and fuzzing). */
struct ck_statcache *ck_statcache_parse(const void *p, size_t n,
					const char *name, struct ck_error *err);
void ck_statcache_free(struct ck_statcache *c);

/* The digest remembered for path if the entry is trusted for st, else
 * NULL.  Lookups need the entries sorted: call after load, or after
 * ck_statcache_sort. */
const unsigned char *ck_statcache_lookup(const struct ck_statcache *c,
					 const char *path, size_t len,
					 const struct stat *st);
/* Adds an entry (copies path).  0 or -1 (ENOMEM). */
int ck_statcache_add(struct ck_statcache *c, const char *path, size_t len,
		     const struct stat *st,
		     const unsigned char sha[CK_SHA256_LEN]);
void ck_statcache_sort(struct ck_statcache *c);
size_t ck_statcache_count(const struct ck_statcache *c);
/* Sorts and writes the cache crash-safely.  0 or -1 with err. */
int ck_statcache_save(struct ck_statcache *c, const char *path,
		      struct ck_error *err);

/* The trust rule on its own: 1 if an entry recorded with these values
 * may stand for a file that now stats as st, given the scan stamp. */
int ck_statcache_trusted(uint64_t dev, uint64_t ino, uint64_t size,
			 int64_t mtime_ns, int64_t ctime_ns, uint32_t mode,
			 int64_t stamp_ns, const struct stat *st);

#endif
