/* reveal.c -- --reveal: put back the values the encrypt operator hid,
 * for someone who holds the key (HIPAA 164.514(c): re-identification
 * by an authorised user, with a code not derived from the PHI).
 *
 * A document is revealed whole in memory and written only if every token
 * opened: a wrong key or an altered token is exit 2 with nothing
 * written, never a file half in clear.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/jsonl.h"
#include "phiredact/redact.h"

#define DOC_MAX ((size_t)1 << 30)

static unsigned long
line_at(const char *p, size_t off)
{
	unsigned long line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		line += p[i] == '\n';
	return line;
}

/* Copies text to out with every token opened; -1 with err naming
 * label:line at the first token that does not open. */
static int
reveal_buf(struct rd_run *r, const char *label, const char *p, size_t n,
	   struct ck_buf *out, unsigned long *count, struct ck_error *err)
{
	size_t i = 0, at = 0, tl, dlen;
	const char *data, *hit;
	char id[9];
	int type;

	while (i < n && (hit = memmem(p + i, n - i, RD_TOKEN_OPEN,
				      sizeof(RD_TOKEN_OPEN) - 1)) != NULL) {
		i = (size_t)(hit - p);
		tl = rd_token_parse(p + i, n - i, &type, id, &data, &dlen);
		if (tl == 0) {
			i++;
			continue;
		}
		if (ck_buf_append(out, p + at, i - at) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
		if (rd_token_open(r->keys, r->nkeys, type, id, data, dlen, out,
				  err) < 0) {
			ck_error_prefix(err, "%s:%lu", label, line_at(p, i));
			return -1;
		}
		(*count)++;
		i += tl;
		at = i;
	}
	if (ck_buf_append(out, p + at, n - at) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

static int
reveal_json(struct rd_run *r, const char *label, json_t *v,
	    unsigned long *count, struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	const char *k;
	json_t *x, *nv;
	size_t i;
	void *it;

	if (json_is_string(v))
		return 0;	/* handled by the parent, which owns the slot */
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			x = json_array_get(v, i);
			if (json_is_string(x)) {
				ck_buf_reset(&b);
				if (reveal_buf(r, label, json_string_value(x),
					       json_string_length(x), &b,
					       count, err) < 0)
					goto bad;
				nv = json_stringn(b.data ? b.data : "", b.len);
				if (nv == NULL)
					goto notutf8;
				json_array_set_new(v, i, nv);
			} else if (reveal_json(r, label, x, count, err) < 0)
				goto bad;
		}
	} else if (json_is_object(v)) {
		for (it = json_object_iter(v); it != NULL;
		     it = json_object_iter_next(v, it)) {
			k = json_object_iter_key(it);
			x = json_object_iter_value(it);
			(void)k;
			if (json_is_string(x)) {
				ck_buf_reset(&b);
				if (reveal_buf(r, label, json_string_value(x),
					       json_string_length(x), &b,
					       count, err) < 0)
					goto bad;
				nv = json_stringn(b.data ? b.data : "", b.len);
				if (nv == NULL)
					goto notutf8;
				json_object_iter_set_new(v, it, nv);
			} else if (reveal_json(r, label, x, count, err) < 0)
				goto bad;
		}
	}
	ck_buf_release_secret(&b);
	return 0;
notutf8:
	ck_error_set(err, 0, "%s: a revealed value is not valid UTF-8", label);
bad:
	ck_buf_release_secret(&b);
	return -1;
}

static int
reveal_records(struct rd_run *r, FILE *in, const char *name,
	       struct ck_buf *out, unsigned long *count,
	       struct ck_error *err)
{
	struct ck_jsonl_reader *rd = ck_jsonl_reader_new(in, name, 0);
	struct ck_buf label = CK_BUF_INIT;
	json_t *o;
	char *txt;
	int rc;

	if (rd == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	while ((rc = ck_jsonl_read(rd, &o, err)) == 1) {
		ck_buf_reset(&label);
		ck_buf_appendf(&label, "%s:%lu", name, ck_jsonl_lineno(rd));
		rc = reveal_json(r, label.data, o, count, err);
		txt = rc == 0 ? ck_json_compact(o) : NULL;
		json_decref(o);
		if (rc < 0)
			break;
		if (txt == NULL || ck_buf_append_str(out, txt) < 0 ||
		    ck_buf_append_char(out, '\n') < 0) {
			free(txt);
			rc = ck_error_set(err, ENOMEM, "out of memory");
			break;
		}
		free(txt);
	}
	ck_jsonl_reader_free(rd);
	ck_buf_release(&label);
	return rc < 0 ? -1 : 0;
}

static int
read_all(const char *path, char **doc, size_t *len, struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	char chunk[65536];
	size_t got;

	if (strcmp(path, "-") != 0)
		return ck_read_file(path, DOC_MAX, doc, len, err);
	while ((got = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (b.len + got > DOC_MAX ||
		    ck_buf_append(&b, chunk, got) < 0) {
			ck_buf_release(&b);
			return ck_error_set(err, ENOMEM, "standard input too "
					    "large");
		}
	if (ferror(stdin)) {
		ck_buf_release(&b);
		return ck_error_set(err, errno, "cannot read standard input");
	}
	*doc = ck_buf_detach(&b, len);
	return *doc ? 0 : ck_error_set(err, ENOMEM, "out of memory");
}

int
rd_reveal_run(struct rd_run *r, const char *const *paths, size_t n,
	      int record)
{
	const char *path = n ? paths[0] : "-";
	struct ck_buf out = CK_BUF_INIT;
	struct ck_error err;
	unsigned long count = 0;
	char *doc = NULL;
	size_t len = 0;
	int rc = -1;

	ck_error_clear(&err);
	if (read_all(path, &doc, &len, &err) < 0)
		goto out;
	if (record) {
		FILE *in = fmemopen(doc, len ? len : 1, "r");

		if (in == NULL) {
			ck_error_set(&err, errno, "cannot read %s", path);
			goto out;
		}
		rc = reveal_records(r, in, path, &out, &count, &err);
		fclose(in);
		if (rc < 0)
			goto out;
		rc = -1;
	} else if (reveal_buf(r, path, doc, len, &out, &count, &err) < 0) {
		goto out;
	}
	/* fail closed: nothing in clear unless the reveal is on record */
	if (rd_audit_reveal(r, path, doc, len, count, &err) < 0)
		goto out;
	if (r->output != NULL && strcmp(r->output, "-") != 0) {
		if (ck_atomic_write(r->output, out.data ? out.data : "",
				    out.len, 0600, &err) < 0)
			goto out;
	} else if ((out.len > 0 &&
		    fwrite(out.data, 1, out.len, stdout) != out.len) ||
		   fflush(stdout) != 0) {
		ck_error_set(&err, errno ? errno : EIO, "write error");
		goto out;
	}
	ck_info("%s: %lu value%s revealed", path, count,
		count == 1 ? "" : "s");
	rc = 0;
out:
	if (rc < 0) {
		ck_warn_error(&err);
		r->errors++;
	}
	if (doc != NULL) {
		ck_wipe(doc, len);
		free(doc);
	}
	ck_buf_release_secret(&out);
	return rc;
}
