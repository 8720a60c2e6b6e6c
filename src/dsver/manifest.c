/* manifest.c -- writing, parsing and streaming dsver manifests. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "common/canon.h"
#include "common/utf8.h"
#include "dsver/manifest.h"

#define MAX_LINE (16u << 20)

int
ds_path_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int r = memcmp(a, b, al < bl ? al : bl);

	if (r != 0)
		return r;
	return al < bl ? -1 : al > bl;
}

int
ds_entry_cmp(const void *a, const void *b)
{
	const struct ds_entry *x = a, *y = b;

	return ds_path_cmp(x->path, x->len, y->path, y->len);
}

void
ds_entry_release(struct ds_entry *e)
{
	free(e->path);
	e->path = NULL;
	e->len = 0;
}

int
ds_entry_append(struct ck_buf *out, const struct ds_entry *e)
{
	char hex[CK_SHA256_HEXLEN + 1];
	int utf8 = ck_utf8_check(e->path, e->len) == e->len;

	ck_hex_encode(e->sha, CK_SHA256_LEN, hex);
	if (ck_buf_appendf(out, "{\"mode\":\"%06o\",\"%s\":", e->mode,
			   utf8 ? "path" : "path_hex") < 0)
		return -1;
	if (utf8) {
		if (ck_json_append_string(out, e->path, e->len) < 0)
			return -1;
	} else {
		if (ck_buf_append_char(out, '"') < 0 ||
		    ck_buf_reserve(out, 2 * e->len + 1) < 0)
			return -1;
		ck_hex_encode((const unsigned char *)e->path, e->len,
			      out->data + out->len);
		out->len += 2 * e->len;
		if (ck_buf_append_char(out, '"') < 0)
			return -1;
	}
	return ck_buf_appendf(out, ",\"sha256\":\"%s\",\"size\":%llu}\n", hex,
			      (unsigned long long)e->size);
}

static int
lit(const char **p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(end - *p) < n || memcmp(*p, s, n) != 0)
		return -1;
	*p += n;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Lowercase hex digit values plus one (0: not a digit): a table, since
 * a million lines hold 64 million digits. */
static const unsigned char hexv[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16
};

static int
sha_decode(const char *p, unsigned char *out)
{
	const unsigned char *u = (const unsigned char *)p;
	int bad = 0;

	for (int i = 0; i < CK_SHA256_LEN; i++) {
		int h = hexv[u[2 * i]] - 1, l = hexv[u[2 * i + 1]] - 1;

		bad |= h | l;
		out[i] = (unsigned char)(h << 4 | l);
	}
	return bad < 0 ? -1 : 0;
}

/* Reads a canonical JSON string body up to its closing quote. */
static int
str_parse(const char **pp, const char *end, struct ck_buf *o)
{
	const char *p = *pp;

	while (p < end && *p != '"') {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20)
			return -1;
		if (c != '\\') {
			const char *q = p;

			while (q < end && *q != '"' && *q != '\\' &&
			       (unsigned char)*q >= 0x20)
				q++;
			if (ck_buf_append(o, p, (size_t)(q - p)) < 0)
				return -1;
			p = q;
			continue;
		}
		if (++p >= end)
			return -1;
		switch (*p) {
		case '"': c = '"'; break;
		case '\\': c = '\\'; break;
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'u': {
			int h, l;

			if (end - p < 5 || p[1] != '0' || p[2] != '0' ||
			    (h = hexval(p[3])) < 0 || (l = hexval(p[4])) < 0)
				return -1;
			c = (unsigned char)(h << 4 | l);
			/* canonical: \u00xx only where no short form is */
			if (c >= 0x20 || c == '\b' || c == '\f' || c == '\n' ||
			    c == '\r' || c == '\t')
				return -1;
			p += 4;
			break;
		}
		default:
			return -1;
		}
		p++;
		if (ck_buf_append_char(o, (char)c) < 0)
			return -1;
	}
	if (p >= end)
		return -1;
	*pp = p + 1;
	return 0;
}

/* A path checkout may create: relative, no empty, "." or ".."
 * components, no NUL. */
