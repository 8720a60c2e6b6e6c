/* view.h -- the graph as the DOT and PROV exports carry it, and as their
 * imports rebuild it.
 *
 * A view is nodes (datasets and jobs with namespace and name, runs with
 * their id and the type and time of their latest event) and edges
 * (input -> run -> output, job -> run, each with the dataset version it
 * carried).  Export builds it from the log (view.c), writes it as DOT
 * (dot.c) or PROV-JSON (prov.c); import parses those back into a view
 * and makes one OpenLineage event per run of it (view.c), which is what
 * the graph needs: the same nodes, edges and versions. */
#ifndef LINEAGE_VIEW_H
#define LINEAGE_VIEW_H

#include <stdio.h>
#include "common/buf.h"
#include "lineage/lineage.h"

struct ln_vnode {
	char *key;		/* lineage id, or the name the format used */
	enum ln_kind kind;
	char *ns, *name;	/* datasets and jobs */
	char *run, *type, *time;	/* runs: id, latest eventType/Time */
};

struct ln_vedge {
	size_t from, to;
	char *version;		/* NULL when the edge carries none */
};

struct ln_view {
	struct ln_vnode *n;
	size_t nn, ncap;
	struct ln_vedge *e;
	size_t ne, ecap;
	json_t *keys;		/* key -> index */
};

void ln_view_init(struct ln_view *v);
void ln_view_release(struct ln_view *v);
/* The node named key, added (kind set, other fields NULL) when absent
 * and add is set.  Returns its index, or -1 (absent, or ENOMEM). */
long ln_view_node(struct ln_view *v, const char *key, enum ln_kind kind,
		  int add);
/* Sets a field (a copy of s; NULL leaves it). 0 or -1 on ENOMEM. */
int ln_view_set(char **field, const char *s);
int ln_view_edge(struct ln_view *v, size_t from, size_t to,
		 const char *version);
/* Sorts nodes by key and edges by (from, to, version), dropping repeated
 * edges: the order every export writes, whatever the log's order. */
int ln_view_sort(struct ln_view *v, struct ck_error *err);

/* Adds the store's log to v (initialised, empty) and sorts it. */
int ln_view_from_store(struct ln_store *s, struct ln_view *v,
		       struct ck_error *err);
/* One OpenLineage RunEvent per run node, each a '\n'-terminated line
 * appended to out, after checking that every node is complete and every
 * edge joins the kinds an event can (dataset -> run, run -> dataset,
 * job -> run).  name prefixes messages.  Returns the number of events,
 * or -1 with err. */
long ln_view_events(const struct ln_view *v, const char *name,
		    struct ck_buf *out, struct ck_error *err);

/* dot.c */
void ln_dot_write(FILE *fp, const struct ln_view *v);
/* The parsers initialise v; release it whatever they return. */
/* Parses the DOT ln_dot_write writes (any layout of it, Graphviz's
 * lexical rules); foreign DOT without lineage attributes is refused. */
int ln_dot_parse(const char *p, size_t len, const char *name,
		 struct ln_view *v, struct ck_error *err);

/* prov.c */
json_t *ln_prov_doc(const struct ln_view *v);
int ln_prov_parse(const char *p, size_t len, const char *name,
		  struct ln_view *v, struct ck_error *err);

#endif
