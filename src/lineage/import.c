/* import.c -- lineage import: takes back what export writes.
 *
 * OpenLineage JSON Lines, an OCI layout (digests checked), PROV-JSON and
 * DOT are all turned into events first; each is checked as ingest checks
 * it, and only when every operand has been read whole are the new ones
 * appended, in one locked append: a bad operand leaves the store as it
 * was.  An event is new unless one with the same identity -- run id, event
 * type and event time (as an instant) -- is in the store or earlier in the
 * import, so importing the same thing twice adds nothing. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/timefmt.h"
#include "lineage/cmd.h"
#include "lineage/view.h"

static const char *const from_names[] = { "auto", "openlineage", "oci",
	"prov", "dot", NULL };
enum from { F_AUTO, F_OPENLINEAGE, F_OCI, F_PROV, F_DOT };

int
ln_import_from(const char *s)
{
	for (int i = 0; from_names[i] != NULL; i++)
		if (strcmp(s, from_names[i]) == 0)
			return i;
	return -1;
}

struct imp {
	struct ck_buf lines;	/* checked events, '\n'-terminated */
	json_t *seen;		/* identity -> true */
	const char *name;
	size_t events, dups;
};

/* The identity: runId (lower case), eventType, eventTime as an instant. */
static char *
identity(const json_t *ev)
{
	const char *rid = json_string_value(json_object_get(
		json_object_get(ev, "run"), "runId"));
	const char *type = json_string_value(json_object_get(ev,
							     "eventType"));
	char when[CK_TIME_LEN + 64], *id;

	ln_event_time_key(ev, when, sizeof(when));
	if (asprintf(&id, "%s %s %s", rid ? rid : "", type ? type : "",
		     when) < 0)
		return NULL;
	for (char *p = id; *p && *p != ' '; p++)
		*p = (char)tolower((unsigned char)*p);
	return id;
}

