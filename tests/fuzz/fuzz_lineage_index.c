/* fuzz_lineage_index.c -- bytes as a graph index file: the loader's bound
 * checks must refuse anything that would walk outside the mapping.  The
 * stamp is taken from the bytes themselves so the checks behind it run. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineage/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct ln_stamp st;
	struct ln_graph *g;
	struct ck_error err;
	struct ln_hit *h;
	size_t n;
	FILE *fp;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/fuzz_lineage_index.%ld",
			 (long)getpid());
	memset(&st, 0, sizeof(st));
	if (size >= 16 + sizeof(st))
		memcpy(&st, data + 16, sizeof(st));
	if ((fp = fopen(path, "wb")) == NULL)
		return 0;
	fwrite(data, 1, size, fp);
	fclose(fp);
	if (ln_graph_load(path, &st, &g, &err) == 1) {
		for (size_t v = 0; v < ln_graph_nodes(g) && v < 4; v++)
			if (ln_graph_walk(g, (long)v, (int)(v & 1), 0,
					  NULL, &h, &n, &err) == 0)
				free(h);
		(void)ln_graph_find(g, "dataset:n:a");
		ln_graph_free(g);
	}
	unlink(path);
	return 0;
}
