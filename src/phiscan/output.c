/* output.c -- finding and summary records in text, JSON Lines and SARIF
 * 2.1.0, and the sinks that carry them to the output in input order.
 *
 * Records are built on any thread into a sink; only the printer writes
 * them out (phi_sink_drain), so -j N prints exactly what -j 1 prints.
 * SARIF is one JSON document: its results are kept one per line like
 * JSON Lines and joined with commas while draining, so the document
 * streams in bounded memory whatever the number of findings.
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/buf.h"
#include "common/jsonl.h"
#include "common/utf8.h"
#include "phiscan/cli.h"

/* A buffered sink moves its records to a temporary file past this, so a
 * file with millions of findings waiting behind a slow one stays cheap. */
#define SINK_SPILL (1u << 20)

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* ---- sinks ------------------------------------------------------------- */

void
phi_sink_init(struct phi_sink *s, int direct)
{
	memset(s, 0, sizeof(*s));
	ck_buf_init(&s->out);
	ck_buf_init(&s->msgs);
	ck_buf_init(&s->audit);
	ck_buf_init(&s->mask);
	s->direct = direct;
}

void
phi_sink_release(struct phi_sink *s)
{
	ck_buf_release(&s->out);
	ck_buf_release(&s->msgs);
	ck_buf_release(&s->audit);
	ck_buf_release_secret(&s->mask);
	if (s->spill != NULL)
		fclose(s->spill);
	s->spill = NULL;
}

static void sink_msg(struct phi_sink *s, char kind, const char *fmt,
		     va_list ap) __attribute__((format(printf, 3, 0)));

static void
sink_msg(struct phi_sink *s, char kind, const char *fmt, va_list ap)
{
	char msg[2048];
	char *nl;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One diagnostic per line, whatever a library put in it. */
	while ((nl = strchr(msg, '\n')) != NULL)
		*nl = ' ';
	ck_buf_append_char(&s->msgs, kind);
	ck_buf_append_str(&s->msgs, msg);
	ck_buf_append_char(&s->msgs, '\n');
	if (kind == 'E')
		s->errors++;
}

void
phi_sink_error(struct phi_sink *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sink_msg(s, 'E', fmt, ap);
	va_end(ap);
}

void
phi_sink_info(struct phi_sink *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sink_msg(s, 'I', fmt, ap);
	va_end(ap);
}

const char *
phi_errmsg(const struct ck_error *err, char *buf, size_t n)
{
	if (err->errnum != 0 && strstr(err->msg, strerror(err->errnum)) == NULL)
		snprintf(buf, n, "%s: %s", err->msg, strerror(err->errnum));
	else
		snprintf(buf, n, "%s", err->msg);
	return buf;
}

static int
emit(struct phi_run *r, const char *p, size_t n)
{
	size_t i, from = 0;
	static int at_bol = 1;

	if (r->write_failed)
		return -1;
	if (n == 0)
		return 0;
	if (r->format != PHI_FMT_SARIF) {
		if (fwrite(p, 1, n, r->out) != n)
			r->write_failed = 1;
		return r->write_failed ? -1 : 0;
	}
	/* SARIF results: one per line here, joined by commas there. */
	for (i = 0; i < n; i++) {
		if (at_bol) {
			if (fwrite(p + from, 1, i - from, r->out) != i - from)
				r->write_failed = 1;
			from = i;
			if (r->sarif_results++ > 0 && fputc(',', r->out) == EOF)
				r->write_failed = 1;
			at_bol = 0;
		}
		if (p[i] == '\n')
			at_bol = 1;
	}
	if (fwrite(p + from, 1, n - from, r->out) != n - from)
		r->write_failed = 1;
	return r->write_failed ? -1 : 0;
}

