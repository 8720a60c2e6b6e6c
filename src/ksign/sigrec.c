/* sigrec.c -- building, parsing and checking signature records. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/b64.h"
#include "common/canon.h"
#include "ksign/sigrec.h"

void
ks_sig_release(struct ks_sig *s)
{
	json_decref(s->obj);
	free(s->tsa);
	memset(s, 0, sizeof *s);
}

char *
ks_sig_message(const json_t *obj, size_t *len, struct ck_error *err)
{
	json_t *copy = json_copy((json_t *)obj);	/* shallow */
	char *text;

	if (copy == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	json_object_del(copy, "sig");
	text = ck_canon_string(copy, len, err);
	json_decref(copy);
	return text;
}

int
ks_record_subject(const json_t *rec, unsigned char out[CK_SHA256_LEN],
		  struct ck_error *err)
{
	json_t *copy;
	int rc;

	if (json_object_get(rec, "signatures") == NULL)
		return ck_canon_sha256(rec, out, err);
	if ((copy = json_copy((json_t *)rec)) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	json_object_del(copy, "signatures");
	rc = ck_canon_sha256(copy, out, err);
	json_decref(copy);
	return rc;
}

int
ks_sig_make(struct ks_sig *s, const struct ck_key *k, struct ck_key_ctx *ctx,
	    const char *meaning, const struct ck_time *t,
	    const unsigned char *subject, const unsigned char *tsa,
	    size_t tsa_len, struct ck_error *err)
{
	char when[CK_TIME_LEN], hex[CK_SHA256_HEXLEN + 1];
	char b64[CK_B64_LEN(CK_KEY_SIG_LEN) + 1];
	char *msg = NULL, *tok = NULL;
	size_t len;
	json_t *o;
	int rc = -1;

	memset(s, 0, sizeof *s);
	ck_time_format(t, when);
	ck_hex_encode(subject, CK_SHA256_LEN, hex);
	o = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:{s:s}}",
		      "kind", "signature", "alg", "ed25519", "key_id", k->id,
		      "signer", "id", k->signer_id, "name", k->signer_name,
		      "meaning", meaning, "time", when, "subject", "sha256",
		      hex);
	if (o == NULL)
		return ck_error_set(err, 0, "cannot build a signature record "
				    "(signer id, name and meaning must be "
				    "UTF-8)");
	if (tsa != NULL) {
		tok = malloc(CK_B64_LEN(tsa_len) + 1);
		if (tok == NULL) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		ck_b64_encode(tsa, tsa_len, tok);
		json_object_set_new(o, "tsa", json_string(tok));
	}
	if ((msg = ks_sig_message(o, &len, err)) == NULL ||
	    ck_key_ctx_sign(ctx, msg, len, s->sig, err) < 0)
		goto out;
	ck_b64_encode(s->sig, CK_KEY_SIG_LEN, b64);
	json_object_set_new(o, "sig", json_string(b64));
	/* what ks_sig_from_json would read back, without parsing it again */
	memcpy(s->key_id, k->id, sizeof s->key_id);
	s->signer_id = k->signer_id;
	s->signer_name = k->signer_name;
	s->meaning = meaning;
	s->time = *t;
	memcpy(s->subject, subject, CK_SHA256_LEN);
	s->obj = json_incref(o);
	rc = 0;
out:
	free(msg);
	free(tok);
	json_decref(o);
	return rc;
}

