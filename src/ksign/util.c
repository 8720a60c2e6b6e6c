/* util.c -- passphrases, unlocking the key, hashing files, .ksig files. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/jsonl.h"
#include "common/walk.h"
#include "ksign/ksign.h"

#define KSIG_MAX (256u * 1024 * 1024)
#define READ_CHUNK (1u << 20)

char *
ks_path_cat(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *p = malloc(n);

	if (p == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	snprintf(p, n, "%s%s", path, suffix);
	return p;
}

static int
walk_err(const struct ck_error *err, void *arg)
{
	ck_warn_error(err);
	*(int *)arg = -1;
	return 0;
}

static int
is_ksig(const char *p)
{
	size_t n = strlen(p);

	return n > 5 && strcmp(p + n - 5, ".ksig") == 0;
}

static void
push(char ***v, size_t *n, char *p)
{
	char **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (nv == NULL || p == NULL)
		ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
	*v = nv;
	nv[(*n)++] = p;
}

int
ks_expand(struct ks_ctx *c, char ***paths, size_t *n)
{
	struct ck_walk_opts wo;
	int rc = 0;

	*paths = NULL;
	*n = 0;
	ck_walk_opts_default(&wo);
	wo.archives = 0;
	wo.decompress = 0;
	for (int i = 0; i < c->argc; i++) {
		struct stat st;
		struct ck_walk_list l = { NULL, 0 };
		const char *one = c->argv[i];

		if (stat(one, &st) < 0 || !S_ISDIR(st.st_mode)) {
			push(paths, n, strdup(one));
			continue;
		}
		if (ck_walk_expand(&one, 1, &wo, &l, walk_err, &rc) < 0)
			rc = -1;
		for (size_t j = 0; j < l.n; j++)
			if (!is_ksig(l.paths[j]))
				push(paths, n, strdup(l.paths[j]));
		ck_walk_list_free(&l);
	}
	return rc;
}

void
ks_expand_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int
ks_get_passphrase(struct ks_ctx *c, struct ck_cred *cred, int confirm)
{
	struct ck_error err;
	const char *env = getenv(KS_PASS_ENV);
	int rc;

	if (c->passfile != NULL)
		rc = ck_cred_passphrase_file(cred, c->passfile, &err);
	else if (env != NULL && *env != '\0')
		rc = ck_cred_passphrase(cred, env, strlen(env), &err);
	else if ((rc = ck_cred_prompt(cred, "Passphrase: ", confirm,
				      &err)) < 0) {
		char why[sizeof err.msg];

		snprintf(why, sizeof why, "%s", err.msg);
		ck_error_set(&err, 0, "no passphrase: give --passphrase-file "
			     "or set " KS_PASS_ENV " (%s)", why);
	}
	if (rc < 0) {
		ck_warn_error(&err);
		return -1;
	}
	return 0;
}

int
ks_unlock_key(struct ks_ctx *c, struct ck_key *k)
{
	struct ck_cred cred = { CK_CRED_PASSPHRASE, NULL, 0 };
	struct ck_error err;
	int rc;

	/* the file first: a missing or world-readable key fails before a
	 * passphrase is asked for */
	if (ck_key_load_secret(k, c->key_path, NULL, &err) < 0) {
		ck_warn_error(&err);
		return -1;
	}
	if (!k->sealed) {
		ck_key_clear(k);
		ck_warn("%s: the secret key is not protected by a passphrase "
			"(Part 11 needs two components: make it with ksign "
			"keygen)", c->key_path);
		return -1;
	}
	if (!k->signer_id[0] || !k->signer_name[0]) {
		ck_key_clear(k);
		ck_warn("%s: the key names no signer (signer-id, signer-name)",
			c->key_path);
		return -1;
	}
	ck_key_clear(k);
	if (ks_get_passphrase(c, &cred, 0) < 0)
		return -1;
	rc = ck_key_load_secret(k, c->key_path, &cred, &err);
	ck_cred_release(&cred);
	if (rc < 0)
		ck_warn_error(&err);
	return rc;
}

/* A large file is hashed where it lies in the page cache, through
 * mmap, a window at a time: read() would first copy every byte into a
 * buffer, and at SHA-256's speed that copy is about a third of the CPU
 * time.  A file cut short under us raises SIGBUS on the pages past its
 * new end: the handler jumps back and the file is reported unreadable,
 * rather than the process dying. */
#define MAP_MIN (8u << 20)	/* smaller files: read() */
#define MAP_WINDOW (64u << 20)

static _Thread_local sigjmp_buf *bus_jmp;
static pthread_once_t bus_once = PTHREAD_ONCE_INIT;
static int bus_ok;

static void
on_sigbus(int sig)
{
	if (bus_jmp != NULL)
		siglongjmp(*bus_jmp, 1);
	/* not ours: the default action when the access is retried */
	signal(sig, SIG_DFL);
}

