/* gc.c -- dsver gc: retention, then unreferenced objects.
 *
 * Snapshots outside the retention (--keep-last, --keep-within; tagged
 * snapshots are always kept) are removed first, then every object no
 * kept manifest names.  A kept manifest that cannot be read stops gc
 * before anything is removed: an object is only dropped when every
 * reference to it is known. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/timefmt.h"
#include "dsver/dsver.h"

/* A set of digests: open addressing on the first 8 bytes. */
struct shaset {
	unsigned char (*k)[CK_SHA256_LEN];
	char *used;
	size_t cap, n;
};

static size_t
slot(const unsigned char *sha, size_t cap)
{
	uint64_t h;

	memcpy(&h, sha, sizeof(h));
	return (size_t)h & (cap - 1);
}

static int
set_add(struct shaset *s, const unsigned char *sha)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct shaset ns;

		ns.cap = s->cap ? s->cap * 2 : 4096;
		ns.n = 0;
		ns.k = malloc(ns.cap * CK_SHA256_LEN);
		ns.used = calloc(ns.cap, 1);
		if (ns.k == NULL || ns.used == NULL) {
			free(ns.k);
			free(ns.used);
			return -1;
		}
		for (size_t j = 0; j < s->cap; j++)
			if (s->used[j]) {
				i = slot(s->k[j], ns.cap);
				while (ns.used[i])
					i = (i + 1) & (ns.cap - 1);
				memcpy(ns.k[i], s->k[j], CK_SHA256_LEN);
				ns.used[i] = 1;
				ns.n++;
			}
		free(s->k);
		free(s->used);
		*s = ns;
	}
	for (i = slot(sha, s->cap); s->used[i]; i = (i + 1) & (s->cap - 1))
		if (memcmp(s->k[i], sha, CK_SHA256_LEN) == 0)
			return 0;
	memcpy(s->k[i], sha, CK_SHA256_LEN);
	s->used[i] = 1;
	s->n++;
	return 0;
}

static int
set_has(void *arg, const unsigned char sha[CK_SHA256_LEN])
{
	struct shaset *s = arg;

	if (s->cap == 0)
		return 0;
	for (size_t i = slot(sha, s->cap); s->used[i];
	     i = (i + 1) & (s->cap - 1))
		if (memcmp(s->k[i], sha, CK_SHA256_LEN) == 0)
			return 1;
	return 0;
}

struct count {
	struct shaset *live;
	uint64_t dead;
};

static int
count_dead(void *arg, const unsigned char sha[CK_SHA256_LEN])
{
	struct count *c = arg;

	if (!set_has(c->live, sha))
		c->dead++;
	return 0;
}

static int
add_refs(struct ds_repo *r, const char *hex, struct shaset *live,
	 struct ck_error *err)
{
	char *p = ds_repo_snap_path(r, hex);
	struct ds_mreader *m = p ? ds_mreader_open(p, hex, err) : NULL;
	const struct ds_entry *e;
	int rc;

	free(p);
	if (m == NULL)
		return -1;
	while ((rc = ds_mreader_next(m, &e, err)) > 0)
		if (set_add(live, e->sha) < 0) {
			rc = ck_error_set(err, ENOMEM, "out of memory");
			break;
		}
	ds_mreader_free(m);
	return rc;
}

