/* snapshot.c -- dsver init and dsver snapshot.
 *
 * Order of writes, so that a kill at any instant leaves a valid store:
 * objects (each renamed into place after fsync), then the pack index,
 * then the manifest (atomic), then tags and the stat cache.  A crash
 * before the manifest leaves only unreferenced objects, which gc
 * removes; no snapshot ever names a missing object. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/canon.h"
#include "common/cli.h"
#include "common/timefmt.h"
#include "dsver/csv.h"
#include "dsver/dsver.h"

int
ds_cmd_init(struct ds_ctx *c)
{
	struct ck_error err;
	char *dir;
	int rc;
	json_t *rec;
	char text[PATH_MAX + 64];

	if (c->store_opt != NULL)
		dir = strdup(c->store_opt);
	else if (asprintf(&dir, "%s/.dsver", c->argc > 0 ? c->argv[0] : ".")
		 < 0)
		dir = NULL;
	if (dir == NULL) {
		ck_warn("out of memory");
		return CK_EXIT_TROUBLE;
	}
	if (c->store_opt != NULL && c->argc > 0) {
		free(dir);
		ck_usage_error("init: give DIR or --store, not both");
	}
	/* "dsver init data" makes data/ too, as "git init data" does */
	if (c->argc > 0 && mkdir(c->argv[0], 0755) < 0 && errno != EEXIST) {
		ck_warn_errno(errno, "cannot create %s", c->argv[0]);
		free(dir);
		return CK_EXIT_TROUBLE;
	}
	rc = ds_repo_init(dir, &err);
	if (rc < 0) {
		ck_warn_error(&err);
		free(dir);
		return CK_EXIT_TROUBLE;
	}
	rec = json_pack("{s:s, s:s, s:b}", "kind", "store", "store", dir,
			"created", rc);
	snprintf(text, sizeof(text), "%s store in %s",
		 rc ? "initialised" : "reinitialised existing", dir);
	rc = ds_emit(c, rec, text);
	json_decref(rec);
	free(dir);
	return rc < 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
}

/* The newest snapshot of the same source, or NULL (json null). */
static json_t *
find_parent(struct ds_repo *r, const char *source, struct ck_error *err)
{
	struct ds_snapinfo *s;
	size_t n;
	json_t *p = json_null();

	if (ds_repo_list(r, &s, &n, err) < 0)
		return NULL;
	for (size_t i = n; i-- > 0;) {
		const char *src = json_string_value(
			json_object_get(s[i].header, "source"));

		if (src != NULL && strcmp(src, source) == 0) {
			p = json_string(s[i].id);
			break;
		}
	}
	ds_snapinfo_free(s, n);
	return p;
}

