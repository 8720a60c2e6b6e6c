/* scan.h -- turning a directory tree or an archive into manifest
 * entries: walking, the stat cache, hashing with worker threads, and
 * storing the bytes. */
#ifndef DSVER_SCAN_H
#define DSVER_SCAN_H

#include <stdint.h>
#include <sys/types.h>
#include "common/err.h"
#include "common/statcache.h"
#include "common/store.h"
#include "dsver/manifest.h"

struct ds_scan_opts {
	int jobs;			/* worker threads, >= 1 */
	struct ck_store *store;		/* NULL: hash only (--no-store) */
	const struct ck_statcache *old;	/* NULL: hash everything */
	struct ck_statcache *fresh;	/* NULL: do not build a new cache */
	dev_t skip_dev;			/* a directory not to enter (the */
	ino_t skip_ino;			/* store itself); 0/0 for none */
	int quiet_special;		/* do not warn about fifos &c */
};

struct ds_scan {
	struct ds_entry *e;		/* sorted by path bytes */
	size_t n, cap;
	uint64_t bytes;			/* sum of sizes */
	uint64_t read_bytes;		/* bytes actually read */
	uint64_t read_files;
};

/* Walks root (a directory; symlinks recorded, not followed).  0, or -1
 * with err naming the path (an unreadable file or directory). */
int ds_scan_tree(const char *root, const struct ds_scan_opts *o,
		 struct ds_scan *out, struct ck_error *err);
/* Reads the members of an archive (zip, tar, tar.gz, tar.zst, ...).
 * Absolute or ".." member paths and duplicate members are refused. */
int ds_scan_archive(const char *file, const struct ds_scan_opts *o,
		    struct ds_scan *out, struct ck_error *err);
void ds_scan_release(struct ds_scan *s);

/* Online CPUs, at least 1. */
int ds_ncpu(void);

#endif