static const char *
str_member(const json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

int
ks_sig_from_json(struct ks_sig *s, json_t *o, struct ck_error *err)
{
	const char *v;
	json_t *signer, *subject, *tsa;

	memset(s, 0, sizeof *s);
	if (!json_is_object(o))
		return ck_error_set(err, 0, "not a JSON object");
	if ((v = str_member(o, "kind")) == NULL || strcmp(v, "signature") != 0)
		return ck_error_set(err, 0, "not a signature record (kind)");
	if ((v = str_member(o, "alg")) == NULL || strcmp(v, "ed25519") != 0)
		return ck_error_set(err, 0, "unknown signature algorithm");
	v = str_member(o, "key_id");
	if (v == NULL || strlen(v) != CK_KEY_ID_HEXLEN ||
	    strspn(v, "0123456789abcdef") != CK_KEY_ID_HEXLEN)
		return ck_error_set(err, 0, "bad key_id");
	memcpy(s->key_id, v, CK_KEY_ID_HEXLEN + 1);
	signer = json_object_get(o, "signer");
	if (!json_is_object(signer) ||
	    (s->signer_id = str_member(signer, "id")) == NULL ||
	    (s->signer_name = str_member(signer, "name")) == NULL ||
	    !*s->signer_id || !*s->signer_name)
		return ck_error_set(err, 0, "bad signer (needs id and name)");
	s->meaning = str_member(o, "meaning");
	if (s->meaning == NULL || !*s->meaning ||
	    strlen(s->meaning) >= KS_MEANING_MAX)
		return ck_error_set(err, 0, "bad meaning");
	if ((v = str_member(o, "time")) == NULL ||
	    ck_time_parse(v, &s->time) < 0)
		return ck_error_set(err, 0, "bad time");
	subject = json_object_get(o, "subject");
	v = json_is_object(subject) ? str_member(subject, "sha256") : NULL;
	if (v == NULL || strlen(v) != CK_SHA256_HEXLEN ||
	    ck_hex_decode(v, CK_SHA256_HEXLEN, s->subject,
			  CK_SHA256_LEN) < 0)
		return ck_error_set(err, 0, "bad subject (needs sha256)");
	if ((v = str_member(o, "sig")) == NULL ||
	    ck_b64_decode(v, strlen(v), s->sig, sizeof s->sig) !=
	    CK_KEY_SIG_LEN)
		return ck_error_set(err, 0, "bad sig");
	if ((tsa = json_object_get(o, "tsa")) != NULL) {
		size_t n;
		long got;

		if ((v = json_string_value(tsa)) == NULL ||
		    (n = strlen(v)) == 0)
			return ck_error_set(err, 0, "bad tsa");
		if ((s->tsa = malloc(n)) == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		if ((got = ck_b64_decode(v, n, s->tsa, n)) <= 0) {
			free(s->tsa);
			s->tsa = NULL;
			return ck_error_set(err, 0, "bad tsa");
		}
		s->tsa_len = (size_t)got;
	}
	s->obj = json_incref(o);
	return 0;
}

int
ks_sig_parse(struct ks_sig *s, const char *line, size_t len,
	     struct ck_error *err)
{
	json_error_t je;
	json_t *o;
	int rc;

	memset(s, 0, sizeof *s);
	o = json_loadb(line, len, JSON_REJECT_DUPLICATES,
		       &je);
	if (o == NULL)
		return ck_error_set(err, 0, "not valid JSON (column %d)",
				    je.column);
	rc = ks_sig_from_json(s, o, err);
	json_decref(o);
	return rc;
}

int
ks_sig_check(const struct ks_sig *s, struct ck_key_ctx *ctx)
{
	char *msg;
	size_t len;
	int rc;

	if (s->msg != NULL)
		return ck_key_ctx_verify(ctx, s->msg, s->msg_len, s->sig);
	if ((msg = ks_sig_message(s->obj, &len, NULL)) == NULL)
		return -1;
	rc = ck_key_ctx_verify(ctx, msg, len, s->sig);
	free(msg);
	return rc;
}

/* The members of a signature record in canonical order (alg, key_id,
 * kind, meaning, signer{id, name}, subject{sha256}, time; sig is not
 * signed) and in the order ks_sig_make builds it (kind, alg, key_id,
 * signer, meaning, time, subject, sig).  Strings are escaped by the
 * writer both canon.c paths share. */
static int
tmpl_build(struct ks_sig_tmpl *t, const struct ck_key *k, const char *meaning)
{
	size_t il = strlen(k->signer_id), nl = strlen(k->signer_name);
	size_t ml = strlen(meaning);
	struct ck_buf *m = &t->msg, *r = &t->rec;

	if (ck_buf_append_str(m, "{\"alg\":\"ed25519\",\"key_id\":") < 0 ||
	    ck_json_append_string(m, k->id, strlen(k->id)) < 0 ||
	    ck_buf_append_str(m, ",\"kind\":\"signature\",\"meaning\":") < 0 ||
	    ck_json_append_string(m, meaning, ml) < 0 ||
	    ck_buf_append_str(m, ",\"signer\":{\"id\":") < 0 ||
	    ck_json_append_string(m, k->signer_id, il) < 0 ||
	    ck_buf_append_str(m, ",\"name\":") < 0 ||
	    ck_json_append_string(m, k->signer_name, nl) < 0 ||
	    ck_buf_append_str(m, "},\"subject\":{\"sha256\":\"") < 0)
		return -1;
	if (ck_buf_append_str(r, "{\"kind\":\"signature\",\"alg\":\"ed25519\","
			      "\"key_id\":") < 0 ||
	    ck_json_append_string(r, k->id, strlen(k->id)) < 0 ||
	    ck_buf_append_str(r, ",\"signer\":{\"id\":") < 0 ||
	    ck_json_append_string(r, k->signer_id, il) < 0 ||
	    ck_buf_append_str(r, ",\"name\":") < 0 ||
	    ck_json_append_string(r, k->signer_name, nl) < 0 ||
	    ck_buf_append_str(r, "},\"meaning\":") < 0 ||
	    ck_json_append_string(r, meaning, ml) < 0 ||
	    ck_buf_append_str(r, ",\"time\":\"") < 0)
		return -1;
	return 0;
}

void
ks_sig_tmpl_init(struct ks_sig_tmpl *t, const struct ck_key *k,
		 struct ck_key_ctx *ctx, const char *meaning)
{
	static const struct ck_time sample = { 1767323045, 678901 };
	unsigned char subject[CK_SHA256_LEN];
	struct ck_buf fast = CK_BUF_INIT, slow = CK_BUF_INIT;
	struct ck_error err;
	struct ks_sig s;
	char *msg = NULL;
	size_t len = 0;

	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < sizeof subject; i++)
		subject[i] = (unsigned char)(i * 37 + 11);
	if (tmpl_build(t, k, meaning) < 0)
		goto out;
	t->ok = 1;
	if (ks_sig_tmpl_sign(t, ctx, &sample, subject, &fast, &err) < 0 ||
	    ks_sig_make(&s, k, ctx, meaning, &sample, subject, NULL, 0,
			&err) < 0) {
		t->ok = 0;
		goto out;
	}
	if (ck_json_append_compact(&slow, s.obj, &err) < 0 ||
	    (msg = ks_sig_message(s.obj, &len, &err)) == NULL ||
	    slow.len != fast.len || memcmp(slow.data, fast.data, fast.len) ||
	    len != t->tmp.len || memcmp(msg, t->tmp.data, len))
		t->ok = 0;
	ks_sig_release(&s);
out:
	free(msg);
	ck_buf_release(&fast);
	ck_buf_release(&slow);
}

void
ks_sig_tmpl_release(struct ks_sig_tmpl *t)
{
	ck_buf_release(&t->msg);
	ck_buf_release(&t->rec);
	ck_buf_release(&t->tmp);
	t->ok = 0;
}

int
ks_sig_tmpl_sign(struct ks_sig_tmpl *t, struct ck_key_ctx *ctx,
		 const struct ck_time *when,
		 const unsigned char subject[CK_SHA256_LEN],
		 struct ck_buf *out, struct ck_error *err)
{
	char stamp[CK_TIME_LEN], hex[CK_SHA256_HEXLEN + 1];
	char b64[CK_B64_LEN(CK_KEY_SIG_LEN) + 1];
	unsigned char sig[CK_KEY_SIG_LEN];

	if (!t->ok)
		return ck_error_set(err, EINVAL, "no signature template");
	ck_time_format(when, stamp);
	ck_hex_encode(subject, CK_SHA256_LEN, hex);
	ck_buf_reset(&t->tmp);
	if (ck_buf_append(&t->tmp, t->msg.data, t->msg.len) < 0 ||
	    ck_buf_append(&t->tmp, hex, CK_SHA256_HEXLEN) < 0 ||
	    ck_buf_append_str(&t->tmp, "\"},\"time\":\"") < 0 ||
	    ck_buf_append_str(&t->tmp, stamp) < 0 ||
	    ck_buf_append(&t->tmp, "\"}", 2) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (ck_key_ctx_sign(ctx, t->tmp.data, t->tmp.len, sig, err) < 0)
		return -1;
	ck_b64_encode(sig, CK_KEY_SIG_LEN, b64);
	if (ck_buf_append(out, t->rec.data, t->rec.len) < 0 ||
	    ck_buf_append_str(out, stamp) < 0 ||
	    ck_buf_append_str(out, "\",\"subject\":{\"sha256\":\"") < 0 ||
	    ck_buf_append(out, hex, CK_SHA256_HEXLEN) < 0 ||
	    ck_buf_append_str(out, "\"},\"sig\":\"") < 0 ||
	    ck_buf_append_str(out, b64) < 0 ||
	    ck_buf_append(out, "\"}", 2) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}
