/* report.c -- auditlog report: what a compliance officer hands over.
 * Activity and high-risk events per day, the risk breakdown, the top
 * users, the verification status, checkpoint age and retention state, as
 * one self-contained HTML file (inline SVG, no scripts, no fetches),
 * Markdown or JSON; or the events themselves as CSV with header rows. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "auditlog/index.h"
#include "auditlog/query.h"
#include "auditlog/tally.h"
#include "common/atomic.h"
#include "common/jsonl.h"
#include "common/timefmt.h"

enum { OPT_VERIFY = OPT_FILTER_END + 1, OPT_BY };

static const struct ck_opt options[] = {
	FILTER_OPTS,
	{ "by", OPT_BY, required_argument, "NAME",
	  "who generates the report (default: $USER)" },
	{ "verify", OPT_VERIFY, no_argument, NULL,
	  "verify the whole log now (default: show the last verify)" },
	CK_OPTS_COMMON
};

static void
usage(FILE *fp)
{
	fprintf(fp, "Usage: %s report --log DIR [--since WHEN] [--until WHEN] "
		"[--format FMT]\n"
		"Compliance report over a time range (default: the last 30 "
		"days).  FMT is html\n(one self-contained file), md, json, or "
		"csv (the events, with header rows;\nwritten to "
		"complykit-audit-FROM_to_TO.csv unless -o is given).  Exit 1 "
		"when the\nlog fails verification.\n\nOptions:\n",
		ck_progname);
	ck_opts_help(fp, options);
}

struct day { char date[11]; long n, high; };
struct user { char *id; long n, high; int64_t last; };
struct report {
	char by[128], generated[CK_TIME_LEN], from[11], to[11];
	int64_t since, until;
	long total, risk[4];	/* high medium low none */
	struct day *days;
	size_t ndays;
	struct user users[10];
	size_t nusers;
	struct { char *action; long n; } actions[10];
	size_t nactions;
	/* integrity */
	uint64_t log_size;
	int verified;		/* 1 ok, 0 failed, -1 never */
	char verified_at[CK_TIME_LEN], verify_result[1024];
	uint64_t verified_size;
	uint64_t cp_size;
	int64_t cp_age;		/* s, -1 none */
	/* retention */
	size_t segments, archived;
	uint64_t pruned_through;
	char oldest[CK_TIME_LEN];
	int64_t segment_age;
	uint64_t segment_bytes;
};

static void
fmt_us(int64_t us, char out[CK_TIME_LEN])
{
	struct ck_time t = { us / 1000000, (int32_t)(us % 1000000) };

	if (us < 0) {
		t.sec = (us - 999999) / 1000000;
		t.usec = (int32_t)(us - t.sec * 1000000);
	}
	ck_time_format(&t, out);
}

