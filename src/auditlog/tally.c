/* tally.c -- the report's counts in one pass over the index (tally.h).
 * Four GROUP BY queries each scanned the range and sorted it; a report
 * over a million events spent most of its time there. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "auditlog/tally.h"
#include "common/buf.h"

#define DAY_US 86400000000LL

/* Open addressing over strings; the tables are small (actors, actions). */
struct table {
	struct tally_key *v;
	size_t n, cap;		/* cap a power of two */
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct tally_key *
table_get(struct table *tb, const char *key)
{
	size_t i;

	if (2 * (tb->n + 1) > tb->cap) {
		size_t cap = tb->cap ? tb->cap * 2 : 64, j;
		struct tally_key *nv = calloc(cap, sizeof *nv);

		if (nv == NULL)
			return NULL;
		for (j = 0; j < tb->cap; j++) {
			if (tb->v[j].key == NULL)
				continue;
			for (i = hash_str(tb->v[j].key) & (cap - 1);
			     nv[i].key != NULL; i = (i + 1) & (cap - 1))
				;
			nv[i] = tb->v[j];
		}
		free(tb->v);
		tb->v = nv;
		tb->cap = cap;
	}
	for (i = hash_str(key) & (tb->cap - 1); tb->v[i].key != NULL;
	     i = (i + 1) & (tb->cap - 1))
		if (strcmp(tb->v[i].key, key) == 0)
			return &tb->v[i];
	tb->v[i].key = strdup(key);
	if (tb->v[i].key == NULL)
		return NULL;
	tb->v[i].last = INT64_MIN;
	tb->n++;
	return &tb->v[i];
}

/* ORDER BY n DESC, key (SQLite's BINARY collation is byte order) */
static int
key_cmp(const void *pa, const void *pb)
{
	const struct tally_key *a = pa, *b = pb;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* The table's entries, packed and sorted; the table is emptied. */
static void
table_sorted(struct table *tb, struct tally_key **out, size_t *n)
{
	size_t i, o = 0;

	for (i = 0; i < tb->cap; i++)
		if (tb->v[i].key != NULL)
			tb->v[o++] = tb->v[i];
	if (o > 1)
		qsort(tb->v, o, sizeof *tb->v, key_cmp);
	*out = tb->v;
	*n = o;
	tb->v = NULL;
	tb->n = tb->cap = 0;
}

static void
table_free(struct table *tb)
{
	size_t i;

	for (i = 0; i < tb->cap; i++)
		free(tb->v[i].key);
	free(tb->v);
}

/* The day d, found or inserted in order (rows mostly come in time order,
 * so the last one is tried first). */
static struct tally_day *
day_get(struct tally *t, size_t *cap, size_t *hint, int64_t d)
{
	size_t lo = 0, hi = t->ndays;

	if (*hint < t->ndays && t->days[*hint].d == d)
		return &t->days[*hint];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t->days[mid].d < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->ndays || t->days[lo].d != d) {
		if (t->ndays == *cap) {
			size_t nc = *cap ? *cap * 2 : 64;
			struct tally_day *nd = realloc(t->days,
						       nc * sizeof *nd);

			if (nd == NULL)
				return NULL;
			t->days = nd;
			*cap = nc;
		}
		memmove(t->days + lo + 1, t->days + lo,
			(t->ndays - lo) * sizeof *t->days);
		t->days[lo].d = d;
		t->days[lo].n = t->days[lo].high = 0;
		t->ndays++;
	}
	*hint = lo;
	return &t->days[lo];
}

int
tally_events(sqlite3 *db, const struct filter *f, struct tally *t,
	     struct ck_error *err)
{
	struct table actors = { NULL, 0, 0 }, actions = { NULL, 0, 0 };
	struct ck_buf sql = CK_BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t daycap = 0, hint = 0;
	int rc = -1, r;

	memset(t, 0, sizeof *t);
	if (ck_buf_append_str(&sql, "SELECT t, actor, action, risk FROM ev")
	    < 0)
		goto nomem;
	filter_sql(f, &sql);
	if (sql.data == NULL ||
	    sqlite3_prepare_v2(db, sql.data, -1, &st, NULL) != SQLITE_OK) {
		ck_error_set(err, 0, "index: %s", sqlite3_errmsg(db));
		goto out;
	}
	filter_bind(f, st);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t tm = sqlite3_column_int64(st, 0);
		const char *actor = (const char *)sqlite3_column_text(st, 1);
		const char *action = (const char *)sqlite3_column_text(st, 2);
		const char *risk = (const char *)sqlite3_column_text(st, 3);
		int high = risk != NULL && strcmp(risk, "high") == 0;
		int64_t d = tm / DAY_US - (tm < 0 && tm % DAY_US != 0);
		struct tally_key *k;
		struct tally_day *dy;

		t->total++;
		if (risk == NULL)
			t->risk[3]++;
		else if (high)
			t->risk[0]++;
		else if (strcmp(risk, "medium") == 0)
			t->risk[1]++;
		else if (strcmp(risk, "low") == 0)
			t->risk[2]++;
		if ((dy = day_get(t, &daycap, &hint, d)) == NULL)
			goto nomem;
		dy->n++;
		dy->high += high;
		/* both columns are NOT NULL */
		if ((k = table_get(&actors, actor ? actor : "")) == NULL)
			goto nomem;
		k->n++;
		k->high += high;
		if (tm > k->last)
			k->last = tm;
		if ((k = table_get(&actions, action ? action : "")) == NULL)
			goto nomem;
		k->n++;
	}
	if (r != SQLITE_DONE) {
		ck_error_set(err, 0, "index: %s", sqlite3_errmsg(db));
		goto out;
	}
	table_sorted(&actors, &t->actors, &t->nactors);
	table_sorted(&actions, &t->actions, &t->nactions);
	rc = 0;
	goto out;
nomem:
	ck_error_set(err, ENOMEM, "out of memory");
out:
	sqlite3_finalize(st);
	ck_buf_release(&sql);
	table_free(&actors);
	table_free(&actions);
	if (rc < 0)
		tally_release(t);
	return rc;
}

void
tally_release(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->nactors; i++)
		free(t->actors[i].key);
	for (i = 0; i < t->nactions; i++)
		free(t->actions[i].key);
	free(t->actors);
	free(t->actions);
	free(t->days);
	memset(t, 0, sizeof *t);
}
