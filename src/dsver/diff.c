/* diff.c -- dsver diff A [B]: added, removed, modified, renamed (by
 * content) and mode changes between two snapshots, or a snapshot and a
 * working tree.
 *
 * Both sides are sorted by path bytes, so they are merged in one pass;
 * only the differences are kept in memory, so two manifests of a million
 * entries are compared in bounded memory.  Nothing is printed until both
 * manifests have been read to their end and their digests checked. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/cli.h"
#include "dsver/diffcore.h"
#include "dsver/dsver.h"

static const char *const kname[] = { "added", "removed", "modified",
				     "renamed", "mode" };

static void
set_mode(json_t *o, const char *k, uint32_t mode)
{
	char m[16];

	snprintf(m, sizeof(m), "%06o", mode);
	json_object_set_new(o, k, json_string(m));
}

static void
set_sha(json_t *o, const char *k, const unsigned char *sha)
{
	char h[CK_SHA256_HEXLEN + 1];

	ck_hex_encode(sha, CK_SHA256_LEN, h);
	json_object_set_new(o, k, json_string(h));
}

int
ds_diff_print(const struct ds_diff *d, struct ds_ctx *c)
{
	for (size_t i = 0; i < d->nrec; i++) {
		const struct ds_drec *r = &d->rec[i];
		json_t *o = json_object();
		struct ck_buf t = CK_BUF_INIT;
		char *pa = NULL, *pb = NULL;
		int e;

		json_object_set_new(o, "kind", json_string(kname[r->kind]));
		if (r->kind != DS_ADDED)
			pa = ds_path_display(r->a.path, r->a.len);
		if (r->kind != DS_REMOVED)
			pb = ds_path_display(r->b.path, r->b.len);
		switch (r->kind) {
		case DS_ADDED:
			ds_path_json(o, "path", r->b.path, r->b.len);
			set_mode(o, "mode", r->b.mode);
			json_object_set_new(o, "size", json_integer(
						    (json_int_t)r->b.size));
			set_sha(o, "sha256", r->b.sha);
			ck_buf_appendf(&t, "A %s", pb);
			break;
		case DS_REMOVED:
			ds_path_json(o, "path", r->a.path, r->a.len);
			set_mode(o, "mode", r->a.mode);
			json_object_set_new(o, "size", json_integer(
						    (json_int_t)r->a.size));
			set_sha(o, "sha256", r->a.sha);
			ck_buf_appendf(&t, "D %s", pa);
			break;
		case DS_MODIFIED:
			ds_path_json(o, "path", r->b.path, r->b.len);
			set_mode(o, "old_mode", r->a.mode);
			set_mode(o, "mode", r->b.mode);
			json_object_set_new(o, "old_size", json_integer(
						    (json_int_t)r->a.size));
			json_object_set_new(o, "size", json_integer(
						    (json_int_t)r->b.size));
			set_sha(o, "old_sha256", r->a.sha);
			set_sha(o, "sha256", r->b.sha);
			ck_buf_appendf(&t, "M %s", pb);
			break;
		case DS_RENAMED:
			ds_path_json(o, "from", r->a.path, r->a.len);
			ds_path_json(o, "path", r->b.path, r->b.len);
			set_mode(o, "old_mode", r->a.mode);
			set_mode(o, "mode", r->b.mode);
			json_object_set_new(o, "size", json_integer(
						    (json_int_t)r->b.size));
			set_sha(o, "sha256", r->b.sha);
			ck_buf_appendf(&t, "R %s -> %s", pa, pb);
			break;
		case DS_MODE:
			ds_path_json(o, "path", r->b.path, r->b.len);
			set_mode(o, "old_mode", r->a.mode);
			set_mode(o, "mode", r->b.mode);
			ck_buf_appendf(&t, "T %06o -> %06o %s", r->a.mode,
				       r->b.mode, pb);
			break;
		}
		e = ds_emit(c, o, t.data);
		json_decref(o);
		ck_buf_release(&t);
		free(pa);
		free(pb);
		if (e < 0)
			return -1;
	}
	return 0;
}

/* One side: a stored manifest (streamed) or a scanned tree (in memory). */
struct side {
	struct ds_mreader *m;
	struct ds_scan *sc;
	size_t i;
	const struct ds_entry *cur;
	const char *line;
	size_t linelen;
};

