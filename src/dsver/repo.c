/* repo.c -- the store on disk: location, lock, ids, tags, caches. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "dsver/manifest.h"
#include "dsver/repo.h"

static char *
pathf(const char *a, const char *b, const char *c)
{
	char *s;

	if (asprintf(&s, "%s%s%s", a, b, c ? c : "") < 0)
		return NULL;
	return s;
}

char *
ds_repo_locate(const char *opt, struct ck_error *err)
{
	const char *env = getenv("DSVER_STORE");
	char cwd[PATH_MAX];
	struct stat st;

	if (opt != NULL)
		return strdup(opt);
	if (env != NULL && *env != '\0')
		return strdup(env);
	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		ck_error_set(err, errno, "cannot get the working directory");
		return NULL;
	}
	for (;;) {
		char *p = pathf(cwd, strcmp(cwd, "/") ? "/.dsver" : ".dsver",
				NULL);

		if (p == NULL) {
			ck_error_set(err, ENOMEM, "out of memory");
			return NULL;
		}
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			return p;
		free(p);
		if (strcmp(cwd, "/") == 0)
			break;
		{
			char *sl = strrchr(cwd, '/');

			if (sl == cwd)
				sl[1] = '\0';
			else
				*sl = '\0';
		}
	}
	ck_error_set(err, 0, "no store found (.dsver here or above); run "
		     "'dsver init' or give --store DIR");
	return NULL;
}

int
ds_repo_init(const char *dir, struct ck_error *err)
{
	static const char cfg[] = "{\"kind\":\"dsver-store\",\"version\":1}\n";
	static const char *const sub[] = { "/snapshots", "/tags", "/cache" };
	struct stat st;
	char *p;
	int existed;

	p = pathf(dir, "/config", NULL);
	if (p == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	existed = stat(p, &st) == 0;
	if (ck_store_init(dir, err) < 0)
		goto fail;
	for (size_t i = 0; i < 3; i++) {
		char *s = pathf(dir, sub[i], NULL);

		if (s == NULL) {
			ck_error_set(err, ENOMEM, "cannot create %s", dir);
			goto fail;
		}
		if (ck_mkdir(s, err) < 0) {
			free(s);
			goto fail;
		}
		free(s);
	}
	/* config last: a store is a store once its config exists */
	if (!existed && ck_atomic_write(p, cfg, sizeof(cfg) - 1, 0644, err) < 0)
		goto fail;
	free(p);
	return existed ? 0 : 1;
fail:
	free(p);
	return -1;
}

int
ds_repo_open(struct ds_repo *r, const char *dir, int lock,
	     struct ck_error *err)
{
	char *cfg = pathf(dir, "/config", NULL), *buf = NULL, *lk;
	json_t *v = NULL;
	size_t len;

