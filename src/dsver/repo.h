/* repo.h -- a dsver store on disk: finding it, its lock, snapshots by id,
 * tags and the stat caches.
 *
 *   STORE/config            {"kind":"dsver-store","version":1}
 *   STORE/objects, packs    the object store (common/store.h)
 *   STORE/snapshots/<id>    manifests, zstd-compressed
 *   STORE/tags/<name>       "<id>\n"
 *   STORE/cache/<hash>      stat cache of one source directory
 *   STORE/lock              serialises writers
 */
#ifndef DSVER_REPO_H
#define DSVER_REPO_H

#include <jansson.h>
#include "common/atomic.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/store.h"

struct ds_repo {
	char *dir;
	struct ck_store *store;
	struct ck_lock lock;
	int locked;
};

/* The store directory: opt (--store), else $DSVER_STORE, else the
 * nearest .dsver in the working directory or above it.  malloc'd, or
 * NULL with err. */
char *ds_repo_locate(const char *opt, struct ck_error *err);
/* Creates a store at dir.  1 created, 0 it existed, -1 error. */
int ds_repo_init(const char *dir, struct ck_error *err);
/* Opens; with lock, waits for the store's writer lock first. */
int ds_repo_open(struct ds_repo *r, const char *dir, int lock,
		 struct ck_error *err);
void ds_repo_close(struct ds_repo *r);

/* snapshots/<hex>, malloc'd. */
char *ds_repo_snap_path(const struct ds_repo *r, const char *hex);
/* Resolves a full id, a unique prefix of at least 4 hex digits, a tag
 * name, or "latest".  0 with hex filled, -1 with err. */
int ds_repo_resolve(const struct ds_repo *r, const char *name,
		    char hex[CK_SHA256_HEXLEN + 1], struct ck_error *err);

struct ds_snapinfo {
	char id[CK_SHA256_HEXLEN + 1];
	json_t *header;		/* owned */
	size_t depth;		/* ancestors in the store */
};
/* Every snapshot with its header, oldest first (by time; within one
 * time, parents first; then by id). */
int ds_repo_list(const struct ds_repo *r, struct ds_snapinfo **out,
		 size_t *n, struct ck_error *err);
void ds_snapinfo_free(struct ds_snapinfo *s, size_t n);

/* Tag names: [A-Za-z0-9._-], not starting with '.' or '-', at most 128. */
int ds_tag_name_ok(const char *name);
int ds_repo_tag_set(const struct ds_repo *r, const char *name,
		    const char *hex, struct ck_error *err);
/* {"name": "id", ...} (new reference). */
json_t *ds_repo_tags(const struct ds_repo *r, struct ck_error *err);
/* Names of the tags pointing at hex (new reference, array). */
json_t *ds_repo_tags_of(json_t *tags, const char *hex);

/* cache/<sha256 of the absolute source path>, malloc'd. */
char *ds_repo_cache_path(const struct ds_repo *r, const char *source);

#endif
