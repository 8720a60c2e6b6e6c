/* jsonl.c -- streaming JSON Lines reader and writer on jansson. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/jsonl.h"
#include "common/canon.h"
#include "common/buf.h"
#include "common/utf8.h"

#define LINE_INITIAL 4096

struct ck_jsonl_reader {
	FILE *fp;
	char *name;
	size_t max_line;
	char *line;		/* current line, NUL-terminated */
	size_t len;
	size_t cap;
	unsigned long lineno;
	int eof;
};

struct ck_jsonl_reader *
ck_jsonl_reader_new(FILE *fp, const char *name, size_t max_line)
{
	struct ck_jsonl_reader *r;

	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	if (name == NULL || strcmp(name, "-") == 0)
		name = "<stdin>";
	r->name = strdup(name);
	r->cap = LINE_INITIAL;
	r->line = malloc(r->cap);
	if (r->name == NULL || r->line == NULL) {
		ck_jsonl_reader_free(r);
		errno = ENOMEM;
		return NULL;
	}
	r->line[0] = '\0';
	r->fp = fp;
	r->max_line = max_line ? max_line : CK_JSONL_MAX_LINE_DEFAULT;
	return r;
}

void
ck_jsonl_reader_free(struct ck_jsonl_reader *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->line);
	free(r);
}

unsigned long
ck_jsonl_lineno(const struct ck_jsonl_reader *r)
{
	return r->lineno;
}

const char *
ck_jsonl_line(const struct ck_jsonl_reader *r, size_t *len)
{
	if (len != NULL)
		*len = r->len;
	return r->line;
}

static int
grow(struct ck_jsonl_reader *r)
{
	size_t cap;
	char *p;

	/* Never past max_line + 2: the line, a '\r', and the NUL. */
	cap = r->cap * 2;
	if (cap < r->cap || cap > r->max_line + 2)
		cap = r->max_line + 2;
	p = realloc(r->line, cap);
	if (p == NULL)
		return -1;
	r->line = p;
	r->cap = cap;
	return 0;
}

/* Keeps bytes of the line being read: as many as fit under max_line + 1
 * (one byte of slack for the '\r' of a CRLF line at the limit; checked
 * again once the '\r' is stripped), the rest only marks it too long. */
static int
keep(struct ck_jsonl_reader *r, const char *s, size_t n, int *toolong)
{
	size_t room;

	if (*toolong)
		return 0;
	room = r->max_line + 1 - r->len;
	if (n > room) {
		*toolong = 1;
		n = room;
	}
	while (r->len + n + 1 > r->cap)
		if (grow(r) < 0)
			return -1;
	memcpy(r->line + r->len, s, n);
	r->len += n;
	return 0;
}

/* Reads one line into r->line, without its '\n'.  A line longer than
 * max_line is consumed to its end but not kept, so one hostile line costs
 * no more memory than the bound (and getline's unbounded growth is not an
 * option).  getc_unlocked rather than fread: fread on a pipe waits for a
 * full buffer, which would stall a pipeline fed one record at a time.
 * With glibc, what stdio already holds is taken a run at a time (the
 * bytes getc_unlocked would hand out one by one; gnulib's freadptr reads
 * the same fields).  Returns 1 line read, 0 end of input, -1 error. */
