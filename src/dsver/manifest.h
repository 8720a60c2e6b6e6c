/* manifest.h -- dsver's manifest: canonical JSON Lines (RFC 8785), a
 * header line then one line per entry sorted by path bytes:
 *
 *   {"bytes":N,"files":N,"kind":"dsver-manifest","message":"...",
 *    "meta":{...},"parent":"<id>"|null,"source":"...","store":true,
 *    "time":"...","version":1}
 *   {"mode":"100644","path":"a/b.csv","sha256":"<hex>","size":12}
 *
 * A path that is not valid UTF-8 is kept exactly as "path_hex" (its bytes
 * in hex) instead of "path".  mode is the octal st_mode: 100644, 100755,
 * 120777 (a symlink, whose sha256 and size are those of its target text).
 * The snapshot id is the SHA-256 of the manifest's bytes; the store keeps
 * it zstd-compressed as snapshots/<id>. */
#ifndef DSVER_MANIFEST_H
#define DSVER_MANIFEST_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"

struct ds_entry {
	char *path;		/* raw bytes, NUL-terminated, owned */
	size_t len;
	uint32_t mode;		/* S_IFREG|perm or S_IFLNK|perm */
	uint64_t size;
	unsigned char sha[CK_SHA256_LEN];
};

/* memcmp order of paths, shorter first on a tie. */
int ds_path_cmp(const char *a, size_t al, const char *b, size_t bl);
int ds_entry_cmp(const void *a, const void *b);

/* Appends the canonical line of e (with '\n'). */
int ds_entry_append(struct ck_buf *out, const struct ds_entry *e);
/* Parses one entry line (without '\n'), exactly in canonical form.
 * Fills e (e->path malloc'd).  0, or -1 with err (no location). */
int ds_entry_parse(const char *line, size_t len, struct ds_entry *e,
		   struct ck_error *err);
void ds_entry_release(struct ds_entry *e);

/* The path for display: the bytes when valid UTF-8, else with each
 * invalid byte as \xHH.  malloc'd. */
char *ds_path_display(const char *p, size_t len);
/* Adds "path" or "path_hex" to a JSON object under the given key
 * ("path", "from"). */
int ds_path_json(json_t *obj, const char *key, const char *p, size_t len);

/* Reading a stored manifest: streams it, checks line by line, and checks
 * at the end that its bytes hash to its id. */
struct ds_mreader;

/* path is snapshots/<id>; hex is the expected id (NULL: do not check).
 * Reads the header.  NULL with err. */
struct ds_mreader *ds_mreader_open(const char *path, const char *hex,
				   struct ck_error *err);
/* Same over uncompressed bytes in memory (import, tests, fuzzing). */
struct ds_mreader *ds_mreader_mem(const void *p, size_t n, const char *name,
				  const char *hex, struct ck_error *err);
/* Borrowed. */
json_t *ds_mreader_header(const struct ds_mreader *r);
/* 1 with *e filled (owned by the reader until the next call), 0 at a
 * verified end, -1 with err ("NAME:LINE: ...", or "... is corrupt" when
 * the digest does not match). */
int ds_mreader_next(struct ds_mreader *r, const struct ds_entry **e,
		    struct ck_error *err);
/* The raw line of the last entry. */
const char *ds_mreader_line(const struct ds_mreader *r, size_t *len);
void ds_mreader_free(struct ds_mreader *r);

/* Checks a parsed header's shape.  0 or -1 with err. */
int ds_header_check(const json_t *h, struct ck_error *err);

/* Compresses and hashes a complete manifest text: id (hex) and the zstd
 * image in z (malloc'd). */
int ds_manifest_seal(const struct ck_buf *text, char id[CK_SHA256_HEXLEN + 1],
		     void **z, size_t *zlen, struct ck_error *err);

#endif
