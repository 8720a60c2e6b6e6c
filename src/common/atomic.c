/* atomic.c -- write-fsync-rename, directory fsync, removing a failed
 * staging tree, locks, whole reads. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"

/* The directory part of path ("." when there is none), malloc'd. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	d = strndup(path, (size_t)(slash - path));
	return d;
}

int
ck_fsync_dir(const char *dir, struct ck_error *err)
{
	int fd, rc = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ck_error_set(err, errno, "cannot open directory %s", dir);
	/* Without this a rename or a new entry may be lost on power failure
	 * (ext4 with data=writeback, XFS).  Some file systems cannot sync a
	 * directory and say EINVAL: nothing more can be done there. */
	if (fsync(fd) < 0 && errno != EINVAL)
		rc = ck_error_set(err, errno, "cannot sync directory %s", dir);
	close(fd);
	return rc;
}

int
ck_fsync_parent(const char *path, struct ck_error *err)
{
	char *dir = dir_of(path);
	int rc;

	if (dir == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	rc = ck_fsync_dir(dir, err);
	free(dir);
	return rc;
}

/* rm -r of name under dfd, not following symbolic links. */
static void
rm_at(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC);
	DIR *d;
	struct dirent *de;

	if (fd < 0) {
		unlinkat(dfd, name, 0);
		return;
	}
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) < 0)
			rm_at(dirfd(d), de->d_name);
	}
	closedir(d);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

void
ck_rm_tree(const char *path)
{
	rm_at(AT_FDCWD, path);
}

static void
af_free(struct ck_atomic_file *af)
{
	free(af->path);
	free(af->tmp);
	af->path = NULL;
	af->tmp = NULL;
	af->fp = NULL;
}

int
ck_atomic_open(struct ck_atomic_file *af, const char *path, mode_t mode,
	       struct ck_error *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n;
	int fd, e;

	af->fp = NULL;
	af->tmp = NULL;
	af->path = strdup(path);
	if (*base == '\0') {
		free(af->path);
		af->path = NULL;
		return ck_error_set(err, EISDIR, "cannot write %s", path);
	}
	/* The temporary must be in the target's directory: rename(2) is
	 * atomic only within one file system.  The leading dot keeps it out
	 * of globs and directory walks. */
	n = dirlen + strlen(base) + sizeof(".") + sizeof(".tmpXXXXXX");
	af->tmp = malloc(n);
	if (af->path == NULL || af->tmp == NULL) {
		af_free(af);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	snprintf(af->tmp, n, "%.*s.%s.tmpXXXXXX", (int)dirlen, path, base);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		e = errno;
		af_free(af);
		return ck_error_set(err, e, "cannot create a temporary file "
				    "for %s", path);
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 || fchmod(fd, mode) < 0 ||
	    (af->fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(af->tmp);
		af_free(af);
		return ck_error_set(err, e, "cannot create a temporary file "
				    "for %s", path);
	}
	return 0;
}

void
ck_atomic_abort(struct ck_atomic_file *af)
{
	if (af->fp != NULL)
		fclose(af->fp);
	if (af->tmp != NULL)
		unlink(af->tmp);
	af_free(af);
}

int
ck_atomic_commit(struct ck_atomic_file *af, struct ck_error *err)
{
	int e, rc;

	if (af->fp == NULL)
		return ck_error_set(err, EINVAL, "no file open to commit");
	/* fsync before rename: otherwise a crash may leave the new name
	 * pointing at an empty file (the ext4 zero-length file problem). */
	if (fflush(af->fp) != 0 || ferror(af->fp) ||
	    fsync(fileno(af->fp)) < 0) {
		e = errno;
		rc = ck_error_set(err, e, "cannot write %s", af->path);
		ck_atomic_abort(af);
		return rc;
	}
	rc = fclose(af->fp);
	af->fp = NULL;
	if (rc != 0) {
		e = errno;
		rc = ck_error_set(err, e, "cannot write %s", af->path);
		ck_atomic_abort(af);
		return rc;
	}
	if (rename(af->tmp, af->path) < 0) {
		e = errno;
		rc = ck_error_set(err, e, "cannot rename over %s", af->path);
		ck_atomic_abort(af);
		return rc;
	}
	rc = ck_fsync_parent(af->path, err);
	af_free(af);
	return rc;
}

int
ck_atomic_write(const char *path, const void *p, size_t n, mode_t mode,
		struct ck_error *err)
{
	struct ck_atomic_file af;
	int e;

	if (ck_atomic_open(&af, path, mode, err) < 0)
		return -1;
	if (n > 0 && fwrite(p, 1, n, af.fp) != n) {
		e = errno;
		ck_atomic_abort(&af);
		return ck_error_set(err, e, "cannot write %s", path);
	}
	return ck_atomic_commit(&af, err);
}

int
ck_lock_acquire(struct ck_lock *lk, const char *lockpath, int wait,
		struct ck_error *err)
{
	struct flock fl;
	int fd, rc, e;

	lk->fd = -1;
	lk->path = strdup(lockpath);
	if (lk->path == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		e = errno;
		free(lk->path);
		lk->path = NULL;
		return ck_error_set(err, e, "cannot open lock %s", lockpath);
	}
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	/* Open-file-description locks (Linux 3.15+) exclude other threads
	 * of this process too, and closing another descriptor of the same
	 * file does not drop them, unlike classic POSIX record locks. */
#ifdef F_OFD_SETLKW
	do
		rc = fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
	while (rc < 0 && errno == EINTR);
	if (rc < 0 && errno == EINVAL) {
#endif
		do
			rc = fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl);
		while (rc < 0 && errno == EINTR);
#ifdef F_OFD_SETLKW
	}
#endif
	if (rc < 0) {
		e = errno;
		close(fd);
		free(lk->path);
		lk->path = NULL;
		if (e == EAGAIN || e == EACCES)
			return ck_error_set(err, e, "%s is locked by another "
					    "process", lockpath);
		return ck_error_set(err, e, "cannot lock %s", lockpath);
	}
	lk->fd = fd;
	return 0;
}

