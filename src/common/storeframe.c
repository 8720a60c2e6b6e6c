/* storeframe.c -- how the store encodes an object's bytes: a sequence of
 * zstd frames of at most STORE_FRAME bytes each, every one either
 * compressed or made of raw blocks.
 *
 * Both kinds are standard zstd (RFC 8878 §3.1.1.2: a Raw_Block is its
 * bytes verbatim after a 3-byte header), so every reader of the store,
 * old or new, and `zstd -d` read them alike: this is not a format change.
 *
 * Why raw: compressing costs far more CPU than hashing on data without
 * repetition.  Random or already compressed bytes do not shrink at all,
 * and high-entropy text (base64, hex digests) shrinks only by what
 * Huffman coding of its literals gives, at a cost (~500 MB/s a core)
 * that makes the compressor, not the disk, the limit.  So each frame is
 * first probed: its first STORE_PROBE bytes go through a fast zstd level
 * (LZ matching only, no entropy coding, a few microseconds).  If that finds
 * repetition the whole frame is compressed at STORE_LEVEL; if not, the
 * frame is written raw, straight from the caller's buffer (writev, no
 * copy).  Data with structure (CSV, JSON, logs) still compresses as
 * before; data without it is stored as it came. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "common/store_priv.h"

/* One of zstd's fast levels: LZ only, literals left as they are.  On
 * 8 KiB it leaves random bytes and base64 at 100%, and finds prose,
 * JSON and CSV at 45-70% (-1 finds a little more, at twice the cost). */
#define PROBE_LEVEL (-5)
/* The probe must save at least 1/PROBE_GAIN of its bytes. */
#define PROBE_GAIN 16
/* Below this a frame is always compressed: too short to probe. */
#define RAW_MIN 256

#define ZSTD_MAGIC 0xFD2FB528u

struct store_enc *
store_enc_new(void)
{
	struct store_enc *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	e->cap = ZSTD_compressBound(STORE_FRAME);
	e->out = malloc(e->cap);
	e->z = ZSTD_createCCtx();
	e->probe = ZSTD_createCCtx();
	if (e->out == NULL || e->z == NULL || e->probe == NULL ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(e->z, ZSTD_c_compressionLevel,
						STORE_LEVEL)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(e->probe,
						ZSTD_c_compressionLevel,
						PROBE_LEVEL))) {
		store_enc_free(e);
		return NULL;
	}
	return e;
}

void
store_enc_free(struct store_enc *e)
{
	if (e == NULL)
		return;
	ZSTD_freeCCtx(e->z);
	ZSTD_freeCCtx(e->probe);
	free(e->out);
	free(e);
}

static void
put_le(unsigned char *p, uint32_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

size_t
store_raw_len(size_t n)
{
	size_t blocks = n == 0 ? 1
			       : (n + STORE_RAW_BLOCK - 1) / STORE_RAW_BLOCK;

	return n + 9 + 3 * blocks;
}

/* A frame of raw blocks: a single-segment frame header with a 4-byte
 * Frame_Content_Size (so the window is the frame and needs no
 * descriptor), then the data in blocks of at most 128 KiB, each after
 * its 3-byte header.  h receives the frame header and the first block
 * header (12 bytes); bh(k) the header of block k > 0. */
static void
raw_headers(unsigned char *h, size_t n, unsigned char *(*bh)(void *, int),
	    void *arg)
{
	size_t off = 0;
	int k = 0;

	put_le(h, ZSTD_MAGIC, 4);
	h[4] = 0xA0;		/* FCS_Field_Size 4 bytes, Single_Segment */
	put_le(h + 5, (uint32_t)n, 4);
	h += 9;
	do {
		size_t b = n - off < STORE_RAW_BLOCK ? n - off
						      : STORE_RAW_BLOCK;
		uint32_t last = off + b == n;

		/* Last_Block, Block_Type 0 (Raw_Block), Block_Size */
		put_le(k == 0 ? h : bh(arg, k), last | (uint32_t)b << 3, 3);
		off += b;
		k++;
	} while (off < n);
}

static unsigned char *
in_place(void *arg, int k)
{
	return (unsigned char *)arg + STORE_RAW_DATA(k) - 3;
}

void
store_raw_seal(unsigned char *f, size_t n)
{
	raw_headers(f, n, in_place, f);
}

static unsigned char *
in_hdr(void *arg, int k)
{
	return (unsigned char *)arg + 9 + 3 * k;
}

/* The raw frame of p[0..n) as iovecs: headers from e->hdr, data from p. */
static int
raw_frame(struct store_enc *e, const unsigned char *p, size_t n)
{
	size_t off = 0;
	int k = 0, v = 0;

	raw_headers(e->hdr, n, in_hdr, e->hdr);
	do {
		size_t b = n - off < STORE_RAW_BLOCK ? n - off
						      : STORE_RAW_BLOCK;

		e->iov[v].iov_base = k == 0 ? e->hdr : e->hdr + 9 + 3 * k;
		e->iov[v++].iov_len = k == 0 ? 12 : 3;
		e->iov[v].iov_base = (void *)(p + off);
		e->iov[v++].iov_len = b;
		off += b;
		k++;
	} while (off < n);
	e->niov = v;
	e->len = store_raw_len(n);
	e->raw = 1;
	return 0;
}

int
store_probe(struct store_enc *e, const void *p, size_t n,
	    struct ck_error *err)
{
	size_t pn = n < STORE_PROBE ? n : STORE_PROBE, cs;

	if (n < RAW_MIN)
		return 0;
	cs = ZSTD_compress2(e->probe, e->out, e->cap, p, pn);
	if (ZSTD_isError(cs))
		return ck_error_set(err, 0, "zstd: %s", ZSTD_getErrorName(cs));
	return cs > pn - pn / PROBE_GAIN;
}

int
store_encode(struct store_enc *e, const void *p, size_t n,
	     struct ck_error *err)
{
	size_t cs;
	int r;

	if (n > STORE_FRAME)
		return ck_error_set(err, EINVAL, "frame too long");
	r = store_probe(e, p, n, err);
	if (r != 0)
		return r < 0 ? -1 : raw_frame(e, p, n);
	cs = ZSTD_compress2(e->z, e->out, e->cap, p, n);
	if (ZSTD_isError(cs))
		return ck_error_set(err, 0, "zstd: %s", ZSTD_getErrorName(cs));
	e->iov[0].iov_base = e->out;
	e->iov[0].iov_len = cs;
	e->niov = 1;
	e->len = cs;
	e->raw = 0;
	return 0;
}

int
store_writev_all(int fd, struct iovec *iov, int n, off_t off)
{
	while (n > 0) {
		ssize_t w = off < 0 ? writev(fd, iov, n)
				    : pwritev(fd, iov, n, off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = ENOSPC;
			return -1;
		}
		if (off >= 0)
			off += w;
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}
