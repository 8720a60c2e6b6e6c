/* scan.c -- a tree or an archive into manifest entries.
 *
 * A tree is walked first (lstat only, sorted afterwards), then the files
 * the stat cache cannot vouch for are read by -j workers with large
 * reads: SHA-256 through OpenSSL EVP and, unless --no-store, into the
 * store in the same pass (a big file is read straight into the store's
 * write buffer, so its bytes are copied once, by read(2)).  An archive
 * is read in one pass, since libarchive streams its members in order. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "common/buf.h"
#include "common/progress.h"
#include "dsver/scan.h"

#define READ_CHUNK (1u << 20)

int
ds_ncpu(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

void
ds_scan_release(struct ds_scan *s)
{
	for (size_t i = 0; i < s->n; i++)
		ds_entry_release(&s->e[i]);
	free(s->e);
	memset(s, 0, sizeof(*s));
}

static struct ds_entry *
add_entry(struct ds_scan *s, const char *path, size_t len)
{
	struct ds_entry *e;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		void *np = realloc(s->e, cap * sizeof(*s->e));

		if (np == NULL)
			return NULL;
		s->e = np;
		s->cap = cap;
	}
	e = &s->e[s->n];
	memset(e, 0, sizeof(*e));
	e->path = malloc(len + 1);
	if (e->path == NULL)
		return NULL;
	memcpy(e->path, path, len);
	e->path[len] = '\0';
	e->len = len;
	s->n++;
	return e;
}

/* ---- tree walk ---- */

struct item {
	struct stat st;
	int need;		/* must be read */
};

struct walk {
	const struct ds_scan_opts *o;
	struct ds_scan *out;
	struct item *it;
	size_t itcap;
	struct ck_buf rel;
	struct ck_error *err;
};

static int
walk_dir(struct walk *w, int dfd, const char *shown)
{
	DIR *d = fdopendir(dfd);
	struct dirent *de;
	size_t base = w->rel.len;
	int rc = 0;

	if (d == NULL) {
		close(dfd);
		return ck_error_set(w->err, errno, "cannot read directory %s",
				    shown);
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		const char *nm = de->d_name;
		struct stat st;

		if (nm[0] == '.' && (nm[1] == '\0' ||
				     (nm[1] == '.' && nm[2] == '\0')))
			continue;
		w->rel.len = base;
		if (base > 0)
			ck_buf_append_char(&w->rel, '/');
		if (ck_buf_append_str(&w->rel, nm) < 0) {
			rc = ck_error_set(w->err, ENOMEM, "out of memory");
			break;
		}
		if (fstatat(dirfd(d), nm, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = ck_error_set(w->err, errno, "cannot stat %s/%s",
					  shown, nm);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			int cfd;

			if (w->o->skip_ino != 0 && st.st_ino == w->o->skip_ino &&
			    st.st_dev == w->o->skip_dev)
				continue;
			cfd = openat(dirfd(d), nm, O_RDONLY | O_DIRECTORY |
				     O_NOFOLLOW | O_CLOEXEC);
			if (cfd < 0) {
				rc = ck_error_set(w->err, errno, "cannot open "
						  "directory %s/%s", shown, nm);
				break;
			}
			{
				char *sub = strdup(w->rel.data);

				if (sub == NULL) {
					close(cfd);
					rc = ck_error_set(w->err, ENOMEM,
							  "out of memory");
					break;
				}
				rc = walk_dir(w, cfd, sub);
				free(sub);
			}
			if (rc < 0)
				break;
			continue;
		}
		if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
			if (!w->o->quiet_special)
				fprintf(stderr, "dsver: skipping %s: not a "
					"regular file or symlink\n",
					w->rel.data);
			continue;
		}
		if (w->out->n == w->itcap) {
			size_t cap = w->itcap ? w->itcap * 2 : 256;
			void *np = realloc(w->it, cap * sizeof(*w->it));

			if (np == NULL) {
				rc = ck_error_set(w->err, ENOMEM,
						  "out of memory");
				break;
			}
			w->it = np;
			w->itcap = cap;
		}
		if (add_entry(w->out, w->rel.data, w->rel.len) == NULL) {
			rc = ck_error_set(w->err, ENOMEM, "out of memory");
			break;
		}
		w->it[w->out->n - 1].st = st;
		w->it[w->out->n - 1].need = 1;
		errno = 0;
	}
	if (rc == 0 && errno != 0)
		rc = ck_error_set(w->err, errno, "cannot read directory %s",
				  shown);
	w->rel.len = base;
	if (w->rel.data != NULL)
		w->rel.data[base] = '\0';
	closedir(d);
	return rc;
}

