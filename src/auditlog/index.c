/* index.c -- the query index: an SQLite database beside the log
 * (DIR/index.sqlite) with one row per event, brought up to date before
 * each query or report.  It is a cache and never the source of truth:
 * when the event it last indexed is no longer where it was (recover,
 * prune, archive, tampering) it is rebuilt from the segments, and the
 * events a query prints are read from the segments themselves. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auditlog/index.h"
#include "common/canon.h"
#include "common/canonfast.h"
#include "common/canonscan.h"
#include "common/timefmt.h"
#include "common/jsonl.h"

static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	"CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v);"
	"CREATE TABLE IF NOT EXISTS ev("
	" seq INTEGER PRIMARY KEY, t INTEGER NOT NULL, actor TEXT NOT NULL,"
	" actor_name TEXT, action TEXT NOT NULL, outcome TEXT, score REAL,"
	" risk TEXT, target TEXT, seg INTEGER NOT NULL, off INTEGER NOT NULL,"
	" len INTEGER NOT NULL, hash TEXT NOT NULL);";

static const char schema_indexes[] =
	"CREATE INDEX IF NOT EXISTS ev_t ON ev(t);"
	"CREATE INDEX IF NOT EXISTS ev_actor ON ev(actor, t);"
	"CREATE INDEX IF NOT EXISTS ev_action ON ev(action, t);"
	"CREATE INDEX IF NOT EXISTS ev_risk ON ev(risk, t);";

static const char drop_indexes[] =
	"DROP INDEX IF EXISTS ev_t;"
	"DROP INDEX IF EXISTS ev_actor;"
	"DROP INDEX IF EXISTS ev_action;"
	"DROP INDEX IF EXISTS ev_risk;";

static int
sqlerr(sqlite3 *db, struct ck_error *err, const char *what)
{
	return ck_error_set(err, 0, "index: %s: %s", what, sqlite3_errmsg(db));
}

void
index_close(struct index *ix)
{
	if (ix->db)
		sqlite3_close(ix->db);
	if (ix->fd >= 0)
		close(ix->fd);
	ck_audit_segs_free(ix->segs, ix->nseg);
	free(ix->cache);
	free(ix->linebuf);
	free(ix->dir);
	memset(ix, 0, sizeof *ix);
	ix->fd = -1;
}

/* The segment holding seq (binary search over first seqs). */
static long
seg_of(const struct index *ix, uint64_t seq)
{
	size_t lo = 0, hi = ix->nseg;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (ix->segs[mid].first <= seq)
			lo = mid;
		else
			hi = mid;
	}
	return ix->nseg && ix->segs[lo].first <= seq ? (long)lo : -1;
}

/* The bytes of segment k (cached: one at a time). */
static int
seg_bytes(struct index *ix, size_t k, const char **data, size_t *len,
	  struct ck_error *err)
{
	if (ix->cache == NULL || ix->cache_seg != k) {
		free(ix->cache);
		ix->cache = NULL;
		if (ck_audit_seg_read(&ix->segs[k], &ix->cache, &ix->cache_len,
				      err) < 0)
			return -1;
		ix->cache_seg = k;
	}
	*data = ix->cache;
	*len = ix->cache_len;
	return 0;
}

int
index_line(struct index *ix, uint64_t segfirst, int64_t off, int64_t len,
	   const char **line, struct ck_error *err)
{
	long k = seg_of(ix, segfirst);
	const char *d;
	size_t n;

	if (k < 0 || ix->segs[k].first != segfirst)
		return ck_error_set(err, 0, "index: segment %" PRIu64 " is gone; "
				    "run again to rebuild", segfirst);
	if (!ix->segs[k].zst && !(ix->cache && ix->cache_seg == (size_t)k)) {
		/* One line of a plain segment: pread it, no need to load
		 * the whole segment; the segment stays open for the next
		 * line, which a query's lines mostly share. */
		ssize_t r;
		char *nb;

		if (ix->fd < 0 || ix->fd_seg != (size_t)k) {
			if (ix->fd >= 0)
				close(ix->fd);
			ix->fd = open(ix->segs[k].path, O_RDONLY | O_CLOEXEC);
			if (ix->fd < 0)
				return ck_error_set(err, errno, "cannot open %s",
						    ix->segs[k].path);
			ix->fd_seg = (size_t)k;
		}
		if (len < 0 || off < 0 || (size_t)len + 1 > ix->line_cap) {
			nb = len < 0 ? NULL : realloc(ix->linebuf,
						      (size_t)len + 1);
			if (nb == NULL)
				return ck_error_set(err, ENOMEM,
						    "out of memory");
			ix->linebuf = nb;
			ix->line_cap = (size_t)len + 1;
		}
		r = pread(ix->fd, ix->linebuf, (size_t)len + 1, off);
		if (r != len + 1 || ix->linebuf[len] != '\n')
			return ck_error_set(err, 0, "index: stale entry; run "
					    "again to rebuild");
		*line = ix->linebuf;
		return 0;
	}
	if (seg_bytes(ix, (size_t)k, &d, &n, err) < 0)
		return -1;
	if (off < 0 || len < 0 || (size_t)(off + len) >= n ||
	    d[off + len] != '\n')
		return ck_error_set(err, 0, "index: stale entry; run again to "
				    "rebuild");
	*line = d + off;
	return 0;
}

