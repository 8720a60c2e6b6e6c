/* walkarc.c -- the walker's streams: probing, decompression, archives
 * and the limits against decompression bombs.
 *
 * Every stream (a file, stdin, an archive member) is probed by libarchive
 * with the archive formats plus "raw": a real format wins the bid, raw
 * takes anything else.  So one open says whether the bytes are an archive
 * (walk its members), a compressed stream (raw with a filter: read it
 * decompressed) or plain (raw without a filter).  mtree and empty are not
 * enabled (mtree bids on ordinary text), nor uu, rpm and the filters that
 * run external programs.
 *
 * Members are streams too: a member is probed through a child handle that
 * pulls the member's bytes from its parent handle, so "a.zip!b.tar!c.txt"
 * needs no temporary file.  Every byte taken out of an archive passes
 * through meter_add(), which enforces --max-member, --max-total and
 * --max-ratio as the bytes come.  A limit tripped abandons the whole
 * top-level input (skipping the rest of a bomb would mean expanding it);
 * a corrupt nested archive abandons only itself.
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>

#include "common/buf.h"
#include "common/walk.h"
#include "common/walk_priv.h"

#define MIB (1024u * 1024u)
/* Read size for libarchive's callbacks, and the slack granted to the
 * compressed side of a ratio: libarchive may have read up to one block
 * ahead before a member starts, so a member's compressed size is only
 * known to within a block.  Without the slack, a small member read ahead
 * in full would seem to come from nothing. */
#define BLOCK (64u * 1024u)

struct source;

struct arc {
	struct archive *a;
	const struct source *src;	/* what feeds a */
	const char *path;	/* display path of the archive */
	uint64_t total;		/* bytes its members expanded to */
	uint32_t entries;
	unsigned depth;		/* 1 for an archive on disk */
};

/* Counts bytes coming out of a decompressor against the limits. */
struct meter {
	struct walker *w;
	struct archive *a;	/* whose input is the compressed side */
	int64_t raw0;		/* archive_filter_bytes(a, -1) at the start */
	uint64_t n;
	struct arc *arc;	/* NULL for a compressed file */
	const char *path;
	int failed;		/* the archive could not give the data */
};

struct source {
	struct walker *w;
	int fd;			/* >= 0: read(2) */
	int seekable;
	const char *path;
	struct meter *mem;	/* else: the member being read */
	const unsigned char *mp;	/* else: memory */
	size_t mlen;
	int mdone;
	unsigned char *blk;
	size_t pend;		/* bytes of blk peeked, not yet given */
	uint64_t consumed;
	int failed;
	struct ck_error err;
};

struct ck_input {
	struct walker *w;
	enum ck_input_kind kind;
	const char *path;
	const char *disk;
	int64_t size;
	int fd;			/* >= 0: read(2) */
	struct archive *a;	/* else archive_read_data(a) */
	struct source *asrc;	/* a's source, whose errors say more */
	struct meter *meter;	/* limits on what a yields, or NULL */
	int eof;
	int failed;
	struct ck_error err;
};

const char *
ck_input_path(const struct ck_input *in)
{
	return in->path;
}

const char *
ck_input_disk_path(const struct ck_input *in)
{
	return in->disk;
}

enum ck_input_kind
ck_input_kind(const struct ck_input *in)
{
	return in->kind;
}

int64_t
ck_input_size(const struct ck_input *in)
{
	return in->size;
}

static void
fmt_size(uint64_t v, char out[32])
{
	if (v >= MIB && v % MIB == 0)
		snprintf(out, 32, "%" PRIu64 " MiB", v / MIB);
	else
		snprintf(out, 32, "%" PRIu64 " bytes", v);
}

