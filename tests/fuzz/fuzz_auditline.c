/* fuzz_auditline.c -- the stored-line checker (verify's core) and the
 * checkpoint-free parts of the log format never crash on any line. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char prev[32] = { 0 }, h[32];
	struct ck_error err;
	json_t *ev = NULL;

	if (ck_audit_check_line((const char *)data, size, 1, prev, h, &ev,
				&err) == 0) {
		if (ck_audit_check_event(ev, &err) == 0)
			__builtin_trap();	/* it has seq: never "valid input" */
		json_decref(ev);
	}
	ev = json_loadb((const char *)data, size, 0, NULL);
	if (ev != NULL) {
		(void)ck_audit_check_event(ev, &err);
		json_decref(ev);
	}
	return 0;
}
