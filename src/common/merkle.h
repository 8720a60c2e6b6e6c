/* merkle.h -- the RFC 9162 (Certificate Transparency v2) Merkle tree.
 *
 * Leaves are hashed as SHA-256(0x00 || data), interior nodes as
 * SHA-256(0x01 || left || right) (RFC 9162 §2.1.1), which keeps a leaf
 * from ever being mistaken for a node.  The tree of n leaves splits at the
 * largest power of two below n.  Functions here work on arrays of leaf
 * hashes (the caller keeps them, e.g. in a file) and on the "frontier", the
 * roots of the perfect subtrees a prefix of the log decomposes into, which
 * is all a log needs to extend its root one leaf at a time.
 *
 * Verification returns 0 when the proof holds and -1 when it does not;
 * nothing here allocates except the proof builders (caller frees). */
#ifndef CK_MERKLE_H
#define CK_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define CK_MERKLE_HASH 32
/* Proofs are at most 2 * 64 hashes long for 64-bit tree sizes. */
#define CK_MERKLE_MAX_PROOF 128

typedef unsigned char ck_mhash[CK_MERKLE_HASH];

void ck_merkle_leaf_hash(const void *data, size_t n, ck_mhash out);
void ck_merkle_node_hash(const ck_mhash left, const ck_mhash right,
			 ck_mhash out);
/* MTH of the n leaf hashes (SHA-256 of nothing for n == 0). */
void ck_merkle_root(const ck_mhash *leaves, uint64_t n, ck_mhash out);

/* The frontier of a tree of `size` leaves: one root per set bit of size,
 * largest subtree first.  Extending it by a leaf costs O(log n) hashes. */
struct ck_merkle_frontier {
	uint64_t size;
	unsigned count;		/* == popcount(size) */
	ck_mhash node[64];
};

void ck_merkle_frontier_init(struct ck_merkle_frontier *f);
void ck_merkle_frontier_push(struct ck_merkle_frontier *f,
			     const ck_mhash leaf);
/* The root of the tree so far. */
void ck_merkle_frontier_root(const struct ck_merkle_frontier *f,
			     ck_mhash out);

/* Proofs (RFC 9162 §2.1.3.1 and §2.1.4.1) from the first n leaf hashes.
 * Write up to CK_MERKLE_MAX_PROOF hashes to proof and their number to
 * *len.  -1 when the indices are out of range. */
int ck_merkle_inclusion_proof(const ck_mhash *leaves, uint64_t n,
			      uint64_t index, ck_mhash *proof, size_t *len);
int ck_merkle_consistency_proof(const ck_mhash *leaves, uint64_t m,
				uint64_t n, ck_mhash *proof, size_t *len);

/* RFC 9162 §2.1.3.2: does proof show that leaf (a leaf hash) is entry
 * `index` of the tree of `size` leaves with this root? */
int ck_merkle_verify_inclusion(uint64_t index, uint64_t size,
			       const ck_mhash leaf, const ck_mhash *proof,
			       size_t len, const ck_mhash root);
/* RFC 9162 §2.1.4.2: is the tree of size2 with root2 an append-only
 * extension of the tree of size1 with root1? */
int ck_merkle_verify_consistency(uint64_t size1, uint64_t size2,
				 const ck_mhash root1, const ck_mhash root2,
				 const ck_mhash *proof, size_t len);

#endif
