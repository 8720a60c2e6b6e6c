/* walk.h -- the input walker: files, directories (recursively, sorted),
 * standard input, compressed files (.gz, .zst) and archives (zip, tar,
 * tar.gz, tar.zst, ...) read through libarchive, with limits against
 * decompression bombs.
 *
 * Every readable leaf is handed to a callback as a struct ck_input, a
 * stream with a display path: "notes/a.txt", "-" for stdin,
 * "bundle.zip!dir/inner.txt" for an archive member, "x.tar.gz!a!b.txt" for
 * an archive inside an archive.  Problems with one input (unreadable,
 * truncated archive, bomb limit, symlink loop) go to the error callback and
 * the walk goes on; ck_walk returns the number of such errors.
 *
 * What a file is comes from its content, not its name: libarchive probes
 * it (plain text is recognised first and never taken for an archive).
 * Directory entries are sorted by strcmp, so output does not depend on
 * the locale.  No global state: several threads may each run a walk. */
#ifndef CK_WALK_H
#define CK_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "common/err.h"

struct ck_walk_limits {
	uint64_t max_member;	/* bytes one decompressed member may reach */
	uint64_t max_total;	/* bytes one archive may expand to in all */
	uint32_t max_ratio;	/* expanded/compressed ratio over which a
				 * member of more than 1 MiB is a bomb */
	uint32_t max_depth;	/* archives within archives */
	uint32_t max_entries;	/* members per archive */
};
/* How the limits read:
 * - max_member applies to every archive member and to every compressed
 *   file (x.gz); a declared size past it fails before expanding.
 * - max_total counts the bytes read out of one archive's members.
 * - max_ratio compares a member's output with the compressed bytes read
 *   for it plus 64 KiB (libarchive reads ahead up to that much, so a
 *   smaller member's compressed size is not known); it therefore trips
 *   only past 64 MiB at the default 1000, long before max_member.
 * - max_depth counts archives inside the outermost one: with 2,
 *   "a.zip!b.tar!c.zip!d.txt" is read, and an archive one level deeper is
 *   an error, not scanned as bytes.
 * A tripped limit (or depth) drops the rest of the outermost input, since
 * skipping a bomb's remainder would mean expanding it.  A truncated or
 * corrupt archive is reported once and the walk goes on with what comes
 * after it. */

/* 1 GiB member, 8 GiB total, ratio 1000, depth 2, 1,000,000 entries. */
void ck_walk_limits_default(struct ck_walk_limits *l);

enum ck_input_kind {
	CK_INPUT_FILE,		/* a regular file on disk */
	CK_INPUT_STDIN,
	CK_INPUT_COMPRESSED,	/* a .gz/.zst file, decompressed */
	CK_INPUT_MEMBER		/* a member of an archive */
};

struct ck_input;		/* opaque, valid only during the callback */

const char *ck_input_path(const struct ck_input *in);	/* display path */
/* The path on disk of the outermost file ("-" for stdin). */
const char *ck_input_disk_path(const struct ck_input *in);
enum ck_input_kind ck_input_kind(const struct ck_input *in);
/* Size if known before reading, else -1. */
int64_t ck_input_size(const struct ck_input *in);
/* Reads up to n bytes: >0 bytes read, 0 end, -1 error with err (the
 * message names the display path; a bomb limit says which limit and how to
 * raise it).  Limits are enforced here, as bytes come. */
ssize_t ck_input_read(struct ck_input *in, void *buf, size_t n,
		      struct ck_error *err);
/* Reads the rest of the input into a malloc'd buffer (NUL-terminated),
 * failing with err if it grows past max. */
int ck_input_slurp(struct ck_input *in, size_t max, char **out, size_t *len,
		   struct ck_error *err);

/* Called for every leaf input.  Return 0 to go on, -1 to stop the walk
 * (e.g. on EPIPE). */
typedef int (*ck_walk_fn)(struct ck_input *in, void *arg);
/* Called for every problem; the walk goes on unless it returns -1. */
typedef int (*ck_walk_err_fn)(const struct ck_error *err, void *arg);

struct ck_walk_opts {
	struct ck_walk_limits limits;
	int archives;		/* open archives and list members (default 1) */
	int decompress;		/* decompress .gz/.zst (default 1); with 0, a
				 * compressed stream that cannot be read again
				 * (stdin, a member) is still decompressed */
	int follow_symlinks;	/* follow symlinks found in directories (0);
				 * named arguments are always followed */
	int skip_vcs;		/* skip .git, .hg, .svn directories (1) */
};

void ck_walk_opts_default(struct ck_walk_opts *o);

/* Walks paths in order; n == 0 or a path "-" means standard input.
 * o may be NULL for the defaults.  Errors that ck_input_read returned to
 * the callback are counted but not sent to efn again.
 * Returns the number of errors reported, or -1 if the walk was stopped by
 * a callback. */
int ck_walk(const char *const *paths, size_t n, const struct ck_walk_opts *o,
	    ck_walk_fn fn, ck_walk_err_fn efn, void *arg);

/* For parallel callers: expands paths (directories recursively, sorted by
 * name) into a list of files and "-".  Errors go to efn.  The list and its
 * strings are malloc'd; free with ck_walk_list_free. */
struct ck_walk_list {
	char **paths;
	size_t n;
};
int ck_walk_expand(const char *const *paths, size_t n,
		   const struct ck_walk_opts *o, struct ck_walk_list *out,
		   ck_walk_err_fn efn, void *arg);
void ck_walk_list_free(struct ck_walk_list *l);
/* Walks one file from such a list (plain, compressed or archive). */
int ck_walk_one(const char *path, const struct ck_walk_opts *o,
		ck_walk_fn fn, ck_walk_err_fn efn, void *arg);

/* Walks bytes in memory as if they were a file called name (probed like
 * a pipe: no seeking, so 7z and other formats that need it fail).  For
 * fuzzing and for callers that already hold the bytes. */
int ck_walk_mem(const void *p, size_t n, const char *name,
		const struct ck_walk_opts *o, ck_walk_fn fn,
		ck_walk_err_fn efn, void *arg);

#endif