static void
bus_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	bus_ok = sigaction(SIGBUS, &sa, NULL) == 0;
}

/* Hashes [0, size) of fd through windows of mmap.  0; 1 when mmap is
 * refused (the caller reads instead, from the start); -1 with err. */
static int
hash_mapped(int fd, off_t size, struct ck_sha256 *h, const char *path,
	    struct ck_error *err)
{
	sigjmp_buf jb;
	unsigned char *volatile map = NULL;
	volatile size_t len = 0;
	volatile off_t off = 0;

	if (pthread_once(&bus_once, bus_install) != 0 || !bus_ok)
		return 1;
	if (sigsetjmp(jb, 1) != 0) {
		bus_jmp = NULL;
		if (map != NULL)
			munmap(map, len);
		return ck_error_set(err, 0, "cannot read %s (cut short "
				    "while it was read)", path);
	}
	for (off = 0; off < size; off += (off_t)len) {
		len = size - off < (off_t)MAP_WINDOW ? (size_t)(size - off)
						      : MAP_WINDOW;
		map = mmap(NULL, len, PROT_READ, MAP_SHARED | MAP_POPULATE,
			   fd, off);
		if (map == MAP_FAILED) {
			map = NULL;
			if (off == 0)
				return 1;
			return ck_error_set(err, errno, "cannot read %s",
					    path);
		}
		bus_jmp = &jb;
		ck_sha256_update(h, map, len);
		bus_jmp = NULL;
		munmap(map, len);
		map = NULL;
	}
	return 0;
}

int
ks_hash_file(const char *path, unsigned char out[CK_SHA256_LEN],
	     struct ck_error *err)
{
	unsigned char small[64 * 1024], *buf = small;
	size_t cap = sizeof small;
	struct ck_sha256 *h = NULL;
	struct stat st;
	int fd, rc = -1, mapped = 0;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ck_error_set(err, errno, "cannot open %s", path);
	if (fstat(fd, &st) < 0) {
		ck_error_set(err, errno, "cannot stat %s", path);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		ck_error_set(err, EISDIR, "cannot read %s", path);
		goto out;
	}
	if ((h = ck_sha256_new()) == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (S_ISREG(st.st_mode) && st.st_size >= (off_t)MAP_MIN) {
		int m = hash_mapped(fd, st.st_size, h, path, err);

		if (m < 0)
			goto out;
		/* what was appended since fstat is read as read() would */
		if (m == 0 && lseek(fd, st.st_size, SEEK_SET) < 0) {
			ck_error_set(err, errno, "cannot read %s", path);
			goto out;
		}
		mapped = m == 0;
		if (m == 1 && ck_sha256_reset(h) < 0) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
	}
	/* large reads for large files: SHA-256 runs at memory speed */
	if (!mapped && st.st_size > (off_t)sizeof small &&
	    (buf = malloc(READ_CHUNK)))
		cap = READ_CHUNK;
	else
		buf = small;
#ifdef POSIX_FADV_SEQUENTIAL
	if (cap == READ_CHUNK)
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	while ((n = read(fd, buf, cap)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ck_error_set(err, errno, "cannot read %s", path);
			goto out;
		}
		ck_sha256_update(h, buf, (size_t)n);
	}
	ck_sha256_final(h, out);
	rc = 0;
out:
	if (buf != small)
		free(buf);
	ck_sha256_free(h);
	close(fd);
	return rc;
}

int
ks_append_line(const char *path, const char *line, size_t len, int sync,
	       struct ck_error *err)
{
	struct stat st;
	int fd, created, rc = -1;

	/* only a durable append needs to know (to fsync the directory) */
	created = sync && lstat(path, &st) < 0;
	fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return ck_error_set(err, errno, "cannot open %s", path);
	/* countersigners append to the same file: one writer at a time */
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			ck_error_set(err, errno, "cannot lock %s", path);
			goto out;
		}
	if (fstat(fd, &st) < 0) {
		ck_error_set(err, errno, "cannot stat %s", path);
		goto out;
	}
	if (st.st_size > 0) {
		char last;
		off_t keep = st.st_size;

		if (pread(fd, &last, 1, st.st_size - 1) != 1) {
			ck_error_set(err, errno, "cannot read %s", path);
			goto out;
		}
		/* a writer killed mid-line left a torn tail: cut it */
		while (last != '\n' && keep > 0) {
			keep--;
			if (keep == 0 || (pread(fd, &last, 1, keep - 1) == 1 &&
					  last == '\n'))
				break;
		}
		if (keep != st.st_size && ftruncate(fd, keep) < 0) {
			ck_error_set(err, errno, "cannot repair %s", path);
			goto out;
		}
	}
	if (ck_write_all(fd, line, len) < 0) {
		ck_error_set(err, errno, "cannot write %s", path);
		goto out;
	}
	if (sync && (fdatasync(fd) < 0 ||
		     (created && ck_fsync_parent(path, err) < 0))) {
		if (errno)
			ck_error_set(err, errno, "cannot sync %s", path);
		goto out;
	}
	rc = 0;
out:
	close(fd);		/* releases the lock */
	return rc;
}

