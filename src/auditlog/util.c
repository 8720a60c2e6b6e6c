/* util.c -- option plumbing, times, durations and sizes shared by the
 * subcommands. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "auditlog/auditlog.h"
#include "common/timefmt.h"

void
sub_opts_init(struct sub_opts *so, const struct ck_opt *table,
	      void (*usage)(FILE *))
{
	memset(so, 0, sizeof *so);
	ck_opts_build(table, &so->b);
	so->usage = usage;
	optind = 1;
}

int
sub_getopt(struct sub_opts *so, int argc, char **argv)
{
	int c;

	while ((c = ck_getopt(argc, argv, &so->b)) != -1) {
		if (ck_opts_common(c, optarg, &so->common, so->usage))
			continue;
		return c;
	}
	return -1;
}

void
sub_opts_release(struct sub_opts *so)
{
	ck_opts_release(&so->b);
}

int64_t
parse_duration(const char *s)
{
	char *end;
	long long v;
	int64_t mul;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	switch (*end) {
	case 's': mul = 1; break;
	case 'm': mul = 60; break;
	case 'h': mul = 3600; break;
	case 'd': mul = 86400; break;
	case 'w': mul = 7 * 86400; break;
	case 'y': mul = 365 * 86400; break;	/* retention years: 365 days */
	default: return -1;
	}
	if (end[1] != '\0' || v > INT64_MAX / mul / 1000000)
		return -1;
	return v * mul;
}

int64_t
now_us(void)
{
	struct ck_time t;

	if (ck_time_now(&t) < 0)
		ck_die(CK_EXIT_TROUBLE, 0, "COMPLYKIT_NOW is not an RFC 3339 "
		       "time");
	return t.sec * 1000000 + t.usec;
}

int64_t
parse_when(const char *opt, const char *s, int64_t now)
{
	struct ck_time t;
	int64_t d = parse_duration(s);
	char buf[40];

	if (d >= 0)
		return now - d * 1000000;
	if (ck_time_parse(s, &t) == 0)
		return t.sec * 1000000 + t.usec;
	if (strlen(s) == 10) {
		snprintf(buf, sizeof buf, "%sT00:00:00Z", s);
		if (ck_time_parse(buf, &t) == 0)
			return t.sec * 1000000;
	}
	ck_usage_error("invalid %s '%s' (a duration such as 30d, an RFC 3339 "
		       "time or a date YYYY-MM-DD)", opt, s);
}

uint64_t
parse_size(const char *opt, const char *s)
{
	unsigned long long v, mul = 1;
	char *end;

	errno = 0;
	if (!isdigit((unsigned char)*s))
		ck_usage_error("invalid %s '%s'", opt, s);
	v = strtoull(s, &end, 10);
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'M': mul = 1ULL << 20; end++; break;
	case 'G': mul = 1ULL << 30; end++; break;
	default: mul = 0;
	}
	if (errno != 0 || *end != '\0' || mul == 0 || v == 0 ||
	    v > ULLONG_MAX / mul)
		ck_usage_error("invalid %s '%s' (a size such as 64M)", opt, s);
	return v * mul;
}

int64_t
event_time_us(const json_t *ev)
{
	struct ck_time t;
	const char *s = json_string_value(json_object_get(ev, "time"));

	if (s == NULL || ck_time_parse(s, &t) < 0)
		return -1;
	return t.sec * 1000000 + t.usec;
}

const char *
risk_level(const json_t *ev)
{
	const json_t *s = json_object_get(json_object_get(ev, "phi"), "score");
	double v;

	if (!json_is_number(s))
		return NULL;
	v = json_number_value(s);
	/* CONTRACT scoring policy: high above 15, medium above 5. */
	if (v > 15)
		return "high";
	if (v > 5)
		return "medium";
	return "low";
}

struct ck_audit *
open_log_or_die(const char *dir)
{
	struct ck_error err;
	struct ck_audit *a;

	ck_error_clear(&err);
	a = ck_audit_open(dir, &err);
	if (a == NULL) {
		ck_warn_error(&err);
		exit(CK_EXIT_TROUBLE);
	}
	return a;
}
