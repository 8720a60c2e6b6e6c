/* info.c -- dsver log, show, tag and meta: reading snapshots back. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/canon.h"
#include "common/cli.h"
#include "common/jsonl.h"
#include "dsver/dsver.h"

int
ds_cmd_log(struct ds_ctx *c)
{
	struct ds_repo r;
	struct ds_snapinfo *s = NULL;
	struct ck_error err;
	json_t *tags;
	size_t n = 0;
	int rc = CK_EXIT_TROUBLE;

	if (ds_open(c, &r, 0) < 0)
		return CK_EXIT_TROUBLE;
	tags = ds_repo_tags(&r, &err);
	if (tags == NULL || ds_repo_list(&r, &s, &n, &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	for (size_t i = n; i-- > 0;) {
		json_t *h = s[i].header, *tg = ds_repo_tags_of(tags, s[i].id);
		json_t *rec = json_pack("{s:s, s:s, s:O, s:O, s:O, s:O, s:O, "
					"s:O, s:o, s:O}", "kind", "snapshot",
					"id", s[i].id, "time",
					json_object_get(h, "time"), "parent",
					json_object_get(h, "parent"), "source",
					json_object_get(h, "source"), "files",
					json_object_get(h, "files"), "bytes",
					json_object_get(h, "bytes"), "message",
					json_object_get(h, "message"), "tags",
					tg, "store", json_object_get(h, "store"));
		struct ck_buf t = CK_BUF_INIT;
		int e;

		ck_buf_appendf(&t, "%.12s %s %6lld files %12lld bytes", s[i].id,
			       json_string_value(json_object_get(h, "time")),
			       (long long)json_integer_value(
				       json_object_get(h, "files")),
			       (long long)json_integer_value(
				       json_object_get(h, "bytes")));
		for (size_t k = 0; k < json_array_size(tg); k++)
			ck_buf_appendf(&t, "%s%s", k ? ", " : " (",
				       json_string_value(json_array_get(tg, k)));
		if (json_array_size(tg) > 0)
			ck_buf_append_char(&t, ')');
		if (json_string_length(json_object_get(h, "message")) > 0)
			ck_buf_appendf(&t, "  %s", json_string_value(
					       json_object_get(h, "message")));
		e = rec ? ds_emit(c, rec, t.data) : -1;
		json_decref(rec);
		ck_buf_release(&t);
		if (e < 0)
			goto out;
	}
	rc = CK_EXIT_OK;
out:
	json_decref(tags);
	ds_snapinfo_free(s, n);
	ds_repo_close(&r);
	return rc;
}

static const char *
type_name(uint32_t mode)
{
	return (mode & 0170000) == 0120000 ? "symlink" : "file";
}

int
ds_cmd_show(struct ds_ctx *c)
{
	struct ds_repo r;
	struct ds_mreader *m = NULL;
	const struct ds_entry *e;
	struct ck_error err;
	char hex[CK_SHA256_HEXLEN + 1], *p = NULL;
	int rc = CK_EXIT_TROUBLE, k;

	if (ds_open(c, &r, 0) < 0)
		return CK_EXIT_TROUBLE;
	if (ds_repo_resolve(&r, c->argv[0], hex, &err) < 0)
		goto fail;
	p = ds_repo_snap_path(&r, hex);
	m = p ? ds_mreader_open(p, hex, &err) : NULL;
	if (m == NULL)
		goto fail;
	/* jsonl: the manifest itself, byte for byte, so that
	 * "dsver show ID | sha256sum" prints the id. */
	if (c->format == DS_JSONL) {
		char *h = ck_json_compact(ds_mreader_header(m));
		json_t *hv = ds_mreader_header(m);
		struct ck_buf line = CK_BUF_INIT;

		free(h);
		if (ck_canon_append(&line, hv, &err) < 0)
			goto fail;
		fwrite(line.data, 1, line.len, c->out);
		fputc('\n', c->out);
		ck_buf_release(&line);
	}
	while ((k = ds_mreader_next(m, &e, &err)) > 0) {
		if (c->format == DS_JSONL) {
			size_t len;
			const char *l = ds_mreader_line(m, &len);

			fwrite(l, 1, len, c->out);
			fputc('\n', c->out);
		} else {
			char sha[CK_SHA256_HEXLEN + 1];
			char *shown = ds_path_display(e->path, e->len);

			ck_hex_encode(e->sha, CK_SHA256_LEN, sha);
			fprintf(c->out, "%06o %-7s %12llu %s  %s\n", e->mode,
				type_name(e->mode), (unsigned long long)e->size,
				sha, shown);
			free(shown);
		}
	}
	if (fflush(c->out) != 0) {
		ck_warn_errno(errno, "cannot write output");
		goto out;
	}
	if (k < 0)
		goto fail;
	rc = CK_EXIT_OK;
	goto out;
