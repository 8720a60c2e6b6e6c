/* fuzz_time.c -- RFC 3339 parser on arbitrary bytes; whatever parses must
 * format to a string that parses back to the same instant. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/timefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, out[CK_TIME_LEN], out2[CK_TIME_LEN];
	struct ck_time t, t2;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (ck_time_parse(s, &t) == 0) {
		if (t.usec < 0 || t.usec > 999999)
			abort();
		ck_time_format(&t, out);
		if (strlen(out) != CK_TIME_LEN - 1 || ck_time_parse(out, &t2) < 0)
			abort();
		ck_time_format(&t2, out2);
		if (strcmp(out, out2) != 0)
			abort();
	}
	free(s);
	return 0;
}