static int
side_next(struct side *s, struct ck_error *err)
{
	int rc;

	if (s->m == NULL) {
		s->cur = s->i < s->sc->n ? &s->sc->e[s->i++] : NULL;
		s->line = NULL;
		return 0;
	}
	rc = ds_mreader_next(s->m, &s->cur, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		s->cur = NULL;
	else
		s->line = ds_mreader_line(s->m, &s->linelen);
	return 0;
}

static int
open_side(struct ds_repo *r, const char *hex, struct side *s, json_t **hdr,
	  struct ck_error *err)
{
	char *p = ds_repo_snap_path(r, hex);

	memset(s, 0, sizeof(*s));
	s->m = p ? ds_mreader_open(p, hex, err) : NULL;
	free(p);
	if (s->m == NULL)
		return -1;
	if (hdr != NULL)
		*hdr = ds_mreader_header(s->m);
	return 0;
}

static int
merge(struct side *a, struct side *b, struct ds_diff *d, struct ck_error *err)
{
	if (side_next(a, err) < 0 || side_next(b, err) < 0)
		return -1;
	while (a->cur != NULL || b->cur != NULL) {
		int c;

		if (a->cur != NULL && b->cur != NULL && a->line && b->line &&
		    a->linelen == b->linelen &&
		    memcmp(a->line, b->line, a->linelen) == 0) {
			c = 0;	/* same bytes: same entry, nothing to do */
			goto both;
		}
		if (a->cur == NULL)
			c = 1;
		else if (b->cur == NULL)
			c = -1;
		else
			c = ds_entry_cmp(a->cur, b->cur);
		if (c < 0) {
			if (ds_diff_removed(d, a->cur) < 0)
				goto nomem;
			if (side_next(a, err) < 0)
				return -1;
			continue;
		}
		if (c > 0) {
			if (ds_diff_added(d, b->cur) < 0)
				goto nomem;
			if (side_next(b, err) < 0)
				return -1;
			continue;
		}
		if (ds_diff_same_path(d, a->cur, b->cur) < 0)
			goto nomem;
both:
		if (side_next(a, err) < 0 || side_next(b, err) < 0)
			return -1;
	}
	return 0;
nomem:
	return ck_error_set(err, ENOMEM, "out of memory");
}

int
ds_diff_compute(struct ds_ctx *c, struct ds_repo *r, const char *ha,
		const char *hb, const char *dir, struct ds_diff *d,
		struct ck_error *err)
{
	struct side a, b;
	struct ds_scan tree;
	json_t *hdr = NULL;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&tree, 0, sizeof(tree));
	if (open_side(r, ha, &a, &hdr, err) < 0)
		goto out;
	if (hb != NULL) {
		if (open_side(r, hb, &b, NULL, err) < 0)
			goto out;
	} else {
		struct stat st;

		if (dir == NULL)
			dir = json_string_value(json_object_get(hdr, "source"));
		if (dir == NULL || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			ck_error_set(err, 0, "the working tree %s is not a "
				     "directory; give --tree DIR",
				     dir ? dir : "?");
			goto out;
		}
		if (ds_scan_worktree(c, r, dir, &tree, err) < 0)
			goto out;
		b.sc = &tree;
	}
	if (merge(&a, &b, d, err) < 0)
		goto out;
	if (ds_diff_finish(d) < 0) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	ds_mreader_free(a.m);
	ds_mreader_free(b.m);
	ds_scan_release(&tree);
	return rc;
}

int
ds_cmd_diff(struct ds_ctx *c)
{
	struct ds_repo r;
	struct ds_diff d;
	struct ck_error err;
	char ha[CK_SHA256_HEXLEN + 1], hb[CK_SHA256_HEXLEN + 1];
	int rc = CK_EXIT_TROUBLE;

	ds_diff_init(&d);
	if (c->argc == 2 && c->tree != NULL)
		ck_usage_error("diff: give B or --tree, not both");
	if (ds_open(c, &r, 0) < 0)
		return CK_EXIT_TROUBLE;
	if (ds_repo_resolve(&r, c->argv[0], ha, &err) < 0 ||
	    (c->argc == 2 && ds_repo_resolve(&r, c->argv[1], hb, &err) < 0) ||
	    ds_diff_compute(c, &r, ha, c->argc == 2 ? hb : NULL, c->tree, &d,
			    &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	if (ds_diff_print(&d, c) < 0)
		goto out;
	rc = c->exit_code && d.nrec > 0 ? CK_EXIT_TRIP : CK_EXIT_OK;
out:
	ds_diff_release(&d);
	ds_repo_close(&r);
	return rc;
}
