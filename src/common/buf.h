/* buf.h -- growable byte buffer, always NUL-terminated after data[len]. */
#ifndef CK_BUF_H
#define CK_BUF_H

#include <stddef.h>

struct ck_buf {
	char *data;	/* NULL until the first append */
	size_t len;
	size_t cap;
};

#define CK_BUF_INIT { NULL, 0, 0 }

void ck_buf_init(struct ck_buf *b);
/* Frees the storage; the buffer is then empty and reusable. */
void ck_buf_release(struct ck_buf *b);
/* Wipes the bytes (for secrets) and frees them. */
void ck_buf_release_secret(struct ck_buf *b);
/* Keeps the storage, sets len to 0. */
void ck_buf_reset(struct ck_buf *b);
/* 0, or -1 with errno ENOMEM (or EOVERFLOW). */
int ck_buf_reserve(struct ck_buf *b, size_t extra);
int ck_buf_append(struct ck_buf *b, const void *p, size_t n);
int ck_buf_append_str(struct ck_buf *b, const char *s);
int ck_buf_append_char(struct ck_buf *b, char c);
int ck_buf_appendf(struct ck_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the storage to the caller (who frees it); buffer becomes empty.
 * Never returns NULL for an empty buffer: returns a malloc'd "". */
char *ck_buf_detach(struct ck_buf *b, size_t *len);

#endif
