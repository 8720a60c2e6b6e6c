/* fields.c -- field-level encryption of JSON Lines records.
 *
 * A field's value (any JSON) is serialised compactly, sealed as an
 * envelope bound to "record:<id as JSON>\nfield:<name>", and replaced by
 * the string "krt:1:" + base64(envelope).  Every other field passes
 * through unchanged.  A record that fails is reported with its line
 * number and not written (CONTRACT), and the exit status is 2. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "common/buf.h"
#include "common/canon.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "keyrot/fields.h"

static int
field_context(json_t *rec, const char *id_field, const char *field,
	      struct field_run *fr, struct ck_error *err)
{
	json_t *id = json_object_get(rec, id_field);
	char *s;
	int rc;

	if (id == NULL || json_is_null(id))
		return ck_error_set(err, 0, "no '%s' field to bind '%s' to "
				    "(--id-field)", id_field, field);
	s = ck_json_compact(id);
	if (s == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	rc = kr_field_context(fr, s, strlen(s), field, err);
	free(s);
	return rc;
}

int
kr_field_context(struct field_run *fr, const char *id, size_t idlen,
		 const char *name, struct ck_error *err)
{
	ck_buf_reset(&fr->ctx);
	if (ck_buf_append(&fr->ctx, "record:", 7) < 0 ||
	    ck_buf_append(&fr->ctx, id, idlen) < 0 ||
	    ck_buf_append(&fr->ctx, "\nfield:", 7) < 0 ||
	    ck_buf_append_str(&fr->ctx, name) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

int
kr_field_seal(struct kr_ctx *c, struct field_run *fr, const char *plain,
	      size_t n, struct ck_error *err)
{
	struct kr_version *p = kr_keyring_primary(&c->kr);
	unsigned char ctxh[32];
	size_t blen;

	kr_fseal_hash(fr->fs, fr->ctx.data, fr->ctx.len, ctxh);
	ck_buf_reset(&fr->tmp);
	if (kr_fseal_seal(fr->fs, p->id, p->key, FIELD_SEG, ctxh,
			  (const unsigned char *)plain, n, &fr->tmp, err) < 0)
		return -1;
	blen = FIELD_PREFIX_LEN + 4 * ((fr->tmp.len + 2) / 3);
	ck_buf_reset(&fr->b64);
	if (ck_buf_reserve(&fr->b64, blen) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	memcpy(fr->b64.data, FIELD_PREFIX, FIELD_PREFIX_LEN);
	EVP_EncodeBlock((unsigned char *)fr->b64.data + FIELD_PREFIX_LEN,
			(unsigned char *)fr->tmp.data, (int)fr->tmp.len);
	fr->b64.len = blen;
	return 0;
}

int
kr_field_open(struct kr_ctx *c, struct field_run *fr, const char *name,
	      const char *s, size_t n, struct ck_error *err)
{
	unsigned char ctxh[32];
	const unsigned char *vkey, *bin;
	struct kr_header h;
	int len;

	kr_fseal_hash(fr->fs, fr->ctx.data, fr->ctx.len, ctxh);
	ck_buf_reset(&fr->tmp);
	if (n % 4 != 0 || n == 0)
		return ck_error_set(err, 0, "field '%s': bad base64", name);
	ck_buf_reset(&fr->b64);
	if (ck_buf_reserve(&fr->b64, n / 4 * 3) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	bin = (const unsigned char *)fr->b64.data;
	len = EVP_DecodeBlock((unsigned char *)fr->b64.data,
			      (const unsigned char *)s, (int)n);
	if (len < 0)
		return ck_error_set(err, 0, "field '%s': bad base64", name);
	/* EVP_DecodeBlock counts padding as zero bytes */
	len -= (s[n - 1] == '=') + (s[n - 2] == '=');
	if (kr_header_parse(bin, (size_t)len, &h, err) < 0 ||
	    (vkey = kr_key_for(c, h.version, 0, err)) == NULL ||
	    kr_fseal_open(fr->fs, &h, vkey, ctxh, bin, (size_t)len, &fr->tmp,
			  err) < 0) {
		ck_error_prefix(err, "field '%s'", name);
		return -1;
	}
	return 0;
}

static int
seal_field(struct kr_ctx *c, json_t *rec, const char *name,
	   struct field_run *fr, struct ck_error *err)
{
	json_t *v = json_object_get(rec, name);
	char *plain;
	size_t n;
	int rc;

	if (v == NULL || (json_is_string(v) &&
			  strncmp(json_string_value(v), FIELD_PREFIX,
				  FIELD_PREFIX_LEN) == 0))
		return 0;	/* absent, or already sealed */
	if (field_context(rec, c->id_field, name, fr, err) < 0)
		return -1;
	plain = ck_json_compact(v);
	if (plain == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	n = strlen(plain);
	rc = kr_field_seal(c, fr, plain, n, err);
	ck_wipe(plain, n);
	free(plain);
	if (rc < 0)
		return -1;
	/* base64 is ASCII: no UTF-8 check needed */
	rc = json_object_set_new(rec, name, json_stringn_nocheck(fr->b64.data,
								 fr->b64.len));
	return rc < 0 ? ck_error_set(err, ENOMEM, "out of memory") : 0;
}

static int
open_field(struct kr_ctx *c, json_t *rec, const char *name,
	   struct field_run *fr, struct ck_error *err)
{
	json_t *v = json_object_get(rec, name), *val;
	json_error_t je;

