/* fuzz_rules.c -- libFuzzer target for rule packs (phi_ruleset_load_buf):
 * any bytes must load or fail with a message, without a crash, a leak
 * or a hang; a pattern's (?<v>...) group found for `list:` included. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>

#include "common/phi/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct phi_ruleset rs;
	struct ck_error err;

	phi_ruleset_init(&rs);
	if (phi_ruleset_load_buf(&rs, (const char *)data, size, "fuzz.yaml",
				 &err) < 0 && err.msg[0] == '\0')
		__builtin_trap();	/* a failure must say why */
	phi_ruleset_release(&rs);
	return 0;
}