fail:
	ck_warn_error(&err);
out:
	ds_mreader_free(m);
	free(p);
	ds_repo_close(&r);
	return rc;
}

int
ds_cmd_tag(struct ds_ctx *c)
{
	int64_t started = ds_now_ms();
	struct ds_repo r;
	struct ck_error err;
	char hex[CK_SHA256_HEXLEN + 1], text[256];
	json_t *rec;
	int rc = CK_EXIT_TROUBLE;

	if (!ds_tag_name_ok(c->argv[1]))
		ck_usage_error("invalid tag name '%s' (letters, digits, '.', "
			       "'_', '-')", c->argv[1]);
	if (ds_open(c, &r, 1) < 0)
		return CK_EXIT_TROUBLE;
	if (ds_repo_resolve(&r, c->argv[0], hex, &err) < 0 ||
	    ds_repo_tag_set(&r, c->argv[1], hex, &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	rec = json_pack("{s:s, s:s, s:s}", "kind", "tag", "tag", c->argv[1],
			"id", hex);
	snprintf(text, sizeof(text), "tag %s -> %s", c->argv[1], hex);
	if (ds_emit(c, rec, text) == 0 &&
	    ds_audit(c, "tag", hex, json_pack("{s:s}", "tag", c->argv[1]),
		     started) == 0)
		rc = CK_EXIT_OK;
	json_decref(rec);
out:
	ds_repo_close(&r);
	return rc;
}

static void
meta_text(FILE *fp, const char *indent, json_t *v)
{
	const char *k;
	json_t *x;

	json_object_foreach(v, k, x) {
		if (json_is_object(x) && json_object_size(x) > 0) {
			char sub[64];

			fprintf(fp, "%s%s:\n", indent, k);
			snprintf(sub, sizeof(sub), "%s  ", indent);
			meta_text(fp, strlen(sub) < 40 ? sub : indent, x);
		} else if (json_is_string(x)) {
			fprintf(fp, "%s%s: %s\n", indent, k, json_string_value(x));
		} else {
			char *s = ck_json_compact(x);

			fprintf(fp, "%s%s: %s\n", indent, k, s ? s : "?");
			free(s);
		}
	}
}

int
ds_cmd_meta(struct ds_ctx *c)
{
	struct ds_repo r;
	struct ds_mreader *m = NULL;
	struct ck_error err;
	char hex[CK_SHA256_HEXLEN + 1], *p = NULL;
	int rc = CK_EXIT_TROUBLE;

	if (ds_open(c, &r, 0) < 0)
		return CK_EXIT_TROUBLE;
	if (ds_repo_resolve(&r, c->argv[0], hex, &err) < 0 ||
	    (p = ds_repo_snap_path(&r, hex)) == NULL ||
	    (m = ds_mreader_open(p, hex, &err)) == NULL) {
		ck_warn_error(&err);
		goto out;
	}
	if (c->format == DS_JSONL) {
		json_t *rec = json_pack("{s:s, s:s, s:O}", "kind", "meta", "id",
					hex, "meta",
					json_object_get(ds_mreader_header(m),
							"meta"));

		if (ds_emit(c, rec, NULL) == 0)
			rc = CK_EXIT_OK;
		json_decref(rec);
	} else {
		meta_text(c->out, "", json_object_get(ds_mreader_header(m),
						      "meta"));
		rc = fflush(c->out) == 0 ? CK_EXIT_OK : CK_EXIT_TROUBLE;
	}
out:
	ds_mreader_free(m);
	free(p);
	ds_repo_close(&r);
	return rc;
}