struct pair {
	struct ds_entry e;
	struct item it;
};

static int
cmp_pair(const void *a, const void *b)
{
	return ds_entry_cmp(&((const struct pair *)a)->e,
			    &((const struct pair *)b)->e);
}

/* Sorts entries and items together by path bytes. */
static int
sort_both(struct ds_scan *s, struct item *it)
{
	struct pair *p = malloc(s->n * sizeof(*p) + 1);

	if (p == NULL)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		p[i].e = s->e[i];
		p[i].it = it[i];
	}
	qsort(p, s->n, sizeof(*p), cmp_pair);
	for (size_t i = 0; i < s->n; i++) {
		s->e[i] = p[i].e;
		it[i] = p[i].it;
	}
	free(p);
	return 0;
}

struct pool {
	const struct ds_scan_opts *o;
	const char *root;		/* for messages */
	struct ds_scan *out;
	struct item *it;
	int rootfd;
	size_t *todo;
	size_t ntodo;
	atomic_size_t next;
	atomic_int failed;
	atomic_uint_fast64_t rbytes;
	atomic_int running;		/* workers not yet finished */
	pthread_mutex_t mu;
	struct ck_error err;
};

static void
pool_fail(struct pool *p, const struct ck_error *e)
{
	pthread_mutex_lock(&p->mu);
	if (!atomic_load(&p->failed))
		p->err = *e;
	atomic_store(&p->failed, 1);
	pthread_mutex_unlock(&p->mu);
}

/* Reads one regular file: hash, and store unless the object is known. */
static int
hash_file(struct pool *p, size_t i, unsigned char *buf, struct ck_sha256 *h,
	  struct ck_error *err)
{
	struct ds_entry *e = &p->out->e[i];
	struct item *it = &p->it[i];
	struct ck_store_writer *w = NULL;
	struct stat st, st2;
	uint64_t total = 0;
	char *what = NULL;
	int fd, rc = -1, small;
	ssize_t n;

