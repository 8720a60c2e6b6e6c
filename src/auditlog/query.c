/* query.c -- auditlog query: events selected by time, actor, action,
 * outcome, risk, target and a PCRE2 pattern, through the SQLite index;
 * the events printed are the stored lines, read from the segments. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "auditlog/index.h"
#include "auditlog/query.h"
#include "common/buf.h"
#include "common/jsonl.h"
#include "common/timefmt.h"

static const struct ck_opt options[] = {
	FILTER_OPTS,
	{ "limit", OPT_LIMIT, required_argument, "N", "print at most N events" },
	{ "offset", OPT_OFFSET, required_argument, "N",
	  "skip the first N matching events" },
	CK_OPTS_COMMON
};

static void
usage(FILE *fp)
{
	fprintf(fp, "Usage: %s query --log DIR [FILTER]... [--limit N] "
		"[--offset N]\n"
		"Print the events that pass every filter, in seq order, as "
		"text, jsonl (the\nstored events) or csv.  Exit 0 when events "
		"were found, 1 when none were.\n\nOptions:\n", ck_progname);
	ck_opts_help(fp, options);
}

int
filter_option(struct filter *f, int c, const char *arg, int64_t now)
{
	switch (c) {
	case OPT_LOG: f->log = arg; return 1;
	case OPT_SINCE: f->since = parse_when("--since", arg, now); return 1;
	case OPT_UNTIL: f->until = parse_when("--until", arg, now); return 1;
	case OPT_ACTOR: f->actor = arg; return 1;
	case OPT_ACTION: f->action = arg; return 1;
	case OPT_OUTCOME: f->outcome = arg; return 1;
	case OPT_TARGET: f->target = arg; return 1;
	case OPT_MATCH: f->match = arg; return 1;
	case OPT_RISK:
		if (strcmp(arg, "high") && strcmp(arg, "medium") &&
		    strcmp(arg, "low"))
			ck_usage_error("invalid --risk '%s' (choose from high, "
				       "medium, low)", arg);
		f->risk = arg;
		return 1;
	}
	return 0;
}

void
filter_init(struct filter *f)
{
	memset(f, 0, sizeof *f);
	f->since = INT64_MIN;
	f->until = INT64_MAX;
}

/* " WHERE ..." with ?1.. bound by filter_bind, in this order. */
void
filter_sql(const struct filter *f, struct ck_buf *b)
{
	ck_buf_append_str(b, " WHERE t >= ?1 AND t < ?2");
	if (f->actor)
		ck_buf_append_str(b, " AND actor = ?3");
	if (f->action)
		ck_buf_append_str(b, " AND action = ?4");
	if (f->outcome)
		ck_buf_append_str(b, " AND outcome = ?5");
	if (f->risk)
		ck_buf_append_str(b, " AND risk = ?6");
	if (f->target)
		ck_buf_append_str(b, " AND EXISTS (SELECT 1 FROM json_tree("
				  "ev.target) WHERE json_tree.atom = ?7)");
}

void
filter_bind(const struct filter *f, sqlite3_stmt *st)
{
	sqlite3_bind_int64(st, 1, f->since);
	sqlite3_bind_int64(st, 2, f->until);
	if (f->actor)
		sqlite3_bind_text(st, 3, f->actor, -1, SQLITE_STATIC);
	if (f->action)
		sqlite3_bind_text(st, 4, f->action, -1, SQLITE_STATIC);
	if (f->outcome)
		sqlite3_bind_text(st, 5, f->outcome, -1, SQLITE_STATIC);
	if (f->risk)
		sqlite3_bind_text(st, 6, f->risk, -1, SQLITE_STATIC);
	if (f->target)
		sqlite3_bind_text(st, 7, f->target, -1, SQLITE_STATIC);
}

void *
filter_regex(const char *pattern)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re;

	if (pattern == NULL)
		return NULL;
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF, &ec, &eo, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ec, msg, sizeof msg);
		ck_usage_error("invalid --match pattern at offset %zu: %s",
			       (size_t)eo, (char *)msg);
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

int
filter_regex_match(void *re, const char *line, size_t len)
{
	pcre2_match_data *md;
	int rc;

	if (re == NULL)
		return 1;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)line, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

void
filter_regex_free(void *re)
{
	pcre2_code_free(re);
}

/* RFC 4180 field, with spreadsheet formula injection defused (a cell
 * starting with = + - @ gets a leading apostrophe, as OWASP advises). */
void
csv_field(FILE *out, const char *s)
{
	const char *p;
	int quote = 0;

	if (s == NULL)
		return;
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@') {
		fputc('\'', out);
	}
	for (p = s; *p; p++)
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
			quote = 1;
	if (!quote) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

const char csv_columns[] =
	"seq,time,actor_id,actor_name,action,outcome,risk,score,target,ip,hash";

