/* lineage.h -- what lineage's parts share.
 *
 * The model is OpenLineage 2-0-2: the store is an append-only log of
 * RunEvents (store.c), the graph is built from it in memory on load
 * (graph.c), events are made and checked in event.c.  Library parts return
 * 0 / -1 with a struct ck_error; only main.c decides the exit status. */
#ifndef LINEAGE_LINEAGE_H
#define LINEAGE_LINEAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <jansson.h>
#include "common/buf.h"
#include "common/err.h"
#include "common/jsontape.h"

#define LN_SCHEMA_URL \
	"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
#define LN_PRODUCER \
	"https://github.com/complykit/complykit/tree/" PACKAGE_VERSION "/src/lineage"
#define LN_FACET_BASE "https://complykit.org/spec/facets/1-0-0/"

/* ---- store.c: the event log ------------------------------------------ */

struct ln_store {
	char *dir;	/* the store directory */
	char *log;	/* DIR/events.jsonl */
	char *lockpath;	/* DIR/lock */
	char *index;	/* DIR/index, the graph cache */
	char *pending;	/* DIR/pending, a batch being appended */
};

/* Resolves the store: opt, else $LINEAGE_STORE, else ./.lineage.  With
 * create, makes the directory (0700).  0 or -1 with err. */
int ln_store_open(struct ln_store *s, const char *opt, int create,
		  struct ck_error *err);
void ln_store_release(struct ln_store *s);

/* Appends n events (each a compact JSON text without newline) under the
 * store's lock: a torn tail left by a killed writer is cut first, the
 * lines are written, then fsync.  All or none are visible. */
int ln_store_append(struct ln_store *s, char *const *lines, size_t n,
		    struct ck_error *err);

/* The size of the log's committed part while a batch is being appended
 * (or was, by a writer killed before its commit), else -1. */
off_t ln_store_limit(const struct ln_store *s);

/* The same with the lines already joined, each '\n'-terminated. */
int ln_store_append_buf(struct ln_store *s, const char *data, size_t len,
			struct ck_error *err);

/* Takes the store's lock, calls fill, which may read the log and puts
 * the '\n'-terminated lines to append in out, and appends them as
 * ln_store_append_buf does.  fill returns 0 or -1 with err (nothing is
 * appended). */
typedef int (*ln_fill_fn)(struct ln_store *s, void *arg, struct ck_buf *out,
			  struct ck_error *err);
int ln_store_append_with(struct ln_store *s, ln_fill_fn fill, void *arg,
			 struct ck_error *err);

/* Calls fn for every event of the log in order.  A last line without its
 * newline (a writer killed mid-append) is ignored, as the next append will
 * cut it.  A malformed line elsewhere is an error naming "log:LINE".
 * fn returns 0 to go on, 1 to stop, -1 on error (with err set). */
typedef int (*ln_event_fn)(json_t *ev, unsigned long lineno, void *arg,
			   struct ck_error *err);
int ln_store_scan(struct ln_store *s, ln_event_fn fn, void *arg,
		  struct ck_error *err);
/* Same over any stream (ingest, import): every line must be complete. */
int ln_scan_stream(FILE *fp, const char *name, int torn_ok, ln_event_fn fn,
		   void *arg, struct ck_error *err);
/* Same over a buffer (ingest's chunks); line numbers start at first.
 * The lines are not modified.  Thread-safe for distinct buffers. */
int ln_scan_buf(char *data, size_t len, const char *name, unsigned long first,
		ln_event_fn fn, void *arg, struct ck_error *err);
/* The same with a fast path tried first on every line (without its
 * newline or '\r', never empty): fast returns 1 when it took the line,
 * 0 to have it parsed and given to fn as above, -1 on error (with err;
 * the scan stops). */
typedef int (*ln_line_fn)(const char *line, size_t len,
			  unsigned long lineno, void *arg,
			  struct ck_error *err);
int ln_store_scan_fast(struct ln_store *s, ln_line_fn fast, ln_event_fn fn,
		       void *arg, struct ck_error *err);
