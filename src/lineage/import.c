/* import.c -- lineage import: takes back what export writes.
 *
 * OpenLineage JSON Lines, an OCI layout (digests checked), PROV-JSON and
 * DOT are all turned into events first; each is checked as ingest checks
 * it, and only when every operand has been read whole are the new ones
 * appended, in one locked append: a bad operand leaves the store as it
 * was.  The log is compared with them under the lock, so no writer can
 * slip an event in between.  An event is new unless one with the same identity -- run id, event
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

struct cand {
	size_t off, len;	/* the line in lines, without its '\n' */
	int dup;		/* already in the store */
};

struct imp {
	struct ck_buf lines;	/* checked events, '\n'-terminated */
	struct cand *c;
	size_t n, cap;
	json_t *seen;		/* identity -> index into c */
	const char *name;
	size_t dups;
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

/* An event of the log: a candidate with its identity is a duplicate. */
static int
seen_event(json_t *ev, unsigned long lineno, void *arg, struct ck_error *err)
{
	struct imp *im = arg;
	char *id = identity(ev);
	json_t *i;

	(void)lineno;
	if (id == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if ((i = json_object_get(im->seen, id)) != NULL)
		im->c[json_integer_value(i)].dup = 1;
	free(id);
	return 0;
}

/* Checks one event as ingest does and keeps it unless an event earlier
 * in the import has its identity. */
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
	if (!dup && im->n == im->cap) {
		size_t nc = im->cap ? im->cap * 2 : 1024;
		struct cand *c = realloc(im->c, nc * sizeof(*c));

		if (c == NULL) {
			free(id);
			return ck_error_set(err, ENOMEM, "out of memory");
		}
		im->c = c;
		im->cap = nc;
	}
	if (!dup && json_object_set_new(im->seen, id,
					json_integer((json_int_t)im->n)) < 0) {
		free(id);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	free(id);
	if (dup) {
		im->dups++;
		return 0;
	}
	line = ln_scan_line(&len);
	im->c[im->n] = (struct cand){ im->lines.len, len, 0 };
	if (ck_buf_append(&im->lines, line, len) < 0 ||
	    ck_buf_append_char(&im->lines, '\n') < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	im->n++;
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
	memset(&v, 0, sizeof(v));	/* the readers initialise it */
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

/* Under the store's lock: the candidates whose identity the log does not
 * hold yet, in their order. */
static int
fill(struct ln_store *s, void *arg, struct ck_buf *out, struct ck_error *err)
{
	struct imp *im = arg;

	if (im->n == 0)
		return 0;
	if (ln_store_scan(s, seen_event, im, err) < 0)
		return -1;
	for (size_t i = 0; i < im->n; i++) {
		if (im->c[i].dup) {
			im->dups++;
			continue;
		}
		if (ck_buf_append(out, im->lines.data + im->c[i].off,
				  im->c[i].len + 1) < 0)
			return ck_error_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

int
ln_cmd_import(struct ln_ctx *c)
{
	static char *stdin_only[] = { "-" };
	char **paths = c->argc ? c->argv : stdin_only;
	int n = c->argc ? c->argc : 1;
	struct imp im;
	struct ck_error err;
	struct ln_store s;
	enum from used = F_AUTO;
	int rc = CK_EXIT_TROUBLE;

	memset(&im, 0, sizeof(im));
	memset(&s, 0, sizeof(s));
	ck_error_clear(&err);
	if ((im.seen = json_object()) == NULL) {
		ck_warn("out of memory");
		return CK_EXIT_TROUBLE;
	}
	/* every operand is read and checked before the store is locked:
	 * a slow pipe holds no other writer up */
	for (int i = 0; i < n; i++) {
		enum from u = F_AUTO;

		if (import_one(&im, paths[i], (enum from)c->import_from, &u,
			       &err) < 0)
			goto out;
		used = i == 0 || used == u ? u : F_AUTO;
	}
	if (ln_store_open(&s, c->store_opt, 1, &err) < 0 ||
	    ln_store_append_with(&s, fill, &im, &err) < 0)
		goto out;
	{
		size_t added = 0;
		json_t *rec;
		char text[160];

		for (size_t i = 0; i < im.n; i++)
			added += !im.c[i].dup;
		rec = json_pack("{s:s, s:s, s:I, s:I}", "kind", "import",
				"from", used == F_AUTO ? "mixed" :
				from_names[used], "events", (json_int_t)added,
				"duplicates", (json_int_t)im.dups);
		snprintf(text, sizeof(text), "imported %zu events (%s), "
			 "%zu duplicates skipped", added, used == F_AUTO ?
			 "mixed" : from_names[used], im.dups);
		rc = ln_emit(c, rec, text) < 0 ? CK_EXIT_TROUBLE : CK_EXIT_OK;
		json_decref(rec);
	}
out:
	if (rc == CK_EXIT_TROUBLE && err.msg[0] != '\0')
		ck_warn_error(&err);
	ln_store_release(&s);
	ck_buf_release(&im.lines);
	free(im.c);
	json_decref(im.seen);
	return rc;
}
