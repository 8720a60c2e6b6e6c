/* export.c -- lineage export (OpenLineage JSON Lines, an OCI artifact,
 * Graphviz DOT, SVG, HTML, PROV-JSON) and lineage diff (two runs side by side). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"

#include "common/jsonl.h"
#include "common/oci.h"
#include "lineage/cmd.h"
#include "lineage/view.h"

static int
copy_event(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	size_t len;
	const char *line = ln_scan_line(&len);

	(void)ev;
	(void)lineno;
	/* the log's bytes as they are: export then ingest is the identity */
	if (fwrite(line, 1, len, arg) != len || putc('\n', arg) == EOF)
		return ck_error_set(err, errno, "cannot write output");
	return 0;
}

/* Renders the graph to SVG with Graphviz's dot (Debian: graphviz): the
 * DOT goes through a temporary file so that no pipe can deadlock. */
static char *
render_svg(const struct ln_view *v, size_t *len, struct ck_error *err)
{
	char tmpl[] = "/tmp/lineage-dot.XXXXXX", *cmd = NULL, *out = NULL;
	struct ck_buf b = CK_BUF_INIT;
	char buf[65536];
	FILE *fp, *p;
	size_t n;
	int fd, st;

	if ((fd = mkstemp(tmpl)) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		ck_error_set(err, errno, "cannot create a temporary file");
		if (fd >= 0) {
			close(fd);
			unlink(tmpl);
		}
		return NULL;
	}
	ln_dot_write(fp, v);
	if (fclose(fp) != 0) {
		ck_error_set(err, errno, "cannot write %s", tmpl);
		goto out;
	}
	if (asprintf(&cmd, "dot -Tsvg '%s' 2>/dev/null", tmpl) < 0 ||
	    (p = popen(cmd, "r")) == NULL) {
		ck_error_set(err, errno, "cannot run dot");
		goto out;
	}
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		ck_buf_append(&b, buf, n);
	st = pclose(p);
	if (st != 0 || b.len == 0) {
		ck_error_set(err, 0, "svg and html need Graphviz's dot "
			     "(Debian package graphviz)");
		goto out;
	}
	out = ck_buf_detach(&b, len);
out:
	ck_buf_release(&b);
	free(cmd);
	unlink(tmpl);
	return out;
}

static void
html_text(FILE *fp, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
}

/* One page, no scripts, no external resources: the SVG inline, then the
 * nodes as a table. */
static void
write_html(FILE *fp, const struct ln_view *v, const char *svg)
{
	static const char *const kinds[] = { "dataset", "job", "run" };
	const char *start = strstr(svg, "<svg");

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<title>lineage</title>\n"
	      "<style>body{font-family:Helvetica,Arial,sans-serif;margin:2em}"
	      "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
	      "padding:2px 8px;text-align:left}svg{max-width:100%;"
	      "height:auto}</style>\n</head>\n<body>\n<h1>lineage</h1>\n",
	      fp);
	fprintf(fp, "<p>%zu nodes, %zu edges (OpenLineage 2-0-2).</p>\n",
		v->nn, v->ne);
	fputs(start ? start : svg, fp);
	fputs("\n<table>\n<tr><th>node</th><th>kind</th></tr>\n", fp);
	for (size_t i = 0; i < v->nn; i++) {
		fputs("<tr><td>", fp);
		html_text(fp, v->n[i].key);
		fprintf(fp, "</td><td>%s</td></tr>\n", kinds[v->n[i].kind]);
	}
	fputs("</table>\n</body>\n</html>\n", fp);
}