int
ds_cmd_gc(struct ds_ctx *c)
{
	int64_t started = ds_now_ms();
	struct ds_repo r;
	struct ds_snapinfo *s = NULL;
	struct shaset live = { NULL, NULL, 0, 0 };
	struct ck_error err;
	struct ck_time now;
	json_t *tags = NULL, *rec;
	char *keep = NULL, text[256];
	size_t n = 0, nrm = 0;
	uint64_t removed = 0, freed = 0;
	int rc = CK_EXIT_TROUBLE;

	if (ck_time_now(&now) < 0) {
		ck_warn("invalid COMPLYKIT_NOW");
		return CK_EXIT_TROUBLE;
	}
	if (ds_open(c, &r, 1) < 0)
		return CK_EXIT_TROUBLE;
	if ((tags = ds_repo_tags(&r, &err)) == NULL ||
	    ds_repo_list(&r, &s, &n, &err) < 0)
		goto fail;
	keep = calloc(n + 1, 1);
	if (keep == NULL) {
		ck_error_set(&err, ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *tg = ds_repo_tags_of(tags, s[i].id);
		struct ck_time t;

		if (c->keep_last < 0 && c->keep_within < 0)
			keep[i] = 1;
		if (json_array_size(tg) > 0)
			keep[i] = 1;
		json_decref(tg);
		if (c->keep_last >= 0 && n - i <= (size_t)c->keep_last)
			keep[i] = 1;
		if (c->keep_within >= 0 &&
		    ck_time_parse(json_string_value(json_object_get(
				  s[i].header, "time")), &t) == 0 &&
		    now.sec - t.sec <= c->keep_within)
			keep[i] = 1;
	}
	/* Every reference first: nothing is removed if one is unreadable. */
	for (size_t i = 0; i < n; i++)
		if (keep[i] && add_refs(&r, s[i].id, &live, &err) < 0) {
			ck_error_prefix(&err, "gc stopped, nothing removed");
			goto fail;
		}
	for (size_t i = 0; i < n; i++) {
		char *p;

		if (keep[i])
			continue;
		nrm++;
		rec = json_pack("{s:s, s:s, s:O, s:b}", "kind", "removed", "id",
				s[i].id, "time", json_object_get(s[i].header,
				"time"), "dry_run", c->dry_run);
		snprintf(text, sizeof(text), "%s snapshot %s",
			 c->dry_run ? "would remove" : "removed", s[i].id);
		if (!c->dry_run) {
			p = ds_repo_snap_path(&r, s[i].id);
			if (p == NULL || unlink(p) < 0) {
				ck_error_set(&err, errno, "cannot remove %s",
					     p ? p : s[i].id);
				free(p);
				json_decref(rec);
				goto fail;
			}
			ck_fsync_parent(p, NULL);
			free(p);
		}
		if (ds_emit(c, rec, text) < 0) {
			json_decref(rec);
			goto out;
		}
		json_decref(rec);
	}
	if (c->dry_run) {
		struct count cnt = { &live, 0 };

		if (ck_store_foreach(r.store, count_dead, &cnt, &err) < 0)
			goto fail;
		removed = cnt.dead;
	} else if (ck_store_gc(r.store, set_has, &live, &removed, &freed,
			       &err) < 0) {
		goto fail;
	}
	rec = json_pack("{s:s, s:I, s:I, s:I, s:I, s:b}", "kind", "gc",
			"snapshots_kept", (json_int_t)(n - nrm),
			"snapshots_removed", (json_int_t)nrm,
			"objects_removed", (json_int_t)removed, "bytes_freed",
			(json_int_t)freed, "dry_run", c->dry_run);
	snprintf(text, sizeof(text), "gc: %zu snapshots kept, %zu %s, %llu "
		 "objects %s (%llu bytes)", n - nrm, nrm,
		 c->dry_run ? "to remove" : "removed",
		 (unsigned long long)removed,
		 c->dry_run ? "unreferenced" : "removed",
		 (unsigned long long)freed);
	if (ds_emit(c, rec, text) < 0) {
		json_decref(rec);
		goto out;
	}
	json_decref(rec);
	if (!c->dry_run &&
	    ds_audit(c, "gc", NULL, json_pack("{s:I, s:I, s:I}",
		     "snapshots_removed", (json_int_t)nrm, "objects_removed",
		     (json_int_t)removed, "bytes_freed", (json_int_t)freed),
		     started) < 0)
		goto out;
	rc = CK_EXIT_OK;
	goto out;
fail:
	ck_warn_error(&err);
out:
	free(live.k);
	free(live.used);
	free(keep);
	json_decref(tags);
	ds_snapinfo_free(s, n);
	ds_repo_close(&r);
	return rc;
}
