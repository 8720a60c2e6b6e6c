/* rows.c -- running a batch as chunks of rows, on threads.
 *
 * A row's output never depends on its batch mates (every reduction runs in
 * a fixed order inside one row, see gemm.h), so a batch cut into chunks,
 * each run through the whole graph by model_run, gives the bits of one
 * run over the batch, whatever the chunk size or the number of threads.
 * Chunks bound the memory of intermediate values to one chunk per thread
 * instead of the whole batch. */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "infer/model.h"

struct job {
	const struct model *m;
	const struct tensor *in;
	size_t n, rows, nchunks;
	struct tensor *cout;	/* nchunks x noutputs */
	struct ck_error *cerr;	/* per chunk */
	int *crc;
	size_t next;		/* the next chunk to take (atomic) */
};

static int
run_chunk(struct job *j, size_t c)
{
	const struct model *m = j->m;
	size_t lo = c * j->rows, k = j->n - lo < j->rows ? j->n - lo : j->rows;
	struct tensor *v = calloc(m->ninputs + 1, sizeof *v);
	struct tensor *o = j->cout + c * m->noutputs;

	if (!v)
		return ck_error_set(&j->cerr[c], ENOMEM, "out of memory");
	for (size_t i = 0; i < m->ninputs; i++) {
		size_t per = j->in[i].n / j->n;

		v[i] = j->in[i];
		v[i].borrowed = 1;
		v[i].dims[0] = (int64_t)k;
		v[i].n = per * k;
		v[i].data = (char *)j->in[i].data +
			lo * per * dtype_size(j->in[i].dtype);
	}
	int rc = model_run(m, v, o, &j->cerr[c]);
	free(v);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < m->noutputs; i++)
		if (o[i].rank < 1 || o[i].dims[0] != (int64_t)k)
			return ck_error_set(&j->cerr[c], 0, "output '%s' does "
					    "not keep the batch dimension",
					    m->outputs[i].name);
	return 0;
}

static void *
worker(void *arg)
{
	struct job *j = arg;
	size_t c;

	while ((c = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED)) <
	       j->nchunks)
		j->crc[c] = run_chunk(j, c);
	return NULL;
}

/* Joins the chunks' outputs into out (each chunk's released). */
static int
join_outputs(struct job *j, struct tensor *out, struct ck_error *err)
{
	const struct model *m = j->m;

	for (size_t i = 0; i < m->noutputs; i++) {
		const struct tensor *f = &j->cout[i];
		int64_t d[INFER_MAX_RANK];
		size_t at = 0, es = dtype_size(f->dtype);

		memcpy(d, f->dims, sizeof d);
		d[0] = (int64_t)j->n;
		for (size_t c = 1; c < j->nchunks; c++) {
			const struct tensor *t = &j->cout[c * m->noutputs + i];
			if (t->dtype != f->dtype || t->rank != f->rank ||
			    memcmp(t->dims + 1, f->dims + 1,
				   sizeof(int64_t) * (size_t)(f->rank - 1)))
				goto bad;
		}
		if (tensor_alloc_uninit(&out[i], f->dtype, f->rank, d, err) < 0)
			goto fail;
		for (size_t c = 0; c < j->nchunks; c++) {
			struct tensor *t = &j->cout[c * m->noutputs + i];
			if (t->n)
				memcpy((char *)out[i].data + at * es, t->data,
				       t->n * es);
			at += t->n;
			tensor_release(t);
		}
		continue;
bad:
		ck_error_set(err, 0, "output '%s' changes shape between rows",
			     m->outputs[i].name);
fail:
		for (size_t k = 0; k < i; k++)
			tensor_release(&out[k]);
		return -1;
	}
	return 0;
}

size_t
model_chunk_rows(const struct model *m, const struct tensor *in)
{
	size_t bytes = 0, n;

	if (!m->ninputs || in[0].rank < 1 || in[0].dims[0] < 1)
		return 0;
	n = (size_t)in[0].dims[0];
	for (size_t i = 0; i < m->ninputs; i++)
		bytes += in[i].n / n * dtype_size(in[i].dtype);
	if (bytes == 0 || bytes >= INFER_CHUNK_BYTES)
		return 1;
	return INFER_CHUNK_BYTES / bytes;
}

int
model_run_rows(const struct model *m, const struct tensor *in,
	       struct tensor *out, size_t rows, int threads,
	       struct ck_error *err)
{
	struct job j = { .m = m, .in = in };
	pthread_t *tid = NULL;
	int started = 0, rc = -1;

	/* Only a batch every input carries as its first dimension splits. */
	j.n = m->ninputs && in[0].rank >= 1 ? (size_t)in[0].dims[0] : 0;
	for (size_t i = 0; i < m->ninputs; i++)
		if (in[i].rank < 1 || (size_t)in[i].dims[0] != j.n)
			j.n = 0;
	if (rows == 0 || rows > j.n)
		rows = j.n;
	if (j.n == 0 || (rows == j.n && threads <= 1))
		return model_run(m, in, out, err);
	j.rows = rows;
	j.nchunks = (j.n + rows - 1) / rows;
	if (threads < 1)
		threads = 1;
	if ((size_t)threads > j.nchunks)
		threads = (int)j.nchunks;
	j.cout = calloc(j.nchunks * m->noutputs + 1, sizeof *j.cout);
	j.cerr = calloc(j.nchunks, sizeof *j.cerr);
	j.crc = calloc(j.nchunks, sizeof *j.crc);
	tid = calloc((size_t)threads, sizeof *tid);
	if (!j.cout || !j.cerr || !j.crc || !tid) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	/* the calling thread is worker 0 */
	for (int t = 1; t < threads; t++, started++)
		if (pthread_create(&tid[t], NULL, worker, &j) != 0)
			break;
	worker(&j);
	for (int t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	/* the first failing chunk's message, whatever thread ran it */
	for (size_t c = 0; c < j.nchunks; c++)
		if (j.crc[c] < 0) {
			*err = j.cerr[c];
			goto out;
		}
	rc = join_outputs(&j, out, err);
out:
	if (j.cout)
		for (size_t c = 0; c < j.nchunks * m->noutputs; c++)
			tensor_release(&j.cout[c]);
	free(j.cout);
	free(j.cerr);
	free(j.crc);
	free(tid);
	return rc;
}
