/* graph.c -- running a loaded model: nodes in order, each value freed
 * after its last use, outputs handed to the caller. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "infer/onnx.pb-c.h"
#include "infer/model.h"
#include "infer/ops.h"

int
model_run(const struct model *m, const struct tensor *in, struct tensor *out,
	  struct ck_error *err)
{
	struct tensor *vals = calloc(m->nvalues + 1, sizeof *vals);
	const struct tensor **args = NULL;
	struct tensor *res = NULL;
	int maxin = 1, maxout = 1, rc = -1;
	/* index of the last node reading each value; values are freed right
	 * after it, so peak memory is the live set, not the whole graph */
	size_t *last = calloc(m->nvalues + 1, sizeof *last);
	const size_t KEEP = (size_t)-1;

	if (!vals || !last) {
		free(vals);
		free(last);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < m->nnodes; i++)
		for (int j = 0; j < m->nodes[i].nin; j++)
			if (m->nodes[i].in[j] >= 0)
				last[m->nodes[i].in[j]] = i + 1;
	for (size_t i = 0; i < m->noutputs; i++)
		last[m->outputs[i].value] = KEEP;
	for (size_t i = 0; i < m->nnodes; i++) {
		if (m->nodes[i].nin > maxin)
			maxin = m->nodes[i].nin;
		if (m->nodes[i].nout > maxout)
			maxout = m->nodes[i].nout;
	}
	args = calloc((size_t)maxin, sizeof *args);
	res = calloc((size_t)maxout, sizeof *res);
	if (!args || !res) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	/* Initializers and inputs are borrowed views. */
	for (size_t i = 0; i < m->nvalues; i++)
		if (m->is_init[i]) {
			vals[i] = m->inits[i];
			vals[i].borrowed = 1;
		}
	for (size_t i = 0; i < m->ninputs; i++) {
		vals[m->inputs[i].value] = in[i];
		vals[m->inputs[i].value].borrowed = 1;
	}
	for (size_t i = 0; i < m->nnodes; i++) {
		const struct node *n = &m->nodes[i];

		for (int j = 0; j < n->nin; j++)
			args[j] = n->in[j] >= 0 ? &vals[n->in[j]] : NULL;
		for (int j = 0; j < n->nout; j++)
			memset(&res[j], 0, sizeof res[j]);
		if (n->op->run(n, args, res, err) < 0) {
			if (n->p->name && *n->p->name)
				ck_error_prefix(err, "op %s (node '%s')",
						n->p->op_type, n->p->name);
			else
				ck_error_prefix(err, "op %s (node #%zu)",
						n->p->op_type, i);
			for (int j = 0; j < n->nout; j++)
				tensor_release(&res[j]);
			goto out;
		}
		for (int j = 0; j < n->nout; j++) {
			if (n->out[j] >= 0 && last[n->out[j]] != 0)
				tensor_move(&vals[n->out[j]], &res[j]);
			else
				tensor_release(&res[j]);	/* never read */
		}
		for (int j = 0; j < n->nin; j++)
			if (n->in[j] >= 0 && last[n->in[j]] == i + 1)
				tensor_release(&vals[n->in[j]]);
	}
	for (size_t i = 0; i < m->noutputs; i++) {
		struct tensor *v = &vals[m->outputs[i].value];

		if (v->borrowed || !v->data) {
			/* An input or initializer passed straight through,
			 * or a value listed twice: copy. */
			if (tensor_copy(&out[i], v, err) < 0) {
				for (size_t k = 0; k < i; k++)
					tensor_release(&out[k]);
				goto out;
			}
		} else {
			out[i] = *v;
			memset(v, 0, sizeof *v);
			/* the same value may be named by a later output */
			*v = out[i];
			v->borrowed = 1;
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < m->nvalues; i++)
		tensor_release(&vals[i]);
	free(vals);
	free(last);
	free(args);
	free(res);
	return rc;
}
