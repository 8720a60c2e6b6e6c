/* fuzz_ksign_sigline.c -- the .ksig line parser never crashes, and a
 * line it accepts always yields a message to verify. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ksign/sigrec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_sig s;
	struct ck_error err;

	if (ks_sig_parse(&s, (const char *)data, size, &err) == 0) {
		size_t len;
		char *msg = ks_sig_message(s.obj, &len, &err);

		if (msg == NULL && json_object_size(s.obj) < 64)
			__builtin_trap();
		free(msg);
		ks_sig_release(&s);
	}
	return 0;
}