static int
path_ok(const char *p, size_t n)
{
	size_t i = 0;

	if (n == 0 || memchr(p, '\0', n) != NULL || p[0] == '/')
		return 0;
	while (i < n) {
		size_t j = i;

		while (j < n && p[j] != '/')
			j++;
		if (j == i || (j - i == 1 && p[i] == '.') ||
		    (j - i == 2 && p[i] == '.' && p[i + 1] == '.'))
			return 0;
		i = j + 1;
		if (j + 1 == n)	/* trailing slash */
			return 0;
	}
	return 1;
}

/* Parses into path (reset first, owned by the caller); e->path points
 * into it.  The reader reuses two such buffers instead of a malloc per
 * line. */
static int
entry_parse_into(const char *line, size_t len, struct ds_entry *e,
		 struct ck_buf *pathbuf, struct ck_error *err)
{
	const char *p = line, *end = line + len;
	unsigned long long size = 0;
	unsigned mode = 0;
	int hexpath = 0;

	e->path = NULL;
	ck_buf_reset(pathbuf);
	if (lit(&p, end, "{\"mode\":\"") < 0 || end - p < 7)
		goto bad;
	for (int i = 0; i < 6; i++) {
		if (p[i] < '0' || p[i] > '7')
			goto bad;
		mode = mode * 8 + (unsigned)(p[i] - '0');
	}
	p += 6;
	if ((mode & S_IFMT) != S_IFREG && (mode & S_IFMT) != S_IFLNK)
		goto bad;
	if ((mode & ~(unsigned)(S_IFMT | 07777)) != 0)
		goto bad;
	if (lit(&p, end, "\",\"path\":\"") == 0) {
		if (str_parse(&p, end, pathbuf) < 0)
			goto bad;
	} else if (lit(&p, end, "\",\"path_hex\":\"") == 0) {
		hexpath = 1;
		while (p + 1 < end && *p != '"') {
			int h = hexval(p[0]), l = hexval(p[1]);

			if (h < 0 || l < 0 ||
			    ck_buf_append_char(pathbuf, (char)(h << 4 | l)) < 0)
				goto bad;
			p += 2;
		}
		if (p >= end || *p != '"')
			goto bad;
		p++;
	} else {
		goto bad;
	}
	if (pathbuf->data == NULL || !path_ok(pathbuf->data, pathbuf->len))
		goto badpath;
	/* Each path has one spelling, so each manifest has one text. */
	if ((ck_utf8_check(pathbuf->data, pathbuf->len) == pathbuf->len) == hexpath)
		goto bad;
	if (lit(&p, end, ",\"sha256\":\"") < 0 || end - p < CK_SHA256_HEXLEN + 2)
		goto bad;
	if (sha_decode(p, e->sha) < 0)
		goto bad;
	p += CK_SHA256_HEXLEN;
	if (lit(&p, end, "\",\"size\":") < 0 || p >= end)
		goto bad;
	/* A canonical number: at least one digit, no leading zero. */
	if (*p < '0' || *p > '9' || (*p == '0' && p + 1 < end && p[1] != '}'))
		goto bad;
	while (p < end && *p >= '0' && *p <= '9') {
		if (size > (1ULL << 53) / 10)
			goto bad;
		size = size * 10 + (unsigned)(*p++ - '0');
	}
	if (p + 1 != end || *p != '}' || size > (1ULL << 53))
		goto bad;
	e->mode = mode;
	e->size = size;
	e->len = pathbuf->len;
	e->path = pathbuf->data;
	return 0;
badpath:
	return ck_error_set(err, 0, "unsafe or empty path in entry");
bad:
	return ck_error_set(err, 0, "malformed entry");
}

int
ds_entry_parse(const char *line, size_t len, struct ds_entry *e,
	       struct ck_error *err)
{
	struct ck_buf path = CK_BUF_INIT;

	if (entry_parse_into(line, len, e, &path, err) < 0) {
		ck_buf_release(&path);
		e->path = NULL;
		return -1;
	}
	e->path = ck_buf_detach(&path, NULL);
	return 0;
}

