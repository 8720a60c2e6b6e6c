/* verify.c -- ksign verify: every signature of each file (FILE.ksig), of
 * a manifest and the files it lists, or of JSON Lines records, judged
 * against the trust file; the manifestation (printed name, time in UTC
 * and local time, meaning: Part 11 §11.50) of each good signature. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/canon.h"
#include "common/canonfast.h"
#include "common/utf8.h"
#include "common/jsonl.h"
#include "ksign/check.h"
#include "ksign/ksign.h"
#include "ksign/manifest.h"
#include "ksign/tsa.h"

/* Where a signature came from, for messages. */
struct origin {
	const char *path;	/* the signed file, or the records' input */
	const char *ksig;	/* the .ksig, or NULL in record mode */
	unsigned long line;	/* of the .ksig or the record */
	int index;		/* in the record's signatures, else -1 */
};

static void
where(const struct origin *o, char *buf, size_t n)
{
	if (o->ksig)
		snprintf(buf, n, "%s:%lu", o->ksig, o->line);
	else
		snprintf(buf, n, "signature %d", o->index + 1);
}

/* A JSON string member ,"name":"value" for the verification line; -1
 * when value is not UTF-8 (json_pack refuses it too). */
static int
put_member(struct ck_buf *b, const char *name, const char *value)
{
	size_t n = strlen(value);

	if (ck_utf8_check(value, n) != n)
		return -1;
	return ck_buf_append_str(b, name) < 0 ||
	       ck_json_append_string(b, value, n) < 0 ? -1 : 0;
}

/* The verification line as json_pack and ck_jsonl_write below would
 * write it, without building the object (record mode writes one per
 * signature).  0 written; 1 when it cannot say (a string that is not
 * UTF-8, a time that is not a string): the caller takes the general
 * path, which reports it; -1 on a write error. */
static int
write_verification(struct ks_ctx *c, const struct ks_sig *s,
		   const struct origin *o, enum ks_verdict v,
		   const char *stamp, struct ck_buf *b)
{
	const char *when = json_string_value(json_object_get(s->obj, "time"));
	char num[32];

	ck_buf_reset(b);
	if (when == NULL ||
	    put_member(b, "{\"kind\":\"verification\",\"path\":",
		       o->path) < 0 ||
	    (o->ksig != NULL ? put_member(b, ",\"ksig\":", o->ksig) :
	     ck_buf_append_str(b, ",\"ksig\":null")) < 0)
		return 1;
	snprintf(num, sizeof num, ",\"line\":%d", (int)o->line);
	if (ck_buf_append_str(b, num) < 0 ||
	    put_member(b, ",\"status\":", ks_verdict_name(v)) < 0 ||
	    put_member(b, ",\"key_id\":", s->key_id) < 0 ||
	    put_member(b, ",\"signer\":{\"id\":", s->signer_id) < 0 ||
	    put_member(b, ",\"name\":", s->signer_name) < 0 ||
	    put_member(b, "},\"meaning\":", s->meaning) < 0 ||
	    put_member(b, ",\"time\":", when) < 0)
		return 1;
	if (o->index >= 0) {
		snprintf(num, sizeof num, ",\"index\":%d", o->index);
		if (ck_buf_append_str(b, num) < 0)
			return 1;
	}
	if ((stamp != NULL && put_member(b, ",\"timestamp\":", stamp) < 0) ||
	    ck_buf_append_str(b, "}\n") < 0)
		return 1;
	if (fwrite(b->data, 1, b->len, c->out) != b->len ||
	    fflush(c->out) != 0)
		return -1;
	return 0;
}