int
phi_sink_checkpoint(struct phi_run *r, struct phi_sink *s)
{
	if (s->direct)
		return phi_sink_drain(r, s);
	if (s->out.len < SINK_SPILL)
		return 0;
	if (s->spill == NULL && (s->spill = tmpfile()) == NULL)
		return 0;	/* keep it in memory then */
	if (fwrite(s->out.data, 1, s->out.len, s->spill) != s->out.len) {
		phi_sink_error(s, "cannot write a temporary file: %s",
			       strerror(errno));
		return -1;
	}
	ck_buf_reset(&s->out);
	return 0;
}

int
phi_sink_drain(struct phi_run *r, struct phi_sink *s)
{
	char chunk[65536];
	size_t n, i;
	char *line, *nl;

	if (s->spill != NULL) {
		rewind(s->spill);
		while ((n = fread(chunk, 1, sizeof(chunk), s->spill)) > 0)
			emit(r, chunk, n);
		fclose(s->spill);
		s->spill = NULL;
	}
	emit(r, s->out.data, s->out.len);
	ck_buf_reset(&s->out);
	if (!r->write_failed && fflush(r->out) != 0)
		r->write_failed = 1;
	for (line = s->msgs.data; line != NULL && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		if (line[0] == 'E') {
			ck_warn("%s", line + 1);
			phi_out_note_error(r, line + 1);
		} else {
			ck_info("%s", line + 1);
		}
	}
	ck_buf_reset(&s->msgs);
	if (r->audit != NULL)
		phi_audit_drain(r, s);
	r->docs += s->docs;
	r->docs_phi += s->docs_phi;
	r->findings += s->findings;
	r->errors += s->errors;
	r->skipped += s->skipped;
	for (i = 0; i < PHI_NTYPES; i++)
		r->counts[i] += s->counts[i];
	r->tripped |= s->tripped;
	s->docs = s->docs_phi = s->findings = s->errors = s->skipped = 0;
	memset(s->counts, 0, sizeof(s->counts));
	s->tripped = 0;
	return r->write_failed ? -1 : 0;
}

/* ---- JSON helpers ------------------------------------------------------ */

/* File names and matched bytes need not be UTF-8; JSON must be.  Invalid
 * bytes become U+FFFD rather than failing the record. */
static json_t *
jstr(const char *p, size_t n)
{
	struct ck_buf b = CK_BUF_INIT;
	json_t *j;
	size_t i = 0, ok;

	if (ck_utf8_check(p, n) == n && memchr(p, '\0', n) == NULL)
		return json_stringn(p, n);
	while (i < n) {
		ok = ck_utf8_check(p + i, n - i);
		ck_buf_append(&b, p + i, ok);
		i += ok;
		if (i < n) {
			ck_buf_append_str(&b, p[i] ? "\xef\xbf\xbd" : "\\0");
			i++;
		}
	}
	j = json_stringn(b.data ? b.data : "", b.len);
	ck_buf_release(&b);
	return j;
}

static json_t *
jpath(const char *path)
{
	return jstr(path, strlen(path));
}

static int
append_json(struct phi_sink *s, json_t *o)
{
	char *txt;
	int rc;

	if (o == NULL)
		return -1;
	txt = ck_json_compact(o);
	json_decref(o);
	if (txt == NULL)
		return -1;
	rc = ck_buf_append_str(&s->out, txt);
	if (rc == 0)
		rc = ck_buf_append_char(&s->out, '\n');
	free(txt);
	return rc;
}

/* The finding records are the bulk of the output (millions for a big
 * input), so they are written directly rather than built as jansson
 * objects: the same bytes jansson's compact form gives (RFC 8259 escapes,
 * UTF-8 kept), with invalid UTF-8 as U+FFFD. */