char *
ds_path_display(const char *p, size_t len)
{
	struct ck_buf b = CK_BUF_INIT;
	size_t i = 0;

	while (i < len) {
		int n = ck_utf8_seqlen((const unsigned char *)p + i, len - i);

		/* control bytes escaped too: a name must not forge a line */
		if (n == 1 && ((unsigned char)p[i] < 0x20 || p[i] == 0x7f ||
			       p[i] == '\\'))
			n = 0;
		if (n > 0) {
			ck_buf_append(&b, p + i, (size_t)n);
			i += (size_t)n;
		} else {
			ck_buf_appendf(&b, "\\x%02x", (unsigned char)p[i]);
			i++;
		}
	}
	return ck_buf_detach(&b, NULL);
}

int
ds_path_json(json_t *obj, const char *key, const char *p, size_t len)
{
	char k[64];

	if (ck_utf8_check(p, len) == len)
		return json_object_set_new(obj, key, json_stringn(p, len));
	{
		char *h = malloc(2 * len + 1);
		int rc;

		if (h == NULL)
			return -1;
		ck_hex_encode((const unsigned char *)p, len, h);
		snprintf(k, sizeof(k), "%s_hex", key);
		rc = json_object_set_new(obj, k, json_string(h));
		free(h);
		return rc;
	}
}

static int
is_hex64(const char *s)
{
	if (s == NULL || strlen(s) != CK_SHA256_HEXLEN)
		return 0;
	for (int i = 0; i < CK_SHA256_HEXLEN; i++)
		if (hexval(s[i]) < 0)
			return 0;
	return 1;
}

int
ds_header_check(const json_t *h, struct ck_error *err)
{
	const json_t *parent = json_object_get(h, "parent");

	if (!json_is_object(h) ||
	    !json_is_string(json_object_get(h, "kind")) ||
	    strcmp(json_string_value(json_object_get(h, "kind")),
		   "dsver-manifest") != 0)
		return ck_error_set(err, 0, "not a dsver manifest");
	if (json_integer_value(json_object_get(h, "version")) != 1)
		return ck_error_set(err, 0, "unsupported manifest version");
	if (!json_is_integer(json_object_get(h, "files")) ||
	    !json_is_integer(json_object_get(h, "bytes")) ||
	    !json_is_string(json_object_get(h, "time")) ||
	    !json_is_boolean(json_object_get(h, "store")) ||
	    !json_is_object(json_object_get(h, "meta")) ||
	    !(json_is_null(parent) ||
	      (json_is_string(parent) && is_hex64(json_string_value(parent)))))
		return ck_error_set(err, 0, "malformed manifest header");
	return 0;
}

/* ---- streaming reader ---- */

struct ds_mreader {
	char *name;
	char hex[CK_SHA256_HEXLEN + 1];
	int check;
	int fd;			/* compressed file, or -1 for memory */
	ZSTD_DCtx *z;
	unsigned char *zin;
	size_t zin_cap;
	ZSTD_inBuffer in;
	size_t zret;		/* last return of the decoder: 0 = frame end */
	int eof;
	const char *mem;	/* memory source */
	size_t memlen, mempos;
	char *win;		/* decompressed window */
	size_t wcap, wpos, wlen;
	struct ck_sha256 *h;
	unsigned long lineno;
	json_t *header;
	struct ds_entry cur, prev;
	struct ck_buf pbuf[2];	/* the paths of cur and prev, swapped */
	int which;
	int have_prev;
	const char *line;
	size_t linelen;
	uint64_t files, bytes;
};