/* Judges and reports one signature; returns its verdict. */
static enum ks_verdict
judge(struct ks_ctx *c, struct ks_trust *t, const struct ks_sig *s,
      const unsigned char *actual, const struct origin *o)
{
	struct ks_trust_entry *e;
	enum ks_verdict v = ks_check(t, s, actual, &c->now, c->skew_sec, &e);
	struct ck_time ts;
	int has_ts = 0;
	struct ck_error err;
	char loc[1024], utc[64], local[64];

	if (v == KS_OK && s->tsa != NULL && c->tsa_ca != NULL) {
		if (ks_tsa_verify(s->tsa, s->tsa_len, s->subject, c->tsa_ca,
				  &ts, &err) < 0) {
			v = KS_BAD_TSA;
		} else {
			struct ck_time floor = ts;

			has_ts = 1;
			floor.sec -= c->skew_sec;
			/* the record holds the token: it cannot predate it */
			if (ks_time_cmp(&s->time, &floor) < 0) {
				v = KS_BAD_TSA;
				ck_error_set(&err, 0, "signature dated before "
					     "its timestamp");
			}
		}
	}
	if (v != KS_OK || c->format != KS_JSONL)
		where(o, loc, sizeof loc);
	if (v != KS_OK)
		ck_warn("%s: %s%s%s (%s)", o->path, ks_verdict_text(v),
			v == KS_BAD_TSA ? ": " : "",
			v == KS_BAD_TSA ? err.msg : "", loc);
	if (c->format == KS_JSONL) {
		static struct ck_buf line;	/* one thread writes */
		char tb[CK_TIME_LEN];
		json_t *j;
		int w;

		if (has_ts)
			ck_time_format(&ts, tb);
		w = write_verification(c, s, o, v, has_ts ? tb : NULL, &line);
		if (w < 0)
			ck_warn("cannot write the result");
		if (w <= 0)
			return v;
		j = json_pack("{s:s, s:s, s:s?, s:i, s:s, s:s, s:{s:s, "
				      "s:s}, s:s, s:O}",
				      "kind", "verification", "path", o->path,
				      "ksig", o->ksig, "line", (int)o->line,
				      "status", ks_verdict_name(v),
				      "key_id", s->key_id, "signer", "id",
				      s->signer_id, "name", s->signer_name,
				      "meaning", s->meaning, "time",
				      json_object_get(s->obj, "time"));

		if (j != NULL && o->index >= 0)
			json_object_set_new(j, "index",
					    json_integer(o->index));
		if (j != NULL && has_ts)
			json_object_set_new(j, "timestamp", json_string(tb));
		if (j == NULL || ck_jsonl_write(c->out, j, &err) < 0)
			ck_warn("cannot write the result");
		json_decref(j);
		return v;
	}
	if (v != KS_OK) {
		fprintf(c->out, "%s: BAD: %s (%s)\n", o->path,
			ks_verdict_text(v), loc);
		return v;
	}
	ks_time_human(&s->time, 0, utc, sizeof utc);
	ks_time_human(&s->time, 1, local, sizeof local);
	fprintf(c->out, "%s: good signature (%s)\n"
		"  signed by  %s <%s>\n  meaning    %s\n  time       %s "
		"(local %s)\n", o->path, loc, s->signer_name, s->signer_id,
		s->meaning, utc, local);
	if (has_ts) {
		ks_time_human(&ts, 0, utc, sizeof utc);
		fprintf(c->out, "  timestamp  %s (RFC 3161, verified)\n",
			utc);
	} else if (s->tsa != NULL) {
		fprintf(c->out, "  timestamp  present, not checked (no "
			"--tsa-ca)\n");
	}
	fflush(c->out);
	return v;
}

static int
worse(int a, int b)
{
	return a > b ? a : b;
}

