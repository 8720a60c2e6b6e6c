/* fuzz_dsver_manifest.c -- bytes through dsver's manifest reader.  Every
 * entry it accepts must be written back to exactly the line it came
 * from: one manifest, one text, so one id. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "dsver/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_error err;
	struct ds_mreader *m;
	const struct ds_entry *e;
	struct ck_buf b = CK_BUF_INIT;
	int rc;

	m = ds_mreader_mem(data, size, "fuzz", NULL, &err);
	if (m == NULL)
		return 0;
	while ((rc = ds_mreader_next(m, &e, &err)) > 0) {
		size_t len;
		const char *line = ds_mreader_line(m, &len);
		char *shown;

		ck_buf_reset(&b);
		if (ds_entry_append(&b, e) < 0)
			abort();
		if (b.len != len + 1 || memcmp(b.data, line, len) != 0)
			abort();
		shown = ds_path_display(e->path, e->len);
		free(shown);
	}
	ck_buf_release(&b);
	ds_mreader_free(m);
	return 0;
}