static int
limit_error(struct walker *w, struct ck_error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
limit_error(struct walker *w, struct ck_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->errnum = 0;
	w->abort_input = 1;
	return -1;
}

static int
meter_add(struct meter *m, size_t got, struct ck_error *err)
{
	const struct ck_walk_limits *l = &m->w->o->limits;
	char sz[32];

	m->n += got;
	if (m->n > l->max_member) {
		fmt_size(l->max_member, sz);
		return limit_error(m->w, err, "%s: expands past %s "
				   "(--max-member to raise)", m->path, sz);
	}
	if (m->arc != NULL) {
		m->arc->total += got;
		if (m->arc->total > l->max_total) {
			fmt_size(l->max_total, sz);
			return limit_error(m->w, err, "%s: expands past %s in "
					   "all (--max-total to raise)",
					   m->arc->path, sz);
		}
	}
	if (m->n > MIB && l->max_ratio > 0) {
		int64_t raw = archive_filter_bytes(m->a, -1) - m->raw0;
		uint64_t in = (raw > 0 ? (uint64_t)raw : 0) + BLOCK;

		if (m->n / in > l->max_ratio)
			return limit_error(m->w, err, "%s: expands more than "
					   "%" PRIu32 " times its compressed "
					   "size (--max-ratio to raise)",
					   m->path, l->max_ratio);
	}
	return 0;
}

static void
meter_start(struct meter *m, struct walker *w, struct archive *a,
	    struct arc *arc, const char *path)
{
	m->w = w;
	m->a = a;
	m->raw0 = archive_filter_bytes(a, -1);
	m->n = 0;
	m->arc = arc;
	m->path = path;
	m->failed = 0;
}

/* Copies libarchive's complaint, or the deeper one that caused it. */
static int
arc_error(struct ck_error *err, struct archive *a, const struct source *s,
	  const char *path)
{
	const char *msg = archive_error_string(a);
	char first;

	if (s != NULL && s->failed) {
		*err = s->err;
		return -1;
	}
	if (msg == NULL || *msg == '\0')
		msg = "unreadable archive data";
	/* Messages are lowercase in complykit. */
	first = msg[0];
	if (first >= 'A' && first <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z')
		return ck_error_set(err, 0, "%s: %c%s", path,
				    first - 'A' + 'a', msg + 1);
	return ck_error_set(err, 0, "%s: %s", path, msg);
}

/* Reads a member's bytes straight from its archive, metered. */
static ssize_t
member_pull(struct meter *m, void *buf, size_t n, struct ck_error *err)
{
	la_ssize_t r = archive_read_data(m->a, buf, n);

	if (r < 0) {
		m->failed = 1;
		return arc_error(err, m->a, m->arc->src, m->path);
	}
	if (r > 0 && meter_add(m, (size_t)r, err) < 0)
		return -1;
	return r;
}

/* Reads from a member or a descriptor; -1 with s->err. */
static ssize_t
src_fill(struct source *s, unsigned char *buf, size_t n)
{
	ssize_t r;

	if (s->mem != NULL)
		r = member_pull(s->mem, buf, n, &s->err);
	else {
		do
			r = read(s->fd, buf, n);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			ck_error_set(&s->err, errno, "cannot read %s", s->path);
	}
	if (r < 0)
		s->failed = 1;
	else
		s->consumed += (uint64_t)r;
	return r;
}

static la_ssize_t
src_read(struct archive *a, void *ud, const void **buf)
{
	struct source *s = ud;
	ssize_t r;

	*buf = s->blk;
	if (s->pend > 0) {
		r = (ssize_t)s->pend;
		s->pend = 0;
		return r;
	}
	if (s->fd < 0 && s->mem == NULL) {
		/* Memory: all of it at once. */
		if (s->mdone)
			return 0;
		s->mdone = 1;
		*buf = s->mp;
		s->consumed += s->mlen;
		return (la_ssize_t)s->mlen;
	}
	r = src_fill(s, s->blk, BLOCK);
	if (r < 0) {
		archive_set_error(a, s->err.errnum ? s->err.errnum : EIO,
				  "%s", s->err.msg);
		return -1;
	}
	return r;
}

#define HEAD 512

/* The first HEAD bytes (fewer at the end), without losing them: seekable
 * files are read with pread, streams into blk to be given first. */
static ssize_t
src_head(struct source *s, const unsigned char **head)
{
	ssize_t r;

	if (s->fd < 0 && s->mem == NULL) {
		*head = s->mp;
		return (ssize_t)(s->mlen < HEAD ? s->mlen : HEAD);
	}
	*head = s->blk;
	if (s->seekable) {
		do
			r = pread(s->fd, s->blk, HEAD, 0);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			s->failed = 1;
			ck_error_set(&s->err, errno, "cannot read %s", s->path);
		}
		return r;
	}
	while (s->pend < HEAD) {
		r = src_fill(s, s->blk + s->pend, BLOCK - s->pend);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		s->pend += (size_t)r;
	}
	return (ssize_t)(s->pend < HEAD ? s->pend : HEAD);
}

static int
all_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* 1 if the head is text that no enabled format could claim: no control
 * bytes (tar, zip, 7z, rar, xar, iso9660 and every filter have some in
 * their first 512 bytes) and none of the all-ASCII signatures.  Opening
 * libarchive costs more than reading a small file, and most files are
 * text.  Streams are always probed: they cannot be read again. */
static int
looks_plain(const unsigned char *p, size_t n)
{
	static const char *const ascii_magic[] = {
		"!<arch>\n", "WARC/", "070707", "070701", "070702"
	};
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' &&
		    p[i] != '\r' && p[i] != '\f' && p[i] != 0x1b)
			return 0;
	for (i = 0; i < sizeof(ascii_magic) / sizeof(ascii_magic[0]); i++)
		if (n >= strlen(ascii_magic[i]) &&
		    !memcmp(p, ascii_magic[i], strlen(ascii_magic[i])))
			return 0;
	/* LHA: "-lh5-" or "-lz4-" at offset 2. */
	if (n >= 7 && p[2] == '-' && p[3] == 'l' &&
	    (p[4] == 'h' || p[4] == 'z') && p[6] == '-')
		return 0;
	return 1;
}

