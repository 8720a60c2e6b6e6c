/* buf.c -- growable byte buffer. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/hash.h"

void
ck_buf_init(struct ck_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
ck_buf_release(struct ck_buf *b)
{
	free(b->data);
	ck_buf_init(b);
}

void
ck_buf_release_secret(struct ck_buf *b)
{
	if (b->data != NULL)
		ck_wipe(b->data, b->cap);
	ck_buf_release(b);
}

void
ck_buf_reset(struct ck_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

int
ck_buf_reserve(struct ck_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	/* +1 keeps room for the terminating NUL. */
	if (extra > SIZE_MAX - b->len - 1) {
		errno = EOVERFLOW;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (p == NULL) {
		errno = ENOMEM;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	/* A fresh allocation must honour "NUL after data[len]" at once:
	 * ck_buf_detach of an empty buffer hands it out as "". */
	b->data[b->len] = '\0';
	return 0;
}

int
ck_buf_append(struct ck_buf *b, const void *p, size_t n)
{
	/* Room already (the common case when building records): no call. */
	if (n < b->cap - b->len && n > 0) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return 0;
	}
	if (ck_buf_reserve(b, n) < 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
ck_buf_append_str(struct ck_buf *b, const char *s)
{
	return ck_buf_append(b, s, strlen(s));
}

int
ck_buf_append_char(struct ck_buf *b, char c)
{
	if (b->cap - b->len > 1) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return ck_buf_append(b, &c, 1);
}

int
ck_buf_appendf(struct ck_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if (ck_buf_reserve(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *
ck_buf_detach(struct ck_buf *b, size_t *len)
{
	char *p;

	if (b->data == NULL && ck_buf_reserve(b, 0) < 0)
		return NULL;
	p = b->data;
	if (len != NULL)
		*len = b->len;
	ck_buf_init(b);
	return p;
}
