/* fuse.c -- folding the elementwise nodes after a Conv or Gemm into its
 * epilogue at load time (kernels.h).
 *
 * A node is folded only when it reads the producer's current value (and
 * constants) and nothing else reads that value: then the producer writes
 * the node's output directly, each value computed by the node's own
 * expression in the node's order (kernels.c), and the intermediate
 * tensors, their allocations and passes over memory are gone.  The bits
 * are those of the separate nodes. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer/kernels.h"
#include "infer/model.h"
#include "infer/ops.h"

int infer_fuse_enabled = 1;

struct fuse {
	struct model *m;
	int *uses;		/* reads of each value by nodes */
	int *producer;		/* node index, -1 for inits and inputs */
	int *rd[2];		/* the first two reads of each value: node
				 * index, -1 for none */
	unsigned char *pinned;	/* graph outputs */
	unsigned char *dead;	/* nodes folded away */
};

static int
is_op(const struct node *n, const char *name)
{
	return !strcmp(n->op->domain, "") && !strcmp(n->op->name, name);
}

/* The value of v if it is a constant: an initializer (borrowed) or a
 * Constant node's output (computed here; the caller releases it).  0 if
 * v is not a constant. */
static int
const_value(struct fuse *f, int v, struct tensor *t)
{
	struct model *m = f->m;
	struct ck_error e;

	memset(t, 0, sizeof *t);
	if (v < 0)
		return 0;
	if (m->is_init[v]) {
		*t = m->inits[v];
		t->borrowed = 1;
		return 1;
	}
	if (f->producer[v] < 0 ||
	    !is_op(&m->nodes[f->producer[v]], "Constant"))
		return 0;
	memset(&e, 0, sizeof e);
	if (m->nodes[f->producer[v]].op->run(&m->nodes[f->producer[v]], NULL,
					      t, &e) < 0) {
		tensor_release(t);
		return 0;
	}
	return 1;
}

/* The float scalar held by constant v of one element and rank <= rank. */
static int
const_scalar(struct fuse *f, int v, int rank, float *out)
{
	struct tensor t;
	int ok;

	if (!const_value(f, v, &t))
		return 0;
	ok = t.dtype == DT_FLOAT && t.n == 1 && t.rank <= rank;
	if (ok)
		*out = CF32(&t)[0];
	tensor_release(&t);
	return ok;
}

/* The step node k applies to value cur (of rank rank, channels C when
 * known, else 0), or 0 if k cannot be folded.  bn receives the three
 * per-channel arrays of a BatchNormalization (3 x C floats). */
static int
step_of(struct fuse *f, const struct node *k, int cur, int rank, size_t C,
	struct epi_step *st, float **bn)
{
	memset(st, 0, sizeof *st);
	if (k->nout != 1 || k->out[0] < 0)
		return 0;
	if (is_op(k, "Relu") && k->nin == 1 && k->in[0] == cur) {
		st->kind = EPI_RELU;
		return 1;
	}
	if (is_op(k, "HardSigmoid") && k->nin == 1 && k->in[0] == cur) {
		st->kind = EPI_HSIG;
		st->a = attr_float(k, "alpha", 0.2f);
		st->b = attr_float(k, "beta", 0.5f);
		return 1;
	}
	if (is_op(k, "Clip") && k->nin >= 1 && k->in[0] == cur) {
		st->kind = EPI_CLIP;
		if (k->opset < 11) {
			st->a = attr_float(k, "min", -3.402823e+38f);
			st->b = attr_float(k, "max", 3.402823e+38f);
			return 1;
		}
		st->a = -INFINITY;
		st->b = INFINITY;
		if (k->nin > 1 && k->in[1] >= 0 &&
		    !const_scalar(f, k->in[1], INFER_MAX_RANK, &st->a))
			return 0;
		if (k->nin > 2 && k->in[2] >= 0 &&
		    !const_scalar(f, k->in[2], INFER_MAX_RANK, &st->b))
			return 0;
		return 1;
	}
	if ((is_op(k, "Add") || is_op(k, "Sub") || is_op(k, "Mul") ||
	     is_op(k, "Div")) && k->nin == 2 && k->opset >= 7 &&
	    (k->in[0] == cur) != (k->in[1] == cur)) {
		st->swap = k->in[1] == cur;
		if (!const_scalar(f, k->in[st->swap ? 0 : 1], rank, &st->a))
			return 0;
		st->kind = is_op(k, "Add") ? EPI_ADDC : is_op(k, "Sub") ?
			EPI_SUBC : is_op(k, "Mul") ? EPI_MULC : EPI_DIVC;
		return 1;
	}
	if (is_op(k, "BatchNormalization") && C && k->nin == 5 &&
	    k->in[0] == cur && !attr_int(k, "training_mode", 0) &&
	    (k->opset >= 9 || attr_int(k, "spatial", 1))) {
		struct tensor p[5];
		float eps = attr_float(k, "epsilon", 1e-5f);
		int ok = 1, got = 1;

		for (; got < 5; got++) {
			if (!const_value(f, k->in[got], &p[got]))
				break;
			if (p[got].dtype != DT_FLOAT || p[got].n != C)
				ok = 0;
		}
		ok = ok && got == 5;
		if (ok && !(*bn = malloc(3 * C * sizeof **bn)))
			ok = -1;
		/* as op_batchnorm computes them, per run */
		for (size_t c = 0; ok > 0 && c < C; c++) {
			(*bn)[c] = CF32(&p[3])[c];
			(*bn)[C + c] = CF32(&p[1])[c] /
				sqrtf(CF32(&p[4])[c] + eps);
			(*bn)[2 * C + c] = CF32(&p[2])[c];
		}
		while (got > 1)
			tensor_release(&p[--got]);
		if (ok > 0)
			st->kind = EPI_BN;
		return ok;
	}
	return 0;
}