int ln_scan_stream_fast(FILE *fp, const char *name, int torn_ok,
			ln_line_fn fast, ln_event_fn fn, void *arg,
			struct ck_error *err);
int ln_scan_buf_fast(char *data, size_t len, const char *name,
		     unsigned long first, ln_line_fn fast, ln_event_fn fn,
		     void *arg, struct ck_error *err);
/* During a callback: the raw text of the event's line (no newline, no
 * '\r'), so bulk paths copy bytes instead of serialising again. */
const char *ln_scan_line(size_t *len);

/* ---- event.c: OpenLineage events ------------------------------------- */

/* Checks ev against the OpenLineage 2-0-2 RunEvent shape: required fields,
 * eventType enum, RFC 3339 eventTime, UUID runId, URI producer/schemaURL,
 * job and dataset namespace/name strings, facets objects with _producer
 * and _schemaURL.  0 or -1 with err naming the JSON path. */
int ln_event_check(const json_t *ev, struct ck_error *err);
int ln_uuid_ok(const char *s);
/* The same over n bytes (no NUL needed): a UUID, a URI as the check
 * wants them. */
int ln_uuid_okn(const char *s, size_t n);
int ln_uri_okn(const char *s, size_t n);
/* Orders event types along a run's life (START 0, RUNNING 1, OTHER 2,
 * COMPLETE/FAIL/ABORT 3): of two events at the same time, the later. */
int ln_event_type_rank(const char *type);
/* A new random (version 4) UUID; out holds 37 bytes. */
int ln_uuid_new(char out[37], struct ck_error *err);
/* A facet object with _producer and _schemaURL set. */
json_t *ln_facet(const char *schema_url);
json_t *ln_facet_ck(const char *name);	/* one of our complykit_* facets */
/* Splits "NS/NAME" (last '/' of a namespace-less string picks "default"). */
int ln_job_split(const char *s, char **ns, char **name);
/* A dataset {namespace,name} from a path or URI: scheme://auth/path gives
 * namespace scheme://auth and name path; a local path gives namespace
 * "file" and its absolute name. */
json_t *ln_dataset_from_arg(const char *arg, struct ck_error *err);

/* ---- eventfast.c: the check without a tree ------------------------- */

/* ln_event_check straight from a line's bytes, for ingest and for
 * building the graph: one pass (ck_jtape_scan) and no allocation once
 * the buffers have grown.  It answers "yes" only when json_loadb (as
 * the log's reader calls it) gives an object that ln_event_check
 * accepts; for anything else -- every rejection included -- "not sure",
 * and the caller takes the jansson path, which gives the same outcome
 * with the message and location it always gave. */
struct ln_span {
	const char *p;	/* NULL: absent */
	size_t len;
};
struct ln_ds_ids {
	struct ln_span ns, name, ver;	/* ver: facets.version.datasetVersion */
};
/* What the graph takes from an event: raw bytes of the line.  When esc
 * is set one of them had a JSON escape and is not its value: decode it
 * with jansson instead. */
struct ln_ids {
	struct ln_span job_ns, job_name, run_id;
	struct ln_ds_ids *ds;	/* inputs, then outputs */
	size_t nin, nout;
	int esc;
};
/* One per thread: buffers are kept from line to line. */
struct ln_fast {
	struct ck_jtape tape;
	struct ln_ids v;
	size_t dscap;
};
void ln_fast_init(struct ln_fast *f);
void ln_fast_release(struct ln_fast *f);
/* 1: line[0..len) (no newline) is an accepted event and f->v its view,
 * pointing into line; 0: not sure; -1: out of memory (errno). */
int ln_event_fast(struct ln_fast *f, const char *line, size_t len);

/* ---- graph.c: the in-memory index ------------------------------------ */

enum ln_kind { LN_DATASET, LN_JOB, LN_RUN };

struct ln_graph;

struct ln_graph *ln_graph_new(void);
void ln_graph_free(struct ln_graph *g);
/* Adds the nodes and edges of one event: input -> run -> output, job ->
 * run; the dataset version an edge carries is kept for impact --version. */
