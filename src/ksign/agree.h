/* agree.h -- agreements: durations, requirements (role:meaning) and the
 * state of a signed document (ksign status and due). */
#ifndef KS_AGREE_H
#define KS_AGREE_H

#include <stddef.h>
#include <stdint.h>
#include "common/err.h"
#include "common/timefmt.h"

/* A duration: N followed by s, min, h, d, w, mo (calendar months) or y
 * (calendar years): "90d", "1y", "18mo".  0 or -1. */
struct ks_duration {
	int64_t sec;		/* s, min, h, d, w */
	int32_t months;		/* mo, y */
};
int ks_duration_parse(const char *s, struct ks_duration *d);
/* t + d; a day past the end of the target month is clamped to its last
 * day (2024-02-29 + 1y = 2025-02-28). */
void ks_duration_add(const struct ck_time *t, const struct ks_duration *d,
		     struct ck_time *out);

struct ks_req {
	char *role;
	char *meaning;
	int met;
	struct ck_time when;	/* earliest good signature meeting it */
};

/* Parses "customer:approval,provider:approval".  0 or -1 with err. */
int ks_reqs_parse(const char *spec, struct ks_req **out, size_t *n,
		  struct ck_error *err);
void ks_reqs_free(struct ks_req *r, size_t n);

enum ks_state {
	KS_UNSIGNED,		/* no requirement met */
	KS_PARTIAL,		/* some met */
	KS_EXECUTED,		/* all met, in force */
	KS_EXPIRING,		/* all met, expires within the warning */
	KS_EXPIRED
};

struct ks_status {
	enum ks_state state;
	struct ck_time effective;	/* last requirement met (executed) */
	int has_expiry;
	struct ck_time expires;
	int64_t days_left;		/* whole days to expiry, >= 0 */
};

/* The state from requirements whose met/when are filled in; valid_for
 * NULL means no expiry.  warn: how close to expiry "expiring" starts. */
void ks_status_eval(const struct ks_req *r, size_t n,
		    const struct ks_duration *valid_for,
		    const struct ks_duration *warn, const struct ck_time *now,
		    struct ks_status *st);
const char *ks_state_name(enum ks_state s);

#endif
