/* fuzz_jsonl.c -- bytes through the JSON Lines reader, every object read
 * canonicalised (RFC 8785) and checked to be a fixed point. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/canon.h"
#include "common/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_fixed_point(const char *canon, size_t len)
{
	struct ck_error err;
	json_t *v;
	char *again;

	/* jansson may refuse the text back (an integral real past
	 * INT64_MAX); when it reads it, canonicalising again changes
	 * nothing. */
	v = json_loadb(canon, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (v == NULL)
		return;
	again = ck_canon_string(v, NULL, &err);
	if (again == NULL || strcmp(again, canon) != 0)
		abort();
	free(again);
	json_decref(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_jsonl_reader *r;
	struct ck_error err;
	size_t max, len;
	json_t *v;
	char *s;
	FILE *fp;
	int rc;

	if (size < 1)
		return 0;
	/* The first byte picks a small line bound, so over-long lines and
	 * lines right at the bound are reached. */
	max = (size_t)data[0] * 4 + 1;
	data++;
	size--;
	if (size == 0)
		return 0;
	fp = fmemopen((void *)data, size, "r");
	if (fp == NULL)
		return 0;
	r = ck_jsonl_reader_new(fp, "fuzz", max);
	if (r == NULL) {
		fclose(fp);
		return 0;
	}
	while ((rc = ck_jsonl_read(r, &v, &err)) != 0) {
		if (rc < 0) {
			if (strncmp(err.msg, "fuzz:", 5) != 0)
				abort();
			continue;
		}
		(void)ck_jsonl_line(r, &len);
		if (len > max)
			abort();
		s = ck_canon_string(v, &len, &err);
		if (s != NULL) {
			check_fixed_point(s, len);
			free(s);
		}
		s = ck_json_compact(v);
		free(s);
		json_decref(v);
	}
	ck_jsonl_reader_free(r);
	fclose(fp);
	return 0;
}
