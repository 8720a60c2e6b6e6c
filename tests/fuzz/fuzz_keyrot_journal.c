/* fuzz_keyrot_journal.c -- the rewrap/reencrypt journal parser on
 * arbitrary bytes. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyrot/keyring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kr_journal j;
	struct ck_error err;

	if (kr_journal_parse((const char *)data, size, &j, &err) == 0 &&
	    (j.to == 0 || (strcmp(j.op, "rewrap") != 0 &&
			   strcmp(j.op, "reencrypt") != 0)))
		abort();
	return 0;
}
