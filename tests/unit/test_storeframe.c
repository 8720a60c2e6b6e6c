/* test_storeframe.c -- how the store encodes objects (storeframe.c) and
 * writes its files (storedio.c): raw frames for bytes without
 * repetition, compressed ones for the rest, all plain zstd; files
 * written through the O_DIRECT helper come out byte for byte. */
#include <config.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/buf.h"
#include "common/store.h"
#include "common/store_priv.h"
#include "storetest.h"

/* A deterministic generator (xorshift), so failures reproduce. */
static uint64_t rng = 88172645463325252ull;

static unsigned char
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned char)(rng >> 24);
}

static void
fill_random(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = rnd();
}

/* base64 of random bytes: no repetition, 6 bits a byte */
static void
fill_base64(unsigned char *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
				"opqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)a[rnd() & 63];
}

/* rows of a CSV: repetition everywhere */
static void
fill_csv(unsigned char *p, size_t n)
{
	static const char *const dx[] = { "E11.9", "I10", "J45.909", "M54.5" };
	size_t o = 0;

	for (unsigned i = 0; o < n; i++) {
		char row[96];
		int k = snprintf(row, sizeof(row), "%u,patient,%u,%s,2024-%02u-"
				 "%02u,stable\n", i, 18 + rnd() % 80,
				 dx[rnd() % 4], 1 + rnd() % 12, 1 + rnd() % 28);

		for (int j = 0; j < k && o < n; j++)
			p[o++] = (unsigned char)row[j];
	}
}

/* The frame's bytes, gathered from its iovecs. */
static unsigned char *
gather(const struct store_enc *e)
{
	unsigned char *f = malloc(e->len), *q = f;

	for (int i = 0; i < e->niov; i++) {
		memcpy(q, e->iov[i].iov_base, e->iov[i].iov_len);
		q += e->iov[i].iov_len;
	}
	assert_int_equal((size_t)(q - f), e->len);
	return f;
}

static void
roundtrip(struct store_enc *e, const unsigned char *p, size_t n, int raw)
{
	struct ck_error err;
	unsigned char *f, *back = malloc(n + 1);

	assert_int_equal(store_encode(e, p, n, &err), 0);
	assert_int_equal(e->raw, raw);
	f = gather(e);
	assert_int_equal(ZSTD_getFrameContentSize(f, e->len), n);
	assert_int_equal(ZSTD_decompress(back, n + 1, f, e->len), n);
	if (n > 0)
		assert_memory_equal(back, p, n);
	if (raw)	/* 12 bytes of frame header, 3 for each further block */
		assert_int_equal(e->len, n + 9 + 3 * (n ? (n + 131071) / 131072
							: 1));
	free(f);
	free(back);
}

static void
test_raw_frames(void **state)
{
	static const size_t sizes[] = { 256, 1000, 8192, 131072, 131073,
					300000, STORE_FRAME };
	struct store_enc *e = store_enc_new();
	unsigned char *p = malloc(STORE_FRAME);

	(void)state;
	assert_non_null(e);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill_random(p, sizes[i]);
		roundtrip(e, p, sizes[i], 1);
		/* high-entropy text is stored as it is, too */
		fill_base64(p, sizes[i]);
		roundtrip(e, p, sizes[i], 1);
	}
	/* too short to probe: compressed, whatever it holds */
	fill_random(p, 100);
	roundtrip(e, p, 100, 0);
	roundtrip(e, p, 0, 0);
	store_enc_free(e);
	free(p);
}

static void
test_structured_compressed(void **state)
{
	struct store_enc *e = store_enc_new();
	unsigned char *p = malloc(STORE_FRAME);

	(void)state;
	assert_non_null(e);
	fill_csv(p, 50000);
	roundtrip(e, p, 50000, 0);
	assert_true(e->len < 50000 / 2);
	fill_csv(p, STORE_FRAME);
	roundtrip(e, p, STORE_FRAME, 0);
	assert_true(e->len < STORE_FRAME / 2);
	store_enc_free(e);
	free(p);
}

static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/* A big object whose frames differ: random, CSV, base64, and a short
 * CSV tail; written in uneven pieces.  It reads back whole, and only
 * the CSV parts shrank. */