static int
gather(struct report *r, struct index *ix, const struct filter *f,
       const char *dir, struct ck_error *err)
{
	sqlite3_stmt *st;
	struct ck_buf sql = CK_BUF_INIT;
	int rc = -1;
	struct ck_audit_seg *segs;
	size_t nseg, i;

#define Q(s) do { ck_buf_reset(&sql); ck_buf_append_str(&sql, s); } while (0)
#define PREP() (sqlite3_prepare_v2(ix->db, sql.data, -1, &st, NULL) == SQLITE_OK \
		? (filter_bind(f, st), 1) : 0)
	{
		struct tally t;

		if (tally_events(ix->db, f, &t, err) < 0)
			goto out;
		r->total = t.total;
		for (i = 0; i < 4; i++)
			r->risk[i] = t.risk[i];
		r->days = t.ndays ? calloc(t.ndays, sizeof *r->days) : NULL;
		if (t.ndays && r->days == NULL) {
			tally_release(&t);
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		for (i = 0; i < t.ndays; i++) {
			char tb[CK_TIME_LEN];

			fmt_us(t.days[i].d * 86400000000LL, tb);
			memcpy(r->days[i].date, tb, 10);
			r->days[i].date[10] = '\0';
			r->days[i].n = t.days[i].n;
			r->days[i].high = t.days[i].high;
		}
		r->ndays = t.ndays;
		/* the top ten of each: the tally hands over its keys */
		for (i = 0; i < t.nactors && i < 10; i++) {
			struct user *u = &r->users[r->nusers++];

			u->id = t.actors[i].key;
			t.actors[i].key = NULL;
			u->n = t.actors[i].n;
			u->high = t.actors[i].high;
			u->last = t.actors[i].last;
		}
		for (i = 0; i < t.nactions && i < 10; i++) {
			r->actions[r->nactions].action = t.actions[i].key;
			t.actions[i].key = NULL;
			r->actions[r->nactions++].n = t.actions[i].n;
		}
		tally_release(&t);
	}
	Q("SELECT max(seq), min(t) FROM ev");
	if (sqlite3_prepare_v2(ix->db, sql.data, -1, &st, NULL))
		goto sqlfail;
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->log_size = (uint64_t)sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			fmt_us(sqlite3_column_int64(st, 1), r->oldest);
	}
	sqlite3_finalize(st);
	/* retention: segments, archived ones, the prune anchor */
	if (ck_audit_segs(dir, &segs, &nseg, err) < 0)
		goto out;
	r->segments = nseg;
	for (i = 0; i < nseg; i++)
		r->archived += segs[i].zst != 0;
	ck_audit_segs_free(segs, nseg);
	{
		struct anchor an;

		if (anchor_load(dir, &an, err) < 0)
			goto out;
		r->pruned_through = an.present ? an.seq : 0;
		anchor_release(&an);
	}
	rc = 0;
	goto out;
sqlfail:
	ck_error_set(err, 0, "index: %s", sqlite3_errmsg(ix->db));
out:
	ck_buf_release(&sql);
	return rc;
#undef Q
#undef PREP
}

static void
last_verify(struct report *r, const char *dir)
{
	char *path = ck_audit_path(dir, "verified.json");
	json_t *v = path ? json_load_file(path, 0, NULL) : NULL;
	const char *t = json_string_value(json_object_get(v, "time"));
	const char *res = json_string_value(json_object_get(v, "result"));

	r->verified = v ? json_is_true(json_object_get(v, "ok")) : -1;
	snprintf(r->verified_at, sizeof r->verified_at, "%s", t ? t : "");
	snprintf(r->verify_result, sizeof r->verify_result, "%s",
		 res ? res : "");
	r->verified_size = (uint64_t)json_integer_value(json_object_get(v,
									"size"));
	json_decref(v);
	free(path);
}

static void
html_esc(FILE *o, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", o); break;
		case '>': fputs("&gt;", o); break;
		case '&': fputs("&amp;", o); break;
		case '"': fputs("&quot;", o); break;
		case '\'': fputs("&#39;", o); break;
		default: fputc(*s, o);
		}
	}
}

static void
md_esc(FILE *o, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("|\\`*_[]<>#", *s))
			fputc('\\', o);
		fputc(*s == '\n' ? ' ' : *s, o);
	}
}

static const char *
verify_word(const struct report *r)
{
	return r->verified < 0 ? "never verified"
	       : r->verified ? "verified" : "FAILED";
}

