/* test_atomic.c -- crash-safe writes, directory syncs, removing a
 * staging tree, locks, whole-file reads. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/atomic.h"

struct fx {
	char dir[256];
	char path[300];
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("TMPDIR");

	if (fx == NULL)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "%s/ck-atomic-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof(fx->path), "%s/target", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

/* Number of entries in dir other than . and .. */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void
expect_content(const char *path, const char *want)
{
	struct ck_error err;
	char *buf;
	size_t len;

	if (ck_read_file(path, 1 << 20, &buf, &len, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(len, strlen(want));
	assert_string_equal(buf, want);
	free(buf);
}

static void
test_write_replace(void **state)
{
	struct fx *fx = *state;
	struct ck_error err;
	struct stat st;

	assert_int_equal(ck_atomic_write(fx->path, "one\n", 4, 0600, &err), 0);
	expect_content(fx->path, "one\n");
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(ck_atomic_write(fx->path, "two, longer\n", 12, 0644,
					 &err), 0);
	expect_content(fx->path, "two, longer\n");
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	/* No temporary left behind. */
	assert_int_equal(count_entries(fx->dir), 1);
	/* Empty content is a valid content. */
	assert_int_equal(ck_atomic_write(fx->path, NULL, 0, 0600, &err), 0);
	expect_content(fx->path, "");
}

static void
test_open_commit_stream(void **state)
{
	struct fx *fx = *state;
	struct ck_atomic_file af;
	struct ck_error err;
	const char *slash;
	int i;

	assert_int_equal(ck_atomic_write(fx->path, "old", 3, 0600, &err), 0);
	assert_int_equal(ck_atomic_open(&af, fx->path, 0600, &err), 0);
	/* The temporary is hidden, beside the target, named after it. */
	slash = strrchr(af.tmp, '/');
	assert_non_null(slash);
	assert_int_equal(strncmp(af.tmp, fx->dir, strlen(fx->dir)), 0);
	assert_int_equal(strncmp(slash, "/.target.tmp", 12), 0);
	for (i = 0; i < 1000; i++)
		fprintf(af.fp, "line %d\n", i);
	/* Until commit, readers see the old content. */
	expect_content(fx->path, "old");
	assert_int_equal(count_entries(fx->dir), 2);
	assert_int_equal(ck_atomic_commit(&af, &err), 0);
	assert_null(af.tmp);
	/* A second commit is refused, not a crash. */
	assert_int_equal(ck_atomic_commit(&af, &err), -1);
	ck_atomic_abort(&af);
	assert_int_equal(count_entries(fx->dir), 1);
	{
		char *buf;
		size_t len;

		assert_int_equal(ck_read_file(fx->path, 1 << 20, &buf, &len,
					      &err), 0);
		assert_non_null(strstr(buf, "line 999\n"));
		free(buf);
	}
}

static void
test_abort(void **state)
{
	struct fx *fx = *state;
	struct ck_atomic_file af;
	struct ck_error err;

	assert_int_equal(ck_atomic_write(fx->path, "keep", 4, 0600, &err), 0);
	assert_int_equal(ck_atomic_open(&af, fx->path, 0600, &err), 0);
	fputs("discard", af.fp);
	ck_atomic_abort(&af);
	expect_content(fx->path, "keep");
	assert_int_equal(count_entries(fx->dir), 1);
}

static void
test_failures(void **state)
{
	struct fx *fx = *state;
	struct ck_atomic_file af;
	struct ck_error err;
	char path[400], sub[400];

	/* Missing directory. */
	snprintf(path, sizeof(path), "%s/nope/file", fx->dir);
	assert_int_equal(ck_atomic_write(path, "x", 1, 0600, &err), -1);
	assert_int_equal(err.errnum, ENOENT);
	assert_non_null(strstr(err.msg, "cannot create a temporary file for"));
	/* A trailing slash names no file. */
	snprintf(path, sizeof(path), "%s/", fx->dir);
	assert_int_equal(ck_atomic_open(&af, path, 0600, &err), -1);
	/* rename over a non-empty directory fails: the temporary goes, the
	 * directory stays. */
	snprintf(path, sizeof(path), "%s/d", fx->dir);
	snprintf(sub, sizeof(sub), "%s/d/inner", fx->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(ck_atomic_write(path, "x", 1, 0600, &err), -1);
	assert_non_null(strstr(err.msg, "cannot rename over"));
	assert_int_equal(count_entries(fx->dir), 1);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(rmdir(path), 0);
}

/* A write that fails half-way (file size limit, as a full disk would):
 * the target keeps its old content and no temporary is left. */
static void
test_write_fails(void **state)
{
	struct fx *fx = *state;
	struct ck_error err;
	static char big[100000];
	pid_t pid;
	int status;

	assert_int_equal(ck_atomic_write(fx->path, "old", 3, 0600, &err), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { 10000, 10000 };

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(3);
		if (ck_atomic_write(fx->path, big, sizeof(big), 0600,
				    &err) == 0)
			_exit(4);
		_exit(strstr(err.msg, "cannot write ") && err.errnum == EFBIG ?
		      0 : 5);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	expect_content(fx->path, "old");
	assert_int_equal(count_entries(fx->dir), 1);
}

/* ck_write_all: a pipe takes a large buffer in short writes while a child
 * drains it; a closed reader and a bad descriptor fail with errno. */
static void
test_write_all(void **state)
{
	static char big[300000];
	void (*old)(int);
	size_t i, got = 0;
	ssize_t r;
	char buf[4096];
	int pfd[2], status;
	pid_t pid;

	(void)state;
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + i / 251);
	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		_exit(ck_write_all(pfd[1], big, sizeof(big)) == 0 ? 0 : 1);
	}
	close(pfd[1]);
	while ((r = read(pfd[0], buf, sizeof(buf))) > 0) {
		assert_true(got + (size_t)r <= sizeof(big));
		assert_memory_equal(buf, big + got, (size_t)r);
		got += (size_t)r;
	}
	close(pfd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(got, sizeof(big));

	assert_int_equal(ck_write_all(pfd[0], "", 0), 0);
	assert_int_equal(pipe(pfd), 0);
	close(pfd[0]);
	old = signal(SIGPIPE, SIG_IGN);
	errno = 0;
	assert_int_equal(ck_write_all(pfd[1], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	signal(SIGPIPE, old);
	close(pfd[1]);
	errno = 0;
	assert_int_equal(ck_write_all(-1, "x", 1), -1);
	assert_int_equal(errno, EBADF);
}

/* ck_mkdir: new, again (existing is fine), and a missing parent. */
static void
test_mkdir(void **state)
{
	struct fx *fx = *state;
	struct ck_error err;
	struct stat st;
	char sub[400];

	snprintf(sub, sizeof sub, "%s/d", fx->dir);
	assert_int_equal(ck_mkdir(sub, &err), 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(ck_mkdir(sub, &err), 0);
	snprintf(sub, sizeof sub, "%s/no/d", fx->dir);
	ck_error_clear(&err);
	assert_int_equal(ck_mkdir(sub, &err), -1);
	assert_int_equal(err.errnum, ENOENT);
	assert_non_null(strstr(err.msg, "cannot create "));
	assert_non_null(strstr(err.msg, "/no/d"));
	assert_int_equal(count_entries(fx->dir), 1);
}

static void
test_relative_path(void **state)
{
	struct fx *fx = *state;
	struct ck_error err;
	char cwd[4096];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(fx->dir), 0);
	assert_int_equal(ck_atomic_write("rel.txt", "r", 1, 0600, &err), 0);
	assert_int_equal(ck_fsync_parent("rel.txt", &err), 0);
	expect_content("rel.txt", "r");
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(count_entries(fx->dir), 1);
}

static void
test_read_file(void **state)
{
	struct fx *fx = *state;
	struct ck_error err;
	char *buf;
	size_t len;

	assert_int_equal(ck_atomic_write(fx->path, "0123456789", 10, 0600,
					 &err), 0);
	assert_int_equal(ck_read_file(fx->path, 10, &buf, &len, &err), 0);
	assert_int_equal(len, 10);
	assert_int_equal(buf[10], '\0');
	free(buf);
	assert_int_equal(ck_read_file(fx->path, 9, &buf, &len, &err), -1);
	assert_null(buf);
	assert_int_equal(err.errnum, EFBIG);
	assert_non_null(strstr(err.msg, "larger than 9 bytes"));
	assert_int_equal(ck_read_file(fx->dir, 100, &buf, &len, &err), -1);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(unlink(fx->path), 0);
	assert_int_equal(ck_read_file(fx->path, 100, &buf, &len, &err), -1);
	assert_int_equal(err.errnum, ENOENT);
	assert_non_null(strstr(err.msg, "cannot open "));
	/* Empty file: a valid, NUL-terminated empty buffer. */
	assert_int_equal(ck_atomic_write(fx->path, "", 0, 0600, &err), 0);
	assert_int_equal(ck_read_file(fx->path, 0, &buf, &len, &err), 0);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
}

static void
test_lock(void **state)
{
	struct fx *fx = *state;
	struct ck_lock a, b;
	struct ck_error err;
	char lockpath[400];
	struct stat st;
	pid_t pid;
	int status;

	snprintf(lockpath, sizeof(lockpath), "%s/target.lock", fx->dir);
	assert_int_equal(ck_lock_acquire(&a, lockpath, 0, &err), 0);
	assert_int_equal(stat(lockpath, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* Another process cannot take it. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ck_lock c;

		if (ck_lock_acquire(&c, lockpath, 0, &err) == 0)
			_exit(3);
		_exit(strstr(err.msg, "is locked by another process") ? 0 : 4);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* Nor another open of it in this process (open-file locks). */
	assert_int_equal(ck_lock_acquire(&b, lockpath, 0, &err), -1);
	assert_non_null(strstr(err.msg, "is locked by another process"));
	ck_lock_release(&a);
	assert_int_equal(ck_lock_acquire(&b, lockpath, 0, &err), 0);
	ck_lock_release(&b);
	/* A waiter gets it once the holder lets go. */
	assert_int_equal(ck_lock_acquire(&a, lockpath, 1, &err), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ck_lock c;

		/* The lock belongs to the open file, which fork shares:
		 * the child must drop its copy for the parent's release to
		 * count. */
		close(a.fd);
		if (ck_lock_acquire(&c, lockpath, 1, &err) < 0)
			_exit(5);
		ck_lock_release(&c);
		_exit(0);
	}
	usleep(100 * 1000);
	assert_int_equal(waitpid(pid, &status, WNOHANG), 0);
	ck_lock_release(&a);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* A lock in a missing directory. */
	snprintf(lockpath, sizeof(lockpath), "%s/no/x.lock", fx->dir);
	assert_int_equal(ck_lock_acquire(&a, lockpath, 0, &err), -1);
	assert_int_equal(err.errnum, ENOENT);
	assert_int_equal(a.fd, -1);
}

/* ck_rm_tree removes files, directories and links below a staging tree,
 * but never follows a link out of it; ck_fsync_dir syncs a directory and
 * names one it cannot open. */
static void
test_rm_tree_fsync_dir(void **state)
{
	struct fx *fx = *state;
	struct ck_error err;
	char p[400], keep[420], outside[300];
	struct stat st;

	snprintf(outside, sizeof outside, "%s/outside", fx->dir);
	assert_int_equal(mkdir(outside, 0755), 0);
	snprintf(keep, sizeof keep, "%s/keep.txt", outside);
	assert_int_equal(ck_atomic_write(keep, "k", 1, 0644, &err), 0);

	snprintf(p, sizeof p, "%s/stage", fx->dir);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(ck_fsync_dir(p, &err), 0);
	snprintf(p, sizeof p, "%s/stage/a", fx->dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/stage/a/b", fx->dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/stage/a/b/c", fx->dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/stage/a/b/c/f", fx->dir);
	assert_int_equal(ck_atomic_write(p, "x", 1, 0400, &err), 0);
	snprintf(p, sizeof p, "%s/stage/a/link", fx->dir);
	assert_int_equal(symlink(outside, p), 0);
	snprintf(p, sizeof p, "%s/stage", fx->dir);
	ck_rm_tree(p);
	assert_int_equal(lstat(p, &st), -1);
	assert_int_equal(errno, ENOENT);
	/* the link's target is untouched */
	expect_content(keep, "k");
	/* a plain file, and a path that is not there */
	ck_rm_tree(keep);
	assert_int_equal(lstat(keep, &st), -1);
	ck_rm_tree(keep);
	assert_int_equal(ck_fsync_dir(outside, &err), 0);
	ck_error_clear(&err);
	assert_int_equal(ck_fsync_dir(keep, &err), -1);
	assert_int_equal(err.errnum, ENOENT);
	assert_non_null(strstr(err.msg, "cannot open directory"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_replace, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_commit_stream, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_write_fails, setup,
						teardown),
		cmocka_unit_test(test_write_all),
		cmocka_unit_test_setup_teardown(test_mkdir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_path, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_read_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rm_tree_fsync_dir, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("atomic", tests, NULL, NULL);
}