static int
insert(struct index *ix, sqlite3_stmt *st, uint64_t seq, const char *line,
       size_t len, uint64_t segfirst, size_t off, struct ck_error *err)
{
	json_t *ev = json_loadb(line, len, 0, NULL), *tg;
	const char *risk;
	char *target = NULL;
	int64_t t;
	int rc = -1;

	if (ev == NULL)
		return ck_error_set(err, 0, "index: seq %" PRIu64 " does not "
				    "parse; run 'auditlog verify'", seq);
	t = event_time_us(ev);
	risk = risk_level(ev);
	tg = json_object_get(ev, "target");
	if (tg)
		target = ck_json_compact(tg);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	sqlite3_bind_int64(st, 2, t);
	sqlite3_bind_text(st, 3, json_string_value(json_object_get(
		json_object_get(ev, "actor"), "id")), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, json_string_value(json_object_get(
		json_object_get(ev, "actor"), "name")), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, json_string_value(json_object_get(ev,
		"action")), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, json_string_value(json_object_get(ev,
		"outcome")), -1, SQLITE_TRANSIENT);
	if (json_is_number(json_object_get(json_object_get(ev, "phi"),
					   "score")))
		sqlite3_bind_double(st, 7, json_number_value(json_object_get(
			json_object_get(ev, "phi"), "score")));
	else
		sqlite3_bind_null(st, 7);
	sqlite3_bind_text(st, 8, risk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, target, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)segfirst);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)off);
	sqlite3_bind_int64(st, 12, (sqlite3_int64)len);
	sqlite3_bind_text(st, 13, json_string_value(json_object_get(ev,
		"hash")), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		sqlerr(ix->db, err, "insert");
	else
		rc = 0;
	free(target);
	json_decref(ev);
	(void)ix;
	return rc;
}

/* A value of canonical text as a string to bind: 1 a string without
 * escapes (its bytes inside the quotes), 0 not a string (bound as NULL,
 * as json_string_value gives), -1 a string with escapes (decoding is
 * jansson's job). */
static int
plain_str(const char *v, size_t n, const char **s, int *len)
{
	if (n < 2 || v[0] != '"')
		return 0;
	if (memchr(v + 1, '\\', n - 2) != NULL || n - 2 > INT32_MAX)
		return -1;
	*s = v + 1;
	*len = (int)(n - 2);
	return 1;
}

/* Binds column col to a value (canonical text, NULL when absent): NULL
 * unless a string.  0, or -1 when only jansson can decode it. */
static int
bind_val(sqlite3_stmt *st, int col, const char *v, size_t vl)
{
	const char *s;
	int len, r;

	r = v != NULL ? plain_str(v, vl, &s, &len) : 0;
	if (r < 0)
		return -1;
	if (r == 0)
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_text(st, col, s, len, SQLITE_STATIC);
	return 0;
}

/* The member key of obj (canonical text, or NULL), for bind_val. */
static const char *
sub(const char *obj, size_t n, const char *key, size_t *vl)
{
	size_t v;

	if (obj == NULL || !ck_canon_member(obj, n, key, &v, vl))
		return NULL;
	return obj + v;
}

#define TOP(j) (m[j] ? line + m[j]->val : NULL), (m[j] ? m[j]->vallen : 0)

