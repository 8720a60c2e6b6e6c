/* scan.c -- walking a log from its start, checking every link of the
 * hash chain and growing the Merkle tree as it goes (verify, checkpoint,
 * prove, the index and retention all read the log through here). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auditlog/auditlog.h"
#include "common/atomic.h"
#include "common/b64.h"
#include "common/hash.h"
#include "common/progress.h"

void
anchor_release(struct anchor *an)
{
	json_decref(an->json);
	memset(an, 0, sizeof *an);
}

/* anchor.json, written by prune: {"seq":P,"hash":HEX,"tree":[B64...]},
 * the state of the log just after event P, whose segments are gone. */
int
anchor_load(const char *dir, struct anchor *an, struct ck_error *err)
{
	char *path = ck_audit_path(dir, "anchor.json");
	json_error_t jerr;
	json_t *tree, *v;
	const char *h;
	size_t i;
	uint64_t bits;
	unsigned pc = 0;

	memset(an, 0, sizeof *an);
	if (path == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (access(path, F_OK) < 0) {
		free(path);
		return 0;
	}
	an->json = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (an->json == NULL ||
	    json_unpack(an->json, "{s:I, s:s, s:o}", "seq", &(json_int_t){0},
			"hash", &h, "tree", &tree) < 0) {
		ck_error_set(err, 0, "%s: not an anchor", path);
		goto fail;
	}
	an->seq = (uint64_t)json_integer_value(json_object_get(an->json,
							       "seq"));
	if (ck_hex_decode(h, strlen(h), an->hash, 32) < 0 || strlen(h) != 64 ||
	    !json_is_array(tree) || an->seq == 0) {
		ck_error_set(err, 0, "%s: not an anchor", path);
		goto fail;
	}
	for (bits = an->seq; bits; bits &= bits - 1)
		pc++;
	if (json_array_size(tree) != pc) {
		ck_error_set(err, 0, "%s: tree does not match its size", path);
		goto fail;
	}
	ck_merkle_frontier_init(&an->tree);
	an->tree.size = an->seq;
	an->tree.count = pc;
	json_array_foreach(tree, i, v) {
		const char *s = json_string_value(v);

		if (s == NULL || ck_b64_decode(s, strlen(s), an->tree.node[i],
					       32) != 32) {
			ck_error_set(err, 0, "%s: bad tree hash", path);
			goto fail;
		}
	}
	an->present = 1;
	free(path);
	return 0;
fail:
	free(path);
	anchor_release(an);
	return -1;
}

static void
fail_at(struct scan_fail *f, const char *seg, uint64_t seq, off_t off,
	const char *msg)
{
	f->failed = 1;
	snprintf(f->seg, sizeof f->seg, "%s", seg);
	f->seq = seq;
	f->off = off;
	snprintf(f->msg, sizeof f->msg, "%s", msg);
}

/* Lines are checked in batches.  The costly half of each check (the
 * canonical scan and both of the line's hashes) needs no other line, so
 * worker threads do it for batches ahead while this thread splits the
 * segments into lines ahead of them and then takes the batches in order
 * for what does (seq, the link to the line before, the tree, the
 * callback).  Results and the first failure named are those of one
 * thread: batches are consumed in order and the producer's own findings
 * (a segment that starts at the wrong seq, a torn line, a segment that
 * cannot be read) wait in the queue behind the lines before them.
 *
 * Closed segments are mapped, not read: no copy, no fresh pages to fault
 * in and zero.  The last (active) segment is read as before, since a
 * writer may cut it back (a failed write, recover) while we look. */
#define BATCH 1024
#define MAX_THREADS 64
/* ck_audit_seg_read's own bound: larger segments take its path and its
 * error. */
#define SEG_MAP_MAX ((uintmax_t)4 << 30)

enum { MARK_NONE, MARK_FAIL, MARK_TROUBLE };

struct batch {
	size_t seg;		/* index of its segment */
	const char *data;	/* that segment's bytes */
	size_t n;		/* lines in this batch */
	int done;		/* lines checked (under the pool's lock) */
	/* What the producer found after these lines. */
	int mark;
	off_t mark_off;
	char mark_msg[200];
	struct ck_error mark_err;
	size_t start[BATCH], len[BATCH];
	struct ck_audit_line l[BATCH];
	int fast[BATCH];
	ck_mhash leaf[BATCH];
};

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct batch **ring;
	size_t nring;
	/* batch numbers: [head, tail) queued, [take, tail) not yet taken */
	size_t head, take, tail;
	int quit;
	int nworkers;
	pthread_t tid[MAX_THREADS];
};

static int scan_threads;	/* 0: $COMPLYKIT_THREADS, else the cores */

