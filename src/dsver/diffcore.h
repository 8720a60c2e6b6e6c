/* diffcore.h -- the differences between two sorted entry lists: kept as
 * they come from a merge, then paired into renames (same content, same
 * type; empty files are never paired) and printed sorted by path. */
#ifndef DSVER_DIFFCORE_H
#define DSVER_DIFFCORE_H

#include <stddef.h>
#include "dsver/dsver.h"
#include "dsver/manifest.h"

enum ds_dkind { DS_ADDED, DS_REMOVED, DS_MODIFIED, DS_RENAMED, DS_MODE };

struct ds_drec {
	enum ds_dkind kind;
	struct ds_entry a;	/* old side (not for ADDED) */
	struct ds_entry b;	/* new side (not for REMOVED) */
};

struct ds_diff {
	struct ds_entry *rem, *add;
	size_t nrem, caprem, nadd, capadd;
	struct ds_drec *rec;
	size_t nrec, caprec;
};

void ds_diff_init(struct ds_diff *d);
void ds_diff_release(struct ds_diff *d);
/* Feed from a merge; entries are copied.  0 or -1 (ENOMEM). */
int ds_diff_removed(struct ds_diff *d, const struct ds_entry *a);
int ds_diff_added(struct ds_diff *d, const struct ds_entry *b);
int ds_diff_same_path(struct ds_diff *d, const struct ds_entry *a,
		      const struct ds_entry *b);
/* Pairs renames and sorts the records.  0 or -1. */
int ds_diff_finish(struct ds_diff *d);
/* Prints every record (jsonl or text).  0 or -1 after a diagnostic.
 * (In diff.c, with the command.) */
int ds_diff_print(const struct ds_diff *d, struct ds_ctx *c);

/* Compares snapshot ha with snapshot hb, or (hb NULL) with the working
 * tree dir (NULL: the snapshot's source).  Fills d (finished). */
int ds_diff_compute(struct ds_ctx *c, struct ds_repo *r, const char *ha,
		    const char *hb, const char *dir, struct ds_diff *d,
		    struct ck_error *err);

#endif
