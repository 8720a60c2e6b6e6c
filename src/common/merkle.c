/* merkle.c -- RFC 9162 Merkle tree hashing, proofs and verification. */
#include <config.h>

#include <string.h>

/* The SHA256_Init family: a tree hashes millions of 33- and 65-byte
 * inputs, and the one-shot SHA256() and EVP digests fetch the algorithm
 * (taking a lock) on every call, which costs more than the hash. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "common/hash.h"
#include "common/merkle.h"

void
ck_merkle_leaf_hash(const void *data, size_t n, ck_mhash out)
{
	static const unsigned char zero = 0x00;	/* RFC 9162 §2.1.1 */
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, &zero, 1);
	SHA256_Update(&c, data, n);
	SHA256_Final(out, &c);
}

void
ck_merkle_node_hash(const ck_mhash left, const ck_mhash right, ck_mhash out)
{
	unsigned char in[1 + 2 * CK_MERKLE_HASH];

	SHA256_CTX c;

	in[0] = 0x01;	/* RFC 9162 §2.1.1: interior node prefix */
	memcpy(in + 1, left, CK_MERKLE_HASH);
	memcpy(in + 1 + CK_MERKLE_HASH, right, CK_MERKLE_HASH);
	SHA256_Init(&c);
	SHA256_Update(&c, in, sizeof in);
	SHA256_Final(out, &c);
}

