/* artifact.c -- the log as an OCI artifact (image-spec 1.1).
 *
 * The image manifest has artifactType LN_OCI_ARTIFACT, the empty config
 * and one layer: every event of the log in RFC 8785 canonical form, one
 * per line, sorted by event time, then run id, the event type's place in a run's
 * life (START first) and text, with
 * exact duplicates dropped.  The manifest's created annotation is the
 * latest event time, so the same log always gives the same bytes. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/canon.h"
#include "common/oci.h"
#include "common/timefmt.h"
#include "lineage/lineage.h"

struct ev {
	char time[CK_TIME_LEN + 64];	/* normalised when it parses */
	char *run, *type;
	char *text;			/* canonical */
	size_t len;
};

struct evs {
	struct ev *v;
	size_t n, cap;
};

static void
evs_release(struct evs *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].text);
		free(e->v[i].run);
		free(e->v[i].type);
	}
	free(e->v);
}

void
ln_event_time_key(const json_t *ev, char *out, size_t size)
{
	const char *t = json_string_value(json_object_get(ev, "eventTime"));
	struct ck_time tm;

	if (t != NULL && ck_time_parse(t, &tm) == 0 && size >= CK_TIME_LEN)
		ck_time_format(&tm, out);
	else
		snprintf(out, size, "%s", t ? t : "");
}