/* Adds more decompressed bytes to the window.  1 added, 0 end, -1 error. */
static int
fill(struct ds_mreader *r, struct ck_error *err)
{
	size_t room;

	if (r->wpos > 0) {
		memmove(r->win, r->win + r->wpos, r->wlen - r->wpos);
		r->wlen -= r->wpos;
		r->wpos = 0;
	}
	if (r->wlen == r->wcap) {
		size_t cap = r->wcap * 2;
		char *nw;

		if (cap > MAX_LINE + 1)
			return ck_error_set(err, 0, "%s:%lu: line too long",
					    r->name, r->lineno + 1);
		nw = realloc(r->win, cap);
		if (nw == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		r->win = nw;
		r->wcap = cap;
	}
	room = r->wcap - r->wlen;
	if (r->fd < 0) {
		size_t n = r->memlen - r->mempos;

		if (n == 0)
			return 0;
		if (n > room)
			n = room;
		memcpy(r->win + r->wlen, r->mem + r->mempos, n);
		ck_sha256_update(r->h, r->win + r->wlen, n);
		r->mempos += n;
		r->wlen += n;
		return 1;
	}
	for (;;) {
		ZSTD_outBuffer out = { r->win + r->wlen, room, 0 };
		size_t rc;

		if (r->in.pos == r->in.size && !r->eof) {
			ssize_t n = read(r->fd, r->zin, r->zin_cap);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				return ck_error_set(err, errno, "%s: cannot "
						    "read", r->name);
			}
			if (n == 0)
				r->eof = 1;
			r->in.src = r->zin;
			r->in.size = (size_t)n;
			r->in.pos = 0;
		}
		if (r->eof && r->in.pos == r->in.size) {
			/* no more input: the last frame must have ended */
			if (r->zret != 0)
				return ck_error_set(err, 0, "%s is corrupt "
						    "(truncated)", r->name);
			return 0;
		}
		{
			size_t before = r->in.pos;

			rc = ZSTD_decompressStream(r->z, &out, &r->in);
			if (ZSTD_isError(rc))
				return ck_error_set(err, 0, "%s is corrupt "
						    "(%s)", r->name,
						    ZSTD_getErrorName(rc));
			if (out.pos > 0 || r->in.pos > before)
				r->zret = rc;
		}
		if (out.pos > 0) {
			/* every byte is hashed once, as it is decompressed */
			ck_sha256_update(r->h, r->win + r->wlen, out.pos);
			r->wlen += out.pos;
			return 1;
		}
	}
}

/* The next line (without '\n').  1, 0 at end, -1. */
static int
next_line(struct ds_mreader *r, const char **line, size_t *len,
	  struct ck_error *err)
{
	for (;;) {
		char *nl = memchr(r->win + r->wpos, '\n', r->wlen - r->wpos);
		int f;

		if (nl != NULL) {
			*line = r->win + r->wpos;
			*len = (size_t)(nl - *line);
			r->wpos += *len + 1;
			r->lineno++;
			return 1;
		}
		f = fill(r, err);
		if (f < 0)
			return -1;
		if (f == 0) {
			if (r->wlen > r->wpos)
				return ck_error_set(err, 0, "%s:%lu: last line "
						    "has no newline", r->name,
						    r->lineno + 1);
			return 0;
		}
	}
}