/* insert() without a tree, for lines in canonical form within
 * ck_canon_scan's subset (every line auditlog writes, but for strings
 * with escapes): the columns are slices of the line, bound in place.
 * The values are those insert() binds: a member that is not a string is
 * NULL, numbers there are integers of at most 15 digits (exact as
 * doubles), and target's text is its compact form.  1 inserted, 0 take
 * insert(), -1 with err. */
static int
insert_fast(struct index *ix, sqlite3_stmt *st, uint64_t seq,
	    const char *line, size_t len, uint64_t segfirst, size_t off,
	    struct ck_error *err)
{
	static const char *const keys[] = { "actor", "action", "outcome",
					    "phi", "target", "hash", "time" };
	const struct ck_canon_member *m[7];
	struct ck_canon_top top;
	const char *s, *actor = NULL;
	size_t j, actor_n = 0, v, vl;
	int64_t t = -1;
	int n;

	if (!ck_canon_scan(line, len, &top))
		return 0;
	for (j = 0; j < 7; j++)
		m[j] = ck_canon_top_find(line, &top, keys[j]);
	sqlite3_reset(st);
	/* time: as event_time_us parses it */
	if (m[6] != NULL) {
		int r = plain_str(line + m[6]->val, m[6]->vallen, &s, &n);
		char tb[64];
		struct ck_time ct;

		if (r < 0)
			return 0;
		if (r > 0 && (size_t)n < sizeof tb) {
			memcpy(tb, s, (size_t)n);
			tb[n] = '\0';
			if (ck_time_parse(tb, &ct) == 0)
				t = ct.sec * 1000000 + ct.usec;
		}
	}
	if (m[0] != NULL && line[m[0]->val] == '{') {
		actor = line + m[0]->val;
		actor_n = m[0]->vallen;
	}
	{
		const char *id, *name;
		size_t idn = 0, namen = 0;

		id = sub(actor, actor_n, "id", &idn);
		name = sub(actor, actor_n, "name", &namen);
		if (bind_val(st, 3, id, idn) < 0 ||
		    bind_val(st, 4, name, namen) < 0 ||
		    bind_val(st, 5, TOP(1)) < 0 ||
		    bind_val(st, 6, TOP(2)) < 0 ||
		    bind_val(st, 13, TOP(5)) < 0)
			return 0;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	sqlite3_bind_int64(st, 2, t);
	if (m[3] != NULL && line[m[3]->val] == '{' &&
	    ck_canon_member(line + m[3]->val, m[3]->vallen, "score", &v,
			    &vl) &&
	    (line[m[3]->val + v] == '-' ||
	     (line[m[3]->val + v] >= '0' && line[m[3]->val + v] <= '9'))) {
		char num[24];
		double d;

		if (vl >= sizeof num)
			return 0;
		memcpy(num, line + m[3]->val + v, vl);
		num[vl] = '\0';
		d = strtod(num, NULL);
		sqlite3_bind_double(st, 7, d);
		/* risk_level(): CONTRACT policy, high above 15, medium
		 * above 5 */
		sqlite3_bind_text(st, 8, d > 15 ? "high" : d > 5 ? "medium"
					 : "low", -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, 7);
		sqlite3_bind_null(st, 8);
	}
	if (m[4] != NULL)
		sqlite3_bind_text(st, 9, line + m[4]->val, (int)m[4]->vallen,
				  SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)segfirst);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)off);
	sqlite3_bind_int64(st, 12, (sqlite3_int64)len);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sqlerr(ix->db, err, "insert");
	return 1;
}

/* Is the last indexed event still where the index says, unchanged? */
static int
still_valid(struct index *ix, uint64_t *last)
{
	sqlite3_stmt *st;
	struct ck_error e;
	const char *line;
	int ok = 0;

	*last = 0;
	if (sqlite3_prepare_v2(ix->db, "SELECT seq, seg, off, len, hash FROM ev "
			       "ORDER BY seq DESC LIMIT 1", -1, &st, NULL))
		return 0;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return 1;	/* empty: valid, start from the beginning */
	}
	ck_error_clear(&e);
	*last = (uint64_t)sqlite3_column_int64(st, 0);
	if (index_line(ix, (uint64_t)sqlite3_column_int64(st, 1),
		       sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
		       &line, &e) == 0) {
		const char *h = (const char *)sqlite3_column_text(st, 4);
		char want[80];

		snprintf(want, sizeof want, "\"hash\":\"%s\"", h ? h : "");
		ok = memmem(line, (size_t)sqlite3_column_int64(st, 3), want,
			    strlen(want)) != NULL;
	}
	/* and the first segment is still the one indexed first */
	sqlite3_finalize(st);
	if (ok && sqlite3_prepare_v2(ix->db, "SELECT min(seq) FROM ev", -1,
				     &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW && ix->nseg > 0 &&
		    (uint64_t)sqlite3_column_int64(st, 0) != ix->segs[0].first)
			ok = 0;
		sqlite3_finalize(st);
	}
	return ok;
}

