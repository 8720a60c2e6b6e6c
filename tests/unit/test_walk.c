/* test_walk.c -- the input walker on fixtures built at test time with
 * libarchive's write API: directories, compressed files, archives,
 * nesting, truncation, bombs, symlink loops, unreadable files, stdin. */
#include <config.h>

#include <errno.h>
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
#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/walk.h"

static char dir[256];

/* ---- fixtures ---------------------------------------------------------- */

struct ent {
	const char *name;
	const char *data;	/* NULL: size zero bytes */
	size_t size;		/* 0 with data: strlen(data) */
	int unsized;		/* do not declare the size (zip: descriptor) */
};

static char *
fx(const char *name)
{
	static char paths[8][512];
	static int k;
	char *p = paths[k++ % 8];

	snprintf(p, 512, "%.255s/%.200s", dir, name);
	return p;
}

static void
put_file(const char *name, const void *p, size_t n)
{
	FILE *fp = fopen(fx(name), "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static void
put_text(const char *name, const char *s)
{
	put_file(name, s, strlen(s));
}

static void
add_entries(struct archive *a, const struct ent *e, size_t n)
{
	static char zeros[1 << 16];
	size_t i, left, chunk;

	for (i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		size_t size = e[i].data ? (e[i].size ? e[i].size :
					   strlen(e[i].data)) : e[i].size;

		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_mtime(ae, 1700000000, 0);
		if (e[i].unsized)
			archive_entry_unset_size(ae);
		else
			archive_entry_set_size(ae, (la_int64_t)size);
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		if (e[i].data != NULL) {
			assert_int_equal(archive_write_data(a, e[i].data, size),
					 (la_ssize_t)size);
		} else {
			for (left = size; left > 0; left -= chunk) {
				chunk = left < sizeof(zeros) ? left :
					sizeof(zeros);
				assert_int_equal(archive_write_data(a, zeros,
								    chunk),
						 (la_ssize_t)chunk);
			}
		}
		archive_entry_free(ae);
	}
}

static struct archive *
writer(int format, int filter)
{
	struct archive *a = archive_write_new();

	assert_non_null(a);
	assert_int_equal(archive_write_set_format(a, format), ARCHIVE_OK);
	if (filter != ARCHIVE_FILTER_NONE)
		assert_true(archive_write_add_filter(a, filter) >= ARCHIVE_WARN);
	/* Whole archives, not padded to 10 KiB blocks. */
	archive_write_set_bytes_in_last_block(a, 1);
	return a;
}

static void
make_archive(const char *name, int format, int filter, const struct ent *e,
	     size_t n)
{
	struct archive *a = writer(format, filter);

	assert_int_equal(archive_write_open_filename(a, fx(name)), ARCHIVE_OK);
	add_entries(a, e, n);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

/* An archive in memory, for nesting; the caller frees *out. */
static void
make_archive_mem(int format, int filter, const struct ent *e, size_t n,
		 char **out, size_t *len)
{
	size_t cap = 4u << 20, used = 0;
	struct archive *a = writer(format, filter);

	*out = malloc(cap);
	assert_non_null(*out);
	assert_int_equal(archive_write_open_memory(a, *out, cap, &used),
			 ARCHIVE_OK);
	add_entries(a, e, n);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*len = used;
}

/* A single compressed file (raw format under a filter). */
static void
make_compressed(const char *name, int filter, const char *data, size_t n)
{
	struct ent e = { "data", data, n, 0 };

	make_archive(name, ARCHIVE_FORMAT_RAW, filter, &e, 1);
}

/* ---- the collector ----------------------------------------------------- */

struct seen {
	struct ck_buf leaves;	/* "kind path size [content]\n" */
	struct ck_buf errors;	/* "message\n", from efn and from reads */
	int stop_after;		/* stop the walk after this many leaves */
	int nleaves;
};

static int
on_leaf(struct ck_input *in, void *arg)
{
	struct seen *s = arg;
	struct ck_error err;
	char *buf;
	size_t len;

	if (ck_input_slurp(in, 64u << 20, &buf, &len, &err) < 0) {
		assert_string_not_equal(err.msg, "");
		ck_buf_appendf(&s->errors, "read: %s\n", err.msg);
		/* The same error again on a second read. */
		assert_int_equal(ck_input_read(in, &len, 1, &err), -1);
	} else {
		size_t i;

		/* Content shown when short and printable, else its size. */
		for (i = 0; i < len && len <= 40; i++)
			if (buf[i] < 32 && buf[i] != '\n')
				break;
		if (len <= 40 && i == len)
			ck_buf_appendf(&s->leaves, "%d %s %lld [%.*s]\n",
				       (int)ck_input_kind(in), ck_input_path(in),
				       (long long)ck_input_size(in), (int)len,
				       buf);
		else
			ck_buf_appendf(&s->leaves, "%d %s %lld <%zu bytes>\n",
				       (int)ck_input_kind(in), ck_input_path(in),
				       (long long)ck_input_size(in), len);
		free(buf);
	}
	if (++s->nleaves == s->stop_after)
		return -1;
	return 0;
}

static int
on_error(const struct ck_error *err, void *arg)
{
	struct seen *s = arg;

	ck_buf_appendf(&s->errors, "%s\n", err->msg);
	return 0;
}

/* Walks one fixture path (relative to dir) and returns what was seen;
 * paths in the output are relative to dir. */
static char *
walk_rel(const char *const *names, size_t n, const struct ck_walk_opts *o,
	 int *ret, char **errors)
{
	struct seen s = { CK_BUF_INIT, CK_BUF_INIT, 0, 0 };
	char cwd[4096];
	int r;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	r = ck_walk(names, n, o, on_leaf, on_error, &s);
	assert_int_equal(chdir(cwd), 0);
	if (ret != NULL)
		*ret = r;
	*errors = ck_buf_detach(&s.errors, NULL);
	return ck_buf_detach(&s.leaves, NULL);
}

static void
expect_walk(const char *name, const struct ck_walk_opts *o,
	    const char *want_leaves, const char *want_errors)
{
	char *errors, *leaves;
	int ret;

	leaves = walk_rel(&name, 1, o, &ret, &errors);
	if (strcmp(leaves, want_leaves) != 0)
		fail_msg("%s: leaves\n%s\nwant\n%s", name, leaves, want_leaves);
	if (strcmp(errors, want_errors) != 0)
		fail_msg("%s: errors\n%s\nwant\n%s", name, errors, want_errors);
	free(leaves);
	free(errors);
}

/* Errors are compared by prefix: libarchive's wording may change. */
static void
expect_walk_err(const char *name, const struct ck_walk_opts *o,
		const char *want_leaves, const char *want_error_prefix)
{
	char *errors, *leaves;
	int ret;

	leaves = walk_rel(&name, 1, o, &ret, &errors);
	if (strcmp(leaves, want_leaves) != 0)
		fail_msg("%s: leaves\n%s\nwant\n%s", name, leaves, want_leaves);
	if (strncmp(errors, want_error_prefix, strlen(want_error_prefix)))
		fail_msg("%s: errors\n%s\nwant prefix\n%s", name, errors,
			 want_error_prefix);
	/* One problem, one report. */
	assert_non_null(strchr(errors, '\n'));
	assert_string_equal(strchr(errors, '\n') + 1, "");
	assert_true(ret >= 1);
	free(leaves);
	free(errors);
}

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/ck-walk-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s'; rm -rf '%s'", dir,
		 dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- tests ------------------------------------------------------------- */

static void
test_directory_sorted(void **state)
{
	struct ck_walk_opts o;

	(void)state;
	assert_int_equal(mkdir(fx("tree"), 0755), 0);
	assert_int_equal(mkdir(fx("tree/sub"), 0755), 0);
	assert_int_equal(mkdir(fx("tree/.git"), 0755), 0);
	put_text("tree/b.txt", "bee\n");
	put_text("tree/a.txt", "ay\n");
	put_text("tree/Z.txt", "zed\n");
	put_text("tree/sub/c.txt", "sea\n");
	put_text("tree/.git/config", "[core]\n");
	put_text("tree/empty", "");
	assert_int_equal(symlink("sub", fx("tree/link")), 0);
	assert_int_equal(mkfifo(fx("tree/fifo"), 0600), 0);
	ck_walk_opts_default(&o);
	/* strcmp order (Z before a), .git skipped, the symlink and the FIFO
	 * not followed. */
	expect_walk("tree", &o,
		    "0 tree/Z.txt 4 [zed\n]\n"
		    "0 tree/a.txt 3 [ay\n]\n"
		    "0 tree/b.txt 4 [bee\n]\n"
		    "0 tree/empty 0 []\n"
		    "0 tree/sub/c.txt 4 [sea\n]\n", "");
	o.skip_vcs = 0;
	o.follow_symlinks = 1;
	expect_walk("tree/", &o,
		    "0 tree/.git/config 7 [[core]\n]\n"
		    "0 tree/Z.txt 4 [zed\n]\n"
		    "0 tree/a.txt 3 [ay\n]\n"
		    "0 tree/b.txt 4 [bee\n]\n"
		    "0 tree/empty 0 []\n"
		    "0 tree/link/c.txt 4 [sea\n]\n"
		    "0 tree/sub/c.txt 4 [sea\n]\n", "");
}

static void
test_expand_and_one(void **state)
{
	struct ck_walk_opts o;
	struct ck_walk_list l;
	struct seen s = { CK_BUF_INIT, CK_BUF_INIT, 0, 0 };
	const char *paths[3];
	char *errors, *leaves;

	(void)state;
	assert_int_equal(mkdir(fx("ex"), 0755), 0);
	assert_int_equal(mkdir(fx("ex/d"), 0755), 0);
	put_text("ex/d/2", "two\n");
	put_text("ex/d/1", "one\n");
	put_text("ex/top", "top\n");
	ck_walk_opts_default(&o);
	paths[0] = fx("ex/top");
	paths[1] = "-";
	paths[2] = fx("ex/d");
	assert_int_equal(ck_walk_expand(paths, 3, &o, &l, on_error, &s), 0);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.paths[0], fx("ex/top"));
	assert_string_equal(l.paths[1], "-");
	assert_string_equal(l.paths[2], fx("ex/d/1"));
	assert_string_equal(l.paths[3], fx("ex/d/2"));
	assert_int_equal(ck_walk_one(l.paths[3], &o, on_leaf, on_error, &s),
			 0);
	ck_walk_list_free(&l);
	assert_int_equal(l.n, 0);
	leaves = ck_buf_detach(&s.leaves, NULL);
	errors = ck_buf_detach(&s.errors, NULL);
	assert_non_null(strstr(leaves, "/ex/d/2 4 [two\n]\n"));
	assert_string_equal(errors, "");
	free(leaves);
	free(errors);
	/* A missing path is an error of the expansion. */
	paths[0] = fx("ex/nope");
	assert_int_equal(ck_walk_expand(paths, 1, &o, &l, on_error, &s), 1);
	assert_int_equal(l.n, 0);
	errors = ck_buf_detach(&s.errors, NULL);
	assert_non_null(strstr(errors, "cannot open "));
	free(errors);
	ck_walk_list_free(&l);
	ck_buf_release(&s.leaves);
}

static void
test_compressed_files(void **state)
{
	struct ck_walk_opts o;

	(void)state;
	make_compressed("x.txt.gz", ARCHIVE_FILTER_GZIP, "gzipped text\n", 13);
	make_compressed("y.txt.zst", ARCHIVE_FILTER_ZSTD, "zstd text\n", 10);
	make_compressed("w.xz", ARCHIVE_FILTER_XZ, "xz text\n", 8);
	/* Detected by content, whatever the name says. */
	make_compressed("misnamed.txt", ARCHIVE_FILTER_GZIP, "surprise\n", 9);
	ck_walk_opts_default(&o);
	expect_walk("x.txt.gz", &o, "2 x.txt.gz -1 [gzipped text\n]\n", "");
	expect_walk("y.txt.zst", &o, "2 y.txt.zst -1 [zstd text\n]\n", "");
	expect_walk("w.xz", &o, "2 w.xz -1 [xz text\n]\n", "");
	expect_walk("misnamed.txt", &o, "2 misnamed.txt -1 [surprise\n]\n",
		    "");
	/* --no-decompress: the bytes as they are. */
	o.decompress = 0;
	{
		char *errors, *leaves;
		const char *name = "x.txt.gz";

		leaves = walk_rel(&name, 1, &o, NULL, &errors);
		assert_int_equal(strncmp(leaves, "0 x.txt.gz ", 11), 0);
		assert_non_null(strstr(leaves, " bytes>"));
		assert_string_equal(errors, "");
		free(leaves);
		free(errors);
	}
}

static void
test_plain_not_archive(void **state)
{
	struct ck_walk_opts o;
	static char zeros[5000];

	(void)state;
	/* mtree would claim this; it is text. */
	put_text("spec.txt", "#mtree\n/set type=file\n./a size=1\n");
	put_text("ustar.txt", "the word ustar and PK are just words\n");
	/* tar would take zeros for an empty archive. */
	put_file("zeros.bin", zeros, sizeof(zeros));
	put_text("none", "");
	ck_walk_opts_default(&o);
	expect_walk("spec.txt", &o, "0 spec.txt 33 [#mtree\n/set type=file\n"
		    "./a size=1\n]\n", "");
	expect_walk("ustar.txt", &o, "0 ustar.txt 37 [the word ustar and PK "
		    "are just words\n]\n", "");
	expect_walk("zeros.bin", &o, "0 zeros.bin 5000 <5000 bytes>\n", "");
	expect_walk("none", &o, "0 none 0 []\n", "");
	/* Streams skip the text shortcut: libarchive itself must find no
	 * archive in them. */
	{
		static const char mtree[] = "#mtree\n/set type=file\n";
		struct seen s = { CK_BUF_INIT, CK_BUF_INIT, 0, 0 };
		char *leaves;

		assert_int_equal(ck_walk_mem(mtree, strlen(mtree), "m", &o,
					     on_leaf, on_error, &s), 0);
		assert_int_equal(ck_walk_mem(zeros, sizeof(zeros), "z", &o,
					     on_leaf, on_error, &s), 0);
		leaves = ck_buf_detach(&s.leaves, NULL);
		assert_string_equal(leaves, "0 m 22 [#mtree\n/set type=file\n]\n"
				    "0 z 5000 <5000 bytes>\n");
		free(leaves);
		ck_buf_release(&s.errors);
	}
}

static void
test_archives(void **state)
{
	static const struct ent ents[] = {
		{ "dir/inner.txt", "inner text\n", 0, 0 },
		{ "./top.txt", "top text\n", 0, 0 },
		{ "nul.bin", "a\0b", 3, 0 },
	};
	static const char want_fmt[] =
		"3 %s!dir/inner.txt 11 [inner text\n]\n"
		"3 %s!top.txt 9 [top text\n]\n"
		"3 %s!nul.bin 3 <3 bytes>\n";
	static const struct {
		const char *name;
		int format, filter;
	} kinds[] = {
		{ "a.zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE },
		{ "a.tar", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
		  ARCHIVE_FILTER_NONE },
		{ "a.tar.gz", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP },
		{ "a.tgz", ARCHIVE_FORMAT_TAR_GNUTAR, ARCHIVE_FILTER_GZIP },
		{ "a.tar.zst", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_ZSTD },
		{ "a.tar.xz", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_XZ },
		{ "a.tar.bz2", ARCHIVE_FORMAT_TAR_USTAR,
		  ARCHIVE_FILTER_BZIP2 },
		{ "a.7z", ARCHIVE_FORMAT_7ZIP, ARCHIVE_FILTER_NONE },
		{ "a.cpio", ARCHIVE_FORMAT_CPIO_POSIX, ARCHIVE_FILTER_NONE },
		{ "tar-named.zip", ARCHIVE_FORMAT_TAR_USTAR,
		  ARCHIVE_FILTER_NONE },
		{ "no-extension", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE },
	};
	struct ck_walk_opts o;
	char want[512];
	size_t i;

	(void)state;
	ck_walk_opts_default(&o);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		make_archive(kinds[i].name, kinds[i].format, kinds[i].filter,
			     ents, 3);
		snprintf(want, sizeof(want), want_fmt, kinds[i].name,
			 kinds[i].name, kinds[i].name);
		expect_walk(kinds[i].name, &o, want, "");
	}
	/* --no-archives: the archive is one file. */
	o.archives = 0;
	{
		char *errors, *leaves;
		const char *name = "a.zip";

		leaves = walk_rel(&name, 1, &o, NULL, &errors);
		assert_int_equal(strncmp(leaves, "0 a.zip ", 8), 0);
		assert_string_equal(errors, "");
		free(leaves);
		free(errors);
	}
	/* --no-archives still decompresses: the tar stream. */
	expect_walk("a.tar.zst", &o, "2 a.tar.zst -1 <4096 bytes>\n", "");
}

static void
test_nested(void **state)
{
	static const struct ent leaf[] = {
		{ "c.txt", "deep\n", 0, 0 },
	};
	struct ent mid[2], top[2];
	char *zip, *tar2;
	size_t ziplen, tar2len;
	struct ck_walk_opts o;
	char *gz;
	size_t gzlen;

	(void)state;
	make_archive_mem(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, leaf, 1,
			 &zip, &ziplen);
	{
		struct ent g = { "data", "member gz\n", 0, 0 };

		make_archive_mem(ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP, &g,
				 1, &gz, &gzlen);
	}
	/* a.tar holds b.zip (holding c.txt) and a gzip'd member. */
	top[0].name = "b.zip";
	top[0].data = zip;
	top[0].size = ziplen;
	top[0].unsized = 0;
	top[1].name = "m.txt.gz";
	top[1].data = gz;
	top[1].size = gzlen;
	top[1].unsized = 0;
	make_archive("nest.tar", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE,
		     top, 2);
	ck_walk_opts_default(&o);
	expect_walk("nest.tar", &o,
		    "3 nest.tar!b.zip!c.txt 5 [deep\n]\n"
		    "3 nest.tar!m.txt.gz -1 [member gz\n]\n", "");

	/* Three levels: x.tar.gz!mid.tar!b.zip!c.txt. */
	mid[0].name = "b.zip";
	mid[0].data = zip;
	mid[0].size = ziplen;
	mid[0].unsized = 0;
	make_archive_mem(ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE, mid, 1,
			 &tar2, &tar2len);
	top[0].name = "mid.tar";
	top[0].data = tar2;
	top[0].size = tar2len;
	top[1].name = "after.txt";
	top[1].data = "after\n";
	top[1].size = 0;
	make_archive("x.tar.gz", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP,
		     top, 2);
	expect_walk("x.tar.gz", &o,
		    "3 x.tar.gz!mid.tar!b.zip!c.txt 5 [deep\n]\n"
		    "3 x.tar.gz!after.txt 6 [after\n]\n", "");
	/* With --max-depth 1, b.zip is one level too deep: named, and the
	 * input is dropped. */
	o.limits.max_depth = 1;
	expect_walk_err("x.tar.gz", &o, "",
			"x.tar.gz!mid.tar!b.zip: archive nested deeper than 1 "
			"(--max-depth to raise)\n");
	/* With 0, members are not opened as archives at all. */
	o.limits.max_depth = 0;
	expect_walk_err("x.tar.gz", &o, "",
			"x.tar.gz!mid.tar: archive nested deeper than 0");
	free(zip);
	free(tar2);
	free(gz);
}

/* Text that does not compress much, so a truncation cuts a member. */
static char *
noise(size_t n)
{
	char *p = malloc(n + 1);
	uint32_t x = 2463534242u;
	size_t i;

	assert_non_null(p);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (char)('a' + x % 26);
	}
	p[n] = '\0';
	return p;
}

static void
cut_file(const char *from, const char *to, size_t keep)
{
	struct ck_error err;
	char *buf;
	size_t len;

	if (ck_read_file(fx(from), 16u << 20, &buf, &len, &err) < 0)
		fail_msg("%s", err.msg);
	assert_true(keep < len);
	put_file(to, buf, keep);
	free(buf);
}

static void
test_truncated(void **state)
{
	struct ck_walk_opts o;
	struct ent e[2];
	char *text = noise(300000);

	(void)state;
	e[0].name = "first.txt";
	e[0].data = "first\n";
	e[0].size = 0;
	e[0].unsized = 0;
	e[1].name = "big.txt";
	e[1].data = text;
	e[1].size = 300000;
	e[1].unsized = 0;
	make_archive("full.tgz", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP,
		     e, 2);
	make_archive("full.zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, e, 2);
	free(text);
	cut_file("full.tgz", "trunc.tgz", 100000);
	cut_file("full.zip", "trunc.zip", 100000);
	put_text("after.txt", "after\n");
	ck_walk_opts_default(&o);
	expect_walk_err("trunc.tgz", &o, "3 trunc.tgz!first.txt 6 [first\n]\n",
			"read: trunc.tgz!big.txt: ");
	expect_walk_err("trunc.zip", &o, "3 trunc.zip!first.txt 6 [first\n]\n",
			"read: trunc.zip!big.txt: ");
	/* Garbage after a valid signature: an error, not a plain file. */
	put_text("bad.zip", "PK\003\004 this is not really a zip at all, no\n");
	expect_walk_err("bad.zip", &o, "", "bad.zip: ");
	put_file("bad.gz", "\037\213\010\000garbage", 11);
	expect_walk_err("bad.gz", &o, "", "bad.gz");
	/* The walk goes on with the next input. */
	{
		const char *names[2] = { "trunc.tgz", "after.txt" };
		char *errors, *leaves;
		int ret;

		leaves = walk_rel(names, 2, &o, &ret, &errors);
		assert_string_equal(leaves, "3 trunc.tgz!first.txt 6 [first\n]\n"
				    "0 after.txt 6 [after\n]\n");
		assert_int_equal(ret, 1);
		free(leaves);
		free(errors);
	}
}

static void
test_bombs(void **state)
{
	static const struct ent sized[] = {
		{ "zeros.txt", NULL, 50u << 20, 0 },
	};
	static const struct ent unsized[] = {
		{ "zeros.txt", NULL, 50u << 20, 1 },
	};
	struct seen s = { CK_BUF_INIT, CK_BUF_INIT, 0, 0 };
	struct ck_walk_opts o;
	struct ck_error err;
	char *buf, *errors, *leaves;
	size_t len;
	int ret;

	(void)state;
	make_archive("bomb.zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE,
		     sized, 1);
	make_archive("stream.zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE,
		     unsized, 1);
	make_archive("bomb.tar.zst", ARCHIVE_FORMAT_TAR_USTAR,
		     ARCHIVE_FILTER_ZSTD, sized, 1);
	make_archive("zeros.gz", ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP,
		     sized, 1);
	put_text("after.txt", "after\n");
	ck_walk_opts_default(&o);
	o.limits.max_member = 10u << 20;
	/* A declared size past the limit: refused before expanding. */
	expect_walk_err("bomb.zip", &o, "", "bomb.zip!zeros.txt: expands past "
			"10 MiB (--max-member to raise)\n");
	expect_walk_err("bomb.tar.zst", &o, "", "bomb.tar.zst!zeros.txt: "
			"expands past 10 MiB (--max-member to raise)\n");
	/* No declared size (zip data descriptor, read as a stream): caught
	 * while reading. */
	assert_int_equal(ck_read_file(fx("stream.zip"), 1u << 20, &buf, &len,
				      &err), 0);
	ret = ck_walk_mem(buf, len, "stream.zip", &o, on_leaf, on_error, &s);
	free(buf);
	assert_int_equal(ret, 1);
	leaves = ck_buf_detach(&s.leaves, NULL);
	errors = ck_buf_detach(&s.errors, NULL);
	assert_string_equal(leaves, "");
	assert_string_equal(errors, "read: stream.zip!zeros.txt: expands "
			    "past 10 MiB (--max-member to raise)\n");
	free(leaves);
	free(errors);
	/* A compressed file is a member too. */
	expect_walk_err("zeros.gz", &o, "", "read: zeros.gz: expands past "
			"10 MiB (--max-member to raise)\n");
	/* The ratio trips long before the size limit. */
	o.limits.max_member = UINT64_C(1) << 40;
	o.limits.max_ratio = 100;
	expect_walk_err("zeros.gz", &o, "", "read: zeros.gz: expands more "
			"than 100 times its compressed size (--max-ratio to "
			"raise)\n");
	/* Defaults let 50 MiB of zeros through. */
	ck_walk_opts_default(&o);
	expect_walk("bomb.zip", &o, "3 bomb.zip!zeros.txt 52428800 "
		    "<52428800 bytes>\n", "");
	/* After a bomb, the next input. */
	o.limits.max_member = 10u << 20;
	{
		const char *names[2] = { "bomb.zip", "after.txt" };

		leaves = walk_rel(names, 2, &o, &ret, &errors);
		assert_string_equal(leaves, "0 after.txt 6 [after\n]\n");
		assert_int_equal(ret, 1);
		free(leaves);
		free(errors);
	}
}

static void
test_total_and_entries(void **state)
{
	struct ck_walk_opts o;
	struct ent e[3];
	char *text = noise(1u << 20), *errors, *leaves;
	const char *name = "three.tar";
	int i, ret;

	(void)state;
	for (i = 0; i < 3; i++) {
		static const char *const names[] = { "1", "2", "3" };

		e[i].name = names[i];
		e[i].data = text;
		e[i].size = 1u << 20;
		e[i].unsized = 0;
	}
	make_archive(name, ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP, e, 3);
	free(text);
	ck_walk_opts_default(&o);
	o.limits.max_total = 2u << 20;
	leaves = walk_rel(&name, 1, &o, &ret, &errors);
	assert_string_equal(leaves, "3 three.tar!1 1048576 <1048576 bytes>\n"
			    "3 three.tar!2 1048576 <1048576 bytes>\n");
	assert_non_null(strstr(errors, "three.tar: expands past 2 MiB in all "
			       "(--max-total to raise)\n"));
	assert_int_equal(ret, 1);
	free(leaves);
	free(errors);
	ck_walk_opts_default(&o);
	o.limits.max_entries = 2;
	expect_walk(name, &o, "3 three.tar!1 1048576 <1048576 bytes>\n"
		    "3 three.tar!2 1048576 <1048576 bytes>\n",
		    "three.tar: more than 2 entries (--max-entries to raise)\n");
}

static void
test_symlink_loop(void **state)
{
	struct ck_walk_opts o;

	(void)state;
	assert_int_equal(mkdir(fx("loop"), 0755), 0);
	assert_int_equal(mkdir(fx("loop/sub"), 0755), 0);
	put_text("loop/f.txt", "once\n");
	assert_int_equal(symlink("..", fx("loop/sub/up")), 0);
	assert_int_equal(symlink("nowhere", fx("loop/sub/dangling")), 0);
	ck_walk_opts_default(&o);
	expect_walk("loop", &o, "0 loop/f.txt 5 [once\n]\n", "");
	o.follow_symlinks = 1;
	expect_walk("loop", &o, "0 loop/f.txt 5 [once\n]\n",
		    "cannot follow loop/sub/dangling\n"
		    "loop/sub/up: symlink loop\n");
}

static void
test_unreadable(void **state)
{
	struct ck_walk_opts o;
	const char *names[3] = { "nope", "secret.txt", "ok.txt" };
	char *errors, *leaves;
	int ret;

	(void)state;
	put_text("ok.txt", "ok\n");
	put_text("secret.txt", "secret\n");
	assert_int_equal(chmod(fx("secret.txt"), 0), 0);
	ck_walk_opts_default(&o);
	leaves = walk_rel(names, 3, &o, &ret, &errors);
	assert_string_equal(leaves, geteuid() == 0 ?
			    "0 secret.txt 7 [secret\n]\n0 ok.txt 3 [ok\n]\n" :
			    "0 ok.txt 3 [ok\n]\n");
	/* root reads 0000 files: only the missing one fails then. */
	assert_string_equal(errors, geteuid() == 0 ? "cannot open nope\n" :
			    "cannot open nope\ncannot open secret.txt\n");
	assert_int_equal(ret, geteuid() == 0 ? 1 : 2);
	free(leaves);
	free(errors);
	/* Not skip(): cmocka 1.1 prints "not ok # SKIP", which automake's
	 * tap-driver counts as a failure. */
	if (geteuid() == 0)
		print_message("# running as root: 0000 files are readable\n");
}

/* Runs a walk of "-" with fd 0 replaced by fd. */
static char *
walk_stdin(int fd, char **errors)
{
	int saved = dup(STDIN_FILENO);
	struct ck_walk_opts o;
	char *leaves;

	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	/* No path at all means standard input. */
	ck_walk_opts_default(&o);
	leaves = walk_rel(NULL, 0, &o, NULL, errors);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	return leaves;
}

static void
test_stdin(void **state)
{
	static const struct ent ents[] = {
		{ "in.txt", "from a pipe\n", 0, 0 },
	};
	char *errors, *leaves, *tgz;
	size_t len;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "piped\n", 6), 6);
	close(p[1]);
	leaves = walk_stdin(p[0], &errors);
	assert_string_equal(leaves, "1 - -1 [piped\n]\n");
	assert_string_equal(errors, "");
	free(leaves);
	free(errors);

	make_archive_mem(ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP, ents, 1,
			 &tgz, &len);
	assert_true(len < 60000);	/* fits in the pipe */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], tgz, len), (ssize_t)len);
	close(p[1]);
	free(tgz);
	leaves = walk_stdin(p[0], &errors);
	assert_string_equal(leaves, "3 -!in.txt 12 [from a pipe\n]\n");
	assert_string_equal(errors, "");
	free(leaves);
	free(errors);
}