static int
seen_event(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	char *id = identity(ev);

	(void)lineno;
	if (id == NULL || json_object_set_new(arg, id, json_true()) < 0) {
		free(id);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	free(id);
	return 0;
}

/* Checks one event as ingest does and keeps it unless seen. */
static int
take_event(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct imp *im = arg;
	const char *line;
	size_t len;
	char *id;
	int dup;

	if (ln_event_check(ev, err) < 0) {
		ck_error_prefix(err, "%s:%lu", im->name, lineno);
		return -1;
	}
	if ((id = identity(ev)) == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	dup = json_object_get(im->seen, id) != NULL;
	if (!dup && json_object_set_new(im->seen, id, json_true()) < 0) {
		free(id);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	free(id);
	if (dup) {
		im->dups++;
		return 0;
	}
	line = ln_scan_line(&len);
	if (ck_buf_append(&im->lines, line, len) < 0 ||
	    ck_buf_append_char(&im->lines, '\n') < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	im->events++;
	return 0;
}

/* What a file holds, from its first bytes: DOT begins with a keyword or a
 * comment; a JSON text that is one object with PROV's sections and no
 * eventType is PROV-JSON; anything else is read as JSON Lines. */
static enum from
sniff(const char *p, size_t len)
{
	size_t i = 0;
	json_t *v;
	enum from f = F_OPENLINEAGE;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)p[i]))
		i++;
	if (i < len && (isalpha((unsigned char)p[i]) || p[i] == '/' ||
			p[i] == '#'))
		return F_DOT;
	if (i >= len || p[i] != '{')
		return F_OPENLINEAGE;
	v = json_loadb(p + i, len - i, JSON_DISABLE_EOF_CHECK, NULL);
	if (json_is_object(v) && json_object_get(v, "eventType") == NULL &&
	    (json_object_get(v, "prefix") != NULL ||
	     json_object_get(v, "entity") != NULL ||
	     json_object_get(v, "activity") != NULL))
		f = F_PROV;
	json_decref(v);
	return f;
}

static int
read_all(const char *path, char **data, size_t *len, struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (strcmp(path, "-") != 0)
		return ck_read_file(path, (size_t)1 << 34, data, len, err);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (ck_buf_append(&b, chunk, n) < 0) {
			ck_buf_release(&b);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
	if (ferror(stdin)) {
		ck_buf_release(&b);
		return ck_error_set(err, errno, "cannot read <stdin>");
	}
	if (ck_buf_append_char(&b, '\0') < 0) {
		ck_buf_release(&b);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	*data = ck_buf_detach(&b, len);
	(*len)--;
	return 0;
}

/* One operand into im.  *used says which reader took it. */
static int
import_one(struct imp *im, const char *path, enum from want, enum from *used,
	   struct ck_error *err)
{
	struct ck_buf evs = CK_BUF_INIT;
	struct ln_view v;
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int rc = -1;

	im->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	ln_view_init(&v);
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		if (want != F_AUTO && want != F_OCI) {
			ck_error_set(err, 0, "%s is a directory, not %s", path,
				     from_names[want]);
			goto out;
		}
		*used = F_OCI;
		if (ln_oci_read(path, &evs, err) < 0)
			goto out;
	} else {
		if (want == F_OCI) {
			ck_error_set(err, 0, "%s: an OCI layout is a directory",
				     im->name);
			goto out;
		}
		if (read_all(path, &data, &len, err) < 0)
			goto out;
		*used = want != F_AUTO ? want : sniff(data, len);
		if (*used == F_OPENLINEAGE) {
			rc = ln_scan_buf(data, len, im->name, 1, take_event,
					 im, err);
			goto out;
		}
		if ((*used == F_DOT ? ln_dot_parse(data, len, im->name, &v,
						    err)
				    : ln_prov_parse(data, len, im->name, &v,
						    err)) < 0 ||
		    ln_view_events(&v, im->name, &evs, err) < 0)
			goto out;
	}
	rc = ln_scan_buf(evs.data ? evs.data : "", evs.len, im->name, 1,
			 take_event, im, err);
out:
	ln_view_release(&v);
	ck_buf_release(&evs);
	free(data);
	return rc;
}

struct fill {
	char *const *paths;
	int n;
	enum from want;
	struct imp im;
	enum from used;
};

/* Under the store's lock: what the log holds, then every operand. */
static int
fill(struct ln_store *s, void *arg, struct ck_buf *out, struct ck_error *err)
{
	struct fill *f = arg;

	if (ln_store_scan(s, seen_event, f->im.seen, err) < 0)
		return -1;
	for (int i = 0; i < f->n; i++) {
		enum from used = F_AUTO;

		if (import_one(&f->im, f->paths[i], f->want, &used, err) < 0)
			return -1;
		f->used = i == 0 || f->used == used ? used : F_AUTO;
	}
	/* hand the lines over: the store appends them whole */
	*out = f->im.lines;
	memset(&f->im.lines, 0, sizeof(f->im.lines));
	return 0;
}

int
ln_cmd_import(struct ln_ctx *c)
{
	static char *stdin_only[] = { "-" };
	struct fill f;
	struct ck_error err;
	struct ln_store s;
	int rc = CK_EXIT_TROUBLE;

	memset(&f, 0, sizeof(f));
	f.paths = c->argc ? c->argv : stdin_only;
	f.n = c->argc ? c->argc : 1;
	f.want = (enum from)c->import_from;
	f.im.seen = json_object();
	ck_error_clear(&err);
	if (f.im.seen == NULL) {
		ck_warn("out of memory");
		return CK_EXIT_TROUBLE;
	}
	if (ln_store_open(&s, c->store_opt, 1, &err) < 0) {
		ck_warn_error(&err);
	} else if (ln_store_append_with(&s, fill, &f, &err) < 0) {
		ck_warn_error(&err);
		ln_store_release(&s);
	} else {
		json_t *rec = json_pack("{s:s, s:s, s:I, s:I}", "kind",
			"import", "from", f.used == F_AUTO ? "mixed" :
			from_names[f.used], "events", (json_int_t)f.im.events,
			"duplicates", (json_int_t)f.im.dups);
		char text[160];

		ln_store_release(&s);
		snprintf(text, sizeof(text), "imported %zu events (%s), "
			 "%zu duplicates skipped", f.im.events,
			 f.used == F_AUTO ? "mixed" : from_names[f.used],
			 f.im.dups);
		rc = ln_emit(c, rec, text) < 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
		json_decref(rec);
	}
	ck_buf_release(&f.im.lines);
	json_decref(f.im.seen);
	return rc;
}