static void
test_big_mixed(void **state)
{
	size_t n = 3 * STORE_FRAME + 4321;
	unsigned char *p = malloc(n), sha[CK_SHA256_LEN];
	struct ck_buf b = CK_BUF_INIT;
	struct ck_store_writer *w;
	struct ck_store *s;
	struct ck_error err;
	uint64_t size;
	char *lp;
	off_t fs;

	(void)state;
	fill_random(p, STORE_FRAME);
	fill_csv(p + STORE_FRAME, STORE_FRAME);
	fill_base64(p + 2 * STORE_FRAME, STORE_FRAME);
	fill_csv(p + 3 * STORE_FRAME, 4321);
	ck_sha256(p, n, sha);
	s = ck_store_open(st_dir, &err);
	assert_non_null(s);
	w = ck_store_writer_new(s, &err);
	assert_non_null(w);
	for (size_t o = 0, k = 1; o < n; o += k, k = k * 3 + 1) {
		if (k > n - o)
			k = n - o;
		assert_int_equal(ck_store_writer_write(w, p + o, k, &err), 0);
	}
	assert_int_equal(ck_store_writer_finish(w, sha, &err), 0);
	assert_int_equal(ck_store_sync(s, &err), 0);
	assert_int_equal(ck_store_read(s, sha, st_collect, &b, &size, &err), 0);
	assert_int_equal(size, n);
	assert_memory_equal(b.data, p, n);
	lp = store_loose_path(s, sha);
	fs = file_size(lp);
	assert_true(fs > (off_t)(2 * STORE_FRAME));
	assert_true(fs < (off_t)(2 * STORE_FRAME + STORE_FRAME / 2));
	assert_int_equal(ck_store_check(s, NULL, NULL, &err), 0);
	free(lp);
	ck_buf_release(&b);
	ck_store_free(s);
	free(p);
}

/* Many packed objects, raw and compressed, with -j-like interleaving
 * of sizes: the pack (written through the O_DIRECT helper, several
 * buffers long) reads back entry by entry. */
static void
test_pack_through_dio(void **state)
{
	enum { N = 300 };
	unsigned char *p = malloc(N * 40000), sha[N][CK_SHA256_LEN];
	size_t len[N], off = 0;
	struct ck_store *s;
	struct ck_error err;

	(void)state;
	s = ck_store_open(st_dir, &err);
	assert_non_null(s);
	for (int i = 0; i < N; i++) {
		len[i] = (size_t)(i * 7919) % 40000;
		if (i % 3 == 0)
			fill_random(p + off, len[i]);
		else if (i % 3 == 1)
			fill_csv(p + off, len[i]);
		else
			fill_base64(p + off, len[i]);
		ck_sha256(p + off, len[i], sha[i]);
		assert_int_equal(ck_store_put(s, sha[i], p + off, len[i],
					      &err), 0);
		off += len[i];
	}
	assert_int_equal(ck_store_sync(s, &err), 0);
	ck_store_free(s);
	s = ck_store_open(st_dir, &err);
	assert_non_null(s);
	off = 0;
	for (int i = 0; i < N; i++) {
		struct ck_buf b = CK_BUF_INIT;
		uint64_t size;

		assert_int_equal(ck_store_read(s, sha[i], st_collect, &b, &size,
					       &err), 0);
		assert_int_equal(size, len[i]);
		if (len[i] > 0)
			assert_memory_equal(b.data, p + off, len[i]);
		ck_buf_release(&b);
		off += len[i];
	}
	assert_int_equal(ck_store_check(s, NULL, NULL, &err), 0);
	ck_store_free(s);
	free(p);
}

/* ck_store_writer_read: a file read straight into the store's buffer,
 * its frames raw or compressed as their bytes call for, hashed on the
 * way; after a short write first, the buffered path.  Both read back. */
static void
writer_read_case(struct ck_store *s, const unsigned char *p, size_t n,
		 size_t lead)
{
	unsigned char sha[CK_SHA256_LEN], want[CK_SHA256_LEN];
	unsigned char *buf = malloc(CK_STORE_SMALL);
	struct ck_sha256 *h = ck_sha256_new();
	struct ck_buf b = CK_BUF_INIT;
	struct ck_store_writer *w;
	struct ck_error err;
	char path[300];
	size_t got, total = lead;
	uint64_t size;
	int fd;

	snprintf(path, sizeof(path), "%s/tmp/src", st_dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p + lead, n - lead), (ssize_t)(n - lead));
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	w = ck_store_writer_new(s, &err);
	assert_non_null(w);
	ck_sha256_update(h, p, lead);
	assert_int_equal(ck_store_writer_write(w, p, lead, &err), 0);
	do {
		assert_int_equal(ck_store_writer_read(w, fd, h, buf, &got,
						      path, &err), 0);
		total += got;
	} while (got > 0);
	assert_int_equal(total, n);
	ck_sha256_final(h, sha);
	ck_sha256(p, n, want);
	assert_memory_equal(sha, want, CK_SHA256_LEN);
	assert_int_equal(ck_store_writer_finish(w, sha, &err), 0);
	assert_int_equal(ck_store_sync(s, &err), 0);
	assert_int_equal(ck_store_read(s, sha, st_collect, &b, &size, &err), 0);
	assert_int_equal(size, n);
	assert_memory_equal(b.data, p, n);
	ck_buf_release(&b);
	ck_sha256_free(h);
	close(fd);
	free(buf);
}