static int
jesc(struct ck_buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)p;
	size_t i, from = 0;
	int rc = ck_buf_append_char(b, '"');

	for (i = 0; i < n && rc == 0;) {
		unsigned char c = u[i];
		char e[7];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			int k = ck_utf8_seqlen(u + i, n - i);

			if (k > 0) {
				i += (size_t)k;
				continue;
			}
			rc |= ck_buf_append(b, p + from, i - from);
			rc |= ck_buf_append_str(b, "\xef\xbf\xbd");
			from = ++i;
			continue;
		}
		rc |= ck_buf_append(b, p + from, i - from);
		switch (c) {
		case '"': rc |= ck_buf_append_str(b, "\\\""); break;
		case '\\': rc |= ck_buf_append_str(b, "\\\\"); break;
		case '\n': rc |= ck_buf_append_str(b, "\\n"); break;
		case '\r': rc |= ck_buf_append_str(b, "\\r"); break;
		case '\t': rc |= ck_buf_append_str(b, "\\t"); break;
		case '\b': rc |= ck_buf_append_str(b, "\\b"); break;
		case '\f': rc |= ck_buf_append_str(b, "\\f"); break;
		default:
			memcpy(e, "\\u00", 4);
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			rc |= ck_buf_append(b, e, 6);
		}
		from = ++i;
	}
	rc |= ck_buf_append(b, p + from, n - from);
	rc |= ck_buf_append_char(b, '"');
	return rc ? -1 : 0;
}

static int
jkey_u64(struct ck_buf *b, const char *key, uint64_t v)
{
	char num[24];
	size_t i = sizeof(num);

	do {
		num[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	if (ck_buf_append_str(b, key) < 0)
		return -1;
	return ck_buf_append(b, num + i, sizeof(num) - i);
}

static int
jsonl_finding(const struct phi_run *r, struct phi_sink *s, const char *path,
	      const struct phi_finding *f, const char *hex)
{
	struct ck_buf *b = &s->out;
	const char *v = f->value ? f->value : "";
	size_t mark = b->len;
	int rc = 0;

	rc |= ck_buf_append_str(b, "{\"kind\":\"finding\",\"path\":");
	rc |= jesc(b, path, strlen(path));
	rc |= jkey_u64(b, ",\"start\":", f->start);
	rc |= jkey_u64(b, ",\"end\":", f->end);
	rc |= jkey_u64(b, ",\"line\":", f->line);
	rc |= jkey_u64(b, ",\"col\":", f->col);
	rc |= ck_buf_append_str(b, ",\"type\":\"");
	rc |= ck_buf_append_str(b, phi_type_name(f->type));
	rc |= ck_buf_append_str(b, "\",\"rule\":");
	rc |= jesc(b, f->rule ? f->rule : "", f->rule ? strlen(f->rule) : 0);
	if (f->score >= 0)
		rc |= jkey_u64(b, ",\"score\":", (uint64_t)f->score);
	else
		rc |= ck_buf_appendf(b, ",\"score\":%d", f->score);
	rc |= ck_buf_append_str(b, ",\"confidence\":\"");
	rc |= ck_buf_append_str(b, phi_conf_name(f->conf));
	rc |= ck_buf_append_str(b, "\",\"masked\":");
	ck_buf_reset(&s->mask);
	rc |= phi_mask(f->type, v, f->value_len, &s->mask);
	rc |= jesc(b, s->mask.data ? s->mask.data : "", s->mask.len);
	rc |= ck_buf_append_str(b, ",\"fingerprint\":\"");
	rc |= ck_buf_append(b, hex, CK_SHA256_HEXLEN);
	rc |= ck_buf_append_char(b, '"');
	if (r->show_match) {
		rc |= ck_buf_append_str(b, ",\"match\":");
		rc |= jesc(b, v, f->value_len);
	}
	rc |= ck_buf_append_str(b, "}\n");
	if (rc) {
		/* No half record. */
		b->len = mark;
		if (b->data != NULL)
			b->data[mark] = '\0';
		return -1;
	}
	return 0;
}

static const char *
sarif_level(int conf)
{
	return conf == PHI_CONF_HIGH ? "error" :
	       conf == PHI_CONF_MEDIUM ? "warning" : "note";
}

/* ---- records ----------------------------------------------------------- */

static json_t *
masked_json(const struct phi_finding *f)
{
	struct ck_buf b = CK_BUF_INIT;
	json_t *j;

	phi_mask(f->type, f->value ? f->value : "", f->value_len, &b);
	j = json_stringn(b.data ? b.data : "", b.len);
	ck_buf_release(&b);
	return j;
}

json_t *
phi_out_record_finding(const struct phi_run *r, const struct phi_finding *f,
		       const unsigned char fp[CK_SHA256_LEN])
{
	char hex[CK_SHA256_HEXLEN + 1];
	json_t *o;

	ck_hex_encode(fp, CK_SHA256_LEN, hex);
	o = json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:o, s:s}",
		      "start", (json_int_t)f->start, "end", (json_int_t)f->end,
		      "type", phi_type_name(f->type),
		      "rule", f->rule ? f->rule : "", "score", f->score,
		      "confidence", phi_conf_name(f->conf),
		      "masked", masked_json(f), "fingerprint", hex);
	if (o != NULL && r->show_match)
		json_object_set_new(o, "match", jstr(f->value ? f->value : "",
						      f->value_len));
	return o;
}

