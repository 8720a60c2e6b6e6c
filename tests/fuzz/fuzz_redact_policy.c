/* fuzz_redact_policy.c -- libFuzzer target for phiredact's policy
 * loader: any bytes load or fail with a message, never crash or leak. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "phiredact/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd_policy p;
	struct ck_error err;
	int t;

	ck_error_clear(&err);
	if (rd_policy_load_buf(&p, (const char *)data, size, "fuzz.yaml",
			       &err) < 0) {
		if (err.msg[0] == '\0')
			__builtin_trap();	/* a failure must say why */
		return 0;
	}
	for (t = 0; t < PHI_NTYPES; t++)
		if (p.rules[t].op < 0 || p.rules[t].op >= RD_NOPS)
			__builtin_trap();
	(void)rd_policy_field(&p, "patient_name", 12);
	rd_policy_force(&p, RD_SHIFT);
	rd_policy_release(&p);
	return 0;
}