int
ln_cmd_export(struct ln_ctx *c)
{
	struct ck_error err;
	struct ln_store s;
	struct ln_view v;
	char *svg = NULL, digest[CK_OCI_DIGEST_LEN + 1];
	size_t len = 0;
	int rc = CK_EXIT_OK;

	if (c->format == LN_OPENLINEAGE || c->format == LN_OCI) {
		if (ln_store_open(&s, c->store_opt, 0, &err) < 0) {
			ck_warn_error(&err);
			return CK_EXIT_TROUBLE;
		}
		if (c->format == LN_OCI)
			rc = ln_oci_export(&s, c->out_path, digest, &len,
					   &err);
		else
			rc = ln_store_scan(&s, copy_event, c->out, &err);
		ln_store_release(&s);
		if (rc < 0) {
			ck_warn_error(&err);
			return CK_EXIT_TROUBLE;
		}
		if (c->format == LN_OCI) {
			/* the layout is the data; stdout says what it holds */
			json_t *rec = json_pack("{s:s, s:s, s:s, s:I}", "kind",
				"export", "dir", c->out_path, "manifest",
				digest, "events", (json_int_t)len);

			rc = ck_jsonl_write(stdout, rec, &err);
			json_decref(rec);
			if (rc < 0) {
				ck_warn_error(&err);
				return CK_EXIT_TROUBLE;
			}
		}
		return CK_EXIT_OK;
	}
	ln_view_init(&v);
	if (ln_store_open(&s, c->store_opt, 0, &err) < 0 ||
	    ln_view_from_store(&s, &v, &err) < 0) {
		ck_warn_error(&err);
		rc = CK_EXIT_TROUBLE;
	} else if (c->format == LN_DOT) {
		ln_dot_write(c->out, &v);
	} else if (c->format == LN_PROV) {
		json_t *doc = ln_prov_doc(&v);

		if (ck_jsonl_write(c->out, doc, &err) < 0) {
			ck_warn_error(&err);
			rc = CK_EXIT_TROUBLE;
		}
		json_decref(doc);
	} else if ((svg = render_svg(&v, &len, &err)) == NULL) {
		ck_warn_error(&err);
		rc = CK_EXIT_TROUBLE;
	} else if (c->format == LN_SVG) {
		fwrite(svg, 1, len, c->out);
	} else {
		write_html(c->out, &v, svg);
	}
	free(svg);
	ln_view_release(&v);
	ln_store_release(&s);
	if (rc == CK_EXIT_OK && (fflush(c->out) != 0 || ferror(c->out))) {
		ck_warn_errno(errno, "cannot write output");
		return CK_EXIT_TROUBLE;
	}
	return rc;
}

/* ---- diff ---------------------------------------------------------- */

struct runinfo {
	const char *id;
	json_t *fields;		/* flat name -> value, later events win */
	int found;
};

static void
put(json_t *f, const char *prefix, const char *key, json_t *v)
{
	char name[1024];

	snprintf(name, sizeof(name), "%s%s", prefix, key);
	json_object_set(f, name, v);
}

static void
datasets_into(json_t *f, const char *prefix, json_t *a)
{
	json_t *d;
	size_t i;

	json_array_foreach(a, i, d) {
		char key[1024];
		json_t *v = json_object_get(json_object_get(json_object_get(d,
			"facets"), "version"), "datasetVersion");

		snprintf(key, sizeof(key), "%s:%s",
			 json_string_value(json_object_get(d, "namespace")),
			 json_string_value(json_object_get(d, "name")));
		put(f, prefix, key, v ? v : json_null());
	}
}

