/* index.h -- the SQLite query index of a log (a rebuildable cache). */
#ifndef AUDITLOG_INDEX_H
#define AUDITLOG_INDEX_H

#include <sqlite3.h>

#include "auditlog/auditlog.h"

struct index {
	sqlite3 *db;
	char *dir;
	struct ck_audit_seg *segs;
	size_t nseg;
	char *cache;		/* bytes of one segment */
	size_t cache_len, cache_seg;
	char *linebuf;		/* one line of a plain segment */
	size_t line_cap;
	int fd;			/* open plain segment (fd_seg), or -1 */
	size_t fd_seg;
};

/* Opens DIR/index.sqlite and brings it up to date with the segments
 * (rebuilding it if the log changed under it).  Table ev(seq, t (µs),
 * actor, actor_name, action, outcome, score, risk, target (JSON), seg
 * (first seq of its segment), off, len, hash). */
int index_open(struct index *ix, const char *dir, struct ck_error *err);
void index_close(struct index *ix);
/* The stored line of an indexed event, read from its segment (valid
 * until the next call). */
int index_line(struct index *ix, uint64_t segfirst, int64_t off, int64_t len,
	       const char **line, struct ck_error *err);

#endif
