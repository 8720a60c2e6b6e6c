/* fuzz_ksign_trust.c -- the trust file and policy file parsers never
 * crash, and every key they accept is named by its own key id. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ksign/policy.h"
#include "ksign/trust.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_trust t;
	struct ks_policy p;
	struct ck_error err;
	char id[CK_KEY_ID_HEXLEN + 1];

	if (ks_trust_parse(&t, (const char *)data, size, "fuzz", &err) == 0) {
		for (size_t i = 0; i < t.n; i++) {
			ck_key_id(t.v[i].pub, id);
			if (strcmp(id, t.v[i].key_id) != 0 ||
			    ks_trust_find(&t, id) != &t.v[i])
				__builtin_trap();
		}
	}
	ks_trust_release(&t);
	if (ks_policy_parse(&p, (const char *)data, size, "fuzz", &err) == 0) {
		for (size_t i = 0; i < p.n; i++)
			if (!ks_policy_allows(&p, p.extra[i]))
				__builtin_trap();
		ks_policy_release(&p);
	}
	return 0;
}
