/* manifest.c -- writing and checking manifests (see manifest.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/canon.h"
#include "common/jsonl.h"
#include "common/utf8.h"
#include "ksign/manifest.h"

int
ks_manifest_write(const char *manifest, char **paths, size_t n)
{
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;
	struct stat st;
	unsigned char d[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1];
	int rc = -1;

	if (lstat(manifest, &st) == 0) {
		ck_warn("%s exists: countersign it with 'ksign sign %s', or "
			"choose a new name", manifest, manifest);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(paths[i]);

		if (ck_utf8_check(paths[i], len) != len) {
			ck_warn("%s: the path is not UTF-8", paths[i]);
			goto out;
		}
		if (ks_hash_file(paths[i], d, &err) < 0) {
			ck_warn_error(&err);
			goto out;
		}
		ck_hex_encode(d, CK_SHA256_LEN, hex);
		if (ck_buf_append_str(&b, "{\"path\":") < 0 ||
		    ck_json_append_string(&b, paths[i], len) < 0 ||
		    ck_buf_appendf(&b, ",\"sha256\":\"%s\"}\n", hex) < 0) {
			ck_warn("out of memory");
			goto out;
		}
	}
	if (ck_atomic_write(manifest, b.data ? b.data : "", b.len, 0644,
			    &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	rc = 0;
out:
	ck_buf_release(&b);
	return rc;
}

int
ks_manifest_check(struct ks_ctx *c, const char *manifest)
{
	struct ck_jsonl_reader *r;
	struct ck_error err;
	FILE *fp = fopen(manifest, "r");
	json_t *o;
	int rc = CK_EXIT_OK, got;
	unsigned long files = 0;

	if (fp == NULL) {
		ck_warn_errno(errno, "cannot open %s", manifest);
		return CK_EXIT_TROUBLE;
	}
	if ((r = ck_jsonl_reader_new(fp, manifest, 0)) == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	while ((got = ck_jsonl_read(r, &o, &err)) != 0) {
		const char *path, *hex;
		unsigned char want[CK_SHA256_LEN], d[CK_SHA256_LEN];

		if (got < 0) {
			ck_warn_error(&err);
			rc = CK_EXIT_TROUBLE;
			break;
		}
		path = json_string_value(json_object_get(o, "path"));
		hex = json_string_value(json_object_get(o, "sha256"));
		if (path == NULL || hex == NULL ||
		    strlen(hex) != CK_SHA256_HEXLEN ||
		    ck_hex_decode(hex, CK_SHA256_HEXLEN, want,
				  CK_SHA256_LEN) < 0) {
			ck_warn("%s:%lu: not a manifest entry (path, sha256)",
				manifest, ck_jsonl_lineno(r));
			json_decref(o);
			rc = CK_EXIT_TROUBLE;
			break;
		}
		files++;
		if (ks_hash_file(path, d, &err) < 0) {
			ck_warn("%s: missing or unreadable (%s:%lu)", path,
				manifest, ck_jsonl_lineno(r));
			rc = CK_EXIT_TRIP;
		} else if (!ck_ct_equal(d, want, CK_SHA256_LEN)) {
			ck_warn("%s: modified since the manifest was signed "
				"(%s:%lu)", path, manifest, ck_jsonl_lineno(r));
			rc = CK_EXIT_TRIP;
		}
		json_decref(o);
	}
	ck_jsonl_reader_free(r);
	fclose(fp);
	if (rc == CK_EXIT_OK) {
		if (c->format == KS_TEXT)
			fprintf(c->out, "%s: %lu files match\n", manifest,
				files);
		else {
			json_t *j = json_pack("{s:s, s:s, s:I, s:s}", "kind",
					      "manifest", "path", manifest,
					      "files", (json_int_t)files,
					      "status", "ok");

			if (j == NULL || ck_jsonl_write(c->out, j, &err) < 0)
				rc = CK_EXIT_TROUBLE;
			json_decref(j);
		}
	}
	return rc;
}