static void
test_writer_read(void **state)
{
	size_t n = 2 * STORE_FRAME + 300005;
	unsigned char *p = malloc(n);
	struct ck_store *s;
	struct ck_error err;

	(void)state;
	fill_random(p, STORE_FRAME);
	fill_csv(p + STORE_FRAME, STORE_FRAME);
	fill_base64(p + 2 * STORE_FRAME, 300005);
	s = ck_store_open(st_dir, &err);
	assert_non_null(s);
	writer_read_case(s, p, n, 0);
	p[0] ^= 1;	/* another object */
	writer_read_case(s, p, n, 1000);
	assert_int_equal(ck_store_check(s, NULL, NULL, &err), 0);
	ck_store_free(s);
	free(p);
}

/* store_dio: uneven pieces, more than its buffers hold, a tail that is
 * not a whole block; the file is exact, and where the file system takes
 * O_DIRECT the helper used it. */
static void
test_dio_exact(void **state)
{
	size_t n = 9 * 1024 * 1024 + 777;
	unsigned char *p = malloc(n), *back = malloc(n + 1);
	char path[300];
	struct store_dio *d;
	int fd, probe, direct_ok, fl;

	(void)state;
	fill_random(p, n);
	snprintf(path, sizeof(path), "%s/tmp/dio", st_dir);
	probe = open(path, O_WRONLY | O_CREAT | O_DIRECT, 0600);
	direct_ok = probe >= 0;
	if (probe >= 0)
		close(probe);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	d = store_dio_new(fd, 0, NULL);
	assert_non_null(d);
	fl = fcntl(fd, F_GETFL);
	assert_int_equal((fl & O_DIRECT) != 0, direct_ok);
	for (size_t o = 0, k = 1; o < n; o += k, k = k * 5 + 3) {
		struct iovec v[2];

		if (k > n - o)
			k = n - o;
		v[0].iov_base = p + o;
		v[0].iov_len = k / 2;
		v[1].iov_base = p + o + k / 2;
		v[1].iov_len = k - k / 2;
		assert_int_equal(store_dio_write(d, v, 2), 0);
	}
	assert_int_equal(store_dio_close(d), 0);
	assert_int_equal(file_size(path), (off_t)n);
	assert_int_equal(pread(fd, back, n + 1, 0), (ssize_t)n);
	assert_memory_equal(back, p, n);
	/* from an unaligned offset: plain writes, no buffers */
	d = store_dio_new(fd, 100, NULL);
	assert_non_null(d);
	for (size_t o = 0, k = 1; o < 300000; o += k, k = k * 5 + 3) {
		struct iovec v = { p + o, k > 300000 - o ? 300000 - o : k };

		assert_int_equal(store_dio_write(d, &v, 1), 0);
	}
	assert_int_equal(store_dio_close(d), 0);
	assert_int_equal(pread(fd, back, 300000, 100), 300000);
	assert_memory_equal(back, p, 300000);
	assert_int_equal(pread(fd, back, 100, 0), 100);
	assert_memory_equal(back, p, 100);
	close(fd);
	free(p);
	free(back);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_frames),
		cmocka_unit_test(test_structured_compressed),
		cmocka_unit_test_setup_teardown(test_big_mixed, st_setup,
						st_teardown),
		cmocka_unit_test_setup_teardown(test_pack_through_dio,
						st_setup, st_teardown),
		cmocka_unit_test_setup_teardown(test_writer_read, st_setup,
						st_teardown),
		cmocka_unit_test_setup_teardown(test_dio_exact, st_setup,
						st_teardown),
	};

	return cmocka_run_group_tests_name("storeframe", tests, NULL, NULL);
}