int
index_open(struct index *ix, const char *dir, struct ck_error *err)
{
	char *path = ck_audit_path(dir, "index.sqlite");
	sqlite3_stmt *ins = NULL;
	uint64_t last = 0;
	long k;
	int rc = -1;

	memset(ix, 0, sizeof *ix);
	ix->fd = -1;
	ix->dir = strdup(dir);
	if (path == NULL || ix->dir == NULL) {
		free(path);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	if (ck_audit_segs(dir, &ix->segs, &ix->nseg, err) < 0)
		goto out;
	if (sqlite3_open_v2(path, &ix->db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL)) {
		sqlerr(ix->db, err, path);
		goto out;
	}
	sqlite3_busy_timeout(ix->db, 30000);
	/* A cache rebuilt from the log when lost: no fsync, and room for
	 * the indexes' pages while millions of rows go in. */
	if (sqlite3_exec(ix->db, "PRAGMA synchronous=OFF;"
			 "PRAGMA cache_size=-65536;", NULL, NULL,
			 NULL) != SQLITE_OK ||
	    sqlite3_exec(ix->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		sqlerr(ix->db, err, "schema");
		goto out;
	}
	if (sqlite3_exec(ix->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) {
		sqlerr(ix->db, err, "begin");
		goto out;
	}
	if (!still_valid(ix, &last)) {
		if (sqlite3_exec(ix->db, "DELETE FROM ev", NULL, NULL, NULL)) {
			sqlerr(ix->db, err, "reset");
			goto rollback;
		}
		last = 0;
	}
	/* Building from nothing: the secondary indexes are made after the
	 * rows, sorted once, rather than kept up to date row by row. */
	if (last == 0 &&
	    sqlite3_exec(ix->db, drop_indexes, NULL, NULL, NULL) != SQLITE_OK) {
		sqlerr(ix->db, err, "reset");
		goto rollback;
	}
	if (sqlite3_prepare_v2(ix->db, "INSERT INTO ev VALUES(?,?,?,?,?,?,?,?,"
			       "?,?,?,?,?)", -1, &ins, NULL)) {
		sqlerr(ix->db, err, "prepare");
		goto rollback;
	}
	/* Index what follows the last indexed event. */
	k = last ? seg_of(ix, last) : 0;
	for (; k >= 0 && (size_t)k < ix->nseg; k++) {
		const char *d, *p, *end;
		size_t n;
		uint64_t seq = ix->segs[k].first;

		if (seg_bytes(ix, (size_t)k, &d, &n, err) < 0)
			goto rollback;
		for (p = d, end = d + n; p < end; seq++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			if (nl == NULL)
				break;	/* a torn tail is not indexed */
			if (seq > last) {
				int r = insert_fast(ix, ins, seq, p,
						    (size_t)(nl - p),
						    ix->segs[k].first,
						    (size_t)(p - d), err);

				if (r < 0 ||
				    (r == 0 &&
				     insert(ix, ins, seq, p, (size_t)(nl - p),
					    ix->segs[k].first, (size_t)(p - d),
					    err) < 0))
					goto rollback;
			}
			p = nl + 1;
		}
	}
	sqlite3_finalize(ins);
	ins = NULL;
	if (last == 0 &&
	    sqlite3_exec(ix->db, schema_indexes, NULL, NULL, NULL) != SQLITE_OK) {
		sqlerr(ix->db, err, "schema");
		goto rollback;
	}
	if (sqlite3_exec(ix->db, "COMMIT", NULL, NULL, NULL)) {
		sqlerr(ix->db, err, "commit");
		goto rollback;
	}
	rc = 0;
	goto out;
rollback:
	sqlite3_finalize(ins);
	sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
out:
	free(path);
	if (rc < 0)
		index_close(ix);
	return rc;
}
