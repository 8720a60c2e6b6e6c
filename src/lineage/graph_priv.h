/* graph_priv.h -- the graph's layout, shared by graph.c (building and
 * walking) and graphio.c (the index file). */
#ifndef LINEAGE_GRAPH_PRIV_H
#define LINEAGE_GRAPH_PRIV_H

#include <stdint.h>
#include "common/buf.h"
#include "lineage/lineage.h"

struct edge {
	uint32_t from, to;
	int32_t ver;		/* index into vers, -1 for none */
};

struct csr {
	uint32_t *off;		/* nnodes + 1 */
	uint32_t *dst;
	int32_t *ver;
};

struct ln_graph {
	/* arena of NUL-terminated ids */
	char **chunks;
	size_t nchunks, chunk_used, chunk_cap;
	char **id;
	unsigned char *kind;
	size_t n, ncap;
	uint32_t *tab;		/* node+1, 0 empty */
	uint32_t *tag;		/* beside tab while building: hash >> 32 */
	size_t tabcap;
	/* dataset versions, interned the same way */
	char **vers;
	size_t nvers, verscap;
	uint32_t *vtab;
	size_t vtabcap;
	struct edge *e;
	size_t ne, ecap;
	struct csr fwd, rev;
	int finished;
	void *map;		/* set when loaded from an index file */
	size_t maplen;
	struct ck_buf scratch;	/* ids being composed (ln_graph_add_view) */
};

#endif