	memset(r, 0, sizeof(*r));
	r->lock.fd = -1;
	if (cfg == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (ck_read_file(cfg, 1 << 16, &buf, &len, err) < 0) {
		free(cfg);
		return ck_error_set(err, 0, "no store at %s (run 'dsver init' "
				    "or give --store DIR)", dir);
	}
	v = json_loadb(buf, len, 0, NULL);
	free(buf);
	if (!json_is_object(v) ||
	    json_integer_value(json_object_get(v, "version")) != 1 ||
	    !json_is_string(json_object_get(v, "kind")) ||
	    strcmp(json_string_value(json_object_get(v, "kind")),
		   "dsver-store") != 0) {
		json_decref(v);
		ck_error_set(err, 0, "%s: not a dsver store configuration",
			     cfg);
		free(cfg);
		return -1;
	}
	json_decref(v);
	free(cfg);
	r->dir = strdup(dir);
	if (r->dir == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (lock) {
		lk = pathf(dir, "/lock", NULL);
		if (lk == NULL || ck_lock_acquire(&r->lock, lk, 1, err) < 0) {
			free(lk);
			free(r->dir);
			r->dir = NULL;
			return -1;
		}
		free(lk);
		r->locked = 1;
	}
	r->store = ck_store_open(dir, err);
	if (r->store == NULL) {
		ds_repo_close(r);
		return -1;
	}
	return 0;
}

void
ds_repo_close(struct ds_repo *r)
{
	ck_store_free(r->store);
	r->store = NULL;
	if (r->locked)
		ck_lock_release(&r->lock);
	r->locked = 0;
	free(r->dir);
	r->dir = NULL;
}

char *
ds_repo_snap_path(const struct ds_repo *r, const char *hex)
{
	return pathf(r->dir, "/snapshots/", hex);
}

static int
is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int
ds_tag_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 128 || name[0] == '.' || name[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

static int
read_tag(const struct ds_repo *r, const char *name,
	 char hex[CK_SHA256_HEXLEN + 1], struct ck_error *err)
{
	char *p = pathf(r->dir, "/tags/", name), *buf = NULL;
	size_t len;
	int rc = 0;

	if (p == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (access(p, F_OK) < 0) {
		free(p);
		return 0;
	}
	if (ck_read_file(p, 256, &buf, &len, err) < 0) {
		free(p);
		return -1;
	}
	if (len != CK_SHA256_HEXLEN + 1 || buf[CK_SHA256_HEXLEN] != '\n' ||
	    !is_hex(buf, CK_SHA256_HEXLEN)) {
		rc = ck_error_set(err, 0, "tag %s: malformed file %s", name, p);
	} else {
		memcpy(hex, buf, CK_SHA256_HEXLEN);
		hex[CK_SHA256_HEXLEN] = '\0';
		rc = 1;
	}
	free(buf);
	free(p);
	return rc;
}

int
ds_repo_list(const struct ds_repo *r, struct ds_snapinfo **out, size_t *n,
	     struct ck_error *err);

int
ds_repo_resolve(const struct ds_repo *r, const char *name,
		char hex[CK_SHA256_HEXLEN + 1], struct ck_error *err)
{
	size_t len = strlen(name), found = 0;
	struct dirent *de;
	char *sd;
	DIR *d;
	int t;

	if (strcmp(name, "latest") == 0) {
		struct ds_snapinfo *s;
		size_t ns;

		if (ds_repo_list(r, &s, &ns, err) < 0)
			return -1;
		if (ns == 0) {
			ds_snapinfo_free(s, ns);
			return ck_error_set(err, 0, "no snapshots yet");
		}
		memcpy(hex, s[ns - 1].id, CK_SHA256_HEXLEN + 1);
		ds_snapinfo_free(s, ns);
		return 0;
	}
	if (ds_tag_name_ok(name)) {
		t = read_tag(r, name, hex, err);
		if (t != 0)
			return t < 0 ? -1 : 0;
	}
	if (len < 4 || len > CK_SHA256_HEXLEN || !is_hex(name, len))
		return ck_error_set(err, 0, "unknown snapshot '%s'", name);
	sd = pathf(r->dir, "/snapshots", NULL);
	d = sd ? opendir(sd) : NULL;
	if (d == NULL) {
		free(sd);
		return ck_error_set(err, errno, "cannot read the snapshots of "
				    "%s", r->dir);
	}
	while ((de = readdir(d)) != NULL) {
		if (strlen(de->d_name) != CK_SHA256_HEXLEN ||
		    strncmp(de->d_name, name, len) != 0)
			continue;
		if (found++ == 0)
			memcpy(hex, de->d_name, CK_SHA256_HEXLEN + 1);
	}
	closedir(d);
	free(sd);
	if (found == 0)
		return ck_error_set(err, 0, "unknown snapshot '%s'", name);
	if (found > 1)
		return ck_error_set(err, 0, "ambiguous snapshot prefix '%s'",
				    name);
	return 0;
}

void
ds_snapinfo_free(struct ds_snapinfo *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_decref(s[i].header);
	free(s);
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct ds_snapinfo *)a)->id,
		      ((const struct ds_snapinfo *)b)->id);
}

/* Snapshots taken within one clock tick (or under a fixed COMPLYKIT_NOW)
 * are ordered by their parent links: a parent comes first. */
static int
cmp_info(const void *a, const void *b)
{
	const struct ds_snapinfo *x = a, *y = b;
	int c = strcmp(json_string_value(json_object_get(x->header, "time")),
		       json_string_value(json_object_get(y->header, "time")));

	if (c != 0)
		return c;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* depth = how many ancestors a snapshot has in the store (v sorted by
 * id). */
static void
set_depths(struct ds_snapinfo *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const json_t *h = v[i].header;
		size_t d = 0;

		for (;;) {
			const char *p = json_string_value(json_object_get(h,
							  "parent"));
			struct ds_snapinfo key, *f;

			if (p == NULL || d > n)
				break;
			snprintf(key.id, sizeof(key.id), "%s", p);
			f = bsearch(&key, v, n, sizeof(*v), cmp_id);
			if (f == NULL)
				break;
			d++;
			h = f->header;
		}
		v[i].depth = d;
	}
}

int
ds_repo_list(const struct ds_repo *r, struct ds_snapinfo **out, size_t *n,
	     struct ck_error *err)
{
	char *sd = pathf(r->dir, "/snapshots", NULL);
	struct ds_snapinfo *v = NULL;
	size_t nv = 0;
	struct dirent *de;
	DIR *d = sd ? opendir(sd) : NULL;

