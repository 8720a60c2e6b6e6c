/* fuzz_auditline.c -- the stored-line checker (verify's core) and the
 * checkpoint-free parts of the log format never crash on any line, and
 * its fast path (ck_audit_line_read and _link, taken without an event
 * to return) agrees with the jansson path on every line; the reader that
 * hashes the chain and the Merkle leaf together (ck_audit_line_read_leaf)
 * agrees with the plain reader and ck_merkle_leaf_hash. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/audit.h"
#include "common/merkle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char prev[32] = { 0 }, h[32], h2[32];
	struct ck_audit_line l, l2;
	ck_mhash leaf, leaf2;
	struct ck_error err;
	json_t *ev = NULL;
	uint64_t seq = 1;
	int fast, slow;

	/* Judge the line against its own seq and prev, so that a valid line
	 * (from the corpus) is judged valid by both paths. */
	if (ck_audit_line_read((const char *)data, size, &l)) {
		seq = l.seq;
		memcpy(prev, l.prev, sizeof prev);
		if (!ck_audit_line_read_leaf((const char *)data, size, &l2,
					     leaf) ||
		    l2.seq != l.seq || l2.hash_ok != l.hash_ok ||
		    memcmp(l2.prev, l.prev, 32) != 0 ||
		    memcmp(l2.hash, l.hash, 32) != 0)
			__builtin_trap();
	} else if (ck_audit_line_read_leaf((const char *)data, size, &l2,
					   leaf)) {
		__builtin_trap();
	}
	ck_merkle_leaf_hash(data, size, leaf2);
	if (memcmp(leaf, leaf2, sizeof leaf) != 0)
		__builtin_trap();
	fast = ck_audit_check_line((const char *)data, size, seq, prev, h, NULL,
				   &err);
	slow = ck_audit_check_line((const char *)data, size, seq, prev, h2,
				   &ev, &err);
	if (fast != slow || (fast == 0 && memcmp(h, h2, sizeof h) != 0))
		__builtin_trap();
	json_decref(ev);
	ev = NULL;
	memset(prev, 0, sizeof prev);

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
