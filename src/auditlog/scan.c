/* scan.c -- walking a log from its start, checking every link of the
 * hash chain and growing the Merkle tree as it goes (verify, checkpoint,
 * prove, the index and retention all read the log through here). */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auditlog/auditlog.h"
#include "common/atomic.h"
#include "common/b64.h"
#include "common/hash.h"

void
anchor_release(struct anchor *an)
{
	json_decref(an->json);
	memset(an, 0, sizeof *an);
}

/* anchor.json, written by prune: {"seq":P,"hash":HEX,"tree":[B64...]},
 * the state of the log just after event P, whose segments are gone. */
int
anchor_load(const char *dir, struct anchor *an, struct ck_error *err)
{
	char *path = ck_audit_path(dir, "anchor.json");
	json_error_t jerr;
	json_t *tree, *v;
	const char *h;
	size_t i;
	uint64_t bits;
	unsigned pc = 0;

	memset(an, 0, sizeof *an);
	if (path == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (access(path, F_OK) < 0) {
		free(path);
		return 0;
	}
	an->json = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (an->json == NULL ||
	    json_unpack(an->json, "{s:I, s:s, s:o}", "seq", &(json_int_t){0},
			"hash", &h, "tree", &tree) < 0) {
		ck_error_set(err, 0, "%s: not an anchor", path);
		goto fail;
	}
	an->seq = (uint64_t)json_integer_value(json_object_get(an->json,
							       "seq"));
	if (ck_hex_decode(h, strlen(h), an->hash, 32) < 0 || strlen(h) != 64 ||
	    !json_is_array(tree) || an->seq == 0) {
		ck_error_set(err, 0, "%s: not an anchor", path);
		goto fail;
	}
	for (bits = an->seq; bits; bits &= bits - 1)
		pc++;
	if (json_array_size(tree) != pc) {
		ck_error_set(err, 0, "%s: tree does not match its size", path);
		goto fail;
	}
	ck_merkle_frontier_init(&an->tree);
	an->tree.size = an->seq;
	an->tree.count = pc;
	json_array_foreach(tree, i, v) {
		const char *s = json_string_value(v);

		if (s == NULL || ck_b64_decode(s, strlen(s), an->tree.node[i],
					       32) != 32) {
			ck_error_set(err, 0, "%s: bad tree hash", path);
			goto fail;
		}
	}
	an->present = 1;
	free(path);
	return 0;
fail:
	free(path);
	anchor_release(an);
	return -1;
}

static void
fail_at(struct scan_fail *f, const char *seg, uint64_t seq, off_t off,
	const char *msg)
{
	f->failed = 1;
	snprintf(f->seg, sizeof f->seg, "%s", seg);
	f->seq = seq;
	f->off = off;
	snprintf(f->msg, sizeof f->msg, "%s", msg);
}

int
scan_log(const char *dir, const struct anchor *an,
	 int (*fn)(void *ctx, const struct scan_event *e,
		   struct ck_error *err),
	 void *ctx, struct scan_fail *fail, struct ck_error *err)
{
	struct ck_audit_seg *segs = NULL;
	struct ck_merkle_frontier tree;
	unsigned char prev[32];
	uint64_t seq = 1;
	size_t nseg = 0, k;
	int rc = -1;

	memset(fail, 0, sizeof *fail);
	ck_merkle_frontier_init(&tree);
	memset(prev, 0, sizeof prev);
	if (an && an->present) {
		tree = an->tree;
		memcpy(prev, an->hash, 32);
		seq = an->seq + 1;
	}
	if (ck_audit_segs(dir, &segs, &nseg, err) < 0)
		return -1;
	for (k = 0; k < nseg; k++) {
		char *data = NULL, *p, *end;
		size_t len;

		/* Segments wholly before the anchor (a prune that was cut
		 * short before it could delete them) are not the log. */
		if (k + 1 < nseg && segs[k + 1].first <= seq &&
		    segs[k].first < seq)
			continue;
		if (segs[k].first != seq) {
			char m[160];

			snprintf(m, sizeof m, "segment starts at seq %" PRIu64
				 " where %" PRIu64 " was expected (segment "
				 "removed or renamed)", segs[k].first, seq);
			fail_at(fail, segs[k].path, seq, 0, m);
			rc = 1;
			goto out;
		}
		if (ck_audit_seg_read(&segs[k], &data, &len, err) < 0)
			goto out;
		p = data;
		end = data + len;
		while (p < end) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			struct scan_event e;
			struct ck_error lerr;
			int r;

			if (nl == NULL) {
				fail_at(fail, segs[k].path, seq,
					(off_t)(p - data),
					k + 1 == nseg
						? "torn last line (a crash while "
						  "writing?); run 'auditlog "
						  "recover'"
						: "line without newline");
				free(data);
				rc = 1;
				goto out;
			}
			ck_error_clear(&lerr);
			if (ck_audit_check_line(p, (size_t)(nl - p), seq, prev,
						e.hash, NULL, &lerr) < 0) {
				fail_at(fail, segs[k].path, seq,
					(off_t)(p - data), lerr.msg);
				free(data);
				rc = 1;
				goto out;
			}
			e.seq = seq;
			e.line = p;
			e.len = (size_t)(nl - p);
			e.ev = NULL;
			e.seg = segs[k].path;
			e.off = (off_t)(p - data);
			ck_merkle_leaf_hash(p, e.len, e.leaf);
			ck_merkle_frontier_push(&tree, e.leaf);
			e.tree = &tree;
			memcpy(prev, e.hash, 32);
			r = fn ? fn(ctx, &e, err) : 0;
			if (r != 0) {
				free(data);
				rc = r < 0 ? -1 : 1;
				goto out;
			}
			seq++;
			p = nl + 1;
		}
		free(data);
	}
	rc = 0;
out:
	ck_audit_segs_free(segs, nseg);
	return rc;
}
