/* scan.c -- walking a log from its start, checking every link of the
 * hash chain and growing the Merkle tree as it goes (verify, checkpoint,
 * prove, the index and retention all read the log through here). */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
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

/* Lines are checked in batches: the costly half of each check (reading
 * the line, both of its hashes) needs no other line and is split between
 * this thread and a helper; the links between lines, the tree and the
 * callback then run in order. */
#define BATCH 4096

struct batch {
	const char *data;
	size_t n;			/* lines in this batch */
	size_t start[BATCH], len[BATCH];
	struct ck_audit_line l[BATCH];
	int fast[BATCH];
	ck_mhash leaf[BATCH];
};

struct part {
	struct batch *b;
	size_t lo, hi;
};

static void *
check_part(void *arg)
{
	struct part *pt = arg;
	struct batch *b = pt->b;
	size_t i;

	for (i = pt->lo; i < pt->hi; i++) {
		const char *line = b->data + b->start[i];

		b->fast[i] = ck_audit_line_read(line, b->len[i], &b->l[i]);
		ck_merkle_leaf_hash(line, b->len[i], b->leaf[i]);
	}
	return NULL;
}

static int
use_threads(void)
{
	static int n = -1;

	if (n < 0) {
		const char *e = getenv("COMPLYKIT_THREADS");

		n = e != NULL && *e != '\0' ? atoi(e)
					    : (int)sysconf(_SC_NPROCESSORS_ONLN);
	}
	return n > 1;
}

/* The first-half work of b's lines, in two threads when it pays. */
static void
check_batch(struct batch *b)
{
	struct part lo = { b, 0, b->n / 2 }, hi = { b, b->n / 2, b->n };
	pthread_t t;

	if (b->n < 64 || !use_threads() ||
	    pthread_create(&t, NULL, check_part, &lo) != 0) {
		lo.hi = b->n;
		check_part(&lo);
		return;
	}
	check_part(&hi);
	pthread_join(t, NULL);
}

int
scan_log(const char *dir, const struct anchor *an,
	 int (*fn)(void *ctx, const struct scan_event *e,
		   struct ck_error *err),
	 void *ctx, struct scan_fail *fail, struct ck_error *err)
{
	return scan_log_tree(dir, an, fn, ctx, fail, NULL, err);
}

int
scan_log_tree(const char *dir, const struct anchor *an,
	      int (*fn)(void *ctx, const struct scan_event *e,
			struct ck_error *err),
	      void *ctx, struct scan_fail *fail,
	      struct ck_merkle_frontier *tree_out, struct ck_error *err)
{
	struct ck_audit_seg *segs = NULL;
	struct ck_merkle_frontier tree;
	struct batch *b = NULL;
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
	b = malloc(sizeof *b);
	if (b == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (ck_audit_segs(dir, &segs, &nseg, err) < 0)
		goto out;
	for (k = 0; k < nseg; k++) {
		char *data = NULL, *p, *end;
		size_t len, i;

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
			char *nl = NULL;

			b->data = data;
			for (b->n = 0; b->n < BATCH && p < end; b->n++) {
				nl = memchr(p, '\n', (size_t)(end - p));
				if (nl == NULL)
					break;
				b->start[b->n] = (size_t)(p - data);
				b->len[b->n] = (size_t)(nl - p);
				p = nl + 1;
			}
			check_batch(b);
			for (i = 0; i < b->n; i++) {
				struct scan_event e;
				struct ck_error lerr;
				const char *line = data + b->start[i];
				int r;

				ck_error_clear(&lerr);
				r = b->fast[i]
				    ? ck_audit_line_link(&b->l[i], seq, prev,
							 e.hash, &lerr)
				    : ck_audit_check_line(line, b->len[i], seq,
							  prev, e.hash, NULL,
							  &lerr);
				if (r < 0) {
					fail_at(fail, segs[k].path, seq,
						(off_t)b->start[i], lerr.msg);
					free(data);
					rc = 1;
					goto out;
				}
				e.seq = seq;
				e.line = line;
				e.len = b->len[i];
				e.ev = NULL;
				e.action = NULL;
				e.action_len = 0;
				if (b->fast[i] && b->l[i].action > 0) {
					e.action = line + b->l[i].action;
					e.action_len = b->l[i].action_len;
				}
				e.seg = segs[k].path;
				e.off = (off_t)b->start[i];
				memcpy(e.leaf, b->leaf[i], sizeof e.leaf);
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
			}
			if (b->n < BATCH && p < end && nl == NULL) {
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
		}
		free(data);
	}
	rc = 0;
out:
	if (tree_out != NULL)
		*tree_out = tree;
	free(b);
	ck_audit_segs_free(segs, nseg);
	return rc;
}