int ln_graph_add_event(struct ln_graph *g, const json_t *ev,
		       struct ck_error *err);
/* The same from a view without escapes (ln_event_fast). */
int ln_graph_add_ids(struct ln_graph *g, const struct ln_ids *v,
		      struct ck_error *err);
/* Sorts and dedupes edges into forward and reverse adjacency (call once
 * after the last add). */
int ln_graph_finish(struct ln_graph *g, struct ck_error *err);
/* Finds a node by id: "dataset:NS:NAME", "job:NS:NAME", "run:UUID" or a
 * bare UUID.  -1 if unknown. */
long ln_graph_find(const struct ln_graph *g, const char *id);
size_t ln_graph_nodes(const struct ln_graph *g);
size_t ln_graph_edges(const struct ln_graph *g);
const char *ln_graph_id(const struct ln_graph *g, long node);
enum ln_kind ln_graph_kind(const struct ln_graph *g, long node);

struct ln_hit {
	long node;
	unsigned depth;
	long via;		/* the node it was reached from, -1 at the start */
};
/* Breadth-first walk from start, downstream (dir=1) or upstream (dir=0),
 * at most depth steps (0: no bound).  With version (downstream only), the
 * first step follows only edges carrying that dataset version.  Cycles are
 * walked once.  Hits in BFS order, start excluded; *out is malloc'd. */
int ln_graph_walk(const struct ln_graph *g, long start, int dir,
		  unsigned depth, const char *version, struct ln_hit **out,
		  size_t *n, struct ck_error *err);
/* The first node of the given kind with an edge into node (a run's job),
 * or -1. */
long ln_graph_pred_of_kind(const struct ln_graph *g, long node,
			   enum ln_kind kind);
/* A shortest path from a to b following edges downstream; nodes in
 * order including both ends; *n 0 when there is none. */
int ln_graph_path(const struct ln_graph *g, long a, long b, long **out,
		  size_t *n, struct ck_error *err);
/* The index file: the finished graph as the arrays it walks, stamped
 * with the log's size, inode and mtime so a stale index is never used. */
struct ln_stamp {
	uint64_t size, ino;
	int64_t mtime_ns;
};
int ln_stamp_of(const char *log, struct ln_stamp *st);
/* Writes g crash-safely to path.  0 or -1 with err. */
int ln_graph_save(const struct ln_graph *g, const char *path,
		  const struct ln_stamp *st, struct ck_error *err);
/* Maps an index; 1 with *out when it is whole and matches st, 0 when it
 * is missing, stale or damaged (rebuild it), -1 on ENOMEM. */
int ln_graph_load(const char *path, const struct ln_stamp *st,
		  struct ln_graph **out, struct ck_error *err);
/* Calls fn for every edge in a stable order (for DOT). */
void ln_graph_each_edge(const struct ln_graph *g,
			void (*fn)(long from, long to, void *arg), void *arg);

/* ---- artifact.c: the log as an OCI artifact --------------------------- */

#define LN_OCI_ARTIFACT "application/vnd.complykit.lineage.v1"
#define LN_OCI_MT_EVENTS "application/vnd.complykit.lineage.events.v1+jsonl"

/* The event's time as a sort key: RFC 3339 UTC with microseconds when it
 * parses, else as written. */
void ln_event_time_key(const json_t *ev, char *out, size_t size);
/* Writes the log as an OCI image layout at dir (which must not exist or
 * be empty): deterministic, crash-safe.  Sets the manifest's digest
 * ("sha256:<hex>", 72 bytes with the NUL) and the number of events.
 * 0 or -1 with err. */
int ln_oci_export(struct ln_store *s, const char *dir, char *digest,
		  size_t *events, struct ck_error *err);
/* Appends the events of every lineage artifact in the layout at dir to
 * events, after checking the layout, the manifests and every blob's size
 * and digest.  Nothing is appended to the store here.  0 or -1. */
int ln_oci_read(const char *dir, struct ck_buf *events, struct ck_error *err);

#endif
