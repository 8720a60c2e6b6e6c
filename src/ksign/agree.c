/* agree.c -- durations, requirements and agreement states. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ksign/agree.h"
#include "ksign/check.h"

int
ks_duration_parse(const char *s, struct ks_duration *d)
{
	static const struct {
		const char *u;
		int64_t sec;
		int32_t months;
	} units[] = {
		{ "s", 1, 0 }, { "min", 60, 0 }, { "h", 3600, 0 },
		{ "d", 86400, 0 }, { "w", 7 * 86400, 0 }, { "mo", 0, 1 },
		{ "y", 0, 12 }
	};
	int64_t n = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		n = n * 10 + (*p++ - '0');
		if (n > 100000000)
			return -1;
	}
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(p, units[i].u) == 0) {
			if (units[i].months && n > 12 * 1000)
				return -1;
			d->sec = n * units[i].sec;
			d->months = (int32_t)(n * units[i].months);
			return 0;
		}
	return -1;
}

static unsigned
month_days(int64_t y, unsigned m)
{
	static const unsigned days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
					 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

void
ks_duration_add(const struct ck_time *t, const struct ks_duration *d,
		struct ck_time *out)
{
	int64_t day = t->sec >= 0 ? t->sec / 86400
				  : -((-t->sec + 86399) / 86400);
	int64_t rest = t->sec - day * 86400, y, mi;
	unsigned m, dd;

	*out = *t;
	if (d->months) {
		ck_civil_from_days(day, &y, &m, &dd);
		mi = y * 12 + (m - 1) + d->months;
		y = mi / 12;
		m = (unsigned)(mi % 12) + 1;
		if (dd > month_days(y, m))
			dd = month_days(y, m);
		out->sec = ck_days_from_civil(y, m, dd) * 86400 + rest;
	}
	out->sec += d->sec;
}

void
ks_reqs_free(struct ks_req *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].role);
		free(r[i].meaning);
	}
	free(r);
}

int
ks_reqs_parse(const char *spec, struct ks_req **out, size_t *n,
	      struct ck_error *err)
{
	struct ks_req *r = NULL;
	size_t k = 0;
	const char *p = spec;

	*out = NULL;
	*n = 0;
	for (;;) {
		size_t len = strcspn(p, ","), rl;
		const char *colon = memchr(p, ':', len);
		struct ks_req *nr;

		if (colon == NULL || colon == p || colon + 1 == p + len ||
		    memchr(colon + 1, ':', (size_t)(p + len - colon - 1))) {
			ks_reqs_free(r, k);
			return ck_error_set(err, 0, "bad requirement '%.*s' "
					    "(want ROLE:MEANING)",
					    (int)(len > 60 ? 60 : len), p);
		}
		if ((nr = realloc(r, (k + 1) * sizeof *r)) == NULL) {
			ks_reqs_free(r, k);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
		r = nr;
		memset(&r[k], 0, sizeof r[k]);
		rl = (size_t)(colon - p);
		r[k].role = strndup(p, rl);
		r[k].meaning = strndup(colon + 1, len - rl - 1);
		k++;
		if (r[k - 1].role == NULL || r[k - 1].meaning == NULL) {
			ks_reqs_free(r, k);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*out = r;
	*n = k;
	return 0;
}

const char *
ks_state_name(enum ks_state s)
{
	static const char *const names[] = { "unsigned", "partially-signed",
					     "fully-executed", "expiring",
					     "expired" };
	return names[s];
}

void
ks_status_eval(const struct ks_req *r, size_t n,
	       const struct ks_duration *valid_for,
	       const struct ks_duration *warn, const struct ck_time *now,
	       struct ks_status *st)
{
	size_t met = 0;
	struct ck_time soon;

	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < n; i++)
		if (r[i].met) {
			/* in force once the last party has signed */
			if (met == 0 ||
			    ks_time_cmp(&r[i].when, &st->effective) > 0)
				st->effective = r[i].when;
			met++;
		}
	if (met == 0) {
		st->state = KS_UNSIGNED;
		return;
	}
	if (met < n) {
		st->state = KS_PARTIAL;
		return;
	}
	st->state = KS_EXECUTED;
	if (valid_for == NULL)
		return;
	st->has_expiry = 1;
	ks_duration_add(&st->effective, valid_for, &st->expires);
	if (ks_time_cmp(now, &st->expires) >= 0) {
		st->state = KS_EXPIRED;
		return;
	}
	st->days_left = (st->expires.sec - now->sec) / 86400;
	ks_duration_add(now, warn, &soon);
	if (ks_time_cmp(&soon, &st->expires) >= 0)
		st->state = KS_EXPIRING;
}