static void
age_text(int64_t s, char *out, size_t n)
{
	if (s < 0)
		snprintf(out, n, "no checkpoint");
	else if (s < 3600)
		snprintf(out, n, "%lld min", (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(out, n, "%lld h", (long long)(s / 3600));
	else
		snprintf(out, n, "%lld days", (long long)(s / 86400));
}

/* Bars of events per day, high-risk ones in front, with axis labels. */
static void
svg_days(FILE *o, const struct report *r)
{
	const int W = 880, H = 220, L = 48, B = 28, T = 12;
	long max = 1;
	size_t i;
	double bw;

	for (i = 0; i < r->ndays; i++)
		if (r->days[i].n > max)
			max = r->days[i].n;
	bw = r->ndays ? (double)(W - L - 8) / (double)r->ndays : 1;
	fprintf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" role=\"img\" aria-label=\"events per day\">\n",
		W, H);
	fprintf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		"stroke=\"#888\"/>\n", L, H - B, W - 4, H - B);
	fprintf(o, "<text x=\"%d\" y=\"%d\" class=\"ax\" text-anchor=\"end\">"
		"%ld</text><text x=\"%d\" y=\"%d\" class=\"ax\" "
		"text-anchor=\"end\">0</text>\n", L - 6, T + 8, max, L - 6,
		H - B);
	for (i = 0; i < r->ndays; i++) {
		double x = L + 4 + (double)i * bw;
		double h = (double)(H - B - T) * (double)r->days[i].n / (double)max;
		double hh = (double)(H - B - T) * (double)r->days[i].high /
			    (double)max;

		fprintf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\" fill=\"#4a78b5\"><title>%s: %ld "
			"events, %ld high-risk</title></rect>\n", x,
			(double)(H - B) - h, bw > 3 ? bw - 2 : bw, h,
			r->days[i].date, r->days[i].n, r->days[i].high);
		if (r->days[i].high)
			fprintf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				"height=\"%.1f\" fill=\"#c0392b\"/>\n", x,
				(double)(H - B) - hh, bw > 3 ? bw - 2 : bw, hh);
		if (r->ndays <= 16 || i % ((r->ndays + 7) / 8) == 0)
			fprintf(o, "<text x=\"%.1f\" y=\"%d\" class=\"ax\">%s"
				"</text>\n", x, H - 8, r->days[i].date + 5);
	}
	fputs("</svg>\n", o);
}

static void
svg_risk(FILE *o, const struct report *r)
{
	static const char *names[] = { "high", "medium", "low", "no score" };
	static const char *colors[] = { "#c0392b", "#e69b22", "#3f9e5a",
					"#b8b8b8" };
	const int W = 880;
	double x = 0;
	int i;

	fprintf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"64\" role=\"img\" aria-label=\"risk breakdown\">\n",
		W);
	for (i = 0; i < 4; i++) {
		double w = r->total ? (double)W * (double)r->risk[i] /
					      (double)r->total : 0;

		if (w > 0)
			fprintf(o, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" "
				"height=\"28\" fill=\"%s\"><title>%s: %ld"
				"</title></rect>\n", x, w, colors[i], names[i],
				r->risk[i]);
		x += w;
		fprintf(o, "<rect x=\"%d\" y=\"42\" width=\"12\" height=\"12\" "
			"fill=\"%s\"/><text x=\"%d\" y=\"53\" class=\"ax\">%s: "
			"%ld</text>\n", i * 200, colors[i], i * 200 + 18,
			names[i], r->risk[i]);
	}
	fputs("</svg>\n", o);
}

