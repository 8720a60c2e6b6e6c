/* fuzz_lineage_dot.c -- bytes through lineage import's DOT reader (the
 * Graphviz language's lexical rules, lineage's attributes). */
#include <config.h>

#include "fuzz_lineage_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(ln_dot_parse, data, size);
}