/* Largest power of two strictly below n (n >= 2). */
static uint64_t
split(uint64_t n)
{
	uint64_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

void
ck_merkle_root(const ck_mhash *leaves, uint64_t n, ck_mhash out)
{
	struct ck_merkle_frontier f;
	uint64_t i;

	if (n == 0) {
		SHA256(NULL, 0, out);
		return;
	}
	ck_merkle_frontier_init(&f);
	for (i = 0; i < n; i++)
		ck_merkle_frontier_push(&f, leaves[i]);
	ck_merkle_frontier_root(&f, out);
}

void
ck_merkle_frontier_init(struct ck_merkle_frontier *f)
{
	f->size = 0;
	f->count = 0;
}

void
ck_merkle_frontier_push(struct ck_merkle_frontier *f, const ck_mhash leaf)
{
	uint64_t s = f->size;

	memcpy(f->node[f->count++], leaf, CK_MERKLE_HASH);
	/* Each trailing 1 bit of the old size is a perfect subtree the new
	 * leaf completes into one twice its size. */
	while (s & 1) {
		f->count--;
		ck_merkle_node_hash(f->node[f->count - 1], f->node[f->count],
				    f->node[f->count - 1]);
		s >>= 1;
	}
	f->size++;
}

void
ck_merkle_frontier_root(const struct ck_merkle_frontier *f, ck_mhash out)
{
	ck_mhash r;
	unsigned i;

	if (f->count == 0) {
		SHA256(NULL, 0, out);
		return;
	}
	/* The rightmost (smallest) subtrees fold first: MTH splits at the
	 * largest power of two, so the left part is always perfect. */
	memcpy(r, f->node[f->count - 1], CK_MERKLE_HASH);
	for (i = f->count - 1; i-- > 0;)
		ck_merkle_node_hash(f->node[i], r, r);
	memcpy(out, r, CK_MERKLE_HASH);
}

/* MTH(D[lo:lo+n]) */
static void
mth(const ck_mhash *leaves, uint64_t n, ck_mhash out)
{
	ck_merkle_root(leaves, n, out);
}

/* PATH(m, D[n]) of RFC 9162 §2.1.3.1, appended to proof. */
static void
path(const ck_mhash *d, uint64_t n, uint64_t m, ck_mhash *proof, size_t *len)
{
	uint64_t k;

	if (n <= 1)
		return;
	k = split(n);
	if (m < k) {
		path(d, k, m, proof, len);
		mth(d + k, n - k, proof[(*len)++]);
	} else {
		path(d + k, n - k, m - k, proof, len);
		mth(d, k, proof[(*len)++]);
	}
}

int
ck_merkle_inclusion_proof(const ck_mhash *leaves, uint64_t n, uint64_t index,
			  ck_mhash *proof, size_t *len)
{
	*len = 0;
	if (index >= n)
		return -1;
	path(leaves, n, index, proof, len);
	return 0;
}

/* SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1. */
static void
subproof(const ck_mhash *d, uint64_t n, uint64_t m, int b, ck_mhash *proof,
	 size_t *len)
{
	uint64_t k;

	if (m == n) {
		if (!b)
			mth(d, n, proof[(*len)++]);
		return;
	}
	k = split(n);
	if (m <= k) {
		subproof(d, k, m, b, proof, len);
		mth(d + k, n - k, proof[(*len)++]);
	} else {
		subproof(d + k, n - k, m - k, 0, proof, len);
		mth(d, k, proof[(*len)++]);
	}
}

int
ck_merkle_consistency_proof(const ck_mhash *leaves, uint64_t m, uint64_t n,
			    ck_mhash *proof, size_t *len)
{
	*len = 0;
	if (m > n)
		return -1;
	if (m == 0 || m == n)
		return 0;	/* nothing to prove */
	subproof(leaves, n, m, 1, proof, len);
	return 0;
}

int
ck_merkle_verify_inclusion(uint64_t index, uint64_t size, const ck_mhash leaf,
			   const ck_mhash *proof, size_t len,
			   const ck_mhash root)
{
	uint64_t fn = index, sn;
	ck_mhash r;
	size_t i;

	if (index >= size)
		return -1;
	sn = size - 1;
	memcpy(r, leaf, CK_MERKLE_HASH);
	for (i = 0; i < len; i++) {
		if (sn == 0)
			return -1;	/* proof longer than the path */
		if ((fn & 1) || fn == sn) {
			ck_merkle_node_hash(proof[i], r, r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			ck_merkle_node_hash(r, proof[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return -1;	/* proof shorter than the path */
	return ck_ct_equal(r, root, CK_MERKLE_HASH) ? 0 : -1;
}

int
ck_merkle_verify_consistency(uint64_t size1, uint64_t size2,
			     const ck_mhash root1, const ck_mhash root2,
			     const ck_mhash *proof, size_t len)
{
	uint64_t fn, sn;
	ck_mhash fr, sr;
	size_t i = 0;

	if (size1 > size2)
		return -1;
	if (size1 == size2) {
		/* Same tree: the proof is empty and the roots agree. */
		if (len != 0)
			return -1;
		if (size1 == 0) {	/* MTH({}) is fixed: SHA-256() */
			ck_mhash e;

			SHA256(NULL, 0, e);
			if (!ck_ct_equal(root1, e, CK_MERKLE_HASH))
				return -1;
		}
		return ck_ct_equal(root1, root2, CK_MERKLE_HASH) ? 0 : -1;
	}
	if (size1 == 0 || len == 0)
		return -1;	/* an empty tree proves nothing (§2.1.4.2) */
	fn = size1 - 1;
	sn = size2 - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	/* When size1 is a power of two its root is itself a node of the
	 * bigger tree and the proof starts one hash later. */
	if ((size1 & (size1 - 1)) == 0) {
		memcpy(fr, root1, CK_MERKLE_HASH);
	} else {
		memcpy(fr, proof[0], CK_MERKLE_HASH);
		i = 1;
	}
	memcpy(sr, fr, CK_MERKLE_HASH);
	for (; i < len; i++) {
		if (sn == 0)
			return -1;
		if ((fn & 1) || fn == sn) {
			ck_merkle_node_hash(proof[i], fr, fr);
			ck_merkle_node_hash(proof[i], sr, sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			ck_merkle_node_hash(sr, proof[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return -1;
	if (!ck_ct_equal(fr, root1, CK_MERKLE_HASH))
		return -1;
	return ck_ct_equal(sr, root2, CK_MERKLE_HASH) ? 0 : -1;
}