static void
render_html(FILE *o, const struct report *r)
{
	char t[CK_TIME_LEN], age[64];
	size_t i;

	age_text(r->cp_age, age, sizeof age);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "\n<meta http-equiv=\"Content-Security-Policy\" content=\""
	      "default-src 'none'; style-src 'unsafe-inline'\">\n", o);
	fprintf(o, "<title>Audit report %s to %s</title>\n", r->from, r->to);
	fputs("<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em;"
	      "color:#222;max-width:920px}h1{font-size:22px}h2{font-size:16px;"
	      "margin-top:1.6em;border-bottom:1px solid #ddd}"
	      "table{border-collapse:collapse}td,th{padding:3px 12px 3px 0;"
	      "text-align:left}th{border-bottom:1px solid #aaa}"
	      ".num{text-align:right}.ok{color:#1e7d3a;font-weight:600}"
	      ".bad{color:#b3261e;font-weight:600}.ax{font:11px sans-serif;"
	      "fill:#555}.cards{display:flex;gap:16px}.card{border:1px solid "
	      "#ddd;border-radius:6px;padding:8px 14px}.card b{display:block;"
	      "font-size:20px}</style></head><body>\n", o);
	fprintf(o, "<h1>Audit report: %s to %s</h1>\n<p>Generated by <b>", r->from,
		r->to);
	html_esc(o, r->by);
	fprintf(o, "</b> at %s.</p>\n<div class=\"cards\">"
		"<div class=\"card\">Events<b>%ld</b></div>"
		"<div class=\"card\">High-risk<b>%ld</b></div>"
		"<div class=\"card\">Integrity<b class=\"%s\">%s</b></div>"
		"<div class=\"card\">Last checkpoint<b>%s</b></div></div>\n",
		r->generated, r->total, r->risk[0],
		r->verified == 1 ? "ok" : "bad", verify_word(r), age);
	fputs("<h2>Activity per day</h2>\n<p>All events (blue), high-risk "
	      "events (red).</p>\n", o);
	svg_days(o, r);
	fputs("<h2>Risk breakdown</h2>\n<p>phi.score: high above 15, medium "
	      "6 to 15, low below 6.</p>\n", o);
	svg_risk(o, r);
	fputs("<h2>Top users</h2>\n<table><tr><th>User</th><th class=\"num\">"
	      "Events</th><th class=\"num\">High-risk</th><th>Last active</th>"
	      "</tr>\n", o);
	for (i = 0; i < r->nusers; i++) {
		fmt_us(r->users[i].last, t);
		fputs("<tr><td>", o);
		html_esc(o, r->users[i].id);
		fprintf(o, "</td><td class=\"num\">%ld</td><td class=\"num\">%ld"
			"</td><td>%s</td></tr>\n", r->users[i].n,
			r->users[i].high, t);
	}
	fputs("</table>\n<h2>Top actions</h2>\n<table><tr><th>Action</th>"
	      "<th class=\"num\">Events</th></tr>\n", o);
	for (i = 0; i < r->nactions; i++) {
		fputs("<tr><td>", o);
		html_esc(o, r->actions[i].action);
		fprintf(o, "</td><td class=\"num\">%ld</td></tr>\n",
			r->actions[i].n);
	}
	fputs("</table>\n<h2>Integrity</h2>\n<table>\n", o);
	fprintf(o, "<tr><td>Verification</td><td class=\"%s\">%s</td></tr>\n",
		r->verified == 1 ? "ok" : "bad", verify_word(r));
	if (r->verified >= 0) {
		fprintf(o, "<tr><td>Last verified</td><td>%s, %" PRIu64
			" events</td></tr>\n", r->verified_at, r->verified_size);
		if (r->verified == 0) {
			fputs("<tr><td>Finding</td><td>", o);
			html_esc(o, r->verify_result);
			fputs("</td></tr>\n", o);
		}
	}
	fprintf(o, "<tr><td>Events in the log</td><td>%" PRIu64 "</td></tr>\n",
		r->log_size);
	if (r->cp_age >= 0)
		fprintf(o, "<tr><td>Latest signed checkpoint</td><td>%" PRIu64
			" events, %s old</td></tr>\n", r->cp_size, age);
	else
		fputs("<tr><td>Latest signed checkpoint</td><td class=\"bad\">"
		      "none</td></tr>\n", o);
	fputs("</table>\n<h2>Retention</h2>\n<table>\n", o);
	fprintf(o, "<tr><td>Segments</td><td>%zu (%zu archived with zstd)"
		"</td></tr>\n<tr><td>Oldest event kept</td><td>%s</td></tr>\n"
		"<tr><td>Pruned</td><td>%s</td></tr>\n"
		"<tr><td>Rollover</td><td>%" PRIu64 " MiB or %lld days</td>"
		"</tr>\n</table>\n", r->segments, r->archived,
		r->oldest[0] ? r->oldest : "-",
		r->pruned_through ? "" : "nothing", r->segment_bytes >> 20,
		(long long)(r->segment_age / 86400));
	if (r->pruned_through)
		fprintf(o, "<p>Events 1 to %" PRIu64 " were pruned (a signed "
			"log_prune event records their Merkle root).</p>\n",
			r->pruned_through);
	fputs("</body></html>\n", o);
}