static int
needs_escape(const char *p)
{
	size_t i, n = strlen(p);

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 1;
	return ck_utf8_check(p, n) != n;
}

static int
text_finding(const struct phi_run *r, struct phi_sink *s, const char *path,
	     const struct phi_finding *f)
{
	struct ck_buf *b = &s->out;
	const char *cc = f->conf == PHI_CONF_HIGH ? "\033[1;31m" :
			 f->conf == PHI_CONF_MEDIUM ? "\033[33m" : "\033[36m";
	struct ck_buf esc = CK_BUF_INIT;
	int rc = 0;

	/* A file name may hold a newline or an escape sequence; one finding
	 * stays one line and the terminal stays ours. */
	if (needs_escape(path)) {
		if (phi_escape_text(path, strlen(path), &esc) < 0)
			return -1;
		path = esc.data;
	}
	if (r->color)
		rc |= ck_buf_appendf(b, "\033[35m%s\033[m:\033[32m%llu\033[m:"
				     "\033[32m%llu\033[m \033[1m%s\033[m "
				     "%s%s\033[m ", path,
				     (unsigned long long)f->line,
				     (unsigned long long)f->col,
				     phi_type_name(f->type), cc,
				     phi_conf_name(f->conf));
	else
		rc |= ck_buf_appendf(b, "%s:%llu:%llu %s %s ", path,
				     (unsigned long long)f->line,
				     (unsigned long long)f->col,
				     phi_type_name(f->type),
				     phi_conf_name(f->conf));
	if (r->show_match)
		rc |= phi_escape_text(f->value ? f->value : "", f->value_len,
				      b);
	else
		rc |= phi_mask(f->type, f->value ? f->value : "",
			       f->value_len, b);
	rc |= ck_buf_append_char(b, '\n');
	ck_buf_release(&esc);
	return rc ? -1 : 0;
}

static int
uri_keep(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("-._~!$&'()*+,;=:@/", c);
}

/* RFC 3986 URI reference for a display path (SARIF §3.10). */
static int
sarif_uri(struct ck_buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;
	int rc = ck_buf_append_char(b, '"');

	if (*p == '/')
		rc |= ck_buf_append_str(b, "file://");
	for (; *p; p++) {
		if (uri_keep(*p)) {
			rc |= ck_buf_append_char(b, (char)*p);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			rc |= ck_buf_append(b, e, 3);
		}
	}
	rc |= ck_buf_append_char(b, '"');
	return rc ? -1 : 0;
}

/* One SARIF result (§3.27), written directly like the JSON Lines
 * records; the message names the type and rule, never the value. */