static int
gather(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct runinfo *r = arg;
	json_t *run = json_object_get(ev, "run"), *facets, *x, *v;
	const char *rid = json_string_value(json_object_get(run, "runId"));
	size_t i;

	(void)lineno;
	(void)err;
	for (int k = 0; k < 2; k++, r++) {
		if (rid == NULL || strcasecmp(rid, r->id) != 0)
			continue;
		r->found = 1;
		json_object_set_new(r->fields, "job", json_sprintf("%s/%s",
			json_string_value(json_object_get(json_object_get(ev,
				"job"), "namespace")),
			json_string_value(json_object_get(json_object_get(ev,
				"job"), "name"))));
		put(r->fields, "", "status", json_object_get(ev, "eventType"));
		facets = json_object_get(run, "facets");
		x = json_object_get(json_object_get(facets,
			"executionParameters"), "parameters");
		json_array_foreach(x, i, v)
			put(r->fields, "param.", json_string_value(
				json_object_get(v, "key")),
			    json_object_get(v, "value"));
		x = json_object_get(json_object_get(facets,
			"complykit_metrics"), "metrics");
		json_array_foreach(x, i, v)
			put(r->fields, "metric.", json_string_value(
				json_object_get(v, "key")),
			    json_object_get(v, "value"));
		x = json_object_get(facets, "complykit_run");
		{
			static const char *const keep[] = { "git_commit",
				"env_sha256", "command", "exit_status",
				"tools" };

			for (size_t k2 = 0; k2 < 5; k2++)
				if ((v = json_object_get(x, keep[k2])) != NULL)
					put(r->fields, "run.", keep[k2], v);
		}
		datasets_into(r->fields, "input.",
			      json_object_get(ev, "inputs"));
		datasets_into(r->fields, "output.",
			      json_object_get(ev, "outputs"));
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ln_cmd_diff(struct ln_ctx *c)
{
	struct runinfo r[2];
	struct ck_error err;
	struct ln_store s;
	json_t *names = json_object(), *v;
	const char *key, **keys = NULL;
	size_t n = 0;
	int rc = CK_EXIT_TROUBLE, changed = 0;

	for (int i = 0; i < 2; i++) {
		const char *id = c->argv[i];

		if (strncmp(id, "run:", 4) == 0)
			id += 4;
		if (!ln_uuid_ok(id)) {
			ck_warn("diff: '%s' is not a run id (run:UUID)",
				c->argv[i]);
			if (i == 1)
				json_decref(r[0].fields);
			json_decref(names);
			return CK_EXIT_TROUBLE;
		}
		r[i] = (struct runinfo){ id, json_object(), 0 };
	}
	if (ln_store_open(&s, c->store_opt, 0, &err) < 0 ||
	    ln_store_scan(&s, gather, r, &err) < 0) {
		ck_warn_error(&err);
		goto out;
	}
	for (int i = 0; i < 2; i++)
		if (!r[i].found) {
			ck_warn("unknown run '%s'", c->argv[i]);
			goto out;
		}
	for (int i = 0; i < 2; i++)
		json_object_foreach(r[i].fields, key, v)
			json_object_set_new(names, key, json_true());
	keys = malloc((json_object_size(names) + 1) * sizeof(*keys));
	json_object_foreach(names, key, v)
		keys[n++] = key;
	qsort(keys, n, sizeof(*keys), cmp_str);
	rc = CK_EXIT_OK;
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_object_get(r[0].fields, keys[i]);
		json_t *b = json_object_get(r[1].fields, keys[i]);
		int same = a && b && json_equal(a, b);
		json_t *rec = json_pack("{s:s, s:s, s:O?, s:O?, s:b}", "kind",
			"diff", "field", keys[i], "a", a, "b", b, "changed",
			!same);
		char *ta = a ? ck_json_compact(a) : strdup("-");
		char *tb = b ? ck_json_compact(b) : strdup("-");
		char *text = NULL;

		changed |= !same;
		if (ta && tb && (text = malloc(strlen(keys[i]) + strlen(ta) +
					      strlen(tb) + 8)) != NULL)
			sprintf(text, "%c %s\t%s\t%s", same ? ' ' : '*',
				keys[i], ta, tb);
		if (ln_emit(c, rec, text) < 0)
			rc = CK_EXIT_TROUBLE;
		free(ta);
		free(tb);
		free(text);
		json_decref(rec);
		if (rc != CK_EXIT_OK)
			break;
	}
	if (rc == CK_EXIT_OK && changed && c->exit_code)
		rc = CK_EXIT_TRIP;
out:
	free(keys);
	json_decref(names);
	json_decref(r[0].fields);
	json_decref(r[1].fields);
	ln_store_release(&s);
	return rc;
}