static void
render_md(FILE *o, const struct report *r)
{
	char t[CK_TIME_LEN], age[64];
	size_t i;

	age_text(r->cp_age, age, sizeof age);
	fprintf(o, "# Audit report: %s to %s\n\nGenerated by ", r->from, r->to);
	md_esc(o, r->by);
	fprintf(o, " at %s.\n\n| | |\n|---|---|\n| Events | %ld |\n"
		"| High-risk | %ld |\n| Medium-risk | %ld |\n| Low-risk | %ld |\n"
		"| No score | %ld |\n| Integrity | %s |\n"
		"| Last checkpoint | %s |\n\n", r->generated, r->total,
		r->risk[0], r->risk[1], r->risk[2], r->risk[3], verify_word(r),
		age);
	fputs("## Activity per day\n\n| Day | Events | High-risk |\n"
	      "|---|---:|---:|\n", o);
	for (i = 0; i < r->ndays; i++)
		fprintf(o, "| %s | %ld | %ld |\n", r->days[i].date,
			r->days[i].n, r->days[i].high);
	fputs("\n## Top users\n\n| User | Events | High-risk | Last active |\n"
	      "|---|---:|---:|---|\n", o);
	for (i = 0; i < r->nusers; i++) {
		fmt_us(r->users[i].last, t);
		fputs("| ", o);
		md_esc(o, r->users[i].id);
		fprintf(o, " | %ld | %ld | %s |\n", r->users[i].n,
			r->users[i].high, t);
	}
	fprintf(o, "\n## Integrity\n\n- Verification: %s", verify_word(r));
	if (r->verified >= 0)
		fprintf(o, " (%s, %" PRIu64 " events)", r->verified_at,
			r->verified_size);
	fprintf(o, "\n- Events in the log: %" PRIu64 "\n", r->log_size);
	if (r->cp_age >= 0)
		fprintf(o, "- Latest signed checkpoint: %" PRIu64 " events, %s "
			"old\n", r->cp_size, age);
	else
		fputs("- Latest signed checkpoint: none\n", o);
	fprintf(o, "\n## Retention\n\n- Segments: %zu (%zu archived)\n"
		"- Oldest event kept: %s\n- Pruned through seq: %" PRIu64 "\n",
		r->segments, r->archived, r->oldest[0] ? r->oldest : "-",
		r->pruned_through);
}

