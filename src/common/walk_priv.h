/* walk_priv.h -- what walk.c (paths, directories) and walkarc.c (streams,
 * archives, limits) share.  Not for use outside the walker. */
#ifndef CK_WALK_PRIV_H
#define CK_WALK_PRIV_H

#include <sys/stat.h>
#include "common/walk.h"

struct walker {
	const struct ck_walk_opts *o;
	ck_walk_fn fn;
	ck_walk_err_fn efn;
	void *arg;
	int nerr;
	int stopped;		/* a callback asked to stop */
	int abort_input;	/* a limit tripped: drop this top-level input */
	char last[sizeof(((struct ck_error *)0)->msg)];
};

void ck_wk_init(struct walker *w, const struct ck_walk_opts *o,
		ck_walk_fn fn, ck_walk_err_fn efn, void *arg);
/* Reports an error once: an error a reader already got from
 * ck_input_read, or one that several layers see, is not repeated. */
void ck_wk_report(struct walker *w, const struct ck_error *err);
/* Walks a stream on an open descriptor (a file, stdin, a FIFO): probes
 * it and hands over a leaf, a decompressed leaf or an archive's members. */
void ck_wk_fd(struct walker *w, int fd, const char *path, const char *disk,
	      enum ck_input_kind kind, const struct stat *st);

#endif