static struct ds_mreader *
mr_new(const char *name, const char *hex, struct ck_error *err)
{
	struct ds_mreader *r = calloc(1, sizeof(*r));

	if (r == NULL || (r->name = strdup(name)) == NULL ||
	    (r->h = ck_sha256_new()) == NULL ||
	    (r->win = malloc(1 << 16)) == NULL) {
		ds_mreader_free(r);
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	r->wcap = 1 << 16;
	r->fd = -1;
	r->zret = 1;
	if (hex != NULL) {
		r->check = 1;
		snprintf(r->hex, sizeof(r->hex), "%s", hex);
	}
	return r;
}

static int
mr_header(struct ds_mreader *r, struct ck_error *err)
{
	json_error_t je;
	const char *line;
	size_t len;
	int rc = next_line(r, &line, &len, err);

	if (rc <= 0) {
		if (rc == 0)
			ck_error_set(err, 0, "%s: empty manifest", r->name);
		return -1;
	}
	r->header = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (r->header == NULL)
		return ck_error_set(err, 0, "%s:1: %s", r->name, je.text);
	if (ds_header_check(r->header, err) < 0) {
		ck_error_prefix(err, "%s:1", r->name);
		return -1;
	}
	return 0;
}

struct ds_mreader *
ds_mreader_open(const char *path, const char *hex, struct ck_error *err)
{
	struct ds_mreader *r = mr_new(path, hex, err);

	if (r == NULL)
		return NULL;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		ck_error_set(err, errno, "cannot open %s", path);
		goto fail;
	}
	r->z = ZSTD_createDCtx();
	r->zin_cap = ZSTD_DStreamInSize();
	r->zin = malloc(r->zin_cap);
	if (r->z == NULL || r->zin == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	if (mr_header(r, err) < 0)
		goto fail;
	return r;
fail:
	ds_mreader_free(r);
	return NULL;
}

struct ds_mreader *
ds_mreader_mem(const void *p, size_t n, const char *name, const char *hex,
	       struct ck_error *err)
{
	struct ds_mreader *r = mr_new(name, hex, err);

	if (r == NULL)
		return NULL;
	r->mem = p;
	r->memlen = n;
	if (mr_header(r, err) < 0) {
		ds_mreader_free(r);
		return NULL;
	}
	return r;
}

json_t *
ds_mreader_header(const struct ds_mreader *r)
{
	return r->header;
}

const char *
ds_mreader_line(const struct ds_mreader *r, size_t *len)
{
	*len = r->linelen;
	return r->line;
}

int
ds_mreader_next(struct ds_mreader *r, const struct ds_entry **e,
		struct ck_error *err)
{
	unsigned char sum[CK_SHA256_LEN];
	char hex[CK_SHA256_HEXLEN + 1];
	int rc;

	r->prev = r->cur;
	r->have_prev = r->cur.path != NULL;
	r->cur.path = NULL;
	r->which ^= 1;
	rc = next_line(r, &r->line, &r->linelen, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (r->files != (uint64_t)json_integer_value(
				json_object_get(r->header, "files")) ||
		    r->bytes != (uint64_t)json_integer_value(
				json_object_get(r->header, "bytes")))
			return ck_error_set(err, 0, "%s: entry count or bytes "
					    "do not match the header", r->name);
		if (r->check) {
			ck_sha256_final(r->h, sum);
			ck_hex_encode(sum, CK_SHA256_LEN, hex);
			if (strcmp(hex, r->hex) != 0)
				return ck_error_set(err, 0, "%s is corrupt "
						    "(digest mismatch)",
						    r->name);
		}
		return 0;
	}
	if (entry_parse_into(r->line, r->linelen, &r->cur,
			     &r->pbuf[r->which], err) < 0) {
		ck_error_prefix(err, "%s:%lu", r->name, r->lineno);
		return -1;
	}
	if (r->have_prev && ds_entry_cmp(&r->prev, &r->cur) >= 0)
		return ck_error_set(err, 0, "%s:%lu: entries out of order or "
				    "duplicated", r->name, r->lineno);
	r->files++;
	r->bytes += r->cur.size;
	*e = &r->cur;
	return 1;
}

void
ds_mreader_free(struct ds_mreader *r)
{
	if (r == NULL)
		return;
	if (r->fd >= 0)
		close(r->fd);
	ck_buf_release(&r->pbuf[0]);
	ck_buf_release(&r->pbuf[1]);
	ZSTD_freeDCtx(r->z);
	free(r->zin);
	free(r->win);
	ck_sha256_free(r->h);
	json_decref(r->header);
	free(r->name);
	free(r);
}

int
ds_manifest_seal(const struct ck_buf *text, char id[CK_SHA256_HEXLEN + 1],
		 void **z, size_t *zlen, struct ck_error *err)
{
	unsigned char sum[CK_SHA256_LEN];
	size_t bound = ZSTD_compressBound(text->len), n;
	void *b;

	if (ck_sha256(text->data, text->len, sum) < 0)
		return ck_error_set(err, 0, "sha256 failed");
	ck_hex_encode(sum, CK_SHA256_LEN, id);
	b = malloc(bound);
	if (b == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	n = ZSTD_compress(b, bound, text->data, text->len, 3);
	if (ZSTD_isError(n)) {
		free(b);
		return ck_error_set(err, 0, "zstd: %s", ZSTD_getErrorName(n));
	}
	*z = b;
	*zlen = n;
	return 0;
}
