/* dot.c -- the view as Graphviz DOT, and that DOT read back.
 *
 * Every node carries what import needs as attributes Graphviz ignores:
 * lineage_kind, lineage_namespace and lineage_name (datasets, jobs),
 * lineage_run, lineage_event and lineage_time (runs); an edge carrying a
 * dataset version has lineage_version.  The reader follows the DOT
 * language's lexical rules (https://graphviz.org/doc/info/lang.html):
 * comments, quoted and bare IDs, attribute lists, edge chains; it refuses
 * what it cannot map (subgraphs, ports, HTML strings, undirected graphs,
 * nodes without lineage_kind) with the line and column. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "lineage/view.h"

static void
quoted(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		if (*s == '\n')
			fputs("\\n", fp);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

static void
attr(FILE *fp, const char *k, const char *v)
{
	fprintf(fp, ", %s=", k);
	quoted(fp, v);
}

void
ln_dot_write(FILE *fp, const struct ln_view *v)
{
	static const char *const shape[] = {
		"shape=box, style=filled, fillcolor=\"#dbe9f6\"",
		"shape=component",
		"shape=ellipse, style=filled, fillcolor=\"#f3f3f3\"" };
	static const char *const kind[] = { "dataset", "job", "run" };

	/* deterministic: nodes by id, edges by (from, to, version) */
	fputs("digraph lineage {\n  rankdir=LR;\n"
	      "  node [fontname=\"Helvetica\", fontsize=10];\n", fp);
	for (size_t i = 0; i < v->nn; i++) {
		const struct ln_vnode *n = &v->n[i];

		fputs("  ", fp);
		quoted(fp, n->key);
		fprintf(fp, " [%s, lineage_kind=\"%s\"", shape[n->kind],
			kind[n->kind]);
		if (n->kind == LN_RUN) {
			attr(fp, "lineage_run", n->run);
			attr(fp, "lineage_event", n->type);
			attr(fp, "lineage_time", n->time);
		} else {
			attr(fp, "lineage_namespace", n->ns);
			attr(fp, "lineage_name", n->name);
		}
		fputs("];\n", fp);
	}
	for (size_t i = 0; i < v->ne; i++) {
		fputs("  ", fp);
		quoted(fp, v->n[v->e[i].from].key);
		fputs(" -> ", fp);
		quoted(fp, v->n[v->e[i].to].key);
		if (v->e[i].version != NULL) {
			fputs(" [lineage_version=", fp);
			quoted(fp, v->e[i].version);
			fputc(']', fp);
		}
		fputs(";\n", fp);
	}
	fputs("}\n", fp);
}

/* ---- reading --------------------------------------------------------- */

enum tok { T_EOF, T_ID, T_LBRACE, T_RBRACE, T_LBRACK, T_RBRACK, T_SEMI,
	   T_COMMA, T_EQ, T_COLON, T_ARROW, T_UNDIRECTED };

struct lex {
	const char *p, *end, *name;
	unsigned long line, col;	/* of the next byte */
	unsigned long tline, tcol;	/* of the last token */
	struct ck_buf id;		/* the last T_ID, NUL-terminated */
	int quoted;
	struct ck_error *err;
};

static int
fail(struct lex *lx, const char *what)
{
	return ck_error_set(lx->err, 0, "%s:%lu:%lu: %s", lx->name, lx->tline,
			    lx->tcol, what);
}

