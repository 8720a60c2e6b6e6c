/* progress.h -- a one-line progress report on standard error for long
 * work (a snapshot, a verify, a rewrap, a scan of a tree), shown only when
 * standard error is a terminal and -q was not given, redrawn at most five
 * times a second and erased at the end, so that pipelines, logs and
 * golden tests never see it.  The first line waits a second, so quick
 * work shows none.  COMPLYKIT_PROGRESS=0 turns it off,
 * COMPLYKIT_PROGRESS=1 forces it on, COMPLYKIT_PROGRESS_DELAY=MS sets the
 * wait (0: at the first count; tests use it); -q wins over both.
 *
 * Call it from one thread (the one collecting results); ck_progress_add
 * is cheap enough for every item: it reads the clock every 256 calls or
 * every MiB.  While the line is drawn, diagnostics erase it first. */
#ifndef CK_PROGRESS_H
#define CK_PROGRESS_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct ck_progress {
	FILE *fp;		/* NULL: off */
	const char *what;	/* "hashing", "verifying" */
	const char *unit;	/* "files", "events", "objects" */
	uint64_t done, total;	/* total 0: not known */
	uint64_t bytes;		/* 0: not shown */
	uint64_t total_bytes;	/* when known, the percentage is of bytes */
	struct timespec start, last;
	unsigned tick;		/* calls since the clock was read */
	uint64_t pending;	/* bytes since the clock was read */
	int drawn;		/* a line is on the terminal */
};

/* Starts a report of what is done to total units (0: unknown). */
void ck_progress_start(struct ck_progress *p, const char *what,
		       const char *unit, uint64_t total);
/* Counts n more units and bytes more bytes; redraws when due. */
void ck_progress_add(struct ck_progress *p, uint64_t n, uint64_t bytes);
/* Sets the counts (a thread that polls others' counters); reads the
 * clock every time. */
void ck_progress_set(struct ck_progress *p, uint64_t done, uint64_t bytes);
/* Erases the line (call before printing anything else to stderr, and at
 * the end). */
void ck_progress_end(struct ck_progress *p);

/* The line as it would be drawn after elapsed seconds (for tests). */
void ck_progress_format(const struct ck_progress *p, double elapsed,
			char *buf, size_t size);

#endif