	fd = openat(p->rootfd, e->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ck_error_set(err, errno, "cannot read %s/%s", p->root, e->path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	small = st.st_size <= (off_t)CK_STORE_SMALL;
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	ck_sha256_reset(h);
	if (!small && p->o->store != NULL) {
		w = ck_store_writer_new(p->o->store, err);
		if (w == NULL)
			goto out;
	}
	for (;;) {
		size_t want = small ? READ_CHUNK - total : READ_CHUNK;

		if (small && total == READ_CHUNK) {
			/* it grew past the pack limit while we read: go on
			 * as a big file */
			small = 0;
			if (p->o->store != NULL) {
				w = ck_store_writer_new(p->o->store, err);
				if (w == NULL ||
				    ck_store_writer_write(w, buf, total, err) < 0)
					goto out;
			}
			want = READ_CHUNK;
		}
		if (w != NULL) {
			/* big: read straight into the store's buffer */
			size_t got;

			if (what == NULL &&
			    asprintf(&what, "%s/%s", p->root, e->path) < 0) {
				what = NULL;
				ck_error_set(err, ENOMEM, "out of memory");
				goto out;
			}
			if (ck_store_writer_read(w, fd, h, buf, &got, what,
						 err) < 0)
				goto out;
			if (got == 0)
				break;
			total += got;
			continue;
		}
		n = read(fd, small ? buf + total : buf, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ck_error_set(err, errno, "cannot read %s/%s", p->root,
				     e->path);
			goto out;
		}
		if (n == 0)
			break;
		ck_sha256_update(h, small ? buf + total : buf, (size_t)n);
		total += (uint64_t)n;
	}
	ck_sha256_final(h, e->sha);
	e->size = total;
	if (small && p->o->store != NULL &&
	    ck_store_put(p->o->store, e->sha, buf, total, err) < 0)
		goto out;
	if (w != NULL) {
		rc = ck_store_writer_finish(w, e->sha, err);
		w = NULL;
		if (rc < 0)
			goto out;
	}
	atomic_fetch_add(&p->rbytes, total);
	/* A file that changed while it was read is not cached: its next
	 * snapshot reads it again. */
	if (fstat(fd, &st2) == 0 && st2.st_size == (off_t)total &&
	    st2.st_mtim.tv_sec == st.st_mtim.tv_sec &&
	    st2.st_mtim.tv_nsec == st.st_mtim.tv_nsec &&
	    st2.st_ctim.tv_sec == st.st_ctim.tv_sec &&
	    st2.st_ctim.tv_nsec == st.st_ctim.tv_nsec)
		it->st = st;
	else
		it->need = 2;	/* read, but do not cache */
	rc = 0;
out:
	ck_store_writer_abort(w);
	free(what);
	close(fd);
	return rc;
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	unsigned char *buf = malloc(READ_CHUNK);
	struct ck_sha256 *h = ck_sha256_new();
	struct ck_error err;

	if (buf == NULL || h == NULL) {
		ck_error_set(&err, ENOMEM, "out of memory");
		pool_fail(p, &err);
		goto out;
	}
	while (!atomic_load(&p->failed)) {
		size_t k = atomic_fetch_add(&p->next, 1);

		if (k >= p->ntodo)
			break;
		if (hash_file(p, p->todo[k], buf, h, &err) < 0) {
			pool_fail(p, &err);
			break;
		}
	}
out:
	free(buf);
	ck_sha256_free(h);
	atomic_fetch_sub(&p->running, 1);
	return NULL;
}

/* The progress line while the workers hash (the calling thread only
 * watches their counters). */
static void
watch(struct pool *p, struct ck_progress *pr)
{
	struct timespec nap = { 0, 100000000 };

	for (;;) {
		size_t k = atomic_load(&p->next);

		ck_progress_set(pr, k < p->ntodo ? k : p->ntodo,
				atomic_load(&p->rbytes));
		if (atomic_load(&p->running) == 0)
			break;
		nanosleep(&nap, NULL);
	}
	ck_progress_end(pr);
}

static int
run_pool(struct pool *p, int jobs, struct ck_error *err)
{
	pthread_t th[64];
	struct ck_progress pr;
	int n = 0;

	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > p->ntodo)
		jobs = p->ntodo > 0 ? (int)p->ntodo : 1;
	if (jobs > 64)
		jobs = 64;
	ck_progress_start(&pr, "hashing", "files", p->ntodo);
	for (size_t i = 0; i < p->ntodo; i++)
		pr.total_bytes += p->out->e[p->todo[i]].size;
	if (jobs == 1 && pr.fp == NULL) {
		atomic_store(&p->running, 1);
		worker(p);
	} else {
		atomic_store(&p->running, jobs);
		for (n = 0; n < jobs; n++)
			if (pthread_create(&th[n], NULL, worker, p) != 0)
				break;
		/* threads that could not start will not finish either */
		atomic_fetch_sub(&p->running, jobs - n);
		if (n == 0) {
			atomic_store(&p->running, 1);
			worker(p);
		} else if (pr.fp != NULL) {
			watch(p, &pr);
		}
		for (int i = 0; i < n; i++)
			pthread_join(th[i], NULL);
	}
	if (atomic_load(&p->failed)) {
		*err = p->err;
		return -1;
	}
	return 0;
}

static int
do_link(const struct ds_scan_opts *o, int rootfd, struct ds_entry *e,
	struct ck_error *err)
{
	char target[4097];
	ssize_t n = readlinkat(rootfd, e->path, target, sizeof(target));