static int
read_line(struct ck_jsonl_reader *r, int *toolong, struct ck_error *err)
{
	int c = 0, any = 0;
	char one;

	r->len = 0;
	r->line[0] = '\0';
	*toolong = 0;
	if (r->eof)
		return 0;
	flockfile(r->fp);
	for (;;) {
#ifdef __GLIBC__
		char *b = r->fp->_IO_read_ptr, *e = r->fp->_IO_read_end;

		if (b < e) {
			char *nl = memchr(b, '\n', (size_t)(e - b));

			any = 1;
			if (keep(r, b, (size_t)((nl ? nl : e) - b), toolong) < 0)
				goto nomem;
			r->fp->_IO_read_ptr = nl ? nl + 1 : e;
			if (nl) {
				c = '\n';
				break;
			}
			continue;
		}
#endif
		if ((c = getc_unlocked(r->fp)) == EOF)
			break;
		any = 1;
		if (c == '\n')
			break;
		one = (char)c;
		if (keep(r, &one, 1, toolong) < 0)
			goto nomem;
	}
	if (c == EOF) {
		r->eof = 1;
		if (ferror(r->fp)) {
			int e = errno;

			funlockfile(r->fp);
			r->len = 0;
			r->line[0] = '\0';
			return ck_error_set(err, e, "%s: read error", r->name);
		}
	}
	funlockfile(r->fp);
	if (!any)
		return 0;
	r->lineno++;
	if (!*toolong && r->len > 0 && r->line[r->len - 1] == '\r')
		r->len--;
	if (r->len > r->max_line)
		*toolong = 1;
	if (*toolong)
		r->len = 0;
	r->line[r->len] = '\0';
	return 1;
nomem:
	funlockfile(r->fp);
	return ck_error_set(err, ENOMEM, "%s:%lu: out of memory", r->name,
			    r->lineno + 1);
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* jansson's messages end in " near '<token>'", and the token may be part of
 * a string value: a patient's name must not reach a log through a syntax
 * error. */
static void
strip_token(char *text)
{
	char *near = strstr(text, " near '");

	if (near != NULL)
		*near = '\0';
	/* jansson names its own flag; say what is wrong instead. */
	if (strstr(text, "JSON_ALLOW_NUL") != NULL)
		strcpy(text, "string contains \\u0000 (NUL), which is not allowed");
}

int
ck_jsonl_read_line(struct ck_jsonl_reader *r, const char **line,
		   size_t *len, struct ck_error *err)
{
	const char *nul;
	size_t bad;
	int toolong, rc;

	*line = NULL;
	*len = 0;
	for (;;) {
		rc = read_line(r, &toolong, err);
		if (rc <= 0)
			return rc;
		if (toolong)
			return ck_error_set(err, 0,
					    "%s:%lu: line longer than %zu bytes",
					    r->name, r->lineno, r->max_line);
		if (!blank(r->line, r->len))
			break;
	}
	/* jansson stops at a NUL inside a buffer in some versions and
	 * rejects it in others; say what it is, and where. */
	nul = memchr(r->line, '\0', r->len);
	if (nul != NULL)
		return ck_error_set(err, 0, "%s:%lu: NUL byte at byte %zu",
				    r->name, r->lineno,
				    (size_t)(nul - r->line) + 1);
	bad = ck_utf8_check(r->line, r->len);
	if (bad < r->len)
		return ck_error_set(err, 0, "%s:%lu: invalid UTF-8 at byte %zu",
				    r->name, r->lineno, bad + 1);
	*line = r->line;
	*len = r->len;
	return 1;
}

int
ck_jsonl_parse_line(struct ck_jsonl_reader *r, json_t **out,
		    struct ck_error *err)
{
	json_error_t jerr;
	json_t *v;

	*out = NULL;
	/* Duplicate keys are refused: two parsers that keep different
	 * duplicates see different records, a way to slip a field past a
	 * scanner that reads the other one. */
	v = json_loadb(r->line, r->len,
		       JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL) {
		strip_token(jerr.text);
		return ck_error_set(err, 0, "%s:%lu:%d: %s", r->name,
				    r->lineno, jerr.column, jerr.text);
	}
	if (!json_is_object(v)) {
		json_decref(v);
		return ck_error_set(err, 0, "%s:%lu: not a JSON object",
				    r->name, r->lineno);
	}
	*out = v;
	return 1;
}

int
ck_jsonl_read(struct ck_jsonl_reader *r, json_t **out,
	      struct ck_error *err)
{
	const char *line;
	size_t len;
	int rc;

	*out = NULL;
	rc = ck_jsonl_read_line(r, &line, &len, err);
	if (rc <= 0)
		return rc;
	return ck_jsonl_parse_line(r, out, err);
}

char *
ck_json_compact(const json_t *v)
{
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;

	/* Not json_dumps: jansson prints reals with 17 digits (0.1 becomes
	 * 0.10000000000000001), which would alter records passed through. */
	if (ck_json_append_compact(&b, v, &err) < 0) {
		ck_buf_release(&b);
		return NULL;
	}
	return ck_buf_detach(&b, NULL);
}

int
ck_jsonl_write(FILE *fp, const json_t *v, struct ck_error *err)
{
	char *s;
	size_t n;
	int e;

	/* Serialise first, so a value that cannot be written leaves no half
	 * record on the output. */
	{
		struct ck_buf b = CK_BUF_INIT;

		if (ck_json_append_compact(&b, v, err) < 0 ||
		    ck_buf_append_char(&b, '\n') < 0) {
			e = errno;
			ck_buf_release(&b);
			if (err != NULL && err->msg[0] == '\0')
				ck_error_set(err, e, "cannot serialise record");
			return -1;
		}
		s = ck_buf_detach(&b, &n);
		if (s == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		n--;	/* the newline is written with n + 1 below */
	}
	errno = 0;
	if (fwrite(s, 1, n + 1, fp) != n + 1 || fflush(fp) != 0) {
		e = errno ? errno : EIO;
		free(s);
		return ck_error_set(err, e, "write error");
	}
	free(s);
	return 0;
}