static void
test_stop_and_mem(void **state)
{
	static const struct ent ents[] = {
		{ "1.txt", "one\n", 0, 0 },
		{ "2.txt", "two\n", 0, 0 },
	};
	struct seen s = { CK_BUF_INIT, CK_BUF_INIT, 1, 0 };
	struct ck_walk_opts o;
	char *zip, *leaves;
	size_t len;

	(void)state;
	ck_walk_opts_default(&o);
	make_archive_mem(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, ents, 2,
			 &zip, &len);
	/* A callback returning -1 stops the walk. */
	assert_int_equal(ck_walk_mem(zip, len, "m.zip", &o, on_leaf, on_error,
				     &s), -1);
	leaves = ck_buf_detach(&s.leaves, NULL);
	assert_string_equal(leaves, "3 m.zip!1.txt 4 [one\n]\n");
	free(leaves);
	s.stop_after = 0;
	assert_int_equal(ck_walk_mem(zip, len, "m.zip", &o, on_leaf, on_error,
				     &s), 0);
	leaves = ck_buf_detach(&s.leaves, NULL);
	assert_string_equal(leaves, "3 m.zip!1.txt 4 [one\n]\n"
			    "3 m.zip!2.txt 4 [two\n]\n");
	free(leaves);
	assert_int_equal(ck_walk_mem("", 0, "empty", &o, on_leaf, on_error,
				     &s), 0);
	leaves = ck_buf_detach(&s.leaves, NULL);
	assert_string_equal(leaves, "0 empty 0 []\n");
	free(leaves);
	ck_buf_release(&s.errors);
	free(zip);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_directory_sorted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_expand_and_one, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_compressed_files, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_plain_not_archive, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_archives, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bombs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_total_and_entries, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_symlink_loop, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stdin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_and_mem, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("walk", tests, NULL, NULL);
}