static void
render_json(FILE *o, const struct report *r)
{
	json_t *days = json_array(), *users = json_array(), *acts = json_array();
	char t[CK_TIME_LEN];
	struct ck_error err;
	json_t *v;
	size_t i;

	for (i = 0; i < r->ndays; i++)
		json_array_append_new(days, json_pack("{s:s, s:I, s:I}", "date",
			r->days[i].date, "events", (json_int_t)r->days[i].n,
			"high", (json_int_t)r->days[i].high));
	for (i = 0; i < r->nusers; i++) {
		fmt_us(r->users[i].last, t);
		json_array_append_new(users, json_pack("{s:s, s:I, s:I, s:s}",
			"actor", r->users[i].id, "events",
			(json_int_t)r->users[i].n, "high",
			(json_int_t)r->users[i].high, "last_active", t));
	}
	for (i = 0; i < r->nactions; i++)
		json_array_append_new(acts, json_pack("{s:s, s:I}", "action",
			r->actions[i].action, "events",
			(json_int_t)r->actions[i].n));
	v = json_pack("{s:s, s:s, s:s, s:s, s:I, s:{s:I, s:I, s:I, s:I}, s:o, "
		      "s:o, s:o, s:{s:s, s:s, s:I, s:I, s:I, s:I}, "
		      "s:{s:I, s:I, s:s, s:I}}",
		"kind", "audit_report", "generated_by", r->by, "generated_at",
		r->generated, "range", r->from, "events", (json_int_t)r->total,
		"risk", "high", (json_int_t)r->risk[0], "medium",
		(json_int_t)r->risk[1], "low", (json_int_t)r->risk[2], "none",
		(json_int_t)r->risk[3], "per_day", days, "top_users", users,
		"top_actions", acts, "integrity", "verification",
		verify_word(r), "verified_at", r->verified_at, "verified_size",
		(json_int_t)r->verified_size, "log_size",
		(json_int_t)r->log_size, "checkpoint_size",
		(json_int_t)r->cp_size, "checkpoint_age_s",
		(json_int_t)r->cp_age, "retention", "segments",
		(json_int_t)r->segments, "archived", (json_int_t)r->archived,
		"oldest", r->oldest, "pruned_through",
		(json_int_t)r->pruned_through);
	json_object_set_new(v, "range", json_pack("{s:s, s:s}", "from", r->from,
						  "to", r->to));
	ck_error_clear(&err);
	ck_jsonl_write(o, v, &err);
	json_decref(v);
}

