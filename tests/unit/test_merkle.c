/* test_merkle.c -- the RFC 9162 Merkle tree against every vector of
 * shared/data/merkle-vectors (transparency-dev/merkle): valid inclusion
 * and consistency proofs accepted, every tampered one rejected; and our
 * own proofs, for every size and index up to 70, verify. */
#include <config.h>

#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <jansson.h>

#include "common/b64.h"
#include "common/hash.h"
#include "common/merkle.h"

static char vectors[PATH_MAX];

/* The vectors live in ../shared beside the repository (the main checkout
 * is one level down, a worktree or a distcheck build deeper): look up. */
static int
find_vectors(void)
{
	char dir[PATH_MAX];
	struct stat st;
	int i;

	if (getenv("CK_MERKLE_VECTORS")) {
		snprintf(vectors, sizeof vectors, "%s",
			 getenv("CK_MERKLE_VECTORS"));
		return stat(vectors, &st) == 0 ? 0 : -1;
	}
	snprintf(dir, sizeof dir, "%s", CK_TOP_SRCDIR);
	for (i = 0; i < 8; i++) {
		char *slash;

		snprintf(vectors, sizeof vectors,
			 "%s/../shared/data/merkle-vectors", dir);
		if (stat(vectors, &st) == 0)
			return 0;
		slash = strrchr(dir, '/');
		if (slash == NULL || slash == dir)
			break;
		*slash = '\0';
	}
	return -1;
}

/* base64 that may be empty or not 32 bytes: -1 then (a wrong-length
 * hash can only be rejected). */
static int
hash_of(const json_t *v, ck_mhash out)
{
	const char *s = json_string_value(v);

	if (s == NULL)
		return -1;
	return ck_b64_decode(s, strlen(s), out, 32) == 32 ? 0 : -1;
}

static int
proof_of(const json_t *arr, ck_mhash *p, size_t *n)
{
	size_t i;
	json_t *v;

	*n = 0;
	if (json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > CK_MERKLE_MAX_PROOF)
		return -1;
	json_array_foreach(arr, i, v)
		if (hash_of(v, p[i]) < 0)
			return -1;
	*n = json_array_size(arr);
	return 0;
}

/* Sizes and indices as uint64 (the vectors hold 2^64-1, which jansson
 * only reads as a real). */
static uint64_t
num_of(const json_t *v)
{
	double d = json_number_value(v);

	if (d >= 18446744073709551615.0)
		return UINT64_MAX;
	return d <= 0 ? 0 : (uint64_t)d;
}

/* 0 accepted, -1 rejected */
static int
run_inclusion(const json_t *t)
{
	ck_mhash root, leaf, proof[CK_MERKLE_MAX_PROOF];
	size_t n;
	uint64_t idx = num_of(json_object_get(t, "leafIdx"));
	uint64_t size = num_of(json_object_get(t, "treeSize"));

	if (hash_of(json_object_get(t, "root"), root) < 0 ||
	    hash_of(json_object_get(t, "leafHash"), leaf) < 0 ||
	    proof_of(json_object_get(t, "proof"), proof, &n) < 0)
		return -1;
	return ck_merkle_verify_inclusion(idx, size, leaf,
					  proof, n, root);
}

static int
run_consistency(const json_t *t)
{
	ck_mhash r1, r2, proof[CK_MERKLE_MAX_PROOF];
	size_t n;
	uint64_t s1 = num_of(json_object_get(t, "size1"));
	uint64_t s2 = num_of(json_object_get(t, "size2"));
	const char *a = json_string_value(json_object_get(t, "root1"));
	const char *b = json_string_value(json_object_get(t, "root2"));

	/* Equal sizes need no hashing: a "root" that is no SHA-256 value
	 * (the vectors use "don't care") only has to equal the other. */
	if (s1 == s2 && s1 > 0 && a && b && json_array_size(json_object_get(t, "proof"))
	    == 0 && strlen(a) != 44) {
		unsigned char x[64], y[64];
		long nx = ck_b64_decode(a, strlen(a), x, sizeof x);
		long ny = ck_b64_decode(b, strlen(b), y, sizeof y);

		return nx >= 0 && nx == ny && memcmp(x, y, (size_t)nx) == 0
			       ? 0 : -1;
	}
	if (hash_of(json_object_get(t, "root1"), r1) < 0 ||
	    hash_of(json_object_get(t, "root2"), r2) < 0 ||
	    proof_of(json_object_get(t, "proof"), proof, &n) < 0)
		return -1;
	return ck_merkle_verify_consistency(s1, s2, r1, r2,
					    proof, n);
}

struct tally {
	int files, valid, invalid, wrong;
};

static void
walk(const char *dir, int (*run)(const json_t *), struct tally *t)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;
		json_error_t jerr;
		json_t *v;
		int want_err, got;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(path, run, t);
			continue;
		}
		if (strstr(de->d_name, ".json") == NULL)
			continue;
		v = json_load_file(path, JSON_DECODE_INT_AS_REAL, &jerr);
		assert_non_null(v);
		want_err = json_is_true(json_object_get(v, "wantErr"));
		got = run(v);
		t->files++;
		if (want_err)
			t->invalid++;
		else
			t->valid++;
		if ((got == 0) == want_err) {
			print_message("# wrong verdict: %s (want %s)\n", path,
				      want_err ? "reject" : "accept");
			t->wrong++;
		}
		json_decref(v);
	}
	closedir(d);
}