static void
adv(struct lex *lx)
{
	if (*lx->p == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->p++;
}

static int
id_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* The next token; -1 on a lexical error. */
static int
next(struct lex *lx, enum tok *t)
{
	for (;;) {
		while (lx->p < lx->end && isspace((unsigned char)*lx->p))
			adv(lx);
		if (lx->p + 1 < lx->end && lx->p[0] == '/' && lx->p[1] == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				adv(lx);
		} else if (lx->p + 1 < lx->end && lx->p[0] == '/' &&
			   lx->p[1] == '*') {
			lx->tline = lx->line;
			lx->tcol = lx->col;
			adv(lx);
			adv(lx);
			while (lx->p + 1 < lx->end &&
			       !(lx->p[0] == '*' && lx->p[1] == '/'))
				adv(lx);
			if (lx->p + 1 >= lx->end)
				return fail(lx, "unterminated comment");
			adv(lx);
			adv(lx);
		} else if (lx->p < lx->end && *lx->p == '#' && lx->col == 1) {
			/* a C preprocessor output line */
			while (lx->p < lx->end && *lx->p != '\n')
				adv(lx);
		} else {
			break;
		}
	}
	lx->tline = lx->line;
	lx->tcol = lx->col;
	ck_buf_reset(&lx->id);
	lx->quoted = 0;
	if (lx->p >= lx->end) {
		*t = T_EOF;
		return 0;
	}
	switch (*lx->p) {
	case '{': *t = T_LBRACE; adv(lx); return 0;
	case '}': *t = T_RBRACE; adv(lx); return 0;
	case '[': *t = T_LBRACK; adv(lx); return 0;
	case ']': *t = T_RBRACK; adv(lx); return 0;
	case ';': *t = T_SEMI; adv(lx); return 0;
	case ',': *t = T_COMMA; adv(lx); return 0;
	case '=': *t = T_EQ; adv(lx); return 0;
	case ':': *t = T_COLON; adv(lx); return 0;
	case '<': return fail(lx, "HTML strings are not supported");
	case '\0': return fail(lx, "NUL byte");
	case '"':
		adv(lx);
		while (lx->p < lx->end && *lx->p != '"') {
			char c = *lx->p;

			if (c == '\0')
				return fail(lx, "NUL byte in a string");
			if (c == '\\' && lx->p + 1 < lx->end) {
				adv(lx);
				c = *lx->p;
				if (c == '\n') {	/* line continuation */
					adv(lx);
					continue;
				}
				if (c == 'n')
					c = '\n';
				else if (c != '"' && c != '\\' &&
					 ck_buf_append_char(&lx->id, '\\') < 0)
					return ck_error_set(lx->err, ENOMEM,
							    "out of memory");
			}
			if (ck_buf_append_char(&lx->id, c) < 0)
				return ck_error_set(lx->err, ENOMEM,
						    "out of memory");
			adv(lx);
		}
		if (lx->p >= lx->end)
			return fail(lx, "unterminated string");
		adv(lx);
		lx->quoted = 1;
		break;
	default:
		if (lx->p + 1 < lx->end && lx->p[0] == '-' &&
		    (lx->p[1] == '>' || lx->p[1] == '-')) {
			*t = lx->p[1] == '>' ? T_ARROW : T_UNDIRECTED;
			adv(lx);
			adv(lx);
			return 0;
		}
		if (!id_char((unsigned char)*lx->p) && *lx->p != '-' &&
		    *lx->p != '.')
			return fail(lx, "unexpected character");
		while (lx->p < lx->end &&
		       (id_char((unsigned char)*lx->p) || *lx->p == '.' ||
			(*lx->p == '-' && lx->id.len == 0))) {
			if (ck_buf_append_char(&lx->id, *lx->p) < 0)
				return ck_error_set(lx->err, ENOMEM,
						    "out of memory");
			adv(lx);
		}
	}
	if (ck_buf_append_char(&lx->id, '\0') < 0)
		return ck_error_set(lx->err, ENOMEM, "out of memory");
	lx->id.len--;
	*t = T_ID;
	return 0;
}

static int
keyword(const struct lex *lx, const char *kw)
{
	return !lx->quoted && lx->id.data != NULL &&
	       strcasecmp(lx->id.data, kw) == 0;
}

struct parse {
	struct lex lx;
	json_t *nodes;		/* key -> {attr: value} */
	json_t *edges;		/* [from, to, version|null] */
	enum tok t;
};

static int
adv_tok(struct parse *ps)
{
	return next(&ps->lx, &ps->t);
}

static json_t *
node_attrs(struct parse *ps, const char *key)
{
	json_t *a = json_object_get(ps->nodes, key);

	if (a == NULL) {
		a = json_object();
		if (json_object_set_new(ps->nodes, key, a) < 0)
			return NULL;
	}
	return a;
}

/* attr_list: ('[' (ID ['=' ID] [';'|','])* ']')+, into attrs (may be
 * NULL: defaults we do not keep). */
static int
attr_list(struct parse *ps, json_t *attrs)
{
	while (ps->t == T_LBRACK) {
		if (adv_tok(ps) < 0)
			return -1;
		while (ps->t != T_RBRACK) {
			char *k;

			if (ps->t != T_ID)
				return fail(&ps->lx, "expected an attribute "
					    "name");
			if ((k = strdup(ps->lx.id.data)) == NULL)
				return ck_error_set(ps->lx.err, ENOMEM,
						    "out of memory");
			if (adv_tok(ps) < 0) {
				free(k);
				return -1;
			}
			if (ps->t == T_EQ) {
				if (adv_tok(ps) < 0) {
					free(k);
					return -1;
				}
				if (ps->t != T_ID) {
					free(k);
					return fail(&ps->lx, "expected an "
						    "attribute value");
				}
				if (attrs != NULL)
					json_object_set_new(attrs, k,
						json_stringn(ps->lx.id.data,
							     ps->lx.id.len));
				if (adv_tok(ps) < 0) {
					free(k);
					return -1;
				}
			}
			free(k);
			if ((ps->t == T_SEMI || ps->t == T_COMMA) &&
			    adv_tok(ps) < 0)
				return -1;
		}
		if (adv_tok(ps) < 0)
			return -1;
	}
	return 0;
}

/* A node id; ports (ID ':' ID) are refused. */
static int
node_id(struct parse *ps, char **key)
{
	if (ps->t == T_LBRACE || keyword(&ps->lx, "subgraph"))
		return fail(&ps->lx, "subgraphs are not supported");
	if (ps->t != T_ID)
		return fail(&ps->lx, "expected a node id");
	if ((*key = strdup(ps->lx.id.data)) == NULL)
		return ck_error_set(ps->lx.err, ENOMEM, "out of memory");
	if (adv_tok(ps) < 0 || (ps->t == T_COLON &&
				fail(&ps->lx, "ports are not supported"))) {
		free(*key);
		*key = NULL;
		return -1;
	}
	return 0;
}

static int
stmt(struct parse *ps)
{
	char *a = NULL, *b = NULL;
	json_t *chain, *attrs;
	int rc = -1;

	if (keyword(&ps->lx, "graph") || keyword(&ps->lx, "node") ||
	    keyword(&ps->lx, "edge")) {
		if (adv_tok(ps) < 0)
			return -1;
		return attr_list(ps, NULL);
	}
	if (node_id(ps, &a) < 0)
		return -1;
	if (ps->t == T_EQ) {	/* graph attribute ID = ID */
		free(a);
		if (adv_tok(ps) < 0)
			return -1;
		if (ps->t != T_ID)
			return fail(&ps->lx, "expected a value");
		return adv_tok(ps);
	}
	if (ps->t == T_UNDIRECTED)
		return free(a), fail(&ps->lx, "undirected edges ('--') are "
				     "not lineage");
	if (ps->t != T_ARROW) {
		attrs = node_attrs(ps, a);
		rc = attrs ? attr_list(ps, attrs) : ck_error_set(ps->lx.err,
			ENOMEM, "out of memory");
		free(a);
		return rc;
	}
	chain = json_array();
	json_array_append_new(chain, json_string(a));
	if (node_attrs(ps, a) == NULL)
		goto out;
	while (ps->t == T_ARROW) {
		if (adv_tok(ps) < 0 || node_id(ps, &b) < 0)
			goto out;
		json_array_append_new(chain, json_string(b));
		if (node_attrs(ps, b) == NULL)
			goto out;
		free(b);
		b = NULL;
	}
	attrs = json_object();
	if (attr_list(ps, attrs) < 0) {
		json_decref(attrs);
		goto out;
	}
	for (size_t i = 0; i + 1 < json_array_size(chain); i++)
		json_array_append_new(ps->edges, json_pack("[O, O, O]",
			json_array_get(chain, i), json_array_get(chain, i + 1),
			json_object_get(attrs, "lineage_version") ?
			json_object_get(attrs, "lineage_version") :
			json_null()));
	json_decref(attrs);
	rc = 0;
out:
	json_decref(chain);
	free(a);
	free(b);
	return rc;
}

static int
parse_graph(struct parse *ps)
{
	if (adv_tok(ps) < 0)
		return -1;
	if (keyword(&ps->lx, "strict") && adv_tok(ps) < 0)
		return -1;
	if (keyword(&ps->lx, "graph"))
		return fail(&ps->lx, "an undirected graph is not lineage");
	if (!keyword(&ps->lx, "digraph"))
		return fail(&ps->lx, "not a DOT digraph");
	if (adv_tok(ps) < 0 || (ps->t == T_ID && adv_tok(ps) < 0))
		return -1;
	if (ps->t != T_LBRACE)
		return fail(&ps->lx, "expected '{'");
	if (adv_tok(ps) < 0)
		return -1;
	while (ps->t != T_RBRACE) {
		if (ps->t == T_EOF)
			return fail(&ps->lx, "unexpected end of file (no '}')");
		if (stmt(ps) < 0)
			return -1;
		if (ps->t == T_SEMI && adv_tok(ps) < 0)
			return -1;
	}
	if (adv_tok(ps) < 0)
		return -1;
	if (ps->t != T_EOF)
		return fail(&ps->lx, "text after the graph");
	return 0;
}

static const char *
sattr(const json_t *a, const char *k)
{
	return json_string_value(json_object_get(a, k));
}

/* The parsed nodes and edges into the view. */
static int
to_view(struct parse *ps, struct ln_view *v, struct ck_error *err)
{
	static const char *const kinds[] = { "dataset", "job", "run" };
	const char *key;
	json_t *a, *e;
	size_t i;

	json_object_foreach(ps->nodes, key, a) {
		const char *k = sattr(a, "lineage_kind");
		int kind = -1;
		long n;

		for (int j = 0; k != NULL && j < 3; j++)
			if (strcmp(k, kinds[j]) == 0)
				kind = j;
		if (kind < 0)
			return ck_error_set(err, 0, "%s: node '%s' has %s "
					    "lineage_kind: not a graph lineage "
					    "export wrote", ps->lx.name, key,
					    k ? "an unknown" : "no");
		if ((n = ln_view_node(v, key, (enum ln_kind)kind, 1)) < 0 ||
		    ln_view_set(&v->n[n].ns, sattr(a, "lineage_namespace")) <
		    0 || ln_view_set(&v->n[n].name, sattr(a, "lineage_name")) <
		    0 || ln_view_set(&v->n[n].run, sattr(a, "lineage_run")) <
		    0 || ln_view_set(&v->n[n].type, sattr(a, "lineage_event")) <
		    0 || ln_view_set(&v->n[n].time, sattr(a, "lineage_time")) <
		    0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	json_array_foreach(ps->edges, i, e) {
		long f = ln_view_node(v, json_string_value(json_array_get(e,
			0)), LN_DATASET, 0);
		long t = ln_view_node(v, json_string_value(json_array_get(e,
			1)), LN_DATASET, 0);

		if (ln_view_edge(v, (size_t)f, (size_t)t, json_string_value(
			json_array_get(e, 2))) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	return ln_view_sort(v, err);
}

int
ln_dot_parse(const char *p, size_t len, const char *name, struct ln_view *v,
	     struct ck_error *err)
{
	struct parse ps;
	size_t bad;
	int rc = -1;

	ln_view_init(v);
	if ((bad = ck_utf8_check(p, len)) != len)
		return ck_error_set(err, 0, "%s: invalid UTF-8 at byte %zu",
				    name, bad + 1);
	memset(&ps, 0, sizeof(ps));
	ps.lx = (struct lex){ p, p + len, name, 1, 1, 1, 1, CK_BUF_INIT, 0,
			      err };
	ps.nodes = json_object();
	ps.edges = json_array();
	if (v->keys == NULL || ps.nodes == NULL || ps.edges == NULL)
		ck_error_set(err, ENOMEM, "out of memory");
	else if (parse_graph(&ps) == 0)
		rc = to_view(&ps, v, err);
	ck_buf_release(&ps.lx.id);
	json_decref(ps.nodes);
	json_decref(ps.edges);
	return rc;
}
