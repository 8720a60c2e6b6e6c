/* csv.c -- header and column types of CSV files (RFC 4180 quoting). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "dsver/csv.h"

/* Types from narrow to wide; a column takes the widest its values need. */
enum ctype { T_EMPTY, T_BOOL, T_INT, T_NUM, T_DATE, T_DATETIME, T_STRING };
static const char *const tname[] = { "empty", "boolean", "integer",
				     "number", "date", "datetime", "string" };

static int
digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static enum ctype
classify(const char *s, size_t n)
{
	size_t i = 0;
	char *end;

	if (n == 0)
		return T_EMPTY;
	if ((n == 4 && strncasecmp(s, "true", 4) == 0) ||
	    (n == 5 && strncasecmp(s, "false", 5) == 0))
		return T_BOOL;
	if (s[0] == '-' || s[0] == '+')
		i = 1;
	if (digits(s + i, n - i))
		return T_INT;
	if (n >= 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) &&
	    s[7] == '-' && digits(s + 8, 2)) {
		if (n == 10)
			return T_DATE;
		if ((s[10] == 'T' || s[10] == ' ') && n >= 16 &&
		    digits(s + 11, 2) && s[13] == ':')
			return T_DATETIME;
	}
	{
		char tmp[64];

		if (n < sizeof(tmp)) {
			memcpy(tmp, s, n);
			tmp[n] = '\0';
			strtod(tmp, &end);
			if (*end == '\0' && strpbrk(tmp, "0123456789") &&
			    !strpbrk(tmp, "xXnN"))
				return T_NUM;
		}
	}
	return T_STRING;
}

static enum ctype
widen(enum ctype a, enum ctype b)
{
	if (a == T_EMPTY)
		return b;
	if (b == T_EMPTY || a == b)
		return a;
	if ((a == T_INT && b == T_NUM) || (a == T_NUM && b == T_INT))
		return T_NUM;
	if ((a == T_DATE && b == T_DATETIME) || (a == T_DATETIME && b == T_DATE))
		return T_DATETIME;
	return T_STRING;
}

/* Reads one field; returns 1 if a record ends after it, 0 if a field
 * follows, -1 at the end of the text (nothing read). */
static int
field(const char **pp, const char *end, struct ck_buf *f)
{
	const char *p = *pp;

	ck_buf_reset(f);
	if (p >= end)
		return -1;
	if (*p == '"') {
		p++;
		while (p < end) {
			if (*p == '"') {
				if (p + 1 < end && p[1] == '"') {
					ck_buf_append_char(f, '"');
					p += 2;
					continue;
				}
				p++;
				break;
			}
			ck_buf_append_char(f, *p++);
		}
	}
	while (p < end && *p != ',' && *p != '\n' && *p != '\r')
		ck_buf_append_char(f, *p++);
	if (p < end && *p == ',') {
		*pp = p + 1;
		return 0;
	}
	if (p < end && *p == '\r')
		p++;
	if (p < end && *p == '\n')
		p++;
	*pp = p;
	return 1;
}

json_t *
ds_csv_columns(const char *p, size_t n)
{
	const char *q = p, *end = p + n;
	struct ck_buf f = CK_BUF_INIT;
	json_t *names = json_array(), *cols, *out = NULL;
	enum ctype *types = NULL;
	size_t nc = 0, rows = 0, col = 0;
	int r;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		q += 3;	/* a BOM is not part of the first name */
	do {
		r = field(&q, end, &f);
		if (r < 0)
			break;
		if (f.data == NULL)
			ck_buf_append(&f, "", 0);
		if (ck_utf8_check(f.data, f.len) != f.len || f.len > 1024)
			goto done;
		json_array_append_new(names, json_stringn(f.data, f.len));
	} while (r == 0);
	nc = json_array_size(names);
	if (nc == 0 || nc > 10000)
		goto done;
	types = calloc(nc, sizeof(*types));
	if (types == NULL)
		goto done;
	/* The last line of a sample cut at DS_CSV_SAMPLE_BYTES may be
	 * partial: only complete lines count. */
	if (n == DS_CSV_SAMPLE_BYTES) {
		while (end > q && end[-1] != '\n')
			end--;
	}
	while (rows < DS_CSV_SAMPLE_ROWS && q < end) {
		col = 0;
		do {
			r = field(&q, end, &f);
			if (r < 0)
				break;
			if (col < nc)
				types[col] = widen(types[col],
						   classify(f.data ? f.data : "",
							    f.len));
			col++;
		} while (r == 0);
		rows++;
	}
	cols = json_array();
	for (size_t i = 0; i < nc; i++)
		json_array_append_new(cols, json_pack("{s:O, s:s}", "name",
			json_array_get(names, i), "type", tname[types[i]]));
	out = json_pack("{s:o, s:I}", "columns", cols, "rows_sampled",
			(json_int_t)rows);
done:
	free(types);
	ck_buf_release(&f);
	json_decref(names);
	return out;
}

struct sample {
	struct ck_buf b;
};

static int
sample_sink(void *arg, const void *p, size_t n)
{
	struct sample *s = arg;
	size_t room = DS_CSV_SAMPLE_BYTES - s->b.len;

	if (n > room)
		n = room;
	return ck_buf_append(&s->b, p, n);
}

static int
is_csv(const struct ds_entry *e)
{
	return (e->mode & 0170000) == 0100000 && e->len > 4 &&
	       strcasecmp(e->path + e->len - 4, ".csv") == 0 &&
	       ck_utf8_check(e->path, e->len) == e->len;
}

int
ds_csv_describe(const struct ds_scan *sc, const char *root,
		struct ck_store *store, json_t *meta, struct ck_error *err)
{
	json_t *all = NULL;

	if (json_object_get(meta, "csv") != NULL)
		return 0;
	for (size_t i = 0; i < sc->n; i++) {
		const struct ds_entry *e = &sc->e[i];
		struct sample s = { CK_BUF_INIT };
		json_t *d;

		if (!is_csv(e) || e->size == 0)
			continue;
		if (root != NULL) {
			char *fp;
			int fd;
			ssize_t got;

			if (asprintf(&fp, "%s/%s", root, e->path) < 0)
				return ck_error_set(err, ENOMEM, "out of memory");
			fd = open(fp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			free(fp);
			if (fd < 0 || ck_buf_reserve(&s.b, DS_CSV_SAMPLE_BYTES)
				      < 0) {
				if (fd >= 0)
					close(fd);
				continue;
			}
			while (s.b.len < DS_CSV_SAMPLE_BYTES &&
			       (got = read(fd, s.b.data + s.b.len,
					   DS_CSV_SAMPLE_BYTES - s.b.len)) > 0)
				s.b.len += (size_t)got;
			close(fd);
		} else if (store != NULL) {
			struct ck_error e2;

			if (ck_store_read(store, e->sha, sample_sink, &s, NULL,
					  &e2) < 0) {
				ck_buf_release(&s.b);
				continue;
			}
		} else {
			continue;
		}
		d = s.b.len > 0 ? ds_csv_columns(s.b.data, s.b.len) : NULL;
		ck_buf_release(&s.b);
		if (d == NULL)
			continue;
		if (all == NULL) {
			all = json_object();
			json_object_set_new(meta, "csv", all);
		}
		json_object_setn_new(all, e->path, e->len, d);
	}
	return 0;
}