/* The only node reading value v (v read once, not a graph output). */
static int
sole_reader(struct fuse *f, int v)
{
	if (v < 0 || f->pinned[v] || f->uses[v] != 1)
		return -1;
	return f->rd[0][v];
}

/* Appends step st (and its BN arrays) to e. */
static int
add_step(struct infer_epi *e, const struct epi_step *st, float *bn, size_t C)
{
	if (st->kind == EPI_BN) {
		size_t nb = 0;
		float *grown;

		for (size_t i = 0; i < e->nsteps; i++)
			nb += e->step[i].kind == EPI_BN;
		grown = realloc(e->bn, 3 * C * (nb + 1) * sizeof *grown);
		if (!grown) {
			free(bn);
			return -1;
		}
		memcpy(grown + 3 * C * nb, bn, 3 * C * sizeof *bn);
		free(bn);
		e->bn = grown;
		e->channels = C;
	}
	if (st->kind == EPI_SAVE)
		e->needs_save = 1;
	e->step[e->nsteps++] = *st;
	return 0;
}

/* Folds what follows node i; 0 or -1 (out of memory). */
static int
fuse_node(struct fuse *f, size_t i)
{
	struct model *m = f->m;
	struct node *n = &m->nodes[i];
	struct infer_epi *e;
	int cur = n->out[0], rank = 2, k;
	size_t C = 0;

	if (is_op(n, "Conv")) {
		/* channels known when W is a constant */
		struct tensor wt;

		if (n->nin < 2 || !const_value(f, n->in[1], &wt))
			return 0;
		rank = wt.rank;
		C = rank >= 3 ? (size_t)wt.dims[0] : 0;
		tensor_release(&wt);
		if (rank < 3 || !C)
			return 0;
	}
	if (!(e = calloc(1, sizeof *e)))
		return -1;
	for (;;) {
		struct epi_step st, chain[INFER_EPI_MAX];
		float *bn = NULL;
		int r, nchain = 0;

		k = sole_reader(f, cur);

		if (k >= 0) {
			if (e->nsteps + 1 > INFER_EPI_MAX)
				break;
			r = step_of(f, &m->nodes[k], cur, rank, C, &st, &bn);
			if (r < 0)
				goto oom;
			if (r == 0)
				break;
			if (add_step(e, &st, bn, C) < 0)
				goto oom;
			f->dead[k] = 1;
			cur = m->nodes[k].out[0];
			continue;
		}
		/* x op g(x): read twice, by the head of a chain of steps
		 * and by the Add or Mul that joins the chain's end with x */
		if (cur < 0 || f->pinned[cur] || f->uses[cur] != 2)
			break;
		/* two reads by two nodes: not x op x */
		int head = f->rd[0][cur], join = f->rd[1][cur], x = cur;
		int ks[INFER_EPI_MAX];
		if (head == join)
			break;
		if (head < 0 || join < 0)
			break;
		const struct node *jn = &m->nodes[join];
		if (!(is_op(jn, "Add") || is_op(jn, "Mul")) || jn->nin != 2 ||
		    jn->nout != 1 || jn->out[0] < 0 || jn->opset < 7)
			break;
		for (k = head; k >= 0 && k != join;) {
			if (e->nsteps + (size_t)nchain + 2 > INFER_EPI_MAX) {
				k = -1;
				break;
			}
			r = step_of(f, &m->nodes[k], x, rank, 0, &chain[nchain],
				    &bn);
			if (r < 0)
				goto oom;
			if (r == 0) {
				k = -1;
				break;
			}
			ks[nchain++] = k;
			x = m->nodes[k].out[0];
			k = sole_reader(f, x);
		}
		if (k != join || !nchain)
			break;
		/* the join reads cur and the chain's end, once each */
		if (!((jn->in[0] == cur && jn->in[1] == x) ||
		      (jn->in[1] == cur && jn->in[0] == x)))
			break;
		st = (struct epi_step){ .kind = EPI_SAVE };
		if (add_step(e, &st, NULL, C) < 0)
			goto oom;
		for (int t = 0; t < nchain; t++) {
			e->step[e->nsteps++] = chain[t];
			f->dead[ks[t]] = 1;
		}
		st = (struct epi_step){
			.kind = is_op(jn, "Add") ? EPI_ADDS : EPI_MULS,
			.swap = jn->in[0] == x,
		};
		e->step[e->nsteps++] = st;
		f->dead[join] = 1;
		cur = jn->out[0];
	}
	/* a pooling of the Conv's result, image by image (conv.c) */
	if (C && (k = sole_reader(f, cur)) >= 0 &&
	    (is_op(&m->nodes[k], "MaxPool") ||
	     is_op(&m->nodes[k], "AveragePool")) &&
	    m->nodes[k].nin == 1 && m->nodes[k].nout == 1 &&
	    m->nodes[k].out[0] >= 0) {
		if (!(e->pool = malloc(sizeof *e->pool)))
			goto oom;
		*e->pool = m->nodes[k];
		e->pool->in = e->pool->out = NULL;
		e->pool->epi = NULL;
		f->dead[k] = 1;
		cur = m->nodes[k].out[0];
	}
	if (!e->nsteps && !e->pool) {
		infer_epi_free(e);
		return 0;
	}
	n->out[0] = cur;
	n->epi = e;
	return 0;
oom:
	infer_epi_free(e);	/* the load fails: nothing is dropped */
	return -1;
}

