/* keyring.c -- the sealed keyring and the journal (see keyring.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "common/hash.h"
#include "keyrot/keyring.h"

static const char keys_magic[8] = { 'K', 'R', 'K', 'E', 'Y', 'S', '1', '\n' };
static const char *const state_names[] = { "primary", "active", "retired",
					   "destroyed" };

const char *
kr_state_name(enum kr_state s)
{
	return state_names[s];
}

void
kr_keyring_release(struct kr_keyring *kr)
{
	if (kr->v != NULL) {
		ck_wipe(kr->v, kr->n * sizeof(*kr->v));
		free(kr->v);
	}
	kr->v = NULL;
	kr->n = 0;
}

struct kr_version *
kr_keyring_find(struct kr_keyring *kr, uint32_t id)
{
	for (size_t i = 0; i < kr->n; i++)
		if (kr->v[i].id == id)
			return &kr->v[i];
	return NULL;
}

struct kr_version *
kr_keyring_primary(struct kr_keyring *kr)
{
	for (size_t i = 0; i < kr->n; i++)
		if (kr->v[i].state == KR_PRIMARY)
			return &kr->v[i];
	return NULL;
}

int
kr_keyring_add(struct kr_keyring *kr, const struct ck_time *now,
	       struct ck_error *err)
{
	struct kr_version *nv, *p = kr_keyring_primary(kr);
	uint32_t id = kr->n > 0 ? kr->v[kr->n - 1].id + 1 : 1;

	if (id == 0)
		return ck_error_set(err, 0, "no key version ids left");
	nv = malloc((kr->n + 1) * sizeof(*nv));
	if (nv == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (kr->n > 0)
		memcpy(nv, kr->v, kr->n * sizeof(*nv));
	memset(&nv[kr->n], 0, sizeof(*nv));
	if (ck_random_bytes(nv[kr->n].key, KR_KEY_LEN, err) < 0) {
		ck_wipe(nv, (kr->n + 1) * sizeof(*nv));
		free(nv);
		return -1;
	}
	if (p != NULL) {
		p = &nv[p - kr->v];
		p->state = KR_ACTIVE;
		p->deactivated = *now;
	}
	nv[kr->n].id = id;
	nv[kr->n].state = KR_PRIMARY;
	nv[kr->n].has_key = 1;
	nv[kr->n].created = *now;
	if (kr->v != NULL) {
		ck_wipe(kr->v, kr->n * sizeof(*kr->v));
		free(kr->v);
	}
	kr->v = nv;
	kr->n++;
	return 0;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int
parse_time_field(json_t *o, const char *name, struct ck_time *t,
		 struct ck_error *err)
{
	json_t *v = json_object_get(o, name);

	t->sec = 0;
	t->usec = 0;
	if (v == NULL)
		return 0;
	if (!json_is_string(v) || ck_time_parse(json_string_value(v), t) < 0 ||
	    t->sec == 0)
		return ck_error_set(err, 0, "keyring: bad time in '%s'", name);
	return 0;
}

int
kr_keyring_parse(const void *p, size_t n, struct kr_keyring *kr,
		 struct ck_error *err)
{
	const unsigned char *b = p;
	uint32_t nkeys;
	size_t off, nprimary = 0;
	json_t *root = NULL, *vers;
	json_error_t je;
	int rc = -1;

	kr->v = NULL;
	kr->n = 0;
	if (n < 12 || memcmp(b, keys_magic, 8) != 0)
		return ck_error_set(err, 0, "keyring: not a keyrot keyring");
	nkeys = get32(b + 8);
	if (nkeys > (n - 12) / 36)
		return ck_error_set(err, 0, "keyring: truncated key table");
	off = 12 + (size_t)nkeys * 36;
	root = json_loadb((const char *)b + off, n - off, JSON_REJECT_DUPLICATES,
			  &je);
	if (root == NULL || !json_is_object(root)) {
		json_decref(root);
		return ck_error_set(err, 0, "keyring: metadata is not a JSON "
				    "object");
	}
	vers = json_object_get(root, "versions");
	if (!json_is_integer(json_object_get(root, "format")) ||
	    json_integer_value(json_object_get(root, "format")) != 1 ||
	    !json_is_array(vers) || json_array_size(vers) == 0 ||
	    json_array_size(vers) > 100000) {
		ck_error_set(err, 0, "keyring: unknown format or no versions");
		goto out;
	}
	{
		json_t *rd = json_object_get(root, "retention_days");

		if (!json_is_integer(rd) || json_integer_value(rd) < 0 ||
		    json_integer_value(rd) > 36500) {
			ck_error_set(err, 0, "keyring: bad retention_days");
			goto out;
		}
		kr->retention_days = (uint32_t)json_integer_value(rd);
	}
	kr->v = calloc(json_array_size(vers), sizeof(*kr->v));
	if (kr->v == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(vers); i++) {
		json_t *o = json_array_get(vers, i);
		json_t *id = json_object_get(o, "version");
		json_t *st = json_object_get(o, "state");
		struct kr_version *v = &kr->v[i];
		size_t s;

		if (!json_is_integer(id) || json_integer_value(id) < 1 ||
		    json_integer_value(id) > UINT32_MAX ||
		    (i > 0 && json_integer_value(id) <= kr->v[i - 1].id) ||
		    !json_is_string(st)) {
			ck_error_set(err, 0, "keyring: version %zu is "
				     "malformed", i + 1);
			goto out;
		}
		v->id = (uint32_t)json_integer_value(id);
		for (s = 0; s < 4; s++)
			if (strcmp(json_string_value(st), state_names[s]) == 0)
				break;
		if (s == 4) {
			ck_error_set(err, 0, "keyring: version %u has an "
				     "unknown state", v->id);
			goto out;
		}
		v->state = (enum kr_state)s;
		nprimary += v->state == KR_PRIMARY;
		kr->n = i + 1;
		if (parse_time_field(o, "created", &v->created, err) < 0 ||
		    parse_time_field(o, "deactivated", &v->deactivated,
				     err) < 0 ||
		    parse_time_field(o, "retired", &v->retired, err) < 0 ||
		    parse_time_field(o, "destroyed", &v->destroyed, err) < 0)
			goto out;
	}
	if (nprimary != 1) {
		ck_error_set(err, 0, "keyring: %zu primary versions (need 1)",
			     nprimary);
		goto out;
	}
	for (uint32_t k = 0; k < nkeys; k++) {
		const unsigned char *e = b + 12 + (size_t)k * 36;
		struct kr_version *v = kr_keyring_find(kr, get32(e));

		if (v == NULL || v->has_key || v->state == KR_DESTROYED) {
			ck_error_set(err, 0, "keyring: key table does not "
				     "match the versions");
			goto out;
		}
		memcpy(v->key, e + 4, KR_KEY_LEN);
		v->has_key = 1;
	}
	for (size_t i = 0; i < kr->n; i++)
		if (!kr->v[i].has_key && kr->v[i].state != KR_DESTROYED) {
			ck_error_set(err, 0, "keyring: version %u has no key",
				     kr->v[i].id);
			goto out;
		}
	rc = 0;
out:
	json_decref(root);
	if (rc < 0)
		kr_keyring_release(kr);
	return rc;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int
set_time(json_t *o, const char *name, const struct ck_time *t)
{
	char s[CK_TIME_LEN];

	if (t->sec == 0)
		return 0;
	ck_time_format(t, s);
	return json_object_set_new(o, name, json_string(s));
}

int
kr_keyring_serialize(const struct kr_keyring *kr, struct ck_buf *out,
		     struct ck_error *err)
{
	unsigned char e[36];
	uint32_t nkeys = 0;
	json_t *root, *vers;
	char *meta;
	int rc = -1;

	ck_buf_reset(out);
	for (size_t i = 0; i < kr->n; i++)
		nkeys += kr->v[i].has_key;
	put32(e, nkeys);
	if (ck_buf_append(out, keys_magic, 8) < 0 ||
	    ck_buf_append(out, e, 4) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < kr->n; i++) {
		if (!kr->v[i].has_key)
			continue;
		put32(e, kr->v[i].id);
		memcpy(e + 4, kr->v[i].key, KR_KEY_LEN);
		rc = ck_buf_append(out, e, sizeof(e));
		ck_wipe(e, sizeof(e));
		if (rc < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	root = json_pack("{s:i, s:i, s:[]}", "format", 1, "retention_days",
			 (int)kr->retention_days, "versions");
	if (root == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	vers = json_object_get(root, "versions");
	for (size_t i = 0; i < kr->n; i++) {
		const struct kr_version *v = &kr->v[i];
		json_t *o = json_pack("{s:I, s:s}", "version",
				      (json_int_t)v->id, "state",
				      state_names[v->state]);

		if (o == NULL || set_time(o, "created", &v->created) < 0 ||
		    set_time(o, "deactivated", &v->deactivated) < 0 ||
		    set_time(o, "retired", &v->retired) < 0 ||
		    set_time(o, "destroyed", &v->destroyed) < 0 ||
		    json_array_append_new(vers, o) < 0) {
			json_decref(root);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
	}
	meta = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	rc = meta != NULL && ck_buf_append_str(out, meta) == 0 ? 0 :
	     ck_error_set(err, ENOMEM, "out of memory");
	free(meta);
	return rc;
}

static char *
path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

int
kr_keyring_check_modes(const char *dir, struct ck_error *err)
{
	static const char *const files[] = { "keyring.sealed", "history.jsonl",
					     "journal" };
	struct stat st;

	if (stat(dir, &st) < 0)
		return ck_error_set(err, errno, "cannot open keyring %s", dir);
	if (!S_ISDIR(st.st_mode))
		return ck_error_set(err, 0, "keyring %s is not a directory",
				    dir);
	if ((st.st_mode & 077) != 0)
		return ck_error_set(err, 0, "keyring %s is open to others "
				    "(mode %04o); chmod 700 it", dir,
				    (unsigned)(st.st_mode & 07777));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *p = path_in(dir, files[i]);
		int bad;

		if (p == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		bad = stat(p, &st) == 0 && (st.st_mode & 077) != 0;
		if (bad)
			ck_error_set(err, 0, "%s is open to others (mode "
				     "%04o); chmod 600 it", p,
				     (unsigned)(st.st_mode & 07777));
		free(p);
		if (bad)
			return -1;
	}
	return 0;
}

int
kr_keyring_load(const char *dir, const struct ck_cred *c,
		struct kr_keyring *kr, struct ck_error *err)
{
	struct ck_buf plain = CK_BUF_INIT;
	char *path, *sealed = NULL;
	size_t n;
	int rc = -1;

	kr->v = NULL;
	kr->n = 0;
	if (kr_keyring_check_modes(dir, err) < 0)
		return -1;
	path = path_in(dir, "keyring.sealed");
	if (path == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (ck_read_file(path, 64u << 20, &sealed, &n, err) < 0)
		goto out;
	if (ck_unseal(c, sealed, n, &plain, err) < 0 ||
	    kr_keyring_parse(plain.data, plain.len, kr, err) < 0) {
		ck_error_prefix(err, "%s", path);
		goto out;
	}
	rc = 0;
out:
	ck_buf_release_secret(&plain);
	free(sealed);
	free(path);
	return rc;
}

int
kr_keyring_save(const char *dir, const struct ck_cred *c,
		const struct kr_keyring *kr, struct ck_error *err)
{
	struct ck_buf plain = CK_BUF_INIT, sealed = CK_BUF_INIT;
	char *path = path_in(dir, "keyring.sealed");
	int rc = -1;

	if (path == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (kr_keyring_serialize(kr, &plain, err) == 0 &&
	    ck_seal(c, NULL, plain.data, plain.len, &sealed, err) == 0 &&
	    ck_atomic_write(path, sealed.data, sealed.len, 0600, err) == 0)
		rc = 0;
	ck_buf_release_secret(&plain);
	ck_buf_release(&sealed);
	free(path);
	return rc;
}

int
kr_journal_parse(const char *text, size_t n, struct kr_journal *j,
		 struct ck_error *err)
{
	size_t off = 0;
	unsigned long line = 0;

	memset(j, 0, sizeof(*j));
	while (off < n) {
		const char *nl = memchr(text + off, '\n', n - off);
		size_t len = nl ? (size_t)(nl - (text + off)) : n - off;
		json_error_t je;
		json_t *o;

		line++;
		if (nl == NULL)
			break;	/* a torn last line: the kill came mid-write */
		o = json_loadb(text + off, len, JSON_REJECT_DUPLICATES, &je);
		off += len + 1;
		if (!json_is_object(o)) {
			json_decref(o);
			return ck_error_set(err, 0, "journal:%lu: not a JSON "
					    "object", line);
		}
		if (line == 1) {
			json_t *op = json_object_get(o, "op");
			json_t *to = json_object_get(o, "to");

			if (!json_is_string(op) || !json_is_integer(to) ||
			    (strcmp(json_string_value(op), "rewrap") != 0 &&
			     strcmp(json_string_value(op), "reencrypt") != 0) ||
			    json_integer_value(to) < 1 ||
			    json_integer_value(to) > UINT32_MAX) {
				json_decref(o);
				return ck_error_set(err, 0, "journal:1: not "
						    "a keyrot journal");
			}
			snprintf(j->op, sizeof(j->op), "%s",
				 json_string_value(op));
			j->to = (uint32_t)json_integer_value(to);
		} else if (json_is_integer(json_object_get(o, "done"))) {
			json_int_t d = json_integer_value(
				json_object_get(o, "done"));

			if (d < 0) {
				json_decref(o);
				return ck_error_set(err, 0, "journal:%lu: bad "
						    "count", line);
			}
			j->done += (uint64_t)d;
		} else if (json_is_array(json_object_get(o, "headers"))) {
			/* new headers of a batch rewritten in place */
		} else if (json_object_get(o, "end") != NULL) {
			j->complete = 1;
		} else {
			json_decref(o);
			return ck_error_set(err, 0, "journal:%lu: unknown "
					    "entry", line);
		}
		json_decref(o);
	}
	if (line == 0 || j->to == 0)
		return ck_error_set(err, 0, "journal: empty");
	return 0;
}