	if (n < 0 || (size_t)n >= sizeof(target))
		return ck_error_set(err, n < 0 ? errno : ENAMETOOLONG,
				    "cannot read link %s", e->path);
	e->mode = S_IFLNK | 0777;
	e->size = (uint64_t)n;
	ck_sha256(target, (size_t)n, e->sha);
	if (o->store != NULL)
		return ck_store_put(o->store, e->sha, target, (size_t)n, err);
	return 0;
}

int
ds_scan_tree(const char *root, const struct ds_scan_opts *o,
	     struct ds_scan *out, struct ck_error *err)
{
	struct walk w = { o, out, NULL, 0, CK_BUF_INIT, err };
	struct pool p;
	int rootfd, dfd, rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return ck_error_set(err, errno, "cannot open directory %s",
				    root);
	dfd = dup(rootfd);
	ck_buf_append(&w.rel, "", 0);
	if (dfd < 0 || w.rel.data == NULL) {
		ck_error_set(err, errno, "cannot open directory %s", root);
		goto out;
	}
	w.rel.data[0] = '\0';
	if (walk_dir(&w, dfd, root) < 0)
		goto out;
	if (out->n > 0 && sort_both(out, w.it) < 0) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	p.todo = malloc((out->n + 1) * sizeof(size_t));
	if (p.todo == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < out->n; i++) {
		struct ds_entry *e = &out->e[i];
		struct item *it = &w.it[i];
		const unsigned char *sha;

		if (S_ISLNK(it->st.st_mode)) {
			if (do_link(o, rootfd, e, err) < 0)
				goto out;
			it->need = 0;
			continue;
		}
		e->mode = S_IFREG | (it->st.st_mode & 07777);
		e->size = (uint64_t)it->st.st_size;
		sha = o->old ? ck_statcache_lookup(o->old, e->path, e->len,
						   &it->st) : NULL;
		if (sha != NULL &&
		    (o->store == NULL || ck_store_has(o->store, sha))) {
			memcpy(e->sha, sha, CK_SHA256_LEN);
			it->need = 0;
			continue;
		}
		p.todo[p.ntodo++] = i;
	}
	p.o = o;
	p.root = root;
	p.out = out;
	p.it = w.it;
	p.rootfd = rootfd;
	pthread_mutex_init(&p.mu, NULL);
	rc = run_pool(&p, o->jobs, err);
	pthread_mutex_destroy(&p.mu);
	if (rc < 0)
		goto out;
	rc = -1;
	out->read_files = p.ntodo;
	out->read_bytes = atomic_load(&p.rbytes);
	for (size_t i = 0; i < out->n; i++) {
		struct ds_entry *e = &out->e[i];

		out->bytes += e->size;
		if (o->fresh != NULL && S_ISREG(w.it[i].st.st_mode) &&
		    w.it[i].need != 2 &&
		    ck_statcache_add(o->fresh, e->path, e->len, &w.it[i].st,
				     e->sha) < 0) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
	}
	rc = 0;
out:
	free(p.todo);
	free(w.it);
	ck_buf_release(&w.rel);
	close(rootfd);
	if (rc < 0)
		ds_scan_release(out);
	return rc;
}

/* ---- archives ---- */

/* Member names are made relative ("./a" is "a", a trailing "/" goes);
 * an absolute name or a ".." component is refused, since checkout would
 * write outside its directory (zip-slip). */
static int
member_name(const char *raw, struct ck_buf *o, const char *file,
	    struct ck_error *err)
{
	const char *p = raw;
	char *shown;

	ck_buf_reset(o);
	if (*p == '/')
		goto refuse;
	while (*p != '\0') {
		const char *q = strchr(p, '/');
		size_t n = q ? (size_t)(q - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			goto refuse;
		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (o->len > 0)
				ck_buf_append_char(o, '/');
			ck_buf_append(o, p, n);
		}
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
refuse:
	shown = ds_path_display(raw, strlen(raw));
	ck_error_set(err, 0, "%s: member '%s' escapes the archive root "
		     "(absolute or '..' path refused)", file, shown);
	free(shown);
	return -1;
}

static int
read_member(struct archive *a, const struct ds_scan_opts *o,
	    struct ds_entry *e, const char *file, unsigned char *buf,
	    struct ck_sha256 *h, struct ck_error *err)
{
	struct ck_store_writer *w = NULL;
	struct ck_buf small = CK_BUF_INIT;
	uint64_t total = 0;
	int rc = -1;

