/* query.h -- filters shared by query and report, and CSV writing. */
#ifndef AUDITLOG_QUERY_H
#define AUDITLOG_QUERY_H

#include <limits.h>
#include <sqlite3.h>

#include "auditlog/auditlog.h"
#include "common/buf.h"

enum {
	OPT_LOG = CK_OPT_TOOL_BASE, OPT_SINCE, OPT_UNTIL, OPT_ACTOR,
	OPT_ACTION, OPT_OUTCOME, OPT_RISK, OPT_TARGET, OPT_MATCH, OPT_LIMIT,
	OPT_OFFSET, OPT_FILTER_END
};

#define FILTER_OPTS \
	{ "log", OPT_LOG, required_argument, "DIR", "the log (required)" }, \
	{ "since", OPT_SINCE, required_argument, "WHEN", \
	  "events at or after WHEN (30d, 2026-11-01, RFC 3339)" }, \
	{ "until", OPT_UNTIL, required_argument, "WHEN", \
	  "events before WHEN" }, \
	{ "actor", OPT_ACTOR, required_argument, "ID", "only this actor.id" }, \
	{ "action", OPT_ACTION, required_argument, "ACTION", \
	  "only this action" }, \
	{ "outcome", OPT_OUTCOME, required_argument, "OUTCOME", \
	  "only this outcome" }, \
	{ "risk", OPT_RISK, required_argument, "LEVEL", \
	  "phi.score level: high (>15), medium (6-15), low (<6)" }, \
	{ "target", OPT_TARGET, required_argument, "VALUE", \
	  "a target member (id, type, path, sha256...) equals VALUE" }, \
	{ "match", OPT_MATCH, required_argument, "REGEX", \
	  "the stored event matches this PCRE2 pattern" }

struct filter {
	const char *log;
	int64_t since, until;	/* µs; INT64_MIN / INT64_MAX when open */
	const char *actor, *action, *outcome, *risk, *target, *match;
};

void filter_init(struct filter *f);
/* Takes a filter option (the keys of FILTER_OPTS in query.c); 1 if it
 * did. */
int filter_option(struct filter *f, int c, const char *arg, int64_t now);
void filter_sql(const struct filter *f, struct ck_buf *b);
void filter_bind(const struct filter *f, sqlite3_stmt *st);
void *filter_regex(const char *pattern);
int filter_regex_match(void *re, const char *line, size_t len);
void filter_regex_free(void *re);

extern const char csv_columns[];
void csv_field(FILE *out, const char *s);
void csv_event(FILE *out, const json_t *ev);

#endif
