/* tally.h -- the report's counts, in one pass over the index. */
#ifndef AUDITLOG_TALLY_H
#define AUDITLOG_TALLY_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "auditlog/query.h"

struct tally_day {
	int64_t d;		/* days since the epoch (floor of t) */
	long n, high;
};

struct tally_key {
	char *key;
	long n, high;
	int64_t last;		/* latest t */
};

struct tally {
	long total, risk[4];		/* high medium low none */
	struct tally_day *days;		/* by d */
	size_t ndays;
	struct tally_key *actors;	/* most events first, then by key */
	size_t nactors;
	struct tally_key *actions;	/* likewise */
	size_t nactions;
};

/* Counts the events of the index that f selects: what four GROUP BY
 * queries gave (totals by risk, per day, per actor, per action), from
 * one scan, without SQLite sorting each.  0 or -1 with err. */
int tally_events(sqlite3 *db, const struct filter *f, struct tally *t,
		 struct ck_error *err);
void tally_release(struct tally *t);

#endif