int
ks_sync_fs(const char *path, struct ck_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return ck_error_set(err, errno, "cannot open %s", path);
	if (syncfs(fd) < 0)
		rc = ck_error_set(err, errno, "cannot sync %s", path);
	close(fd);
	return rc;
}

int
ks_no_fast_path(void)
{
	const char *v = getenv("KSIGN_NO_FAST_PATH");

	return v != NULL && *v != '\0';
}

int
ks_each_record(struct ks_ctx *c, ks_line_fn fast, ks_record_fn fn, void *arg)
{
	int n = c->argc > 0 ? c->argc : 1, rc = CK_EXIT_OK;

	for (int i = 0; i < n && rc >= 0; i++) {
		const char *path = c->argc > 0 ? c->argv[i] : "-";
		int is_stdin = strcmp(path, "-") == 0;
		const char *name = is_stdin ? "<stdin>" : path;
		FILE *fp = is_stdin ? stdin : fopen(path, "r");
		struct ck_jsonl_reader *r;
		struct ck_error err;
		json_t *rec;
		const char *raw;
		size_t rawlen;
		int got, one;

		if (fp == NULL) {
			ck_warn_errno(errno, "cannot open %s", name);
			rc = CK_EXIT_TROUBLE;
			continue;
		}
		if ((r = ck_jsonl_reader_new(fp, path, 0)) == NULL)
			ck_die(CK_EXIT_TROUBLE, ENOMEM, "out of memory");
		/* ck_jsonl_read in its two halves, the fast path between */
		while (rc >= 0 &&
		       (got = ck_jsonl_read_line(r, &raw, &rawlen, &err)) != 0) {
			one = got < 0 || fast == NULL ? KS_NOT_SURE :
			      fast(c, name, ck_jsonl_lineno(r), raw, rawlen,
				   arg);
			if (one == KS_NOT_SURE) {
				if (got < 0 ||
				    ck_jsonl_parse_line(r, &rec, &err) < 0) {
					/* CONTRACT: no half-written record;
					 * exit 2 */
					ck_warn_error(&err);
					rc = CK_EXIT_TROUBLE;
					continue;
				}
				one = fn(c, rec, name, ck_jsonl_lineno(r), raw,
					 rawlen, arg);
				json_decref(rec);
			}
			rc = one < 0 ? -1 : one > rc ? one : rc;
		}
		ck_jsonl_reader_free(r);
		if (fp != stdin)
			fclose(fp);
	}
	return rc < 0 ? CK_EXIT_TROUBLE : rc;
}

void
ks_sigfile_release(struct ks_sigfile *f)
{
	for (size_t i = 0; i < f->n; i++)
		ks_sig_release(&f->v[i]);
	free(f->v);
	free(f->line);
	memset(f, 0, sizeof *f);
}

int
ks_sigfile_load(const char *path, struct ks_sigfile *f, struct ck_error *err)
{
	char *text, *p, *end;
	size_t len;
	unsigned long lineno = 0;
	int rc = -1;

	memset(f, 0, sizeof *f);
	if (ck_read_file(path, KSIG_MAX, &text, &len, err) < 0)
		return -1;
	p = text;
	end = text + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct ks_sig *v;
		unsigned long *ln;

		lineno++;
		if (nl == NULL) {
			ck_warn("%s:%lu: incomplete last line (an interrupted "
				"signing) ignored", path, lineno);
			break;
		}
		if (l > 0 && p[l - 1] == '\r')
			l--;
		if (l == 0) {
			p = nl + 1;
			continue;
		}
		v = realloc(f->v, (f->n + 1) * sizeof *v);
		if (v != NULL)
			f->v = v;
		ln = realloc(f->line, (f->n + 1) * sizeof *ln);
		if (ln != NULL)
			f->line = ln;
		if (v == NULL || ln == NULL) {
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		if (ks_sig_parse(&f->v[f->n], p, l, err) < 0) {
			ck_error_prefix(err, "%s:%lu", path, lineno);
			goto out;
		}
		f->line[f->n++] = lineno;
		p = nl + 1;
	}
	rc = 0;
out:
	free(text);
	if (rc < 0)
		ks_sigfile_release(f);
	return rc;
}

void
ks_time_human(const struct ck_time *t, int local, char *buf, size_t n)
{
	time_t s = (time_t)t->sec;
	struct tm tm;

	if (local)
		localtime_r(&s, &tm);
	else
		gmtime_r(&s, &tm);
	strftime(buf, n, local ? "%Y-%m-%d %H:%M:%S %Z" :
		 "%Y-%m-%d %H:%M:%S UTC", &tm);
}