static int
sarif_finding(const struct phi_run *r, struct phi_sink *s, const char *path,
	      const struct phi_finding *f, const char *hex)
{
	struct ck_buf *b = &s->out;
	uint64_t eline = f->line, ecol = f->col;
	const unsigned char *v = (const unsigned char *)f->value;
	const char *rule = f->rule ? f->rule : "";
	size_t i, mark = b->len;
	long idx;
	int rc = 0;

	/* endColumn is the column after the last character (§3.30.8). */
	for (i = 0; v != NULL && i < f->value_len; i++) {
		if (v[i] == '\n') {
			eline++;
			ecol = 1;
		} else if ((v[i] & 0xc0) != 0x80) {
			ecol++;
		}
	}
	rc |= ck_buf_append_str(b, "{\"ruleId\":");
	rc |= jesc(b, rule, strlen(rule));
	rc |= ck_buf_append_str(b, ",\"level\":\"");
	rc |= ck_buf_append_str(b, sarif_level(f->conf));
	rc |= ck_buf_append_str(b, "\",\"message\":{\"text\":\"Possible ");
	rc |= ck_buf_append_str(b, phi_type_name(f->type));
	rc |= ck_buf_append_str(b, " (");
	rc |= ck_buf_append_str(b, phi_conf_name(f->conf));
	rc |= ck_buf_append_str(b, " confidence), rule ");
	/* The rule id inside a JSON string: escaped, minus its quotes. */
	{
		size_t q = b->len;

		rc |= jesc(b, rule, strlen(rule));
		if (rc == 0) {
			memmove(b->data + q, b->data + q + 1, b->len - q - 2);
			b->len -= 2;
			b->data[b->len] = '\0';
		}
	}
	rc |= ck_buf_append_str(b, "\"},\"locations\":[{\"physicalLocation\":"
				"{\"artifactLocation\":{\"uri\":");
	rc |= sarif_uri(b, path);
	rc |= jkey_u64(b, "},\"region\":{\"startLine\":", f->line);
	rc |= jkey_u64(b, ",\"startColumn\":", f->col);
	rc |= jkey_u64(b, ",\"endLine\":", eline);
	rc |= jkey_u64(b, ",\"endColumn\":", ecol);
	rc |= jkey_u64(b, ",\"byteOffset\":", f->start);
	rc |= jkey_u64(b, ",\"byteLength\":", f->end - f->start);
	rc |= ck_buf_append_str(b, "}}}],\"partialFingerprints\":"
				"{\"phiFingerprint/v1\":\"");
	rc |= ck_buf_append(b, hex, CK_SHA256_HEXLEN);
	rc |= ck_buf_append_str(b, "\"},\"properties\":{\"phiType\":\"");
	rc |= ck_buf_append_str(b, phi_type_name(f->type));
	rc |= ck_buf_appendf(b, "\",\"score\":%d,\"confidence\":\"%s\"}",
			     f->score, phi_conf_name(f->conf));
	idx = phi_rulemap_index(r->rules, f->rule);
	if (idx >= 0)
		rc |= jkey_u64(b, ",\"ruleIndex\":", (uint64_t)idx);
	rc |= ck_buf_append_str(b, "}\n");
	if (rc) {
		b->len = mark;
		if (b->data != NULL)
			b->data[mark] = '\0';
		return -1;
	}
	return 0;
}

int
phi_out_finding(const struct phi_run *r, struct phi_sink *s,
		const char *path, const struct phi_finding *f,
		const unsigned char fp[CK_SHA256_LEN])
{
	char hex[CK_SHA256_HEXLEN + 1];

	s->findings++;
	if (f->type >= 0 && f->type < PHI_NTYPES)
		s->counts[f->type]++;
	if (r->format == PHI_FMT_TEXT)
		return text_finding(r, s, path, f);
	ck_hex_encode(fp, CK_SHA256_LEN, hex);
	if (r->format == PHI_FMT_SARIF)
		return sarif_finding(r, s, path, f, hex);
	return jsonl_finding(r, s, path, f, hex);
}