void
ck_lock_release(struct ck_lock *lk)
{
	/* Closing the descriptor releases the lock.  The lock file stays:
	 * unlinking it would let a waiter hold a lock on a dead inode while
	 * a newcomer locks a fresh file. */
	if (lk->fd >= 0)
		close(lk->fd);
	lk->fd = -1;
	free(lk->path);
	lk->path = NULL;
}

int
ck_read_file(const char *path, size_t max, char **out, size_t *len,
	     struct ck_error *err)
{
	struct stat st;
	char *buf = NULL, *nb;
	size_t cap, n = 0;
	ssize_t r;
	int fd, e;

	*out = NULL;
	if (len != NULL)
		*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return ck_error_set(err, errno, "cannot open %s", path);
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return ck_error_set(err, e, "cannot stat %s", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return ck_error_set(err, S_ISDIR(st.st_mode) ? EISDIR : 0,
				    "%s: not a regular file", path);
	}
	if ((uintmax_t)st.st_size > (uintmax_t)max) {
		close(fd);
		return ck_error_set(err, EFBIG, "%s: larger than %zu bytes",
				    path, max);
	}
	cap = (size_t)st.st_size + 1;
	for (;;) {
		if (buf == NULL || n + 1 >= cap) {
			if (buf != NULL)
				cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				close(fd);
				return ck_error_set(err, ENOMEM,
						    "out of memory");
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			free(buf);
			close(fd);
			return ck_error_set(err, e, "cannot read %s", path);
		}
		if (r == 0)
			break;
		n += (size_t)r;
		/* The file may grow while we read it. */
		if (n > max) {
			free(buf);
			close(fd);
			return ck_error_set(err, EFBIG, "%s: larger than %zu "
					    "bytes", path, max);
		}
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	if (len != NULL)
		*len = n;
	return 0;
}

int
ck_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = ENOSPC;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
ck_mkdir(const char *path, struct ck_error *err)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return ck_error_set(err, errno, "cannot create %s", path);
	return 0;
}