static la_int64_t
src_seek(struct archive *a, void *ud, la_int64_t off, int whence)
{
	struct source *s = ud;
	off_t r = lseek(s->fd, (off_t)off, whence);

	if (r < 0) {
		archive_set_error(a, errno, "cannot seek in %s", s->path);
		return ARCHIVE_FATAL;
	}
	return (la_int64_t)r;
}

static la_int64_t
src_skip(struct archive *a, void *ud, la_int64_t request)
{
	struct source *s = ud;

	(void)a;
	if (!s->seekable || request <= 0)
		return 0;
	if (lseek(s->fd, (off_t)request, SEEK_CUR) < 0)
		return 0;	/* libarchive falls back to reading */
	return request;
}

/* Starts the source again from its first byte, if it can. */
static int
src_rewind(struct source *s)
{
	if (s->fd >= 0 && s->seekable) {
		if (lseek(s->fd, 0, SEEK_SET) != 0)
			return -1;
	} else if (s->fd < 0 && s->mem == NULL) {
		s->mdone = 0;
	} else {
		return -1;
	}
	s->consumed = 0;
	s->pend = 0;
	return 0;
}

enum probe {
	P_PLAIN,		/* raw, no filter */
	P_COMPRESSED,		/* raw under a filter */
	P_ARCHIVE,		/* *first is its first entry */
	P_EMPTY,		/* no bytes at all */
	P_ERROR			/* err is set */
};

static struct archive *
handle_new(int formats, int tar, int filters)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		return NULL;
	if (formats) {
		archive_read_support_format_7zip(a);
		archive_read_support_format_ar(a);
		archive_read_support_format_cab(a);
		archive_read_support_format_cpio(a);
		archive_read_support_format_iso9660(a);
		archive_read_support_format_lha(a);
		archive_read_support_format_rar(a);
		archive_read_support_format_rar5(a);
		if (tar)
			archive_read_support_format_tar(a);
		archive_read_support_format_warc(a);
		archive_read_support_format_xar(a);
		archive_read_support_format_zip(a);
	}
	archive_read_support_format_raw(a);
	if (filters) {
		archive_read_support_filter_bzip2(a);
		archive_read_support_filter_compress(a);
		archive_read_support_filter_gzip(a);
		archive_read_support_filter_lz4(a);
		archive_read_support_filter_lzip(a);
		archive_read_support_filter_xz(a);
		archive_read_support_filter_zstd(a);
	}
	return a;
}

/* Opens a handle on src and reads its first header.  *out is the handle
 * (freed by the caller) for every result but P_ERROR. */