int
model_fuse(struct model *m, struct ck_error *err)
{
	struct fuse f = { .m = m };
	int *before = NULL, rc = -1;
	size_t w = 0;

	if (!infer_fuse_enabled)
		return 0;
	f.uses = calloc(m->nvalues + 1, sizeof *f.uses);
	before = calloc(m->nvalues + 1, sizeof *before);
	f.producer = malloc((m->nvalues + 1) * sizeof *f.producer);
	f.pinned = calloc(m->nvalues + 1, 1);
	f.dead = calloc(m->nnodes + 1, 1);
	f.rd[0] = malloc((m->nvalues + 1) * sizeof *f.rd[0]);
	f.rd[1] = malloc((m->nvalues + 1) * sizeof *f.rd[1]);
	if (!f.uses || !before || !f.producer || !f.pinned || !f.dead ||
	    !f.rd[0] || !f.rd[1])
		goto out;
	for (size_t v = 0; v < m->nvalues; v++)
		f.producer[v] = f.rd[0][v] = f.rd[1][v] = -1;
	for (size_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];
		for (int j = 0; j < n->nin; j++) {
			int v = n->in[j];
			if (v < 0)
				continue;
			if (f.uses[v] < 2)
				f.rd[f.uses[v]][v] = (int)i;
			f.uses[v]++;
		}
		for (int j = 0; j < n->nout; j++)
			if (n->out[j] >= 0)
				f.producer[n->out[j]] = (int)i;
	}
	memcpy(before, f.uses, m->nvalues * sizeof *before);
	for (size_t i = 0; i < m->noutputs; i++)
		f.pinned[m->outputs[i].value] = 1;
	for (size_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];
		if (f.dead[i] || n->nout != 1 || n->out[0] < 0 || n->epi ||
		    !(is_op(n, "Conv") || is_op(n, "Gemm")))
			continue;
		/* on failure every node stays in m->nodes, for
		 * model_release: the load fails */
		if (fuse_node(&f, i) < 0)
			goto out;
	}
	/* Constant nodes that only folded nodes read go too (one nothing
	 * read before stays: it may fail at run time, as it did) */
	for (size_t i = 0; i < m->nnodes; i++)
		if (f.dead[i])
			for (int j = 0; j < m->nodes[i].nin; j++)
				if (m->nodes[i].in[j] >= 0)
					f.uses[m->nodes[i].in[j]]--;
	for (size_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];
		if (!f.dead[i] && is_op(n, "Constant") && n->nout == 1 &&
		    n->out[0] >= 0 && before[n->out[0]] &&
		    !f.uses[n->out[0]] && !f.pinned[n->out[0]])
			f.dead[i] = 1;
	}
	for (size_t i = 0; i < m->nnodes; i++) {
		struct node *n = &m->nodes[i];
		if (!f.dead[i]) {
			m->nodes[w++] = *n;
			continue;
		}
		if (n->op->release)
			n->op->release(n);
		infer_epi_free(n->epi);
		free(n->in);
		free(n->out);
	}
	m->nnodes = w;
	rc = 0;
out:
	if (rc < 0)
		ck_error_set(err, ENOMEM, "out of memory");
	free(f.uses);
	free(before);
	free(f.producer);
	free(f.pinned);
	free(f.dead);
	free(f.rd[0]);
	free(f.rd[1]);
	return rc;
}