static int
collect(json_t *evj, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct evs *e = arg;
	struct ev *x;
	const char *run = json_string_value(json_object_get(
		json_object_get(evj, "run"), "runId"));
	const char *type = json_string_value(json_object_get(evj,
							     "eventType"));

	(void)lineno;
	if (e->n == e->cap) {
		size_t nc = e->cap ? e->cap * 2 : 256;
		struct ev *nv = realloc(e->v, nc * sizeof(*nv));

		if (nv == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		e->v = nv;
		e->cap = nc;
	}
	x = &e->v[e->n];
	memset(x, 0, sizeof(*x));
	ln_event_time_key(evj, x->time, sizeof(x->time));
	x->run = strdup(run ? run : "");
	x->type = strdup(type ? type : "");
	e->n++;
	if (x->run == NULL || x->type == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	return (x->text = ck_canon_string(evj, &x->len, err)) ? 0 : -1;
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	int c;

	if ((c = strcmp(x->time, y->time)) != 0 ||
	    (c = strcmp(x->run, y->run)) != 0)
		return c;
	if ((c = ln_event_type_rank(x->type) - ln_event_type_rank(y->type)))
		return c;
	if ((c = strcmp(x->type, y->type)) != 0)
		return c;
	return strcmp(x->text, y->text);
}

int
ln_oci_export(struct ln_store *s, const char *dir, char *digest, size_t *events,
	      struct ck_error *err)
{
	struct evs e = { NULL, 0, 0 };
	struct ck_buf layer = CK_BUF_INIT, man = CK_BUF_INIT;
	struct ck_oci_writer *w = NULL;
	struct ck_oci_desc cfg, lay, md;
	json_t *ann = NULL;
	char count[32];
	size_t kept = 0;
	int rc = -1;

	memset(&lay, 0, sizeof(lay));
	memset(&md, 0, sizeof(md));
	if (ln_store_scan(s, collect, &e, err) < 0)
		goto out;
	if (e.n > 0)
		qsort(e.v, e.n, sizeof(*e.v), ev_cmp);
	for (size_t i = 0; i < e.n; i++) {
		if (i > 0 && strcmp(e.v[i].text, e.v[i - 1].text) == 0)
			continue;
		kept++;
		if (ck_buf_append(&layer, e.v[i].text, e.v[i].len) < 0 ||
		    ck_buf_append_char(&layer, '\n') < 0) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
	}
	if ((w = ck_oci_writer_new(dir, err)) == NULL)
		goto out;
	if (ck_oci_writer_blob(w, CK_OCI_MT_EMPTY, "{}", 2, &cfg, err) < 0 ||
	    ck_oci_writer_blob(w, LN_OCI_MT_EVENTS, layer.data ? layer.data
			       : "", layer.len, &lay, err) < 0)
		goto out;
	lay.annotations = json_pack("{s:s}", "org.opencontainers.image.title",
				    "events.jsonl");
	snprintf(count, sizeof(count), "%zu", kept);
	ann = json_pack("{s:s, s:s}", "com.complykit.lineage.events", count,
			"com.complykit.lineage.spec", "OpenLineage 2-0-2");
	if (ann == NULL || lay.annotations == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (e.n > 0)
		json_object_set_new(ann, "org.opencontainers.image.created",
				    json_string(e.v[e.n - 1].time));
	if (ck_oci_manifest_build(LN_OCI_ARTIFACT, &cfg, &lay, 1, ann, &man,
				  err) < 0 ||
	    ck_oci_writer_blob(w, CK_OCI_MT_MANIFEST, man.data, man.len, &md,
			       err) < 0)
		goto out;
	snprintf(md.artifact_type, sizeof(md.artifact_type), "%s",
		 LN_OCI_ARTIFACT);
	md.annotations = json_pack("{s:s}", CK_OCI_REF_NAME, "lineage");
	if (md.annotations == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	rc = ck_oci_writer_commit(w, &md, 1, err);
	ck_oci_digest_format(md.sha, digest);
	*events = kept;
out:
	ck_oci_writer_free(w);
	ck_oci_desc_release(&lay);
	ck_oci_desc_release(&md);
	json_decref(ann);
	ck_buf_release(&layer);
	ck_buf_release(&man);
	evs_release(&e);
	return rc;
}

int
ln_oci_read(const char *dir, struct ck_buf *events, struct ck_error *err)
{
	struct ck_oci_layout l;
	struct ck_buf blob = CK_BUF_INIT;
	int rc = -1;

	ck_error_clear(err);
	if (ck_oci_layout_open(&l, dir, err) < 0)
		return -1;
	if (l.index.n == 0) {
		ck_error_set(err, 0, "%s/index.json: no manifests", dir);
		goto out;
	}
	for (size_t i = 0; i < l.index.n; i++) {
		struct ck_oci_manifest m;
		char dg[CK_OCI_DIGEST_LEN + 1];

		if (ck_oci_layout_manifest(&l, &l.index.manifests[i], &m,
					   err) < 0)
			goto out;
		ck_oci_digest_format(l.index.manifests[i].sha, dg);
		if (strcmp(m.artifact_type, LN_OCI_ARTIFACT) != 0) {
			ck_error_set(err, 0, "%s: manifest %s is not a lineage "
				     "artifact (artifactType '%s', want %s)",
				     dir, dg, m.artifact_type,
				     LN_OCI_ARTIFACT);
			ck_oci_manifest_release(&m);
			goto out;
		}
		/* the config is the empty descriptor; its blob is checked
		 * like any other, a truncated layout lacks it */
		if (strcmp(m.config.media_type, CK_OCI_MT_EMPTY) != 0 ||
		    ck_oci_layout_blob(&l, &m.config, 2, &blob, err) < 0) {
			if (strcmp(m.config.media_type, CK_OCI_MT_EMPTY) != 0)
				ck_error_set(err, 0, "%s: manifest %s: config "
					     "is not the empty descriptor",
					     dir, dg);
			ck_oci_manifest_release(&m);
			goto out;
		}
		for (size_t k = 0; k < m.nlayers; k++) {
			if (strcmp(m.layers[k].media_type,
				   LN_OCI_MT_EVENTS) != 0) {
				ck_error_set(err, 0, "%s: manifest %s: layer "
					     "%zu has type %s, want %s", dir,
					     dg, k, m.layers[k].media_type,
					     LN_OCI_MT_EVENTS);
				break;
			}
			if (ck_oci_layout_blob(&l, &m.layers[k],
					       (size_t)1 << 34, &blob,
					       err) < 0)
				break;
			if (blob.len > 0 && blob.data[blob.len - 1] != '\n') {
				ck_error_set(err, 0, "%s: manifest %s: layer "
					     "%zu does not end with a newline",
					     dir, dg, k);
				break;
			}
			if (ck_buf_append(events, blob.data, blob.len) < 0) {
				ck_error_set(err, ENOMEM, "out of memory");
				break;
			}
		}
		if (err->msg[0] != '\0') {
			ck_oci_manifest_release(&m);
			goto out;
		}
		ck_oci_manifest_release(&m);
	}
	rc = 0;
out:
	ck_buf_release(&blob);
	ck_oci_layout_release(&l);
	return rc;
}
