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
#include "keyrot/keyrot.h"

#define FIELD_PREFIX "krt:1:"
/* Field values are small: one segment of this size holds most. */
#define FIELD_SEG 4096u

static int
field_context(json_t *rec, const char *id_field, const char *field,
	      struct ck_buf *ctx, struct ck_error *err)
{
	json_t *id = json_object_get(rec, id_field);
	char *s;

	if (id == NULL || json_is_null(id))
		return ck_error_set(err, 0, "no '%s' field to bind '%s' to "
				    "(--id-field)", id_field, field);
	s = ck_json_compact(id);
	if (s == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	ck_buf_reset(ctx);
	ck_buf_appendf(ctx, "record:%s\nfield:%s", s, field);
	free(s);
	return 0;
}

static int
seal_field(struct kr_ctx *c, json_t *rec, const char *name,
	   struct ck_buf *ctx, struct ck_buf *tmp, struct ck_error *err)
{
	json_t *v = json_object_get(rec, name);
	struct kr_version *p = kr_keyring_primary(&c->kr);
	unsigned char ctxh[32];
	struct kr_source src = { -1, NULL, 0, 0 };
	struct kr_sink dst;
	char *plain, *b64;
	size_t n;
	int rc;

	if (v == NULL || (json_is_string(v) &&
			  strncmp(json_string_value(v), FIELD_PREFIX, 6) == 0))
		return 0;	/* absent, or already sealed */
	if (field_context(rec, c->id_field, name, ctx, err) < 0)
		return -1;
	kr_context_hash(ctx->data, ctx->len, ctxh);
	plain = ck_json_compact(v);
	if (plain == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	n = strlen(plain);
	src.mem = (const unsigned char *)plain;
	src.len = n;
	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = tmp;
	ck_buf_reset(tmp);
	rc = kr_encrypt_stream(p->id, p->key, FIELD_SEG, ctxh, &src, &dst,
			       err);
	ck_wipe(plain, n);
	free(plain);
	if (rc < 0)
		return -1;
	b64 = malloc(6 + 4 * ((tmp->len + 2) / 3) + 1);
	if (b64 == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	memcpy(b64, FIELD_PREFIX, 6);
	EVP_EncodeBlock((unsigned char *)b64 + 6, (unsigned char *)tmp->data,
			(int)tmp->len);
	rc = json_object_set_new(rec, name, json_string(b64));
	free(b64);
	return rc < 0 ? ck_error_set(err, ENOMEM, "out of memory") : 0;
}

static int
open_field(struct kr_ctx *c, json_t *rec, const char *name,
	   struct ck_buf *ctx, struct ck_buf *tmp, struct ck_error *err)
{
	json_t *v = json_object_get(rec, name), *val;
	const char *s;
	unsigned char ctxh[32], raw[KR_HDR_LEN], dkey[KR_KEY_LEN];
	const unsigned char *vkey;
	struct kr_header h;
	struct kr_source src = { -1, NULL, 0, 0 };
	struct kr_sink dst;
	unsigned char *bin;
	size_t n;
	int len, rc = -1;
	json_error_t je;

	if (v == NULL)
		return 0;
	if (!json_is_string(v) ||
	    strncmp(json_string_value(v), FIELD_PREFIX, 6) != 0)
		return ck_error_set(err, 0, "field '%s' is not encrypted",
				    name);
	if (field_context(rec, c->id_field, name, ctx, err) < 0)
		return -1;
	kr_context_hash(ctx->data, ctx->len, ctxh);
	s = json_string_value(v) + 6;
	n = strlen(s);
	if (n % 4 != 0 || n == 0)
		return ck_error_set(err, 0, "field '%s': bad base64", name);
	bin = malloc(n / 4 * 3);
	if (bin == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	len = EVP_DecodeBlock(bin, (const unsigned char *)s, (int)n);
	if (len < 0) {
		free(bin);
		return ck_error_set(err, 0, "field '%s': bad base64", name);
	}
	/* EVP_DecodeBlock counts padding as zero bytes */
	len -= (s[n - 1] == '=') + (s[n - 2] == '=');
	src.mem = bin;
	src.len = (size_t)len;
	memset(&dst, 0, sizeof(dst));
	dst.fd = -1;
	dst.mem = tmp;
	ck_buf_reset(tmp);
	if (kr_read_header(&src, raw, &h, err) < 0 ||
	    (vkey = kr_key_for(c, h.version, 0, err)) == NULL ||
	    kr_unwrap(vkey, &h, ctxh, dkey, err) < 0)
		goto out;
	rc = kr_decrypt_payload(&h, dkey, ctxh, &src, &dst, err);
	ck_wipe(dkey, sizeof(dkey));
	if (rc < 0)
		goto out;
	rc = -1;
	val = json_loadb(tmp->data, tmp->len, JSON_DECODE_ANY, &je);
	ck_wipe(tmp->data, tmp->len);
	if (val == NULL) {
		ck_error_set(err, 0, "field '%s': decrypted value is not JSON",
			     name);
		goto out;
	}
	if (json_object_set_new(rec, name, val) < 0) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		ck_error_prefix(err, "field '%s'", name);
	free(bin);
	return rc;
}

static int
run_stream(struct kr_ctx *c, int encrypt, FILE *in, const char *name,
	   int *bad)
{
	struct ck_jsonl_reader *r = ck_jsonl_reader_new(in, name, 0);
	struct ck_buf ctx = CK_BUF_INIT, tmp = CK_BUF_INIT, line = CK_BUF_INIT;
	struct ck_error err;
	json_t *rec;
	int got, rc = 0;

	if (r == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	while ((got = ck_jsonl_read(r, &rec, &err)) != 0) {
		size_t i;

		if (got < 0) {
			ck_warn_error(&err);
			(*bad)++;
			continue;
		}
		for (i = 0; i < c->nfields; i++)
			if ((encrypt ? seal_field : open_field)(c, rec,
				c->fields[i], &ctx, &tmp, &err) < 0)
				break;
		if (i < c->nfields) {
			ck_warn("%s:%lu: %s", strcmp(name, "-") == 0 ?
				"<stdin>" : name, ck_jsonl_lineno(r), err.msg);
			(*bad)++;
			json_decref(rec);
			continue;
		}
		ck_buf_reset(&line);
		if (ck_json_append_compact(&line, rec, &err) < 0 ||
		    ck_buf_append_char(&line, '\n') < 0 ||
		    fwrite(line.data, 1, line.len, c->out) != line.len ||
		    fflush(c->out) != 0) {
			ck_warn("cannot write output");
			json_decref(rec);
			rc = -1;
			break;
		}
		if (!encrypt)
			ck_wipe(line.data, line.len);
		json_decref(rec);
	}
	if (fflush(c->out) != 0)
		rc = -1;
	ck_jsonl_reader_free(r);
	ck_buf_release(&ctx);
	ck_buf_release_secret(&tmp);
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