	if (v == NULL)
		return 0;
	if (!json_is_string(v) ||
	    strncmp(json_string_value(v), FIELD_PREFIX, FIELD_PREFIX_LEN) != 0)
		return ck_error_set(err, 0, "field '%s' is not encrypted",
				    name);
	if (field_context(rec, c->id_field, name, fr, err) < 0 ||
	    kr_field_open(c, fr, name, json_string_value(v) + FIELD_PREFIX_LEN,
			  json_string_length(v) - FIELD_PREFIX_LEN, err) < 0)
		return -1;
	val = json_loadb(fr->tmp.data, fr->tmp.len, JSON_DECODE_ANY, &je);
	ck_wipe(fr->tmp.data, fr->tmp.len);
	if (val == NULL)
		return ck_error_set(err, 0, "field '%s': field '%s': decrypted "
				    "value is not JSON", name, name);
	if (json_object_set_new(rec, name, val) < 0)
		return ck_error_set(err, ENOMEM, "field '%s': out of memory",
				    name);
	return 0;
}

/* A record through the general path: parsed by jansson, its fields
 * replaced.  0, or -1 with err (the record fails). */
static int
general(struct kr_ctx *c, int encrypt, json_t *rec, struct field_run *fr,
	struct ck_error *err)
{
	for (size_t i = 0; i < c->nfields; i++)
		if ((encrypt ? seal_field : open_field)(c, rec, c->fields[i],
							fr, err) < 0)
			return -1;
	return 0;
}

static int
run_stream(struct kr_ctx *c, int encrypt, FILE *in, const char *name,
	   int *bad)
{
	struct ck_jsonl_reader *r = ck_jsonl_reader_new(in, name, 0);
	struct field_run fr = { NULL, CK_BUF_INIT, CK_BUF_INIT, CK_BUF_INIT,
				CK_BUF_INIT };
	struct ck_buf line = CK_BUF_INIT;
	struct ck_error err;
	const char *text;
	size_t len;
	json_t *rec;
	int got, rc = 0;

	fr.fs = kr_fseal_new();
	if (r == NULL || fr.fs == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	while ((got = ck_jsonl_read_line(r, &text, &len, &err)) != 0) {
		int wrong = 0;

		if (got < 0) {
			ck_warn_error(&err);
			(*bad)++;
			continue;
		}
		ck_buf_reset(&line);
		got = kr_field_fast(c, encrypt, text, len, &fr, &line, &err);
		if (got == 0) {
			if (ck_jsonl_parse_line(r, &rec, &err) < 0) {
				ck_warn_error(&err);
				(*bad)++;
				continue;
			}
			got = general(c, encrypt, rec, &fr, &err);
			if (got == 0 &&
			    ck_json_append_compact(&line, rec, &err) < 0)
				wrong = 1;
			json_decref(rec);
		}
		if (got < 0) {
			ck_warn("%s:%lu: %s", strcmp(name, "-") == 0 ?
				"<stdin>" : name, ck_jsonl_lineno(r), err.msg);
			(*bad)++;
			continue;
		}
		if (wrong || ck_buf_append_char(&line, '\n') < 0 ||
		    fwrite(line.data, 1, line.len, c->out) != line.len ||
		    fflush(c->out) != 0) {
			ck_warn("cannot write output");
			rc = -1;
			break;
		}
		if (!encrypt)
			ck_wipe(line.data, line.len);
	}
	if (fflush(c->out) != 0)
		rc = -1;
	ck_jsonl_reader_free(r);
	kr_fseal_free(fr.fs);
	ck_buf_release(&fr.ctx);
	ck_buf_release_secret(&fr.tmp);
	ck_buf_release(&fr.b64);
	ck_buf_release_secret(&fr.vals);
	ck_buf_release_secret(&line);
	return rc;
}

int
kr_fields_run(struct kr_ctx *c, int encrypt)
{
	int bad = 0, rc = 0;

	if (kr_open(c, 0) < 0)
		return CK_EXIT_TROUBLE;
	if (c->argc == 0)
		rc = run_stream(c, encrypt, stdin, "-", &bad);
	for (int i = 0; i < c->argc && rc == 0; i++) {
		FILE *fp = strcmp(c->argv[i], "-") == 0 ? stdin :
			   fopen(c->argv[i], "r");

		if (fp == NULL) {
			ck_warn_errno(errno, "cannot open %s", c->argv[i]);
			bad++;
			continue;
		}
		rc = run_stream(c, encrypt, fp, c->argv[i], &bad);
		if (fp != stdin)
			fclose(fp);
	}
	return rc < 0 || bad > 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
}
