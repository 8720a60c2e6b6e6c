/* progress.c -- the progress line of long work (see progress.h). */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/progress.h"

#define REDRAW_NS 200000000LL	/* five times a second */
#define DELAY_MS 1000		/* nothing for work done within a second */

static int64_t
ns_between(const struct timespec *a, const struct timespec *b)
{
	return (int64_t)(b->tv_sec - a->tv_sec) * 1000000000LL +
	       (b->tv_nsec - a->tv_nsec);
}

static int
wanted(void)
{
	const char *e = getenv("COMPLYKIT_PROGRESS");

	if (ck_verbosity < 0)	/* -q */
		return 0;
	if (e != NULL && strcmp(e, "1") == 0)
		return 1;
	if (e != NULL && strcmp(e, "0") == 0)
		return 0;
	return isatty(STDERR_FILENO);
}

void
ck_progress_start(struct ck_progress *p, const char *what, const char *unit,
		  uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->what = what;
	p->unit = unit;
	p->total = total;
	if (!wanted())
		return;
	p->fp = stderr;
	p->tick = 255;		/* the first count reads the clock */
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	/* the first line only after the delay (git's GIT_PROGRESS_DELAY) */
	{
		const char *d = getenv("COMPLYKIT_PROGRESS_DELAY");
		long ms = d != NULL && *d != '\0' ? strtol(d, NULL, 10) : DELAY_MS;
		int64_t ns = (int64_t)(ms < 0 ? 0 : ms) * 1000000 - REDRAW_NS;

		p->last = p->start;
		p->last.tv_sec += ns / 1000000000;
		p->last.tv_nsec += ns % 1000000000;
		while (p->last.tv_nsec < 0) {
			p->last.tv_nsec += 1000000000;
			p->last.tv_sec--;
		}
		while (p->last.tv_nsec >= 1000000000) {
			p->last.tv_nsec -= 1000000000;
			p->last.tv_sec++;
		}
	}
}

/* "1.5 GiB" style, for the bytes done. */
static void
fmt_size(double v, char *buf, size_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

void
ck_progress_format(const struct ck_progress *p, double elapsed, char *buf,
		   size_t size)
{
	char sz[32], rate[48] = "";
	size_t n;

	n = (size_t)snprintf(buf, size, "%s: %s %" PRIu64, ck_progname,
			     p->what, p->done);
	if (n < size && p->total > 0)
		n += (size_t)snprintf(buf + n, size - n, "/%" PRIu64, p->total);
	if (n < size) {
		/* "1 file", not "1 files" (units are given in the plural) */
		int ulen = (int)strlen(p->unit);

		if (p->total == 0 && p->done == 1 && ulen > 1 &&
		    p->unit[ulen - 1] == 's')
			ulen--;
		n += (size_t)snprintf(buf + n, size - n, " %.*s", ulen,
				      p->unit);
	}
	if (n < size && p->bytes > 0) {
		fmt_size((double)p->bytes, sz, sizeof(sz));
		n += (size_t)snprintf(buf + n, size - n, ", %s", sz);
		if (n < size && p->total_bytes > 0) {
			fmt_size((double)p->total_bytes, sz, sizeof(sz));
			n += (size_t)snprintf(buf + n, size - n, " of %s", sz);
		}
	}
	/* the share done: of the bytes when their total is known */
	if (n < size && p->total_bytes > 0)
		n += (size_t)snprintf(buf + n, size - n, " (%" PRIu64 "%%)",
				      (p->bytes < p->total_bytes ? p->bytes :
				       p->total_bytes) * 100 / p->total_bytes);
	else if (n < size && p->total > 0)
		n += (size_t)snprintf(buf + n, size - n, " (%" PRIu64 "%%)",
				      (p->done < p->total ? p->done :
				       p->total) * 100 / p->total);
	if (elapsed >= 0.5) {
		if (p->bytes > 0) {
			fmt_size((double)p->bytes / elapsed, sz, sizeof(sz));
			snprintf(rate, sizeof(rate), ", %s/s", sz);
		} else {
			snprintf(rate, sizeof(rate), ", %.0f %s/s",
				 (double)p->done / elapsed, p->unit);
		}
	}
	if (n < size)
		snprintf(buf + n, size - n, "%s", rate);
}

static void
draw(struct ck_progress *p, const struct timespec *now)
{
	char line[256];

	ck_progress_format(p, (double)ns_between(&p->start, now) / 1e9, line,
			   sizeof(line));
	/* \r and erase to the end of the line: one line, redrawn */
	fprintf(p->fp, "\r%s\033[K", line);
	fflush(p->fp);
	p->drawn = 1;
	ck_diag_erase = 1;
}

void
ck_progress_add(struct ck_progress *p, uint64_t n, uint64_t bytes)
{
	struct timespec now;

	p->done += n;
	p->bytes += bytes;
	if (p->fp == NULL)
		return;
	/* the clock every 256 calls, or at once for big items */
	p->pending += bytes;
	if (++p->tick < 256 && p->pending < (1u << 20))
		return;
	p->tick = 0;
	p->pending = 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ns_between(&p->last, &now) < REDRAW_NS)
		return;
	p->last = now;
	draw(p, &now);
}

void
ck_progress_set(struct ck_progress *p, uint64_t done, uint64_t bytes)
{
	p->done = done;
	p->bytes = bytes;
	p->tick = 255;
	ck_progress_add(p, 0, 0);
}

void
ck_progress_end(struct ck_progress *p)
{
	if (p->fp != NULL && p->drawn) {
		fputs("\r\033[K", p->fp);
		fflush(p->fp);
	}
	p->drawn = 0;
	ck_diag_erase = 0;
}