static int
render_csv(FILE *o, const struct report *r, struct index *ix,
	   const struct filter *f, struct ck_error *err)
{
	struct ck_buf sql = CK_BUF_INIT;
	sqlite3_stmt *st;
	void *re = filter_regex(f->match);
	long n = 0;
	int rc = -1, c;

	/* Header rows first (Part 11 wants exports that say what they are),
	 * then the column names and one row per event. */
	fputs("Generated by,", o);
	csv_field(o, r->by);
	fprintf(o, "\r\nRange,%s to %s\r\nRecords,%ld\r\nExported,%s\r\n",
		r->from, r->to, r->total, r->generated);
	fprintf(o, "%s\r\n", csv_columns);
	ck_buf_append_str(&sql, "SELECT seg, off, len FROM ev");
	filter_sql(f, &sql);
	ck_buf_append_str(&sql, " ORDER BY seq");
	if (sqlite3_prepare_v2(ix->db, sql.data, -1, &st, NULL)) {
		ck_error_set(err, 0, "index: %s", sqlite3_errmsg(ix->db));
		goto out;
	}
	filter_bind(f, st);
	while ((c = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line;
		int64_t len = sqlite3_column_int64(st, 2);
		json_t *ev;

		if (index_line(ix, (uint64_t)sqlite3_column_int64(st, 0),
			       sqlite3_column_int64(st, 1), len, &line,
			       err) < 0) {
			sqlite3_finalize(st);
			goto out;
		}
		if (!filter_regex_match(re, line, (size_t)len))
			continue;
		ev = json_loadb(line, (size_t)len, 0, NULL);
		if (ev) {
			csv_event(o, ev);
			n++;
		}
		json_decref(ev);
	}
	sqlite3_finalize(st);
	rc = 0;
	(void)n;
out:
	filter_regex_free(re);
	ck_buf_release(&sql);
	return rc;
}

static const char *const formats[] = { "html", "md", "json", "csv", NULL };

int
cmd_report(int argc, char **argv)
{
	struct filter f;
	struct sub_opts so;
	struct ck_error err;
	struct report r;
	struct index ix;
	struct ck_audit *a;
	int64_t now = now_us();
	int c, fmt, verify = 0, rc = CK_EXIT_TROUBLE;
	const char *by = ck_audit_actor();
	char name[80];
	FILE *out = NULL;
	size_t i;

	ck_error_clear(&err);
	memset(&r, 0, sizeof r);
	filter_init(&f);
	sub_opts_init(&so, options, usage);
	while ((c = sub_getopt(&so, argc, argv)) != -1) {
		if (filter_option(&f, c, optarg, now))
			continue;
		if (c == OPT_VERIFY)
			verify = 1;
		else if (c == OPT_BY)
			by = optarg;
		else
			ck_usage_error("unexpected option");
	}
	if (f.log == NULL)
		ck_usage_error("--log DIR is required");
	if (optind != argc)
		ck_usage_error("unexpected argument '%s'", argv[optind]);
	if (so.common.format == NULL)
		so.common.format = "html";
	fmt = ck_format_resolve(so.common.format, formats, stdout);
	if (f.since == INT64_MIN)
		f.since = now - (int64_t)30 * 86400 * 1000000;
	if (f.until == INT64_MAX)
		f.until = now + 1;	/* up to and including now */
	a = open_log_or_die(f.log);
	snprintf(r.by, sizeof r.by, "%s", by && *by ? by : "unknown");
	fmt_us(now, r.generated);
	{
		char t[CK_TIME_LEN];

		fmt_us(f.since, t);
		memcpy(r.from, t, 10);
		fmt_us(f.until - 1, t);
		memcpy(r.to, t, 10);
	}
	r.segment_age = ck_audit_settings(a)->segment_age;
	r.segment_bytes = ck_audit_settings(a)->segment_bytes;
	if (verify) {
		struct scan_fail fail;
		uint64_t size;
		size_t nchk;
		ck_mhash root;
		int v = verify_log(a, NULL, NULL, 0, &fail, &size, &nchk, root,
				   &err);

		if (v < 0) {
			ck_warn_error(&err);
			goto out_noix;
		}
		verify_record(f.log, v == 0, v == 0 ? size : fail.seq,
			      v == 0 ? "ok" : fail.msg);
	}
	last_verify(&r, f.log);
	{
		struct checkpoint *cps = NULL;
		size_t ncp = 0;
		struct ck_key pub;

		r.cp_age = -1;
		if (log_key(a, &pub, 0, &err) == 0 &&
		    checkpoints_load(f.log, pub.pub, &cps, &ncp, &err) == 0 &&
		    ncp > 0) {
			r.cp_size = cps[ncp - 1].size;
			r.cp_age = now / 1000000 - cps[ncp - 1].mtime;
			if (r.cp_age < 0)
				r.cp_age = 0;
		}
		checkpoints_free(cps, ncp);
		ck_key_clear(&pub);
		ck_error_clear(&err);
	}
	if (index_open(&ix, f.log, &err) < 0) {
		ck_warn_error(&err);
		goto out_noix;
	}
	if (gather(&r, &ix, &f, f.log, &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	if (fmt == 3 && so.common.output == NULL) {
		snprintf(name, sizeof name, "complykit-audit-%s_to_%s.csv",
			 r.from, r.to);
		out = ck_open_output(name);
		ck_info("writing %s", name);
	} else {
		out = ck_open_output(so.common.output);
	}
	switch (fmt) {
	case 0: render_html(out, &r); break;
	case 1: render_md(out, &r); break;
	case 2: render_json(out, &r); break;
	default:
		if (render_csv(out, &r, &ix, &f, &err) < 0) {
			ck_warn_error(&err);
			goto out;
		}
	}
	if (fflush(out) != 0 || ferror(out)) {
		ck_warn_errno(errno, "cannot write the report");
		goto out;
	}
	rc = r.verified == 0 ? CK_EXIT_TRIP : CK_EXIT_OK;
out:
	index_close(&ix);
out_noix:
	if (out != NULL && out != stdout && fclose(out) != 0)
		rc = CK_EXIT_TROUBLE;
	for (i = 0; i < r.nusers; i++)
		free(r.users[i].id);
	for (i = 0; i < r.nactions; i++)
		free(r.actions[i].action);
	free(r.days);
	ck_audit_free(a);
	sub_opts_release(&so);
	return rc;
}
