/* fuzz_redact_findings.c -- libFuzzer target for --findings: any bytes
 * as a findings file, checked against a fixed document; every span that
 * comes back must lie inside it, sorted, disjoint and on UTF-8
 * boundaries. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "phiredact/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char doc[] = "Name: J\303\274rgen, SSN 219-09-9999\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd_findings *f;
	struct rd_span *sp = NULL;
	struct ck_error err;
	size_t n = 0, i;

	ck_error_clear(&err);
	f = rd_findings_load_buf((const char *)data, size, "fuzz.jsonl", &err);
	if (f == NULL) {
		if (err.msg[0] == '\0')
			__builtin_trap();
		return 0;
	}
	if (rd_findings_for(f, "a.txt", doc, sizeof(doc) - 1, &sp, &n,
			    &err) == 0) {
		for (i = 0; i < n; i++) {
			if (sp[i].start >= sp[i].end ||
			    sp[i].end > sizeof(doc) - 1 ||
			    (i > 0 && sp[i].start < sp[i - 1].end) ||
			    ((unsigned char)doc[sp[i].start] & 0xC0) == 0x80)
				__builtin_trap();
		}
		free(sp);
	} else if (err.msg[0] == '\0') {
		__builtin_trap();
	}
	rd_findings_free(f);
	return 0;
}
