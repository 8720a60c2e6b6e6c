/* fuzz_lineage_import.h -- the body the DOT and PROV import fuzzers
 * share: bytes through a reader, then through the rebuilding of events
 * from what it read. */
#ifndef FUZZ_LINEAGE_IMPORT_H
#define FUZZ_LINEAGE_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lineage/view.h"

typedef int (*reader_fn)(const char *p, size_t len, const char *name,
			 struct ln_view *v, struct ck_error *err);

static int
fuzz_import(reader_fn read, const uint8_t *data, size_t size)
{
	struct ck_error err;
	struct ln_view v;
	struct ck_buf out = CK_BUF_INIT;

	ck_error_clear(&err);
	if (read((const char *)data, size, "f", &v, &err) == 0)
		(void)ln_view_events(&v, "f", &out, &err);
	else if (err.msg[0] == '\0')
		abort();	/* a refusal always says why */
	ln_view_release(&v);
	ck_buf_release(&out);
	return 0;
}

#endif