static enum probe
probe(struct walker *w, struct source *s, int formats, int filters,
      struct archive **out, struct archive_entry **first,
      const char *path, struct ck_error *err)
{
	const unsigned char *head;
	struct archive *a;
	ssize_t hn;
	int r, fmt;

	*out = NULL;
	*first = NULL;
	hn = src_head(s, &head);
	if (hn < 0) {
		*err = s->err;
		return P_ERROR;
	}
	if (hn == 0)
		return P_EMPTY;
	if (s->fd >= 0 && s->seekable && looks_plain(head, (size_t)hn))
		return P_PLAIN;
	/* tar takes a zero block for the end of an empty archive: a file of
	 * zeros (a sparse image, a zero-filled bomb) would vanish as an
	 * empty tar instead of being read. */
	a = handle_new(formats, !(hn == HEAD && all_zero(head, HEAD)),
		       filters);
	if (a == NULL) {
		ck_error_set(err, ENOMEM, "%s: out of memory", path);
		return P_ERROR;
	}
	archive_read_set_read_callback(a, src_read);
	if (s->fd >= 0 && s->seekable) {
		archive_read_set_seek_callback(a, src_seek);
		archive_read_set_skip_callback(a, src_skip);
	}
	archive_read_set_callback_data(a, s);
	r = archive_read_open1(a);
	if (r == ARCHIVE_OK || r == ARCHIVE_WARN)
		r = archive_read_next_header(a, first);
	if (r == ARCHIVE_EOF) {
		*out = a;
		*first = NULL;
		return P_ARCHIVE;
	}
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
		arc_error(err, a, s, path);
		archive_read_free(a);
		return P_ERROR;
	}
	*out = a;
	fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
	if (fmt != ARCHIVE_FORMAT_RAW)
		return P_ARCHIVE;
	return archive_filter_count(a) > 1 ? P_COMPRESSED : P_PLAIN;
}

ssize_t
ck_input_read(struct ck_input *in, void *buf, size_t n,
	      struct ck_error *err)
{
	ssize_t r;

	if (in->failed) {
		*err = in->err;
		return -1;
	}
	if (in->eof || n == 0)
		return 0;
	if (n > SSIZE_MAX)
		n = SSIZE_MAX;
	if (in->fd >= 0) {
		do
			r = read(in->fd, buf, n);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			ck_error_set(&in->err, errno, "cannot read %s",
				     in->path);
	} else {
		r = archive_read_data(in->a, buf, n);
		if (r < 0)
			arc_error(&in->err, in->a, in->asrc, in->path);
		else if (r > 0 && in->meter != NULL &&
			 meter_add(in->meter, (size_t)r, &in->err) < 0)
			r = -1;
	}
	if (r < 0) {
		/* The reader reports it; the walker only counts it. */
		in->failed = 1;
		memcpy(in->w->last, in->err.msg, sizeof(in->w->last));
		in->w->nerr++;
		*err = in->err;
		return -1;
	}
	if (r == 0)
		in->eof = 1;
	return r;
}

int
ck_input_slurp(struct ck_input *in, size_t max, char **out, size_t *len,
	       struct ck_error *err)
{
	struct ck_buf b = CK_BUF_INIT;
	ssize_t r;

