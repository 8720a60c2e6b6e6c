/* fuzz_lineage_log.c -- bytes as an event log (or an ingest file, or piped
 * records): the line reader, the RunEvent check and the graph. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lineage/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
one(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	(void)lineno;
	/* the graph takes whatever the check lets through */
	if (ln_event_check(ev, err) == 0 &&
	    ln_graph_add_event(arg, ev, err) < 0)
		return -1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp = fmemopen((void *)data, size, "r");
	struct ln_graph *g = ln_graph_new();
	struct ck_error err;
	struct ln_hit *h;
	size_t n;

	if (fp == NULL || g == NULL) {
		if (fp)
			fclose(fp);
		ln_graph_free(g);
		return 0;
	}
	(void)ln_scan_stream(fp, "fuzz", size & 1, one, g, &err);
	fclose(fp);
	if (ln_graph_finish(g, &err) == 0 && ln_graph_nodes(g) > 0) {
		if (ln_graph_walk(g, 0, 1, 0, NULL, &h, &n, &err) == 0)
			free(h);
		if (ln_graph_walk(g, (long)ln_graph_nodes(g) - 1, 0, 3, "v", &h,
				  &n, &err) == 0)
			free(h);
	}
	ln_graph_free(g);
	return 0;
}