void
scan_set_threads(int n)
{
	scan_threads = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : n;
}

int
scan_get_threads(void)
{
	long n;

	if (scan_threads > 0)
		return scan_threads;
	{
		const char *e = getenv("COMPLYKIT_THREADS");

		n = e != NULL && *e != '\0' ? atol(e)
					    : sysconf(_SC_NPROCESSORS_ONLN);
	}
	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

static void
check_lines(struct batch *b)
{
	size_t i;

	/* eight lines at a time: their sixteen hashes go together */
	for (i = 0; i < b->n; i += 8) {
		const char *lines[8];
		unsigned k, m = b->n - i < 8 ? (unsigned)(b->n - i) : 8;

		for (k = 0; k < m; k++)
			lines[k] = b->data + b->start[i + k];
		ck_audit_lines_read_leaf(lines, &b->len[i], m, &b->l[i],
					 &b->leaf[i], &b->fast[i]);
	}
}

static void *
worker(void *arg)
{
	struct pool *po = arg;

	pthread_mutex_lock(&po->mu);
	for (;;) {
		struct batch *b;

		while (!po->quit && po->take == po->tail)
			pthread_cond_wait(&po->work, &po->mu);
		if (po->quit)
			break;
		b = po->ring[po->take++ % po->nring];
		pthread_mutex_unlock(&po->mu);
		check_lines(b);
		pthread_mutex_lock(&po->mu);
		b->done = 1;
		pthread_cond_broadcast(&po->done);
	}
	pthread_mutex_unlock(&po->mu);
	return NULL;
}

/* Queues the batch just filled at the tail. */
static void
publish(struct pool *po)
{
	pthread_mutex_lock(&po->mu);
	po->tail++;
	pthread_cond_signal(&po->work);
	pthread_mutex_unlock(&po->mu);
}

/* Waits for the batch at the head, checking batches not yet taken
 * meanwhile rather than idling. */
static struct batch *
await_head(struct pool *po)
{
	struct batch *h = po->ring[po->head % po->nring];

	pthread_mutex_lock(&po->mu);
	while (!h->done) {
		if (po->take < po->tail) {
			struct batch *b = po->ring[po->take++ % po->nring];

			pthread_mutex_unlock(&po->mu);
			check_lines(b);
			pthread_mutex_lock(&po->mu);
			b->done = 1;
			pthread_cond_broadcast(&po->done);
		} else {
			pthread_cond_wait(&po->done, &po->mu);
		}
	}
	pthread_mutex_unlock(&po->mu);
	return h;
}

/* Drops the batches not yet taken and waits for the workers to finish
 * theirs: after this no thread reads any segment. */
static void
pool_stop(struct pool *po)
{
	int i;

	pthread_mutex_lock(&po->mu);
	po->tail = po->take;
	po->quit = 1;
	pthread_cond_broadcast(&po->work);
	pthread_mutex_unlock(&po->mu);
	for (i = 0; i < po->nworkers; i++)
		pthread_join(po->tid[i], NULL);
	po->nworkers = 0;
}

/* A segment's bytes, mapped (closed plain segments) or read. */
struct segbuf {
	char *data;
	size_t len;
	int mapped;
	int open;
};

/* A closed segment cut short by someone else while it is mapped makes
 * the next read of the lost pages raise SIGBUS: say so and exit 2
 * rather than die of the signal (only write(2) and _exit(2) here). */
static void
on_sigbus(int sig)
{
	static const char msg[] = ": a closed log segment shrank while it "
				  "was being read (it is being changed: the "
				  "log is not intact); nothing was concluded\n";
	size_t n = strlen(ck_progname);

	(void)sig;
	if (write(STDERR_FILENO, ck_progname, n) < 0 ||
	    write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
		_exit(CK_EXIT_TROUBLE);
	_exit(CK_EXIT_TROUBLE);
}

static void
catch_sigbus(void)
{
	static atomic_int done;
	struct sigaction sa;

	if (atomic_exchange(&done, 1))
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

static int
seg_open(const struct ck_audit_seg *s, int last, struct segbuf *sb,
	 struct ck_error *err)
{
	memset(sb, 0, sizeof *sb);
	if (!s->zst && !last) {
		int fd = open(s->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		struct stat st;

		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size > 0 && (uintmax_t)st.st_size <= SEG_MAP_MAX) {
			void *p = mmap(NULL, (size_t)st.st_size, PROT_READ,
				       MAP_PRIVATE, fd, 0);

			if (p != MAP_FAILED) {
				catch_sigbus();
				(void)madvise(p, (size_t)st.st_size,
					      MADV_SEQUENTIAL);
				(void)madvise(p, (size_t)st.st_size,
					      MADV_WILLNEED);
				close(fd);
				sb->data = p;
				sb->len = (size_t)st.st_size;
				sb->mapped = 1;
				sb->open = 1;
				return 0;
			}
		}
		if (fd >= 0)
			close(fd);
		/* anything odd: the plain read says what is wrong */
	}
	if (ck_audit_seg_read(s, &sb->data, &sb->len, err) < 0)
		return -1;
	sb->open = 1;
	return 0;
}

static void
seg_close(struct segbuf *sb)
{
	if (!sb->open)
		return;
	if (sb->mapped)
		munmap(sb->data, sb->len);
	else
		free(sb->data);
	memset(sb, 0, sizeof *sb);
}

/* The producer: where it is in the segments. */
struct producer {
	const struct ck_audit_seg *segs;
	struct segbuf *bufs;
	size_t nseg, k;		/* k: the segment being split */
	uint64_t seq;		/* the seq its next line should have */
	const char *p, *end;	/* the rest of segment k, when open */
	int active;		/* segment k is open */
	int over;		/* nothing more to queue */
};

/* Fills b with the next lines (or a finding); 0 when there is nothing
 * more to queue. */
static int
produce(struct producer *pr, struct batch *b)
{
	const char *nl = NULL;

	b->n = 0;
	b->done = 0;
	b->mark = MARK_NONE;
	while (!pr->active) {
		size_t k = pr->k;

		if (pr->over || k == pr->nseg) {
			pr->over = 1;
			return 0;
		}
		/* Segments wholly before the anchor (a prune that was cut
		 * short before it could delete them) are not the log. */
		if (k + 1 < pr->nseg && pr->segs[k + 1].first <= pr->seq &&
		    pr->segs[k].first < pr->seq) {
			pr->k++;
			continue;
		}
		b->seg = k;
		b->data = NULL;
		pr->over = 1;
		if (pr->segs[k].first != pr->seq) {
			snprintf(b->mark_msg, sizeof b->mark_msg,
				 "segment starts at seq %" PRIu64 " where %"
				 PRIu64 " was expected (segment removed or "
				 "renamed)", pr->segs[k].first, pr->seq);
			b->mark = MARK_FAIL;
			b->mark_off = 0;
			return 1;
		}
		ck_error_clear(&b->mark_err);
		if (seg_open(&pr->segs[k], k + 1 == pr->nseg, &pr->bufs[k],
			     &b->mark_err) < 0) {
			b->mark = MARK_TROUBLE;
			return 1;
		}
		pr->over = 0;
		pr->active = 1;
		pr->p = pr->bufs[k].data;
		pr->end = pr->p + pr->bufs[k].len;
		if (pr->p == pr->end) {		/* empty: nothing to queue */
			pr->active = 0;
			pr->k++;
		}
	}
	b->seg = pr->k;
	b->data = pr->bufs[pr->k].data;
	while (b->n < BATCH && pr->p < pr->end) {
		nl = memchr(pr->p, '\n', (size_t)(pr->end - pr->p));
		if (nl == NULL)
			break;
		b->start[b->n] = (size_t)(pr->p - b->data);
		b->len[b->n] = (size_t)(nl - pr->p);
		b->n++;
		pr->p = nl + 1;
	}
	pr->seq += b->n;
	if (pr->p < pr->end && nl == NULL) {
		snprintf(b->mark_msg, sizeof b->mark_msg, "%s",
			 pr->k + 1 == pr->nseg
				 ? "torn last line (a crash while writing?); "
				   "run 'auditlog recover'"
				 : "line without newline");
		b->mark = MARK_FAIL;
		b->mark_off = (off_t)(pr->p - b->data);
		pr->over = 1;
	} else if (pr->p == pr->end) {
		pr->active = 0;
		pr->k++;
	}
	return 1;
}

int
scan_log(const char *dir, const struct anchor *an,
	 int (*fn)(void *ctx, const struct scan_event *e,
		   struct ck_error *err),
	 void *ctx, struct scan_fail *fail, struct ck_error *err)
{
	return scan_log_tree(dir, an, fn, ctx, fail, NULL, err);
}

int
scan_log_tree(const char *dir, const struct anchor *an,
	      int (*fn)(void *ctx, const struct scan_event *e,
			struct ck_error *err),
	      void *ctx, struct scan_fail *fail,
	      struct ck_merkle_frontier *tree_out, struct ck_error *err)
{
	struct ck_audit_seg *segs = NULL;
	struct segbuf *bufs = NULL;
	struct ck_merkle_frontier tree;
	struct producer pr;
	struct pool po;
	struct ck_progress prog;
	unsigned char prev[32];
	uint64_t seq = 1;
	size_t nseg = 0, k, released = 0, i;
	int rc = -1, nthreads = scan_get_threads(), t;

	memset(fail, 0, sizeof *fail);
	memset(&po, 0, sizeof po);
	ck_progress_start(&prog, "checking", "events", 0);
	ck_merkle_frontier_init(&tree);
	memset(prev, 0, sizeof prev);
	if (an && an->present) {
		tree = an->tree;
		memcpy(prev, an->hash, 32);
		seq = an->seq + 1;
	}
	if (ck_audit_segs(dir, &segs, &nseg, err) < 0)
		goto out;
	bufs = calloc(nseg ? nseg : 1, sizeof *bufs);
	/* Enough batches queued that every thread has one to take while
	 * this one consumes and splits. */
	po.nring = nthreads > 1 ? 4 * (size_t)nthreads : 1;
	po.ring = calloc(po.nring, sizeof *po.ring);
	if (bufs == NULL || po.ring == NULL)
		goto nomem;
	for (i = 0; i < po.nring; i++) {
		po.ring[i] = malloc(sizeof *po.ring[i]);
		if (po.ring[i] == NULL)
			goto nomem;
	}
	pthread_mutex_init(&po.mu, NULL);
	pthread_cond_init(&po.work, NULL);
	pthread_cond_init(&po.done, NULL);
	for (t = 1; t < nthreads; t++) {
		if (pthread_create(&po.tid[po.nworkers], NULL, worker, &po) != 0)
			break;	/* fewer helpers, same results */
		po.nworkers++;
	}
	memset(&pr, 0, sizeof pr);
	pr.segs = segs;
	pr.bufs = bufs;
	pr.nseg = nseg;
	pr.seq = seq;
	for (;;) {
		struct batch *b;

		while (po.tail - po.head < po.nring &&
		       produce(&pr, po.ring[po.tail % po.nring]))
			publish(&po);
		if (po.head == po.tail)
			break;
		b = await_head(&po);
		/* Every batch of the segments before this one's is done
		 * with: let them go. */
		for (; released < b->seg; released++)
			seg_close(&bufs[released]);
		for (i = 0; i < b->n; i++) {
			struct scan_event e;
			struct ck_error lerr;
			const char *line = b->data + b->start[i];
			int r;

			ck_error_clear(&lerr);
			r = b->fast[i]
			    ? ck_audit_line_link(&b->l[i], seq, prev, e.hash,
						 &lerr)
			    : ck_audit_check_line(line, b->len[i], seq, prev,
						  e.hash, NULL, &lerr);
			if (r < 0) {
				fail_at(fail, segs[b->seg].path, seq,
					(off_t)b->start[i], lerr.msg);
				rc = 1;
				goto stop;
			}
			e.seq = seq;
			e.line = line;
			e.len = b->len[i];
			e.ev = NULL;
			e.action = NULL;
			e.action_len = 0;
			if (b->fast[i] && b->l[i].action > 0) {
				e.action = line + b->l[i].action;
				e.action_len = b->l[i].action_len;
			}
			e.seg = segs[b->seg].path;
			e.off = (off_t)b->start[i];
			memcpy(e.leaf, b->leaf[i], sizeof e.leaf);
			ck_merkle_frontier_push(&tree, e.leaf);
			e.tree = &tree;
			memcpy(prev, e.hash, 32);
			r = fn ? fn(ctx, &e, err) : 0;
			if (r != 0) {
				rc = r < 0 ? -1 : 1;
				goto stop;
			}
			seq++;
		}
		if (b->mark == MARK_FAIL) {
			fail_at(fail, segs[b->seg].path, seq, b->mark_off,
				b->mark_msg);
			rc = 1;
			goto stop;
		}
		if (b->mark == MARK_TROUBLE) {
			if (err != NULL)
				*err = b->mark_err;
			rc = -1;
			goto stop;
		}
		if (b->n > 0)
			ck_progress_add(&prog, b->n, b->start[b->n - 1] +
					b->len[b->n - 1] + 1 - b->start[0]);
		po.head++;
	}
	rc = 0;
stop:
	pool_stop(&po);
	pthread_cond_destroy(&po.work);
	pthread_cond_destroy(&po.done);
	pthread_mutex_destroy(&po.mu);
	goto out;
nomem:
	ck_error_set(err, ENOMEM, "out of memory");
out:
	ck_progress_end(&prog);
	if (tree_out != NULL)
		*tree_out = tree;
	if (po.ring != NULL) {
		for (i = 0; i < po.nring; i++)
			free(po.ring[i]);
		free(po.ring);
	}
	if (bufs != NULL) {
		for (k = 0; k < nseg; k++)
			seg_close(&bufs[k]);
		free(bufs);
	}
	ck_audit_segs_free(segs, nseg);
	return rc;
}