	*out = NULL;
	for (;;) {
		if (ck_buf_reserve(&b, BLOCK) < 0) {
			ck_buf_release(&b);
			return ck_error_set(err, ENOMEM, "%s: out of memory",
					    in->path);
		}
		r = ck_input_read(in, b.data + b.len, b.cap - b.len - 1, err);
		if (r < 0) {
			ck_buf_release(&b);
			return -1;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		b.data[b.len] = '\0';
		if (b.len > max) {
			ck_buf_release(&b);
			return ck_error_set(err, EFBIG, "%s: larger than %zu "
					    "bytes", in->path, max);
		}
	}
	*out = ck_buf_detach(&b, len);
	if (*out == NULL)
		return ck_error_set(err, ENOMEM, "%s: out of memory",
				    in->path);
	return 0;
}

static void
input_init(struct ck_input *in, struct walker *w, enum ck_input_kind kind,
	   const char *path, const char *disk)
{
	memset(in, 0, sizeof(*in));
	in->w = w;
	in->kind = kind;
	in->path = path;
	in->disk = disk;
	in->size = -1;
	in->fd = -1;
}

static void
deliver(struct walker *w, struct ck_input *in)
{
	if (w->fn(in, w->arg) < 0)
		w->stopped = 1;
}

static void walk_archive(struct walker *w, struct archive *a,
			 const struct source *s, struct archive_entry *first,
			 const char *path, const char *disk, unsigned depth);

/* Dispatches a probed stream: a leaf, a compressed leaf or an archive. */
static void
walk_probed(struct walker *w, struct source *s, const char *path,
	    const char *disk, enum ck_input_kind kind, int64_t size,
	    unsigned depth)
{
	struct archive *a;
	struct archive_entry *first;
	struct ck_error err;
	struct ck_input in;
	struct meter m;
	const struct ck_walk_opts *o = w->o;
	enum probe p;

	p = probe(w, s, o->archives, o->decompress || o->archives, &a,
		  &first, path, &err);
	if (p == P_ARCHIVE && first == NULL && archive_filter_count(a) > 1 &&
	    (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) ==
	    ARCHIVE_FORMAT_TAR && src_rewind(s) == 0) {
		/* Compressed zeros read as an empty tar; a zero-filled bomb
		 * must not vanish that way, so read it as a stream when the
		 * source can be read again. */
		archive_read_free(a);
		p = probe(w, s, 0, 1, &a, &first, path, &err);
	}
	if (p == P_COMPRESSED && !o->decompress && s->fd >= 0 &&
	    s->seekable && lseek(s->fd, 0, SEEK_SET) == 0)
		p = P_PLAIN;	/* rewound: read the bytes as they are */
	switch (p) {
	case P_ERROR:
		ck_wk_report(w, &err);
		return;
	case P_ARCHIVE:
		if (depth > o->limits.max_depth + 1) {
			limit_error(w, &err, "%s: archive nested deeper than "
				    "%" PRIu32 " (--max-depth to raise)",
				    path, o->limits.max_depth);
			ck_wk_report(w, &err);
			break;
		}
		walk_archive(w, a, s, first, path, disk, depth);
		break;
	case P_EMPTY:
		input_init(&in, w, kind, path, disk);
		in.size = 0;
		in.eof = 1;
		deliver(w, &in);
		break;
	case P_PLAIN:
		input_init(&in, w, kind, path, disk);
		in.size = size;
		if (s->fd >= 0 && s->seekable) {
			/* Plain files are read with read(2), not through
			 * libarchive's buffers. */
			if (lseek(s->fd, 0, SEEK_SET) != 0) {
				ck_error_set(&err, errno, "cannot seek in %s",
					     path);
				ck_wk_report(w, &err);
				break;
			}
			in.fd = s->fd;
		} else {
			in.a = a;
			in.asrc = s;
		}
		deliver(w, &in);
		break;
	case P_COMPRESSED:
		input_init(&in, w, kind == CK_INPUT_FILE ?
			   CK_INPUT_COMPRESSED : kind, path, disk);
		in.a = a;
		in.asrc = s;
		meter_start(&m, w, a, NULL, path);
		in.meter = &m;
		deliver(w, &in);
		break;
	}
	if (a != NULL)
		archive_read_free(a);
}

/* "a.zip" + "dir/x.txt" -> "a.zip!dir/x.txt", without a leading "./". */
static char *
member_path(const char *arcpath, const char *name)
{
	struct ck_buf b = CK_BUF_INIT;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if (ck_buf_appendf(&b, "%s!%s", arcpath, name) < 0) {
		ck_buf_release(&b);
		return NULL;
	}
	return ck_buf_detach(&b, NULL);
}

static void
walk_member(struct walker *w, struct arc *arc, struct meter *m,
	    struct archive_entry *e, const char *disk)
{
	const struct ck_walk_limits *l = &w->o->limits;
	const char *name = archive_entry_pathname(e);
	struct ck_error err;
	struct source s;
	char *path, sz[32];