	ck_sha256_reset(h);
	for (;;) {
		la_ssize_t n = archive_read_data(a, buf, READ_CHUNK);

		if (n < 0) {
			char *shown = ds_path_display(e->path, e->len);

			ck_error_set(err, 0, "%s: member %s: %s", file, shown,
				     archive_error_string(a));
			free(shown);
			goto out;
		}
		if (n == 0)
			break;
		ck_sha256_update(h, buf, (size_t)n);
		total += (uint64_t)n;
		if (o->store == NULL)
			continue;
		if (w == NULL && small.len + (size_t)n > CK_STORE_SMALL) {
			w = ck_store_writer_new(o->store, err);
			if (w == NULL ||
			    ck_store_writer_write(w, small.data, small.len,
						  err) < 0)
				goto out;
		}
		if (w != NULL) {
			if (ck_store_writer_write(w, buf, (size_t)n, err) < 0)
				goto out;
		} else if (ck_buf_append(&small, buf, (size_t)n) < 0) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
	}
	ck_sha256_final(h, e->sha);
	e->size = total;
	if (w != NULL) {
		rc = ck_store_writer_finish(w, e->sha, err);
		w = NULL;
		goto out;
	}
	if (o->store != NULL &&
	    ck_store_put(o->store, e->sha, small.data ? small.data : "",
			 small.len, err) < 0)
		goto out;
	rc = 0;
out:
	ck_store_writer_abort(w);
	ck_buf_release(&small);
	return rc;
}

int
ds_scan_archive(const char *file, const struct ds_scan_opts *o,
		struct ds_scan *out, struct ck_error *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	struct ck_buf name = CK_BUF_INIT;
	unsigned char *buf = malloc(READ_CHUNK);
	struct ck_sha256 *h = ck_sha256_new();
	int rc = -1, r;

	memset(out, 0, sizeof(*out));
	if (a == NULL || buf == NULL || h == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if ((strcmp(file, "-") == 0
	     ? archive_read_open_fd(a, STDIN_FILENO, READ_CHUNK)
	     : archive_read_open_filename(a, file, READ_CHUNK)) != ARCHIVE_OK) {
		ck_error_set(err, archive_errno(a) > 0 ? archive_errno(a) : 0,
			     "%s: %s", file, archive_error_string(a));
		goto out;
	}
	while ((r = archive_read_next_header(a, &ae)) != ARCHIVE_EOF) {
		const char *raw;
		struct ds_entry *e;
		mode_t t;

		if (r < ARCHIVE_WARN) {
			ck_error_set(err, 0, "%s: %s", file,
				     archive_error_string(a));
			goto out;
		}
		raw = archive_entry_pathname(ae);
		if (raw == NULL) {
			ck_error_set(err, 0, "%s: a member has no usable name",
				     file);
			goto out;
		}
		if (member_name(raw, &name, file, err) < 0)
			goto out;
		t = archive_entry_filetype(ae);
		if (t == AE_IFDIR || name.len == 0)
			continue;
		if (archive_entry_hardlink(ae) != NULL) {
			ck_error_set(err, 0, "%s: member %s: hard links in "
				     "archives are not supported", file,
				     name.data);
			goto out;
		}
		if (t != AE_IFREG && t != AE_IFLNK) {
			fprintf(stderr, "dsver: %s: skipping member %s: not a "
				"regular file or symlink\n", file, name.data);
			continue;
		}
		e = add_entry(out, name.data, name.len);
		if (e == NULL) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		if (t == AE_IFLNK) {
			const char *tg = archive_entry_symlink(ae);
			size_t tl = tg ? strlen(tg) : 0;

			e->mode = S_IFLNK | 0777;
			e->size = tl;
			ck_sha256(tg ? tg : "", tl, e->sha);
			if (o->store != NULL &&
			    ck_store_put(o->store, e->sha, tg ? tg : "", tl,
					 err) < 0)
				goto out;
		} else {
			e->mode = S_IFREG | (archive_entry_perm(ae) & 07777);
			if (read_member(a, o, e, file, buf, h, err) < 0)
				goto out;
			out->read_files++;
			out->read_bytes += e->size;
		}
		out->bytes += e->size;
	}
	if (out->n > 1)
		qsort(out->e, out->n, sizeof(*out->e), ds_entry_cmp);
	for (size_t i = 1; i < out->n; i++)
		if (ds_entry_cmp(&out->e[i - 1], &out->e[i]) == 0) {
			char *shown = ds_path_display(out->e[i].path,
						      out->e[i].len);

			ck_error_set(err, 0, "%s: member %s appears twice",
				     file, shown);
			free(shown);
			goto out;
		}
	rc = 0;
out:
	if (a != NULL)
		archive_read_free(a);
	ck_buf_release(&name);
	free(buf);
	ck_sha256_free(h);
	if (rc < 0)
		ds_scan_release(out);
	return rc;
}
