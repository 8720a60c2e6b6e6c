/* store_priv.h -- what store.c (writing and reading objects) and
 * storegc.c (listing, checking, collecting) share; not for other files. */
#ifndef CK_STORE_PRIV_H
#define CK_STORE_PRIV_H

#include <pthread.h>
#include <stdint.h>
#include <zstd.h>
#include "common/store.h"

#define PACK_MAGIC "DSVPACK1"
#define ENT_LEN 56
#define NCCTX 16

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
	ZSTD_CCtx *cctx[NCCTX];
	size_t ncctx;
};

struct ck_store_writer {
	struct ck_store *s;
	int fd;
	char *tmp;
	ZSTD_CCtx *z;
	unsigned char *out;
	size_t outcap;
};

char *store_pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t store_get64(const unsigned char *p);
/* objects/ab/cdef... of a digest (malloc'd). */
char *store_loose_path(const struct ck_store *s,
		       const unsigned char sha[CK_SHA256_LEN]);
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