	path = member_path(arc->path, name != NULL ? name : "?");
	if (path == NULL) {
		ck_error_set(&err, ENOMEM, "%s: out of memory", arc->path);
		ck_wk_report(w, &err);
		w->abort_input = 1;
		return;
	}
	/* A declared size past the limit fails at once, before anything is
	 * expanded; the declared size may lie, so reading checks again. */
	if (archive_entry_size_is_set(e) &&
	    (uint64_t)archive_entry_size(e) > l->max_member) {
		fmt_size(l->max_member, sz);
		limit_error(w, &err, "%s: expands past %s (--max-member to "
			    "raise)", path, sz);
		ck_wk_report(w, &err);
		free(path);
		return;
	}
	/* Every member is probed, even past --max-depth, so that an
	 * archive too deep is named rather than scanned as noise. */
	meter_start(m, w, arc->a, arc, path);
	memset(&s, 0, sizeof(s));
	s.w = w;
	s.fd = -1;
	s.path = path;
	s.mem = m;
	s.blk = malloc(BLOCK);
	if (s.blk == NULL) {
		ck_error_set(&err, ENOMEM, "%s: out of memory", path);
		ck_wk_report(w, &err);
		w->abort_input = 1;
		free(path);
		return;
	}
	walk_probed(w, &s, path, disk, CK_INPUT_MEMBER,
		    archive_entry_size_is_set(e) ? archive_entry_size(e) : -1,
		    arc->depth + 1);
	free(s.blk);
	free(path);
}

static void
walk_archive(struct walker *w, struct archive *a, const struct source *s,
	     struct archive_entry *e, const char *path, const char *disk,
	     unsigned depth)
{
	const struct ck_walk_limits *l = &w->o->limits;
	struct arc arc = { a, s, path, 0, 0, depth };
	struct ck_error err;
	struct meter m;
	int r;

	while (e != NULL && !w->stopped && !w->abort_input) {
		if (++arc.entries > l->max_entries) {
			limit_error(w, &err, "%s: more than %" PRIu32 " entries "
				    "(--max-entries to raise)", path,
				    l->max_entries);
			ck_wk_report(w, &err);
			return;
		}
		m.failed = 0;
		if (archive_entry_filetype(e) == AE_IFREG)
			walk_member(w, &arc, &m, e, disk);
		/* After a failed data read libarchive's handle is dead;
		 * what it would say next adds nothing. */
		if (w->stopped || w->abort_input || m.failed)
			return;
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			return;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			arc_error(&err, a, s, path);
			ck_wk_report(w, &err);
			return;
		}
	}
}

void
ck_wk_fd(struct walker *w, int fd, const char *path, const char *disk,
	enum ck_input_kind kind, const struct stat *st)
{
	struct ck_error err;
	struct ck_input in;
	struct source s;

	if (!w->o->archives && !w->o->decompress) {
		input_init(&in, w, kind, path, disk);
		in.fd = fd;
		if (S_ISREG(st->st_mode))
			in.size = (int64_t)st->st_size;
		deliver(w, &in);
		return;
	}
	memset(&s, 0, sizeof(s));
	s.w = w;
	s.fd = fd;
	/* stdin is never sought: it may start at an offset of a file. */
	s.seekable = S_ISREG(st->st_mode) && kind == CK_INPUT_FILE;
	s.path = path;
	s.blk = malloc(BLOCK);
	if (s.blk == NULL) {
		ck_error_set(&err, ENOMEM, "%s: out of memory", path);
		ck_wk_report(w, &err);
		return;
	}
	walk_probed(w, &s, path, disk, kind,
		    S_ISREG(st->st_mode) ? (int64_t)st->st_size : -1, 1);
	free(s.blk);
}

int
ck_walk_mem(const void *p, size_t n, const char *name,
	    const struct ck_walk_opts *o, ck_walk_fn fn, ck_walk_err_fn efn,
	    void *arg)
{
	struct ck_walk_opts def;
	struct walker w;
	struct source s;

	if (o == NULL) {
		ck_walk_opts_default(&def);
		o = &def;
	}
	ck_wk_init(&w, o, fn, efn, arg);
	memset(&s, 0, sizeof(s));
	s.w = &w;
	s.fd = -1;
	s.path = name;
	s.mp = p;
	s.mlen = n;
	walk_probed(&w, &s, name, name, CK_INPUT_FILE, (int64_t)n, 1);
	return w.stopped ? -1 : w.nerr;
}
