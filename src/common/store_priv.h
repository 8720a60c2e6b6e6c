/* store_priv.h -- what the store's files share; not for other files:
 * store.c (opening, indexes, publishing), storeput.c (writing objects),
 * storeframe.c (encoding them), storeread.c (reading, checking, gc). */
#ifndef CK_STORE_PRIV_H
#define CK_STORE_PRIV_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <zstd.h>
#include "common/store.h"

#define PACK_MAGIC "DSVPACK1"
#define ENT_LEN 56
#define NENC 16

/* An object is encoded in frames of at most this many bytes (the size of
 * the biggest packed object, and of the scanner's reads). */
#define STORE_FRAME CK_STORE_SMALL
/* Bytes of each frame that the cheap repetition probe looks at. */
#define STORE_PROBE (8u * 1024)
/* The zstd level of frames that the probe finds worth compressing. */
#define STORE_LEVEL 1

/* RFC 8878 §3.1.1.2.3: Block_Maximum_Size.  In a raw frame built in
 * place, block k's bytes start at STORE_RAW_DATA(k). */
#define STORE_RAW_BLOCK (128u * 1024)
#define STORE_RAW_DATA(k) (9 + 3 * ((size_t)(k) + 1) + \
			   (size_t)(k) * STORE_RAW_BLOCK)

/* One thread's encoder (storeframe.c).  After store_encode, iov[0..niov)
 * holds the frame: the compressed bytes in out, or headers in hdr
 * around the caller's own bytes (raw). */
struct store_enc {
	ZSTD_CCtx *z, *probe;
	unsigned char *out;
	size_t cap;
	unsigned char hdr[9 + 3 * (STORE_FRAME / STORE_RAW_BLOCK)];
	struct iovec iov[2 * (STORE_FRAME / STORE_RAW_BLOCK)];
	int niov;
	size_t len;		/* of the frame */
	int raw;
};

/* Buffers of finished store_dio kept for the next one (their pages are
 * then already faulted in and cleared), under their own lock. */
#define STORE_NBUFS 16
struct store_bufs {
	pthread_mutex_t mu;
	unsigned char *b[STORE_NBUFS];
	int n;
};

struct pack {
	char *name;		/* hex, without extension */
	int fd;
	uint64_t size;
	unsigned char *ent;	/* count * ENT_LEN, sorted */
	uint64_t n;
};

struct pend {
	unsigned char sha[CK_SHA256_LEN];
	uint64_t off, csize, size;
};

struct lpend {
	unsigned char sha[CK_SHA256_LEN];
	char *tmp;		/* tmp/obj-XXXXXX, complete */
};

/* At most this many big objects wait for their fsync. */
#define LPEND_MAX 32

struct ck_store {
	char *dir;
	pthread_mutex_t mu;
	struct pack *packs;
	size_t npacks;
	char **badidx;		/* indexes that failed their check */
	size_t nbadidx;
	/* the pack being written */
	int cur_fd;
	struct store_dio *cur_dio;
	char *cur_tmp;
	uint64_t cur_off;
	struct pend *pend;
	size_t npend, cappend;
	/* open-addressing set of indexes into pend, for dedup */
	size_t *set;
	size_t setcap;
	/* big objects written but not yet synced and renamed: their
	 * writeback runs while the next files are hashed (store.c) */
	struct lpend *lpend;
	size_t nlpend, caplpend;
	struct store_bufs bufs;		/* for store_dio */
	struct store_enc *enc[NENC];	/* encoders not in use */
	size_t nenc;
	int broken;		/* a write into the current pack failed */
};

struct ck_store_writer {
	struct ck_store *s;
	int fd;
	struct store_dio *dio;
	char *tmp;
	struct store_enc *enc;
	unsigned char *buf;	/* a frame's worth gathered from short writes */
	size_t blen;
	uint64_t total;
};

char *store_pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t store_get64(const unsigned char *p);
/* objects/ab/cdef... of a digest (malloc'd). */
char *store_loose_path(const struct ck_store *s,
		       const unsigned char sha[CK_SHA256_LEN]);
struct store_enc *store_enc_new(void);
void store_enc_free(struct store_enc *e);
/* Encodes p[0..n), n <= STORE_FRAME, as one frame into e (see
 * storeframe.c); e->iov may point into p.  0 or -1 with err. */
int store_encode(struct store_enc *e, const void *p, size_t n,
		 struct ck_error *err);
/* 1 if p[0..n) should be stored raw (the probe found no repetition), 0
 * if compressed, -1 with err. */
int store_probe(struct store_enc *e, const void *p, size_t n,
		struct ck_error *err);
/* The length of the raw frame of n bytes, and its headers written around
 * n bytes already laid out in f at STORE_RAW_DATA(0), (1), ... */
size_t store_raw_len(size_t n);
void store_raw_seal(unsigned char *f, size_t n);
/* writev (off < 0) or pwritev at off of the whole of iov[0..n), which it
 * may change.  0, or -1 with errno. */
int store_writev_all(int fd, struct iovec *iov, int n, off_t off);

/* A file written front to back from offset off (storedio.c), with
 * O_DIRECT where the file system allows it.  The writes return 0 or an
 * errno; store_dio_close writes what is left and frees d (not the fd),
 * and must come before the fd is synced. */
struct store_dio;
void store_bufs_init(struct store_bufs *p);
void store_bufs_release(struct store_bufs *p);
/* pool may be NULL. */
struct store_dio *store_dio_new(int fd, off_t off, struct store_bufs *pool);
int store_dio_write(struct store_dio *d, const struct iovec *iov, int n);
/* Room for up to STORE_DIO_ROOM bytes at the end of the file, to fill
 * in place; store_dio_commit then appends the first n of them.  NULL
 * where the file is written without buffers (store_dio_write then). */
#define STORE_DIO_ROOM (2u << 20)
unsigned char *store_dio_reserve(struct store_dio *d);
int store_dio_commit(struct store_dio *d, size_t n);
int store_dio_close(struct store_dio *d);

/* Under s->mu: 1 if sha is in a loaded pack, pending, or in the current
 * pack. */
int store_has_locked(struct ck_store *s, const unsigned char *sha);
/* Under s->mu: records pend[idx] in the dedup set.  0, or -1 (memory). */
int store_set_add(struct ck_store *s, size_t idx);
/* Syncs and renames every pending big object into place. */
int store_flush_loose(struct ck_store *s, struct ck_error *err);
/* Drops the current pack (not published). */
void store_cur_drop(struct ck_store *s);

/* The temporary of a pending big object, malloc'd, or NULL. */
char *store_pending_tmp(struct ck_store *s, const unsigned char *sha);
/* The index entry of sha in pack p, or NULL. */
const unsigned char *store_pack_find(const struct pack *p,
				     const unsigned char *sha);
/* Writes the index of entries e[0..n) (sorts them) for the pack in tmp
 * (fd), renames it to packs/NAME.pack and loads it. */
int store_publish(struct ck_store *s, int fd, const char *tmp,
		  struct pend *e, size_t n, uint64_t size,
		  struct ck_error *err);
/* One packed object (e: its index entry) / one loose object file,
 * decompressed, checked against its digest, handed to sink. */
int store_read_packed(struct pack *p, const unsigned char *e,
		      ck_store_sink sink, void *arg, uint64_t *size,
		      struct ck_error *err);
int store_read_loose(const char *path, const unsigned char *sha,
		     ck_store_sink sink, void *arg, uint64_t *size,
		     struct ck_error *err);

#endif
