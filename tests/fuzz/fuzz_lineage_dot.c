/* fuzz_lineage_dot.c -- bytes through lineage import's DOT reader (the Graphviz
 * language's lexical rules, lineage's attributes), then through the rebuilding
 * of events from what it read. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lineage/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_error err;
	struct ln_view v;
	struct ck_buf out = CK_BUF_INIT;

	ck_error_clear(&err);
	if (ln_dot_parse((const char *)data, size, "f", &v, &err) == 0)
		(void)ln_view_events(&v, "f", &out, &err);
	else if (err.msg[0] == '\0')
		abort();	/* a refusal always says why */
	ln_view_release(&v);
	ck_buf_release(&out);
	return 0;
}