	if (d == NULL) {
		free(sd);
		return ck_error_set(err, errno, "cannot read the snapshots of "
				    "%s", r->dir);
	}
	while ((de = readdir(d)) != NULL) {
		struct ds_mreader *m;
		char *p;
		void *np;

		if (strlen(de->d_name) != CK_SHA256_HEXLEN ||
		    !is_hex(de->d_name, CK_SHA256_HEXLEN))
			continue;
		p = ds_repo_snap_path(r, de->d_name);
		m = p ? ds_mreader_open(p, de->d_name, err) : NULL;
		free(p);
		if (m == NULL)
			goto fail;
		np = realloc(v, (nv + 1) * sizeof(*v));
		if (np == NULL) {
			ds_mreader_free(m);
			ck_error_set(err, ENOMEM, "out of memory");
			goto fail;
		}
		v = np;
		memcpy(v[nv].id, de->d_name, CK_SHA256_HEXLEN + 1);
		v[nv].header = json_incref(ds_mreader_header(m));
		nv++;
		ds_mreader_free(m);
	}
	closedir(d);
	free(sd);
	if (nv > 1) {
		qsort(v, nv, sizeof(*v), cmp_id);
		set_depths(v, nv);
		qsort(v, nv, sizeof(*v), cmp_info);
	}
	*out = v;
	*n = nv;
	return 0;
fail:
	closedir(d);
	free(sd);
	ds_snapinfo_free(v, nv);
	return -1;
}

int
ds_repo_tag_set(const struct ds_repo *r, const char *name, const char *hex,
		struct ck_error *err)
{
	char line[CK_SHA256_HEXLEN + 2], *p;
	int rc;

	if (!ds_tag_name_ok(name))
		return ck_error_set(err, 0, "invalid tag name '%s' (letters, "
				    "digits, '.', '_', '-')", name);
	p = pathf(r->dir, "/tags/", name);
	if (p == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	snprintf(line, sizeof(line), "%s\n", hex);
	rc = ck_atomic_write(p, line, CK_SHA256_HEXLEN + 1, 0644, err);
	free(p);
	return rc;
}

json_t *
ds_repo_tags(const struct ds_repo *r, struct ck_error *err)
{
	char *td = pathf(r->dir, "/tags", NULL);
	json_t *o = json_object();
	struct dirent *de;
	DIR *d = td ? opendir(td) : NULL;

	if (d == NULL || o == NULL) {
		ck_error_set(err, errno, "cannot read the tags of %s", r->dir);
		goto fail;
	}
	while ((de = readdir(d)) != NULL) {
		char hex[CK_SHA256_HEXLEN + 1];
		int t;

		if (!ds_tag_name_ok(de->d_name))
			continue;
		t = read_tag(r, de->d_name, hex, err);
		if (t < 0)
			goto fail;
		if (t > 0)
			json_object_set_new(o, de->d_name, json_string(hex));
	}
	closedir(d);
	free(td);
	return o;
fail:
	if (d != NULL)
		closedir(d);
	free(td);
	json_decref(o);
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

json_t *
ds_repo_tags_of(json_t *tags, const char *hex)
{
	json_t *a = json_array(), *v;
	const char *k, **names = NULL;
	size_t n = 0;

	json_object_foreach(tags, k, v)
		if (strcmp(json_string_value(v), hex) == 0) {
			const char **nn = realloc(names, (n + 1) * sizeof(*nn));

			if (nn == NULL)
				break;
			names = nn;
			names[n++] = k;
		}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(names[i]));
	free(names);
	return a;
}

char *
ds_repo_cache_path(const struct ds_repo *r, const char *source)
{
	unsigned char sum[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1];

	ck_sha256(source, strlen(source), sum);
	ck_hex_encode(sum, CK_SHA256_LEN, hex);
	return pathf(r->dir, "/cache/", hex);
}