static int64_t
realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
ds_cmd_snapshot(struct ds_ctx *c)
{
	int64_t started = ds_now_ms();
	struct ds_repo r;
	struct ds_scan sc;
	struct ds_scan_opts o;
	struct ck_statcache *old = NULL, *fresh = NULL;
	struct ck_error err;
	struct ck_buf text = CK_BUF_INIT;
	struct ck_time now;
	char tnow[CK_TIME_LEN], id[CK_SHA256_HEXLEN + 1], *source = NULL;
	char *cachep = NULL, *snapp = NULL, line[512];
	json_t *meta = NULL, *header = NULL, *parent = NULL, *rec = NULL;
	json_t *tags = NULL;
	void *z = NULL;
	size_t zlen;
	struct stat st, sst;
	int rc = CK_EXIT_TROUBLE, tree;

	memset(&sc, 0, sizeof(sc));
	memset(&o, 0, sizeof(o));
	meta = ds_meta_load(c->meta, c->nmeta, &err);
	if (meta == NULL) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	if (ck_time_now(&now) < 0) {
		ck_warn("invalid COMPLYKIT_NOW");
		json_decref(meta);
		return CK_EXIT_TROUBLE;
	}
	ck_time_format(&now, tnow);
	/* "-": an archive on standard input (CONTRACT's inputs) */
	source = strcmp(c->argv[0], "-") == 0 ? strdup("-")
					       : realpath(c->argv[0], NULL);
	if (source == NULL ||
	    (strcmp(source, "-") == 0 ? fstat(STDIN_FILENO, &st)
				      : stat(source, &st)) < 0) {
		ck_warn_errno(errno, "cannot open %s", c->argv[0]);
		free(source);
		json_decref(meta);
		return CK_EXIT_TROUBLE;
	}
	tree = S_ISDIR(st.st_mode) && strcmp(source, "-") != 0;
	if (!tree && !S_ISREG(st.st_mode) && strcmp(source, "-") != 0) {
		ck_warn("%s: not a directory or an archive", c->argv[0]);
		goto out_nolock;
	}
	if (ds_open(c, &r, 1) < 0)
		goto out_nolock;
	o.jobs = c->jobs;
	o.store = c->no_store ? NULL : r.store;
	if (stat(r.dir, &sst) == 0) {
		o.skip_dev = sst.st_dev;
		o.skip_ino = sst.st_ino;
	}
	if (tree) {
		cachep = ds_repo_cache_path(&r, source);
		if (!c->full) {
			old = ck_statcache_load(cachep, &err);
			if (old == NULL)
				ck_warn("%s; reading every file", err.msg);
			o.old = old;
		}
		/* taken before the first file is read: see statcache.h */
		fresh = ck_statcache_new(realtime_ns());
		o.fresh = fresh;
		if (ds_scan_tree(source, &o, &sc, &err) < 0)
			goto fail;
	} else if (ds_scan_archive(c->argv[0], &o, &sc, &err) < 0) {
		goto fail;
	}
	if (o.store != NULL && ck_store_sync(r.store, &err) < 0)
		goto fail;
	if (ds_csv_describe(&sc, tree ? source : NULL, r.store, meta, &err) < 0)
		goto fail;
	parent = find_parent(&r, source, &err);
	if (parent == NULL)
		goto fail;
	header = json_pack("{s:I, s:I, s:s, s:s, s:O, s:O, s:s, s:b, s:s, "
			   "s:i}", "bytes", (json_int_t)sc.bytes, "files",
			   (json_int_t)sc.n, "kind", "dsver-manifest",
			   "message", c->message ? c->message : "", "meta",
			   meta, "parent", parent, "source", source, "store",
			   !c->no_store, "time", tnow, "version", 1);
	if (header == NULL || ck_canon_append(&text, header, &err) < 0 ||
	    ck_buf_append_char(&text, '\n') < 0) {
		if (header == NULL)
			ck_error_set(&err, 0, "metadata or message is not "
				     "valid UTF-8");
		goto fail;
	}
	for (size_t i = 0; i < sc.n; i++)
		if (ds_entry_append(&text, &sc.e[i]) < 0) {
			ck_error_set(&err, ENOMEM, "out of memory");
			goto fail;
		}
	if (ds_manifest_seal(&text, id, &z, &zlen, &err) < 0)
		goto fail;
	snapp = ds_repo_snap_path(&r, id);
	if (snapp == NULL || ck_atomic_write(snapp, z, zlen, 0644, &err) < 0)
		goto fail;
	for (size_t i = 0; i < c->ntags; i++)
		if (ds_repo_tag_set(&r, c->tags[i], id, &err) < 0)
			goto fail;
	if (fresh != NULL && ck_statcache_save(fresh, cachep, &err) < 0)
		ck_warn("%s (the next snapshot reads every file)", err.msg);
	tags = json_array();
	for (size_t i = 0; i < c->ntags; i++)
		json_array_append_new(tags, json_string(c->tags[i]));
	rec = json_pack("{s:s, s:s, s:O, s:s, s:s, s:I, s:I, s:O, s:O, s:b, "
			"s:I}", "kind", "snapshot", "id", id, "parent", parent,
			"time", tnow, "source", source, "files",
			(json_int_t)sc.n, "bytes", (json_int_t)sc.bytes,
			"tags", tags, "meta", meta, "store", !c->no_store,
			"files_read", (json_int_t)sc.read_files);
	snprintf(line, sizeof(line), "snapshot %s  %zu files, %llu bytes "
		 "(%llu files read)", id, sc.n, (unsigned long long)sc.bytes,
		 (unsigned long long)sc.read_files);
	if (rec == NULL || ds_emit(c, rec, line) < 0)
		goto out;
	if (ds_audit(c, "snapshot", id, json_pack("{s:I, s:I, s:O, s:s}",
		     "files", (json_int_t)sc.n, "bytes", (json_int_t)sc.bytes,
		     "parent", parent, "source", source), started) < 0)
		goto out;
	for (size_t i = 0; i < c->ntags; i++)
		if (ds_audit(c, "tag", id, json_pack("{s:s}", "tag",
			     c->tags[i]), started) < 0)
			goto out;
	rc = CK_EXIT_OK;
	goto out;
fail:
	ck_warn_error(&err);
out:
	ds_repo_close(&r);
out_nolock:
	ds_scan_release(&sc);
	ck_statcache_free(old);
	ck_statcache_free(fresh);
	ck_buf_release(&text);
	json_decref(meta);
	json_decref(header);
	json_decref(parent);
	json_decref(rec);
	json_decref(tags);
	free(z);
	free(snapp);
	free(cachep);
	free(source);
	return rc;
}