json_t *
phi_out_counts(const struct phi_doc_score *ds)
{
	json_t *c = json_object();
	int t;

	for (t = 0; c != NULL && t < PHI_NTYPES; t++)
		if (ds->counts[t] > 0)
			json_object_set_new(c, phi_type_name(t),
					    json_integer(ds->counts[t]));
	return c;
}

static int
contains_phi(const struct phi_doc_score *ds)
{
	int t;

	for (t = 0; t < PHI_NTYPES; t++)
		if (ds->counts[t] > 0)
			return 1;
	return 0;
}

int
phi_out_summary(const struct phi_run *r, struct phi_sink *s,
		const char *path, const unsigned char sha256[CK_SHA256_LEN],
		const struct phi_doc_score *ds)
{
	char hex[CK_SHA256_HEXLEN + 1];
	int phi = contains_phi(ds);

	s->docs++;
	s->docs_phi += phi;
	if (phi_trips(r, ds))
		s->tripped = 1;
	if (r->format != PHI_FMT_JSONL)
		return 0;
	ck_hex_encode(sha256, CK_SHA256_LEN, hex);
	return append_json(s, json_pack("{s:s, s:o, s:s, s:i, s:s, s:b, s:o}",
					"kind", "summary", "path", jpath(path),
					"sha256", hex,
					"score", ds->score, "confidence",
					phi_conf_name(ds->conf),
					"contains_phi", phi,
					"counts", phi_out_counts(ds)));
}

int
phi_trips(const struct phi_run *r, const struct phi_doc_score *ds)
{
	if (r->fail_on == PHI_FAIL_NEVER || r->baseline_accepts ||
	    !contains_phi(ds))
		return 0;
	return r->fail_on == PHI_FAIL_ANY || ds->conf >= r->fail_on;
}

/* ---- SARIF rule index ------------------------------------------------- */

struct rule_ent {
	const char *id;
	long index;
};

struct phi_rulemap {
	json_t *rules;		/* the driver's rules array */
	struct rule_ent *v;	/* sorted by id */
	size_t n;
};

static int
rule_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule_ent *)a)->id,
		      ((const struct rule_ent *)b)->id);
}

long
phi_rulemap_index(const struct phi_rulemap *m, const char *id)
{
	struct rule_ent key, *hit;

	if (m == NULL || id == NULL || m->n == 0)
		return -1;
	key.id = id;
	hit = bsearch(&key, m->v, m->n, sizeof(*m->v), rule_cmp);
	return hit ? hit->index : -1;
}

struct phi_rulemap *
phi_rulemap_new(const struct phi_engines *es)
{
	struct phi_rulemap *m = calloc(1, sizeof(*m));
	const struct phi_rule_info *ri;
	size_t e, i, n, total = 0;

	if (m == NULL || (m->rules = json_array()) == NULL)
		goto fail;
	for (e = 0; e < phi_engines_count(es); e++)
		total += phi_engine_rules(phi_engines_at(es, (int)e), &ri);
	m->v = calloc(total ? total : 1, sizeof(*m->v));
	if (m->v == NULL)
		goto fail;
	for (e = 0; e < phi_engines_count(es); e++) {
		n = phi_engine_rules(phi_engines_at(es, (int)e), &ri);
		for (i = 0; i < n; i++) {
			char desc[256];
			json_t *rule;

			/* First definition wins: ids are stable across
			 * configs, so a repeat is the same rule. */
			if (phi_rulemap_index(m, ri[i].id) >= 0)
				continue;
			if (ri[i].description != NULL && *ri[i].description)
				snprintf(desc, sizeof(desc), "%s",
					 ri[i].description);
			else
				snprintf(desc, sizeof(desc), "Possible %s",
					 phi_type_name(ri[i].type));
			rule = json_pack("{s:s, s:{s:s}, s:{s:s}, "
					 "s:{s:s, s:i, s:[s, s]}}",
					 "id", ri[i].id,
					 "shortDescription", "text", desc,
					 "defaultConfiguration", "level",
					 sarif_level(ri[i].conf),
					 "properties", "phiType",
					 phi_type_name(ri[i].type),
					 "weight", ri[i].weight, "tags", "phi",
					 phi_type_name(ri[i].type));
			if (rule == NULL || json_array_append_new(m->rules,
								  rule) < 0)
				goto fail;
			m->v[m->n].id = ri[i].id;
			m->v[m->n].index = (long)json_array_size(m->rules) - 1;
			m->n++;
			qsort(m->v, m->n, sizeof(*m->v), rule_cmp);
		}
	}
	return m;
fail:
	phi_rulemap_free(m);
	return NULL;
}