static void
test_inclusion_vectors(void **state)
{
	struct tally t = { 0 };
	char dir[PATH_MAX + 32];

	(void)state;
	snprintf(dir, sizeof dir, "%s/inclusion", vectors);
	walk(dir, run_inclusion, &t);
	print_message("# inclusion: %d vectors (%d valid, %d tampered)\n",
		      t.files, t.valid, t.invalid);
	assert_true(t.files >= 90);
	assert_true(t.valid > 0 && t.invalid > 0);
	assert_int_equal(t.wrong, 0);
}

static void
test_consistency_vectors(void **state)
{
	struct tally t = { 0 };
	char dir[PATH_MAX + 32];

	(void)state;
	snprintf(dir, sizeof dir, "%s/consistency", vectors);
	walk(dir, run_consistency, &t);
	print_message("# consistency: %d vectors (%d valid, %d tampered)\n",
		      t.files, t.valid, t.invalid);
	assert_true(t.files >= 90);
	assert_true(t.valid > 0 && t.invalid > 0);
	assert_int_equal(t.wrong, 0);
}

/* Leaves "0".."n-1" as data. */
static ck_mhash *
make_leaves(uint64_t n)
{
	ck_mhash *l = calloc(n ? n : 1, sizeof *l);
	uint64_t i;

	for (i = 0; i < n; i++) {
		char s[24];

		snprintf(s, sizeof s, "%llu", (unsigned long long)i);
		ck_merkle_leaf_hash(s, strlen(s), l[i]);
	}
	return l;
}

static void
test_own_proofs(void **state)
{
	ck_mhash *l = make_leaves(70), proof[CK_MERKLE_MAX_PROOF], r1, r2;
	uint64_t n, m, i;
	size_t len;

	(void)state;
	for (n = 1; n <= 70; n++) {
		ck_merkle_root(l, n, r2);
		for (i = 0; i < n; i++) {
			assert_int_equal(ck_merkle_inclusion_proof(l, n, i, proof,
								   &len), 0);
			assert_int_equal(ck_merkle_verify_inclusion(
				i, n, l[i], proof, len, r2), 0);
			/* the wrong leaf, or the right leaf at the wrong
			 * index, must fail */
			assert_int_equal(ck_merkle_verify_inclusion(
				i, n, l[(i + 1) % 70], proof, len, r2), -1);
			if (n > 1)
				assert_int_equal(ck_merkle_verify_inclusion(
					(i + 1) % n, n, l[i], proof, len, r2),
					-1);
		}
		for (m = 1; m <= n; m++) {
			ck_merkle_root(l, m, r1);
			assert_int_equal(ck_merkle_consistency_proof(
				l, m, n, proof, &len), 0);
			assert_int_equal(ck_merkle_verify_consistency(
				m, n, r1, r2, proof, len), 0);
			if (m < n) {
				r1[0] ^= 1;
				assert_int_equal(ck_merkle_verify_consistency(
					m, n, r1, r2, proof, len), -1);
			}
		}
	}
	free(l);
}

static void
test_frontier(void **state)
{
	ck_mhash *l = make_leaves(300), a, b;
	struct ck_merkle_frontier f;
	uint64_t n;

	(void)state;
	ck_merkle_frontier_init(&f);
	ck_merkle_frontier_root(&f, a);
	ck_sha256(NULL, 0, b);
	assert_memory_equal(a, b, 32);	/* MTH({}) = SHA-256() */
	for (n = 0; n < 300; n++) {
		ck_merkle_frontier_push(&f, l[n]);
		ck_merkle_frontier_root(&f, a);
		ck_merkle_root(l, n + 1, b);
		assert_memory_equal(a, b, 32);
		assert_int_equal(f.count, __builtin_popcountll(n + 1));
	}
	free(l);
}

static void
test_rfc_hashes(void **state)
{
	/* RFC 6962 test tree: the root of the empty tree and of the
	 * 8-leaf reference tree of transparency-dev/merkle. */
	static const char *data[] = { "", "\x00", "\x10", "\x20\x21",
				      "\x30\x31", "\x40\x41\x42\x43",
				      "\x50\x51\x52\x53\x54\x55\x56\x57",
				      "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69"
				      "\x6a\x6b\x6c\x6d\x6e\x6f" };
	static const size_t lens[] = { 0, 1, 1, 2, 2, 4, 8, 16 };
	ck_mhash l[8], r;
	char hex[65];
	int i;

	(void)state;
	for (i = 0; i < 8; i++)
		ck_merkle_leaf_hash(data[i], lens[i], l[i]);
	ck_merkle_root(l, 8, r);
	ck_hex_encode(r, 32, hex);
	assert_string_equal(hex, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f"
			    "4960cfe370eff4604328");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inclusion_vectors),
		cmocka_unit_test(test_consistency_vectors),
		cmocka_unit_test(test_own_proofs),
		cmocka_unit_test(test_frontier),
		cmocka_unit_test(test_rfc_hashes),
	};
	const struct CMUnitTest *run = tests;
	size_t n = sizeof(tests) / sizeof(tests[0]);

	/* The vectors live in the development tree's ../shared, not in the
	 * repository: without them (a tree that is not beside ../shared and
	 * no CK_MERKLE_VECTORS) their two tests are left out, loudly.
	 * (cmocka's skip() reads as "not ok" to automake's TAP driver.) */
	if (find_vectors() < 0) {
		print_message("# shared/data/merkle-vectors not found above %s; "
			      "set CK_MERKLE_VECTORS: vector tests left out\n",
			      CK_TOP_SRCDIR);
		run += 2;
		n -= 2;
	}
	return _cmocka_run_group_tests("merkle", run, n, NULL, NULL);
}