static int
verify_file(struct ks_ctx *c, struct ks_trust *t, const char *arg)
{
	size_t n = strlen(arg);
	char *path = n > 5 && strcmp(arg + n - 5, ".ksig") == 0
		? strndup(arg, n - 5) : strdup(arg);
	char *ksig;
	struct ks_sigfile f;
	struct ck_error err;
	unsigned char d[CK_SHA256_LEN];
	int rc = CK_EXIT_OK;

	if (path == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	ksig = ks_path_cat(path, ".ksig");
	if (ks_sigfile_load(ksig, &f, &err) < 0) {
		if (err.errnum == ENOENT) {
			ck_warn("%s: not signed (no %s)", path, ksig);
			rc = CK_EXIT_TRIP;
		} else {
			ck_warn_error(&err);
			rc = CK_EXIT_TROUBLE;
		}
		goto out;
	}
	if (f.n == 0) {
		ck_warn("%s: not signed (%s holds no signature)", path, ksig);
		rc = CK_EXIT_TRIP;
	} else if (ks_hash_file(path, d, &err) < 0) {
		ck_warn_error(&err);
		rc = CK_EXIT_TROUBLE;
	} else {
		for (size_t i = 0; i < f.n; i++) {
			struct origin o = { path, ksig, f.line[i], -1 };

			if (judge(c, t, &f.v[i], d, &o) != KS_OK)
				rc = worse(rc, CK_EXIT_TRIP);
		}
	}
	ks_sigfile_release(&f);
out:
	free(path);
	free(ksig);
	return rc;
}

/* Judges the signatures of one record. */
static int
verify_record(struct ks_ctx *c, struct ks_trust *t, json_t *rec,
	      const char *name, unsigned long line)
{
	json_t *sigs = json_object_get(rec, "signatures");
	unsigned char d[CK_SHA256_LEN];
	struct ck_error err;
	char at[1024];
	int rc = CK_EXIT_OK;

	if (sigs == NULL || (json_is_array(sigs) && json_array_size(sigs) == 0)) {
		ck_warn("%s:%lu: not signed", name, line);
		return CK_EXIT_TRIP;
	}
	if (!json_is_array(sigs)) {
		ck_warn("%s:%lu: \"signatures\" is not an array", name, line);
		return CK_EXIT_TROUBLE;
	}
	if (ks_record_subject(rec, d, &err) < 0) {
		ck_warn("%s:%lu: %s", name, line, err.msg);
		return CK_EXIT_TROUBLE;
	}
	snprintf(at, sizeof at, "%s:%lu", name, line);
	for (size_t i = 0; i < json_array_size(sigs); i++) {
		struct origin o = { at, NULL, line, (int)i };
		struct ks_sig s;

		if (ks_sig_from_json(&s, json_array_get(sigs, i), &err) < 0) {
			ck_warn("%s:%lu: signature %zu: %s", name, line, i + 1,
				err.msg);
			rc = CK_EXIT_TROUBLE;
			continue;
		}
		if (judge(c, t, &s, d, &o) != KS_OK)
			rc = worse(rc, CK_EXIT_TRIP);
		ks_sig_release(&s);
	}
	return rc;
}

struct record_verifier {
	struct ks_trust *t;
	struct ck_canon_fast cf;	/* the record's canonical text */
	struct ck_buf subject;		/* the same without "signatures" */
	struct ck_buf msg;		/* a signature's message */
};

static int
verify_one_record(struct ks_ctx *c, json_t *rec, const char *name,
		  unsigned long line, const char *raw, size_t rawlen, void *arg)
{
	struct record_verifier *rv = arg;

	return verify_record(c, rv->t, rec, name, line);
}

/* Past the value at i of canonical JSON text s[0..n) (as canon.c or
 * ck_canon_fast writes it: no whitespace). */
static size_t
canon_skip(const char *s, size_t n, size_t i)
{
	int depth = 0;

	do {
		if (i >= n)
			return n;
		switch (s[i]) {
		case '"':
			for (i++; i < n && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			i++;
			continue;
		case '{': case '[':
			depth++;
			break;
		case '}': case ']':
			depth--;
			break;
		default:
			if (depth == 0) {
				while (i < n && s[i] != ',' && s[i] != '}' &&
				       s[i] != ']')
					i++;
				return i;
			}
		}
		i++;
	} while (depth > 0);
	return i;
}

/* Canonical object text o[0..n) without its member named key, appended
 * to out: the canonical form of the object without it (members stay in
 * order).  0, or -1 when the member is not there or out of memory. */
static int
canon_without(const char *o, size_t n, const char *key, struct ck_buf *out)
{
	size_t val, vl, start, end, kl = strlen(key);

	if (!ck_canon_member(o, n, key, &val, &vl) || val < kl + 3)
		return -1;
	start = val - kl - 3;		/* "key": */
	end = val + vl;
	if (start > 1)
		start--;		/* the comma before it */
	else if (end < n && o[end] == ',')
		end++;			/* the first: the comma after it */
	ck_buf_reset(out);
	return ck_buf_append(out, o, start) < 0 ||
	       ck_buf_append(out, o + end, n - end) < 0 ? -1 : 0;
}

/* The common case without a tree of the whole record: a signed record
 * that ck_canon_fast fully understands.  Its canonical text gives the
 * subject (without "signatures") and each signature's message (without
 * "sig"); only the signatures array is parsed, from that text, for the
 * fields judge() reports.  The rest -- unsigned records, a "signatures"
 * that is not a non-empty array -- is not sure: verify_record says what
 * is wrong with them. */
static int
verify_line(struct ks_ctx *c, const char *name, unsigned long line,
	    const char *raw, size_t n, void *arg)
{
	struct record_verifier *rv = arg;
	struct ck_canon_fast *cf = &rv->cf;
	const struct ck_canon_member *m;
	const char *text;
	unsigned char d[CK_SHA256_LEN];
	struct ck_error err;
	json_t *sigs;
	size_t i, at, len;
	char where[1024];
	int rc = CK_EXIT_OK;

	if (ck_canon_fast(cf, raw, n) != 1 ||
	    (m = ck_canon_top_find(cf->out.data, &cf->top, "signatures")) ==
	    NULL || m->vallen < 3 || cf->out.data[m->val] != '[' ||
	    canon_without(cf->out.data, cf->out.len, "signatures",
			  &rv->subject) < 0 ||
	    ck_sha256(rv->subject.data, rv->subject.len, d) < 0)
		return KS_NOT_SURE;
	text = cf->out.data + m->val;
	len = m->vallen;
	sigs = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_array(sigs)) {
		json_decref(sigs);
		return KS_NOT_SURE;
	}
	snprintf(where, sizeof where, "%s:%lu", name, line);
	for (i = 0, at = 1; i < json_array_size(sigs); i++) {
		struct origin o = { where, NULL, line, (int)i };
		size_t end = canon_skip(text, len, at);
		struct ks_sig s;

		if (ks_sig_from_json(&s, json_array_get(sigs, i), &err) < 0) {
			ck_warn("%s:%lu: signature %zu: %s", name, line, i + 1,
				err.msg);
			rc = CK_EXIT_TROUBLE;
		} else {
			if (canon_without(text + at, end - at, "sig",
					  &rv->msg) == 0) {
				s.msg = rv->msg.data;
				s.msg_len = rv->msg.len;
			}
			if (judge(c, rv->t, &s, d, &o) != KS_OK)
				rc = worse(rc, CK_EXIT_TRIP);
			ks_sig_release(&s);
		}
		at = end + 1;
	}
	json_decref(sigs);
	return rc;
}

int
ks_verify_records(struct ks_ctx *c, struct ks_trust *t)
{
	struct record_verifier rv;
	int rc;

	memset(&rv, 0, sizeof rv);
	rv.t = t;
	ck_canon_fast_init(&rv.cf);
	rv.cf.reals = 1;
	rc = ks_each_record(c, ks_no_fast_path() ? NULL : verify_line,
			    verify_one_record, &rv);
	ck_canon_fast_release(&rv.cf);
	ck_buf_release(&rv.subject);
	ck_buf_release(&rv.msg);
	return rc;
}

int
ks_cmd_verify(struct ks_ctx *c)
{
	struct ks_trust t = { NULL, 0 };
	struct ck_error err;
	int rc = CK_EXIT_OK;

	if (ks_trust_load(&t, c->trusted_path, &err) < 0) {
		ck_warn_error(&err);
		return CK_EXIT_TROUBLE;
	}
	if (c->manifest != NULL) {
		rc = verify_file(c, &t, c->manifest);
		if (rc == CK_EXIT_OK)
			rc = ks_manifest_check(c, c->manifest);
	} else if (c->records || c->argc == 0 ||
		   (c->argc == 1 && strcmp(c->argv[0], "-") == 0)) {
		rc = ks_verify_records(c, &t);
	} else {
		char **paths;
		size_t n;

		if (ks_expand(c, &paths, &n) < 0)
			rc = CK_EXIT_TROUBLE;
		for (size_t i = 0; i < n; i++)
			rc = worse(rc, verify_file(c, &t, paths[i]));
		ks_expand_free(paths, n);
	}
	ks_trust_release(&t);
	return rc;
}
