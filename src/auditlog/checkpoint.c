/* checkpoint.c -- signed checkpoints in the C2SP formats
 * (c2sp.org/tlog-checkpoint inside c2sp.org/signed-note):
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n
 *   \n
 *   \u2014 <origin> <base64(key hash[4] || Ed25519 signature[64])>\n
 *
 * The key hash is SHA-256(name || "\n" || 0x01 || public key)[:4], as the
 * signed-note spec fixes for Ed25519, so Go's golang.org/x/mod/sumdb/note
 * and other tlog tooling can read our checkpoints. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auditlog/auditlog.h"
#include "common/atomic.h"
#include "common/b64.h"
#include "common/hash.h"

#define EM_DASH "\xe2\x80\x94"

static void
key_hash(const char *name, const unsigned char *pub, unsigned char out[4])
{
	size_t n = strlen(name);
	unsigned char *in = malloc(n + 2 + CK_KEY_PUB_LEN), d[32];

	if (in == NULL) {
		memset(out, 0, 4);
		return;
	}
	memcpy(in, name, n);
	in[n] = '\n';
	in[n + 1] = 0x01;	/* signed-note algorithm byte: Ed25519 */
	memcpy(in + n + 2, pub, CK_KEY_PUB_LEN);
	ck_sha256(in, n + 2 + CK_KEY_PUB_LEN, d);
	memcpy(out, d, 4);
	free(in);
}

void
checkpoint_release(struct checkpoint *cp)
{
	free(cp->text);
	free(cp->path);
	memset(cp, 0, sizeof *cp);
}

int
checkpoint_parse(struct checkpoint *cp, const char *text, size_t len,
		 const char *name, const unsigned char *pub,
		 struct ck_error *err)
{
	const char *sep, *p, *nl, *end = text + len;
	size_t bodylen, l;
	char num[32], *e;
	int good = 0;