void
csv_event(FILE *out, const json_t *ev)
{
	const json_t *actor = json_object_get(ev, "actor");
	const json_t *sc = json_object_get(json_object_get(ev, "phi"), "score");
	const json_t *tg = json_object_get(ev, "target");
	char num[40];
	char *t = tg ? ck_json_compact(tg) : NULL;

	fprintf(out, "%" JSON_INTEGER_FORMAT ",",
		json_integer_value(json_object_get(ev, "seq")));
	csv_field(out, json_string_value(json_object_get(ev, "time")));
	fputc(',', out);
	csv_field(out, json_string_value(json_object_get(actor, "id")));
	fputc(',', out);
	csv_field(out, json_string_value(json_object_get(actor, "name")));
	fputc(',', out);
	csv_field(out, json_string_value(json_object_get(ev, "action")));
	fputc(',', out);
	csv_field(out, json_string_value(json_object_get(ev, "outcome")));
	fputc(',', out);
	csv_field(out, risk_level(ev));
	fputc(',', out);
	if (json_is_number(sc)) {
		snprintf(num, sizeof num, "%g", json_number_value(sc));
		fputs(num, out);
	}
	fputc(',', out);
	csv_field(out, t);
	fputc(',', out);
	csv_field(out, json_string_value(json_object_get(ev, "ip")));
	fputc(',', out);
	csv_field(out, json_string_value(json_object_get(ev, "hash")));
	fputs("\r\n", out);
	free(t);
}

static void
text_event(FILE *out, const json_t *ev)
{
	const json_t *tg = json_object_get(ev, "target");
	char *t = tg ? ck_json_compact(tg) : NULL;
	const char *o = json_string_value(json_object_get(ev, "outcome"));
	const char *r = risk_level(ev);

	fprintf(out, "%6" JSON_INTEGER_FORMAT "  %s  %-12s %-20s %-8s %-6s %s\n",
		json_integer_value(json_object_get(ev, "seq")),
		json_string_value(json_object_get(ev, "time")),
		json_string_value(json_object_get(json_object_get(ev, "actor"),
						  "id")),
		json_string_value(json_object_get(ev, "action")), o ? o : "-",
		r ? r : "-", t ? t : "");
	free(t);
}

static const char *const formats[] = { "text", "jsonl", "csv", NULL };

int
cmd_query(int argc, char **argv)
{
	struct filter f;
	struct sub_opts so;
	struct ck_error err;
	struct ck_buf sql = CK_BUF_INIT;
	struct index ix;
	sqlite3_stmt *st = NULL;
	unsigned long long limit = ULLONG_MAX, offset = 0, found = 0;
	int64_t now = now_us();
	int c, fmt, rc = CK_EXIT_TROUBLE;
	void *re;
	FILE *out;

	ck_error_clear(&err);
	filter_init(&f);
	sub_opts_init(&so, options, usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		if (filter_option(&f, c, optarg, now))
			continue;
		if (c == OPT_LIMIT) {
			limit = ck_parse_count("--limit", optarg);
			continue;
		}
		if (c == OPT_OFFSET) {
			offset = ck_parse_count("--offset", optarg);
			continue;
		}
		ck_usage_error("unexpected option");
	}
	if (f.log == NULL)
		ck_usage_error("--log DIR is required");
	if (optind != argc)
		ck_usage_error("unexpected argument '%s'", argv[optind]);
	re = filter_regex(f.match);
	out = ck_open_output(so.common.output);
	fmt = ck_format_resolve(so.common.format, formats, out);
	{
		struct ck_audit *a = open_log_or_die(f.log);

		ck_audit_free(a);
	}
	if (index_open(&ix, f.log, &err) < 0) {
		ck_warn_error(&err);
		goto out_noix;
	}
	ck_buf_append_str(&sql, "SELECT seg, off, len FROM ev");
	filter_sql(&f, &sql);
	ck_buf_append_str(&sql, " ORDER BY seq");
	if (sqlite3_prepare_v2(ix.db, sql.data, -1, &st, NULL)) {
		ck_warn("index: %s", sqlite3_errmsg(ix.db));
		goto out;
	}
	filter_bind(&f, st);
	if (fmt == 2)
		fprintf(out, "%s\r\n", csv_columns);
	while (found < limit && (c = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line;
		int64_t len = sqlite3_column_int64(st, 2);
		json_t *ev;

		if (index_line(&ix, (uint64_t)sqlite3_column_int64(st, 0),
			       sqlite3_column_int64(st, 1), len, &line,
			       &err) < 0) {
			ck_warn_error(&err);
			goto out;
		}
		if (!filter_regex_match(re, line, (size_t)len))
			continue;
		if (offset > 0) {
			offset--;
			continue;
		}
		found++;
		if (fmt == 1) {
			fwrite(line, 1, (size_t)len, out);
			fputc('\n', out);
			fflush(out);
			continue;
		}
		ev = json_loadb(line, (size_t)len, 0, NULL);
		if (ev == NULL) {
			ck_warn("index: seq %lld does not parse; run 'auditlog "
				"verify'", (long long)0);
			goto out;
		}
		if (fmt == 0)
			text_event(out, ev);
		else
			csv_event(out, ev);
		json_decref(ev);
	}
	if (fflush(out) != 0 || ferror(out)) {
		ck_warn_errno(errno, "cannot write the output");
		goto out;
	}
	rc = found ? CK_EXIT_OK : CK_EXIT_TRIP;
out:
	sqlite3_finalize(st);
	index_close(&ix);
out_noix:
	filter_regex_free(re);
	ck_buf_release(&sql);
	if (out != stdout && fclose(out) != 0)
		rc = CK_EXIT_TROUBLE;
	sub_opts_release(&so);
	return rc;
}
