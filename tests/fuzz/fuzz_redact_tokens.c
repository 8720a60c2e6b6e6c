/* fuzz_redact_tokens.c -- libFuzzer target for what --reveal parses:
 * encrypt tokens anywhere in the bytes (parse, then open with a fixed
 * key: a forged token must fail cleanly), and the date reader that shift
 * and generalize apply to engine output. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phiredact/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct rd_keys key;
static int ready;

static void
init(void)
{
	size_t i;

	memset(&key, 0, sizeof(key));
	memcpy(key.id, "00000000", 9);
	for (i = 0; i < sizeof(key.siv); i++)
		key.siv[i] = (unsigned char)i;
	ready = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *d;
	struct ck_buf out = CK_BUF_INIT;
	struct ck_error err;
	size_t i, dlen, n;
	char id[9];
	int type;

	if (!ready)
		init();
	for (i = 0; i < size; i++) {
		n = rd_token_parse(p + i, size - i, &type, id, &d, &dlen);
		if (n == 0)
			continue;
		if (n > size - i || d < p + i || d + dlen > p + i + n)
			__builtin_trap();
		ck_error_clear(&err);
		if (rd_token_open(&key, 1, type, id, d, dlen, &out, &err) < 0 &&
		    err.msg[0] == '\0')
			__builtin_trap();
		ck_buf_reset(&out);
	}
	(void)rd_date_shift(p, size, 400, &out);
	ck_buf_reset(&out);
	(void)rd_date_year(p, size, &out);
	ck_buf_release(&out);
	return 0;
}