void
phi_rulemap_free(struct phi_rulemap *m)
{
	if (m == NULL)
		return;
	json_decref(m->rules);
	free(m->v);
	free(m);
}

/* ---- document-level output ------------------------------------------- */

void
phi_out_note_error(struct phi_run *r, const char *msg)
{
	if (r->format != PHI_FMT_SARIF)
		return;
	if (r->notes == NULL)
		r->notes = json_array();
	if (r->notes != NULL)
		json_array_append_new(r->notes,
				      json_pack("{s:s, s:{s:s}}", "level",
						"error", "message", "text",
						msg));
}

int
phi_out_begin(struct phi_run *r)
{
	json_t *tool;
	char *txt;

	if (r->format != PHI_FMT_SARIF || r->sarif_open)
		return 0;
	r->rules = phi_rulemap_new(r->engines);
	if (r->rules == NULL)
		return -1;
	tool = json_pack("{s:{s:s, s:s, s:s, s:s, s:O}}", "driver",
			 "name", "phiscan", "fullName", "phiscan (complykit)",
			 "version", PACKAGE_VERSION, "semanticVersion",
			 PACKAGE_VERSION, "rules", r->rules->rules);
	txt = tool ? ck_json_compact(tool) : NULL;
	json_decref(tool);
	if (txt == NULL)
		return -1;
	fprintf(r->out, "{\"$schema\":\"%s\",\"version\":\"2.1.0\","
		"\"runs\":[{\"tool\":%s,\"columnKind\":\"unicodeCodePoints\","
		"\"results\":[\n", SARIF_SCHEMA, txt);
	free(txt);
	r->sarif_open = 1;
	return 0;
}

static void
text_total(struct phi_run *r)
{
	struct ck_buf b = CK_BUF_INIT;

	if (ck_verbosity < 0)
		return;
	ck_buf_appendf(&b, "%lu finding%s in %lu of %lu document%s",
		       r->findings, r->findings == 1 ? "" : "s", r->docs_phi,
		       r->docs, r->docs == 1 ? "" : "s");
	if (r->skipped)
		ck_buf_appendf(&b, ", %lu binary skipped", r->skipped);
	if (r->errors)
		ck_buf_appendf(&b, ", %lu error%s", r->errors,
			       r->errors == 1 ? "" : "s");
	if (b.data != NULL)
		ck_warn("%s", b.data);
	ck_buf_release(&b);
}

int
phi_out_end(struct phi_run *r)
{
	json_t *inv;
	char *txt;

	if (r->format == PHI_FMT_TEXT)
		text_total(r);
	if (r->format == PHI_FMT_SARIF) {
		if (!r->sarif_open && phi_out_begin(r) < 0)
			return -1;
		inv = json_pack("[{s:b, s:o}]", "executionSuccessful",
				r->errors == 0, "toolExecutionNotifications",
				r->notes ? json_incref(r->notes) : json_array());
		txt = inv ? ck_json_compact(inv) : NULL;
		json_decref(inv);
		if (txt == NULL)
			return -1;
		fprintf(r->out, "],\"invocations\":%s}]}\n", txt);
		free(txt);
	}
	if (fflush(r->out) != 0 || ferror(r->out))
		r->write_failed = 1;
	return r->write_failed ? -1 : 0;
}