	memset(cp, 0, sizeof *cp);
	sep = memmem(text, len, "\n\n", 2);
	if (sep == NULL || memchr(text, '\0', len) != NULL)
		return ck_error_set(err, 0, "%s: not a signed note", name);
	bodylen = (size_t)(sep - text) + 1;
	/* line 1: origin */
	nl = memchr(text, '\n', bodylen);
	l = (size_t)(nl - text);
	if (l == 0 || l >= sizeof cp->origin)
		return ck_error_set(err, 0, "%s: bad origin line", name);
	memcpy(cp->origin, text, l);
	cp->origin[l] = '\0';
	/* line 2: size, decimal without leading zeros */
	p = nl + 1;
	nl = memchr(p, '\n', (size_t)(text + bodylen - p));
	if (nl == NULL || nl - p == 0 || nl - p >= (long)sizeof num ||
	    (p[0] == '0' && nl - p > 1))
		return ck_error_set(err, 0, "%s: bad tree size line", name);
	memcpy(num, p, (size_t)(nl - p));
	num[nl - p] = '\0';
	errno = 0;
	cp->size = strtoull(num, &e, 10);
	if (*e != '\0' || errno != 0 || num[0] < '0' || num[0] > '9')
		return ck_error_set(err, 0, "%s: bad tree size line", name);
	/* line 3: root hash */
	p = nl + 1;
	nl = memchr(p, '\n', (size_t)(text + bodylen - p));
	if (nl == NULL || ck_b64_decode(p, (size_t)(nl - p), cp->root, 32) != 32)
		return ck_error_set(err, 0, "%s: bad root hash line", name);
	/* signature lines */
	for (p = sep + 2; p < end; p = nl + 1) {
		unsigned char raw[4 + CK_KEY_SIG_LEN], kh[4];
		size_t dl = strlen(EM_DASH " ");
		const char *sp;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return ck_error_set(err, 0, "%s: signature line without "
					    "newline", name);
		if ((size_t)(nl - p) < dl || memcmp(p, EM_DASH " ", dl) != 0)
			return ck_error_set(err, 0, "%s: malformed signature "
					    "line", name);
		sp = memchr(p + dl, ' ', (size_t)(nl - p - (long)dl));
		if (sp == NULL)
			return ck_error_set(err, 0, "%s: malformed signature "
					    "line", name);
		if ((size_t)(sp - p - (long)dl) != strlen(cp->origin) ||
		    memcmp(p + dl, cp->origin, strlen(cp->origin)) != 0)
			continue;	/* another witness's signature */
		if (ck_b64_decode(sp + 1, (size_t)(nl - sp - 1), raw,
				  sizeof raw) != (long)sizeof raw)
			continue;
		key_hash(cp->origin, pub, kh);
		if (memcmp(kh, raw, 4) != 0)
			continue;
		if (ck_key_verify(pub, text, bodylen, raw + 4) == 0)
			good = 1;
	}
	if (!good)
		return ck_error_set(err, 0, "%s: no valid signature by the "
				    "log's key", name);
	cp->text = strndup(text, len);
	if (cp->text == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

int
log_key(const struct ck_audit *a, struct ck_key *k, int want_secret,
	struct ck_error *err)
{
	const struct ck_audit_settings *s = ck_audit_settings(a);
	char *path;
	int rc;

	if (want_secret)
		path = s->key[0] == '/' ? strdup(s->key)
					: ck_audit_path(ck_audit_dir(a), s->key);
	else
		path = ck_audit_path(ck_audit_dir(a), "key.pub");
	if (path == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	rc = ck_key_load(k, path, want_secret, err);
	free(path);
	if (rc == 0 && strcmp(k->id, s->key_id) != 0) {
		ck_key_clear(k);
		return ck_error_set(err, 0, "the key is not the log's key "
				    "(key id differs from log.json)");
	}
	return rc;
}

int
checkpoint_write(struct ck_audit *a, const struct ck_key *k, uint64_t size,
		 const ck_mhash root, char **out, struct ck_error *err)
{
	const char *origin = ck_audit_settings(a)->origin;
	char r64[CK_B64_LEN(32) + 1], s64[CK_B64_LEN(68) + 1], name[48];
	unsigned char raw[4 + CK_KEY_SIG_LEN];
	struct ck_buf b = CK_BUF_INIT;
	size_t bodylen;
	char *dir = NULL, *path = NULL;
	int rc = -1;

	*out = NULL;
	ck_b64_encode(root, 32, r64);
	if (ck_buf_appendf(&b, "%s\n%" PRIu64 "\n%s\n", origin, size, r64) < 0)
		goto nomem;
	bodylen = b.len;
	key_hash(origin, k->pub, raw);
	if (ck_key_sign(k, b.data, bodylen, raw + 4, err) < 0)
		goto out;
	ck_b64_encode(raw, sizeof raw, s64);
	if (ck_buf_appendf(&b, "\n" EM_DASH " %s %s\n", origin, s64) < 0)
		goto nomem;
	dir = ck_audit_path(ck_audit_dir(a), "checkpoints");
	snprintf(name, sizeof name, "%020" PRIu64 ".note", size);
	path = dir ? ck_audit_path(dir, name) : NULL;
	if (path == NULL)
		goto nomem;
	if (ck_atomic_write(path, b.data, b.len, 0644, err) < 0)
		goto out;
	*out = ck_buf_detach(&b, NULL);
	rc = 0;
	goto out;
nomem:
	ck_error_set(err, ENOMEM, "out of memory");
out:
	ck_buf_release(&b);
	free(dir);
	free(path);
	return rc;
}

static int
cp_cmp(const void *x, const void *y)
{
	const struct checkpoint *a = x, *b = y;

	return a->size < b->size ? -1 : a->size > b->size;
}

void
checkpoints_free(struct checkpoint *cps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		checkpoint_release(&cps[i]);
	free(cps);
}

int
checkpoints_load(const char *dir, const unsigned char *pub,
		 struct checkpoint **out, size_t *n, struct ck_error *err)
{
	char *cdir = ck_audit_path(dir, "checkpoints");
	struct checkpoint *v = NULL, *nv;
	size_t cnt = 0, cap = 0;
	struct dirent *de;
	DIR *d;

	*out = NULL;
	*n = 0;
	if (cdir == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	d = opendir(cdir);
	if (d == NULL) {
		ck_error_set(err, errno, "cannot open %s", cdir);
		free(cdir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name), len;
		char *path, *text;
		struct stat st;

		if (l != 25 || strcmp(de->d_name + 20, ".note") != 0)
			continue;
		path = ck_audit_path(cdir, de->d_name);
		if (path == NULL || ck_read_file(path, 65536, &text, &len,
						 err) < 0) {
			free(path);
			goto fail;
		}
		if (cnt == cap) {
			cap = cap ? 2 * cap : 8;
			nv = realloc(v, cap * sizeof *v);
			if (nv == NULL) {
				free(text);
				free(path);
				ck_error_set(err, ENOMEM, "out of memory");
				goto fail;
			}
			v = nv;
		}
		if (checkpoint_parse(&v[cnt], text, len, path, pub, err) < 0 ||
		    strtoull(de->d_name, NULL, 10) != v[cnt].size) {
			if (v[cnt].text != NULL)
				ck_error_set(err, 0, "%s: name and tree size "
					     "differ", path);
			checkpoint_release(&v[cnt]);
			free(text);
			free(path);
			goto fail;
		}
		free(text);
		v[cnt].path = path;
		v[cnt].mtime = stat(path, &st) == 0 ? st.st_mtime : 0;
		cnt++;
	}
	closedir(d);
	free(cdir);
	if (cnt > 1)
		qsort(v, cnt, sizeof *v, cp_cmp);
	*out = v;
	*n = cnt;
	return 0;
fail:
	closedir(d);
	free(cdir);
	checkpoints_free(v, cnt);
	return -1;
}
