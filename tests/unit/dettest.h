/* dettest.h -- the harness of the detector unit tests (test_fields,
 * test_hl7, test_names, test_dates, test_address): one engine on the
 * source tree's data, one detector under test, its text scanned as one
 * document in windows, and checks of the candidates' exact spans.
 *
 * State: dettest.c owns the engine, the detector's shared data and its
 * per-document state, from dt_setup to dt_teardown; one detector per test
 * program, used by one test at a time (cmocka runs them in turn).  The
 * candidates dt_scan returns belong to the caller, who frees c.v.  The
 * text, path and want lists passed in are only read, never kept. */
#ifndef DETTEST_H
#define DETTEST_H

#include <stddef.h>

#include "common/phi/phi.h"

/* Any priority (dt_expect_at) or any type (dt_check_scan). */
#define DT_ANY (-1)

/* cmocka group fixtures.  dt_setup makes the engine with its datadir
 * $top_srcdir/share/complykit (COMPLYKIT_DATADIR is set to the same) and
 * the detector's shared and per-document state; 0, or -1 with a message
 * on stderr.  dt_teardown frees them all. */
int dt_setup(void **state, const struct phi_detector *det);
int dt_teardown(void **state);

/* Scans text as one new document named path, in windows of win bytes
 * (0: one window) that overlap by ov bytes (ov < win), as the engine
 * feeds them; fails the test if the detector reports an error. */
struct phi_cands dt_scan_win(const char *path, const char *text, size_t win,
			     size_t ov);
struct phi_cands dt_scan(const char *path, const char *text);
/* The same over an exact-size heap copy of text (no NUL after it), so
 * that AddressSanitizer sees a read past the end of the input. */
struct phi_cands dt_scan_exact(const char *path, const char *text);

/* A candidate of type lies exactly over the first occurrence of needle
 * (after the first occurrence of after, unless NULL); each one there has
 * priority prio, unless DT_ANY.  Else fails, listing what there is. */
void dt_expect_at(const struct phi_cands *c, const char *text,
		  const char *after, const char *needle, int type, int prio);

/* No candidate overlaps the first occurrence of needle, but a PHI_VETO
 * (which says there is none). */
void dt_expect_none(const struct phi_cands *c, const char *text,
		    const char *needle);

/* Scans text as one document "note.txt" and checks every candidate, in
 * order of position, against want (NULL-terminated): with a type, each
 * must have it and want holds the matched strings; with DT_ANY, want
 * holds "TYPE:matched" strings. */
void dt_check_scan(const char *text, const char *const *want, int type);

#endif
