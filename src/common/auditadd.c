/* auditadd.c -- staging events: seq, time, prev and hash assigned, the
 * stored line written, its Merkle leaf hashed.  Two ways in that give the
 * same bytes: ck_audit_add for a jansson event, ck_audit_add_canon for
 * one already in canonical text (auditlog append's fast path). */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* SHA256_Init &c: prev and the event are hashed in place, without the
 * copy (and the algorithm fetch) a one-shot digest would need. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "common/audit.h"
#include "common/audit_priv.h"
#include "common/canon.h"
#include "common/canonfast.h"
#include "common/canonscan.h"
#include "common/merkle.h"
#include "common/timefmt.h"

/* The stored line is in a->pending from start on: hash its leaf, hand it
 * to the caller's line, end it, and move the staged end of the chain. */
static int
staged(struct ck_audit *a, size_t start, const unsigned char h[CK_SHA256_LEN],
       int64_t now, struct ck_buf *line, struct ck_error *err)
{
	ck_mhash leaf;

	ck_merkle_leaf_hash(a->pending.data + start, a->pending.len - start,
			    leaf);
	if (line != NULL &&
	    ck_buf_append(line, a->pending.data + start,
			  a->pending.len - start) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (ck_buf_append_char(&a->pending, '\n') < 0 ||
	    ck_buf_append(&a->leaves, leaf, sizeof leaf) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (a->pend_seq == a->seq)
		a->pend_first_time = now;
	a->pend_seq++;
	memcpy(a->pend_hash, h, CK_SHA256_LEN);
	/* A full segment: tell the caller to commit, so the next commit
	 * starts a new one (segments roll over between commits). */
	return (uint64_t)a->size + a->pending.len >= a->set.segment_bytes ? 1
									  : 0;
}

int
ck_audit_add(struct ck_audit *a, json_t *ev, struct ck_buf *line,
	     struct ck_error *err)
{
	char prevhex[CK_SHA256_HEXLEN + 1], tbuf[CK_TIME_LEN];
	unsigned char h[CK_SHA256_LEN];
	struct ck_buf b = CK_BUF_INIT;
	size_t start = a->pending.len;
	struct ck_time now;
	int rc = -1;

	if (!a->locked)
		return ck_error_set(err, 0, "log not locked");
	if (ck_time_now(&now) < 0)
		return ck_error_set(err, errno, "cannot read the clock "
				    "(COMPLYKIT_NOW?)");
	ck_time_format(&now, tbuf);
	ck_hex_encode(a->pend_hash, CK_SHA256_LEN, prevhex);
	if (json_object_set_new(ev, "seq",
				json_integer((json_int_t)(a->pend_seq + 1))) ||
	    json_object_set_new(ev, "time", json_string(tbuf)) ||
	    json_object_set_new(ev, "prev", json_string(prevhex))) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (ck_canon_append(&b, ev, err) < 0)
		goto out;
	{
		/* hash = SHA-256(prev || canonical JSON without hash) */
		SHA256_CTX c;

		SHA256_Init(&c);
		SHA256_Update(&c, a->pend_hash, CK_SHA256_LEN);
		SHA256_Update(&c, b.data, b.len);
		SHA256_Final(h, &c);
	}
	{
		char hex[CK_SHA256_HEXLEN + 1], mem[CK_SHA256_HEXLEN + 12];
		struct ck_canon_top top;
		size_t i, at;

		ck_hex_encode(h, CK_SHA256_LEN, hex);
		if (json_object_set_new(ev, "hash", json_string(hex))) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		/* The stored line is the canonical form with "hash": when
		 * the text without it is known canonical, put the member
		 * where its key sorts instead of serialising again. */
		if (ck_canon_scan(b.data, b.len, &top)) {
			for (i = 0; i < top.count; i++)
				if (memcmp(b.data + top.m[i].key, "hash",
					   top.m[i].keylen < 4 ? top.m[i].keylen
							       : 4) > 0 ||
				    (top.m[i].keylen > 4 &&
				     memcmp(b.data + top.m[i].key, "hash", 4) == 0))
					break;
			if (i < top.count) {
				at = top.m[i].start;
				snprintf(mem, sizeof mem, "\"hash\":\"%s\",", hex);
			} else {
				at = b.len - 1;
				snprintf(mem, sizeof mem, "%s\"hash\":\"%s\"",
					 top.count ? "," : "", hex);
			}
			if (ck_buf_append(&a->pending, b.data, at) < 0 ||
			    ck_buf_append_str(&a->pending, mem) < 0 ||
			    ck_buf_append(&a->pending, b.data + at,
					  b.len - at) < 0) {
				ck_error_set(err, ENOMEM, "out of memory");
				goto out;
			}
		} else if (ck_canon_append(&a->pending, ev, err) < 0) {
			goto out;
		}
	}
	rc = staged(a, start, h, now.sec, line, err);
out:
	if (rc < 0) {
		a->pending.len = start;
		json_object_del(ev, "hash");
	}
	ck_buf_release(&b);
	return rc;
}

static int
is_number(char c)
{
	return c == '-' || (c >= '0' && c <= '9');
}

int
ck_audit_check_canon(const char *ev, size_t len,
		     const struct ck_canon_top *top)
{
	static const char *const reserved[] = { "seq", "time", "prev", "hash" };
	const struct ck_canon_member *m;
	size_t i, v, vl;

	(void)len;
	for (i = 0; i < sizeof reserved / sizeof *reserved; i++)
		if (ck_canon_top_find(ev, top, reserved[i]) != NULL)
			return 0;
	/* actor.id and action: non-empty strings ("" is two bytes) */
	m = ck_canon_top_find(ev, top, "actor");
	if (m == NULL || ev[m->val] != '{' ||
	    !ck_canon_member(ev + m->val, m->vallen, "id", &v, &vl) ||
	    ev[m->val + v] != '"' || vl <= 2)
		return 0;
	m = ck_canon_top_find(ev, top, "action");
	if (m == NULL || ev[m->val] != '"' || m->vallen <= 2)
		return 0;
	/* the CONTRACT types of what else is there */
	if ((m = ck_canon_top_find(ev, top, "outcome")) != NULL && ev[m->val] != '"')
		return 0;
	if ((m = ck_canon_top_find(ev, top, "target")) != NULL && ev[m->val] != '{')
		return 0;
	if ((m = ck_canon_top_find(ev, top, "data")) != NULL && ev[m->val] != '{')
		return 0;
	if ((m = ck_canon_top_find(ev, top, "duration_ms")) != NULL &&
	    !is_number(ev[m->val]))
		return 0;
	if ((m = ck_canon_top_find(ev, top, "phi")) != NULL) {
		if (ev[m->val] != '{')
			return 0;
		if (ck_canon_member(ev + m->val, m->vallen, "score", &v, &vl) &&
		    !is_number(ev[m->val + v]))
			return 0;
	}
	return 1;
}

struct extra {
	const char *key;	/* sorted among themselves */
	const char *val;	/* JSON text */
};

/* out = the object ev (canonical, members top) with the extra members
 * merged in where their keys sort.  Keys here are ASCII, where RFC 8785
 * order is byte order. */
static int
merge(struct ck_buf *out, const char *ev, const struct ck_canon_top *top,
      const struct extra *x, size_t nx)
{
	size_t i = 0, j = 0, n = 0;

	if (ck_buf_append_char(out, '{') < 0)
		return -1;
	while (i < top->count || j < nx) {
		int take_x;

		if (j == nx) {
			take_x = 0;
		} else if (i == top->count) {
			take_x = 1;
		} else {
			const struct ck_canon_member *m = &top->m[i];
			size_t kl = strlen(x[j].key);
			size_t c = kl < m->keylen ? kl : m->keylen;
			int r = memcmp(x[j].key, ev + m->key, c);

			take_x = r < 0 || (r == 0 && kl < m->keylen);
		}
		if (n++ > 0 && ck_buf_append_char(out, ',') < 0)
			return -1;
		if (take_x) {
			if (ck_buf_append_char(out, '"') < 0 ||
			    ck_buf_append_str(out, x[j].key) < 0 ||
			    ck_buf_append(out, "\":", 2) < 0 ||
			    ck_buf_append_str(out, x[j].val) < 0)
				return -1;
			j++;
		} else {
			const struct ck_canon_member *m = &top->m[i];

			if (ck_buf_append(out, ev + m->start,
					  m->val + m->vallen - m->start) < 0)
				return -1;
			i++;
		}
	}
	return ck_buf_append_char(out, '}');
}

int
ck_audit_add_canon(struct ck_audit *a, const char *ev, size_t len,
		   const struct ck_canon_top *top, struct ck_buf *line,
		   struct ck_error *err)
{
	char prevq[CK_SHA256_HEXLEN + 3], hashq[CK_SHA256_HEXLEN + 3];
	char seq[24], tq[CK_TIME_LEN + 2];
	unsigned char h[CK_SHA256_LEN];
	size_t start = a->pending.len;
	struct ck_time now;
	struct extra x[4];
	SHA256_CTX c;
	int rc;

	(void)len;
	if (!a->locked)
		return ck_error_set(err, 0, "log not locked");
	if (ck_time_now(&now) < 0)
		return ck_error_set(err, errno, "cannot read the clock "
				    "(COMPLYKIT_NOW?)");
	/* The values as canon.c writes them: quoted hex and time, seq as
	 * its digits (exact: far below 2^53). */
	tq[0] = '"';
	ck_time_format(&now, tq + 1);
	strcat(tq, "\"");
	prevq[0] = '"';
	ck_hex_encode(a->pend_hash, CK_SHA256_LEN, prevq + 1);
	strcat(prevq, "\"");
	snprintf(seq, sizeof seq, "%" PRIu64, a->pend_seq + 1);
	x[0] = (struct extra){ "prev", prevq };
	x[1] = (struct extra){ "seq", seq };
	x[2] = (struct extra){ "time", tq };
	ck_buf_reset(&a->scratch);
	if (merge(&a->scratch, ev, top, x, 3) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	/* hash = SHA-256(prev || canonical JSON without hash) */
	SHA256_Init(&c);
	SHA256_Update(&c, a->pend_hash, CK_SHA256_LEN);
	SHA256_Update(&c, a->scratch.data, a->scratch.len);
	SHA256_Final(h, &c);
	hashq[0] = '"';
	ck_hex_encode(h, CK_SHA256_LEN, hashq + 1);
	strcat(hashq, "\"");
	x[3] = x[2];
	x[2] = x[1];
	x[1] = x[0];
	x[0] = (struct extra){ "hash", hashq };
	if (merge(&a->pending, ev, top, x, 4) < 0) {
		a->pending.len = start;
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	rc = staged(a, start, h, now.sec, line, err);
	if (rc < 0)
		a->pending.len = start;
	return rc;
}
