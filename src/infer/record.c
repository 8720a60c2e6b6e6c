/* record.c -- the record filter: JSON Lines in, each record validated
 * against the model's declared inputs and the schema, run in batches,
 * and written back with `prediction` and `provenance`.
 *
 * A row's result never depends on its batch mates (see matmul.c), so the
 * batch size changes speed only. */
#include <config.h>

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/canon.h"
#include "common/hash.h"
#include "common/jsonl.h"
#include "infer/infer.h"
#include "infer/onnx.pb-c.h"
#include "infer/ops.h"

struct rec {
	json_t *obj;
	unsigned long line;
	const char *src;
	struct tensor *in;	/* one per model input, batch dim excluded */
	unsigned char in_sha[32];
};

struct run {
	const struct infer_opts *o;
	const struct model *m;
	const struct schema *s;
	const char *field;
	int *batched;		/* per input: record holds dims[1:] */
	FILE *out;
	FILE *expect;
	const char *expect_name;
	unsigned long expect_line;
	int tripped;
	unsigned long skipped;
	struct rec *pend;
	size_t npend;
	size_t limit;		/* records the pending batch may hold */
	struct ck_buf line;
	json_t *ops, *opset;
	int *label_out, *prob_out;
};

static void
rec_release(struct run *r, struct rec *x)
{
	json_decref(x->obj);
	if (x->in)
		for (size_t i = 0; i < r->m->ninputs; i++)
			tensor_release(&x->in[i]);
	free(x->in);
	memset(x, 0, sizeof *x);
}

/* Shape of a nested JSON array (rectangular), bounded. */
static int
json_shape(const json_t *v, int *rank, int64_t *dims, struct ck_error *err)
{
	int r = 0;
	const json_t *cur = v;

	while (json_is_array(cur)) {
		if (r == INFER_MAX_RANK)
			return ck_error_set(err, 0, "input nested deeper than %d",
					    INFER_MAX_RANK);
		dims[r++] = (int64_t)json_array_size(cur);
		if (json_array_size(cur) == 0)
			break;
		cur = json_array_get(cur, 0);
	}
	*rank = r;
	return 0;
}

/* Fills data from nested arrays of shape dims; checks rectangularity,
 * numbers and the schema's bounds. */
static int
fill(const json_t *v, int depth, int rank, const int64_t *dims, int dtype,
     const struct schema *s, void *data, size_t *pos, struct ck_error *err)
{
	if (depth < rank) {
		if (!json_is_array(v) || (int64_t)json_array_size(v) != dims[depth])
			return ck_error_set(err, 0, "input is not a rectangular "
					    "array of shape implied by its first "
					    "elements (at value %zu)", *pos);
		for (size_t i = 0; i < json_array_size(v); i++)
			if (fill(json_array_get(v, i), depth + 1, rank, dims,
				 dtype, s, data, pos, err) < 0)
				return -1;
		return 0;
	}
	double d;
	if (json_is_number(v)) {
		d = json_number_value(v);
	} else if (json_is_string(v) && s->allow_nonfinite &&
		   (!strcmp(json_string_value(v), "NaN") ||
		    !strcmp(json_string_value(v), "Infinity") ||
		    !strcmp(json_string_value(v), "-Infinity"))) {
		const char *t = json_string_value(v);
		d = t[0] == 'N' ? NAN : t[0] == '-' ? -INFINITY : INFINITY;
	} else if (json_is_string(v) && (!strcmp(json_string_value(v), "NaN") ||
		   strstr(json_string_value(v), "Infinity"))) {
		return ck_error_set(err, 0, "value at position %zu is not finite (NaN and "
				    "Infinity need allow_nonfinite in the "
				    "schema)", *pos);
	} else {
		return ck_error_set(err, 0, "value at position %zu is not a number", *pos);
	}
	if (dtype == DT_INT64) {
		if (!json_is_integer(v))
			return ck_error_set(err, 0, "value at position %zu is not an integer "
					    "(the input is int64)", *pos);
		((int64_t *)data)[*pos] = json_integer_value(v);
	} else {
		if (isfinite(d) && fabs(d) > FLT_MAX)
			return ck_error_set(err, 0, "value at position %zu is outside the "
					    "float32 range", *pos);
		((float *)data)[*pos] = (float)d;
	}
	if (schema_check_value(s, *pos, d, err) < 0)
		return -1;
	(*pos)++;
	return 0;
}

/* Builds the tensor for model input i from the record's value v. */
static int
input_tensor(struct run *r, size_t i, const json_t *v, struct tensor *t,
	     struct ck_error *err)
{
	const struct value_info *vi = &r->m->inputs[i];
	int dtype = vi->dtype ? vi->dtype : DT_FLOAT;
	int rank = 0, drank;
	int64_t dims[INFER_MAX_RANK];
	const int64_t *decl;
	size_t pos = 0, count = 1;

	if (r->s->dtype && r->s->dtype != dtype)
		return ck_error_set(err, 0, "schema dtype differs from the "
				    "model's input '%s'", vi->name);
	if (!json_is_array(v) && !json_is_number(v))
		return ck_error_set(err, 0, "input '%s' is not a number or an "
				    "array", vi->name);
	if (json_shape(v, &rank, dims, err) < 0)
		return -1;
	drank = vi->rank < 0 ? -1 : vi->rank - (r->batched[i] ? 1 : 0);
	decl = vi->dims + (r->batched[i] ? 1 : 0);
	for (int k = 0; k < rank; k++)
		count *= (size_t)dims[k];
	if (count > INFER_MAX_ELEMS)
		return ck_error_set(err, 0, "input too large");
	/* A flat list may stand for a fixed declared shape. */
	if (drank > 1 && rank == 1) {
		size_t want = 1;
		int fixed = 1;
		for (int k = 0; k < drank; k++) {
			if (decl[k] < 0)
				fixed = 0;
			else
				want *= (size_t)decl[k];
		}
		if (fixed && want == count) {
			if (tensor_alloc(t, dtype, 1, dims, err) < 0)
				return -1;
			if (fill(v, 0, 1, dims, dtype, r->s, t->data, &pos,
				 err) < 0)
				return -1;
			t->rank = drank;
			memcpy(t->dims, decl, sizeof(int64_t) * (size_t)drank);
			goto check_schema;
		}
	}
	if (drank >= 0) {
		if (rank != drank)
			return ck_error_set(err, 0, "input '%s' has %d dimensions, "
					    "the model wants %d", vi->name, rank,
					    drank);
		for (int k = 0; k < rank; k++)
			if (decl[k] >= 0 && decl[k] != dims[k])
				return ck_error_set(err, 0, "input '%s' has "
						    "dimension %d of %lld, the "
						    "model wants %lld", vi->name,
						    k, (long long)dims[k],
						    (long long)decl[k]);
	}
	if (tensor_alloc(t, dtype, rank, dims, err) < 0)
		return -1;
	if (fill(v, 0, rank, dims, dtype, r->s, t->data, &pos, err) < 0)
		return -1;
check_schema:
	if (r->s->rank >= 0) {
		int ok = r->s->rank == t->rank;
		for (int k = 0; ok && k < t->rank; k++)
			ok = r->s->shape[k] == t->dims[k];
		if (!ok)
			return ck_error_set(err, 0, "input '%s' does not have the "
					    "schema's shape", vi->name);
	}
	return 0;
}

/* Validates a record and builds its input tensors. */
static int
prepare(struct run *r, struct rec *x, struct ck_error *err)
{
	const json_t *v;

	for (size_t i = 0; i < r->s->nrequired; i++)
		if (!json_object_get(x->obj, r->s->required[i]))
			return ck_error_set(err, 0, "required field '%s' is "
					    "missing", r->s->required[i]);
	v = json_object_get(x->obj, r->field);
	if (!v)
		return ck_error_set(err, 0, "no field '%s'", r->field);
	if (json_object_get(x->obj, "prediction") ||
	    json_object_get(x->obj, "provenance"))
		return ck_error_set(err, 0, "record already has a prediction");
	if (ck_canon_sha256(v, x->in_sha, err) < 0)
		return -1;
	x->in = calloc(r->m->ninputs + 1, sizeof *x->in);
	if (!x->in)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (r->m->ninputs == 1 && !json_is_object(v))
		return input_tensor(r, 0, v, &x->in[0], err);
	if (!json_is_object(v))
		return ck_error_set(err, 0, "field '%s' must be an object keyed "
				    "by the model's %zu inputs", r->field,
				    r->m->ninputs);
	if (json_object_size(v) != r->m->ninputs)
		return ck_error_set(err, 0, "field '%s' must hold exactly the "
				    "model's inputs", r->field);
	for (size_t i = 0; i < r->m->ninputs; i++) {
		const json_t *e = json_object_get(v, r->m->inputs[i].name);
		if (!e)
			return ck_error_set(err, 0, "input '%s' is missing",
					    r->m->inputs[i].name);
		if (input_tensor(r, i, e, &x->in[i], err) < 0)
			return -1;
	}
	return 0;
}

static int
same_shapes(const struct run *r, const struct rec *a, const struct rec *b)
{
	for (size_t i = 0; i < r->m->ninputs; i++) {
		if (a->in[i].rank != b->in[i].rank)
			return 0;
		for (int k = 0; k < a->in[i].rank; k++)
			if (a->in[i].dims[k] != b->in[i].dims[k])
				return 0;
	}
	return 1;
}

/* Nested JSON arrays of a tensor slice. */
static json_t *
tensor_json(const struct tensor *t, int depth, size_t *pos)
{
	if (depth == t->rank) {
		size_t i = (*pos)++;
		switch (t->dtype) {
		case DT_FLOAT: return infer_json_float(CF32(t)[i]);
		case DT_DOUBLE: return json_real(((const double *)t->data)[i]);
		case DT_BOOL: return json_boolean(((const uint8_t *)t->data)[i]);
		default: return json_integer(tensor_get_i64(t, i));
		}
	}
	json_t *a = json_array();
	for (int64_t k = 0; k < t->dims[depth]; k++)
		json_array_append_new(a, tensor_json(t, depth + 1, pos));
	return a;
}

static int
emit(struct run *r, struct rec *x, struct tensor *outs, struct ck_error *err)
{
	const struct model *m = r->m;
	json_t *pred = json_object(), *outputs = json_object(), *prov;
	const char **names = calloc(m->noutputs + 1, sizeof *names);
	unsigned char osha[32];
	char hex[65];
	int rc = -1;

	if (!names)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < m->noutputs; i++) {
		size_t pos = 0;
		names[i] = m->outputs[i].name;
		json_object_set_new(outputs, names[i], tensor_json(&outs[i], 0,
								     &pos));
	}
	json_object_set_new(pred, "outputs", outputs);
	for (size_t i = 0; i < m->noutputs; i++) {
		const struct tensor *t = &outs[i];
		if (r->label_out[i] && t->n == 1 && !json_object_get(pred, "label"))
			json_object_set_new(pred, "label",
					    json_integer(tensor_get_i64(t, 0)));
		if (r->prob_out[i] && !json_object_get(pred, "probabilities")) {
			json_t *a = json_array();
			for (size_t k = 0; k < t->n; k++)
				json_array_append_new(a, infer_json_float(CF32(t)[k]));
			json_object_set_new(pred, "probabilities", a);
		}
	}
	if (infer_tensors_sha256(names, outs, m->noutputs, osha) < 0) {
		json_decref(pred);
		free(names);
		return ck_error_set(err, 0, "cannot hash the outputs");
	}
	prov = json_object();
	json_object_set_new(prov, "engine", json_string("infer " PACKAGE_VERSION));
	ck_hex_encode(m->sha256, 32, hex);
	json_object_set_new(prov, "model_sha256", json_string(hex));
	ck_hex_encode(x->in_sha, 32, hex);
	json_object_set_new(prov, "input_sha256", json_string(hex));
	ck_hex_encode(osha, 32, hex);
	json_object_set_new(prov, "output_sha256", json_string(hex));
	json_object_set(prov, "opset", r->opset);
	json_object_set(prov, "ops", r->ops);
	json_object_set_new(x->obj, "prediction", pred);
	json_object_set_new(x->obj, "provenance", prov);
	free(names);

	ck_buf_reset(&r->line);
	if (ck_json_append_compact(&r->line, x->obj, err) < 0)
		return -1;
	if (r->expect) {
		char *prev = NULL;
		size_t cap = 0;
		ssize_t got = getline(&prev, &cap, r->expect);
		r->expect_line++;
		if (got > 0 && prev[got - 1] == '\n')
			prev[--got] = '\0';
		if (got < 0 || (size_t)got != r->line.len ||
		    memcmp(prev, r->line.data, r->line.len)) {
			if (!r->tripped)
				ck_warn("%s:%lu: differs from %s:%lu",
					x->src, x->line, r->expect_name,
					r->expect_line);
			r->tripped = 1;
		}
		free(prev);
	}
	if (ck_buf_append_char(&r->line, '\n') < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (fwrite(r->line.data, 1, r->line.len, r->out) != r->line.len ||
	    fflush(r->out) != 0)
		return ck_error_set(err, errno, "cannot write output");
	rc = 0;
	return rc;
}

/* Runs records pend[0..k) as one batch (k > 1 only when every input is
 * batched); outs receives per-record outputs. */
/* Rows per thread for chunks of `rows` rows on `jobs` threads: the
 * threads share one chunk's worth, so -j N holds no more records and
 * activations in flight than -j 1 does (issue 9: under 2x the model plus
 * one batch); at least one row each. */
static size_t
thread_rows(size_t rows, size_t jobs)
{
	if (rows == 0 || jobs <= 1)
		return rows;
	return rows / jobs ? rows / jobs : 1;
}

static int
run_batch(struct run *r, struct rec *recs, size_t k, struct ck_error *err)
{
	const struct model *m = r->m;
	struct tensor *in = calloc(m->ninputs + 1, sizeof *in);
	struct tensor *out = calloc(m->noutputs + 1, sizeof *out);
	struct tensor *row = calloc(m->noutputs + 1, sizeof *row);
	int rc = -1;

	if (!in || !out || !row) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < m->ninputs; i++) {
		const struct tensor *t0 = &recs[0].in[i];
		if (!r->batched[i]) {
			in[i] = *t0;
			in[i].borrowed = 1;
			continue;
		}
		int64_t d[INFER_MAX_RANK];
		size_t es = dtype_size(t0->dtype), rowb = t0->n * es;
		if (t0->rank >= INFER_MAX_RANK) {
			ck_error_set(err, 0, "input '%s' has too many dimensions",
				     m->inputs[i].name);
			goto done;
		}
		d[0] = (int64_t)k;
		memcpy(d + 1, t0->dims, sizeof(int64_t) * (size_t)t0->rank);
		if (k == 1) {
			/* one record: its tensor is the batch, no copy */
			in[i] = *t0;
			in[i].borrowed = 1;
			in[i].rank = t0->rank + 1;
			memcpy(in[i].dims, d,
			       sizeof(int64_t) * (size_t)in[i].rank);
			continue;
		}
		if (tensor_alloc(&in[i], t0->dtype, t0->rank + 1, d, err) < 0)
			goto done;
		for (size_t j = 0; j < k; j++)
			if (rowb)
				memcpy((char *)in[i].data + j * rowb,
				       recs[j].in[i].data, rowb);
	}
	/* chunks of rows bound the memory of intermediate values whatever
	 * --batch is, and spread a batch over -j threads; results never
	 * change (rows.c) */
	size_t jobs = r->o->jobs > 1 ? (size_t)r->o->jobs : 1;
	size_t rows = (k + jobs - 1) / jobs;
	size_t cap = thread_rows(model_chunk_rows(m, in), jobs);
	if (cap && rows > cap)
		rows = cap;
	if (model_run_rows(m, in, out, rows, (int)jobs, err) < 0)
		goto done;
	for (size_t i = 0; i < m->noutputs; i++)
		if (k > 1 && (out[i].rank < 1 || out[i].dims[0] != (int64_t)k)) {
			ck_error_set(err, 0, "output '%s' does not keep the batch "
				     "dimension", m->outputs[i].name);
			goto done;
		}
	for (size_t j = 0; j < k; j++) {
		for (size_t i = 0; i < m->noutputs; i++) {
			if (k == 1) {
				row[i] = out[i];
				row[i].borrowed = 1;
				continue;
			}
			size_t es = dtype_size(out[i].dtype);
			size_t per = out[i].n / k;
			row[i] = out[i];
			row[i].borrowed = 1;
			row[i].dims[0] = 1;
			row[i].n = per;
			row[i].data = (char *)out[i].data + j * per * es;
		}
		if (emit(r, &recs[j], row, err) < 0) {
			rc = -2;	/* output error: not the record's fault */
			goto done;
		}
	}
	rc = 0;
done:
	if (in)
		for (size_t i = 0; i < m->ninputs; i++)
			tensor_release(&in[i]);
	if (out)
		for (size_t i = 0; i < m->noutputs; i++)
			tensor_release(&out[i]);
	free(in);
	free(out);
	free(row);
	return rc;
}

/* How many records a batch starting with x may hold: --batch, but no
 * more than one chunk of rows per thread (model_chunk_rows, about
 * INFER_CHUNK_BYTES of input each).  A batch runs in such chunks anyway,
 * and a row's output never depends on its batch mates (rows.c), so the
 * output is the same; but records held beyond that would wait, with
 * their parsed JSON (some 40 bytes per number) and their tensors, for
 * the chunks before them: a batch of 64 PaddleOCR images held that way
 * takes about 100 MB, where two images take 3 MB. */
static size_t
batch_limit(const struct run *r, const struct rec *x)
{
	size_t bytes = 0, rows, jobs = r->o->jobs > 1 ? (size_t)r->o->jobs : 1;

	for (size_t i = 0; i < r->m->ninputs; i++)
		bytes += x->in[i].n * dtype_size(x->in[i].dtype);
	if (bytes == 0)
		return r->o->batch;
	rows = bytes >= INFER_CHUNK_BYTES ? 1 : INFER_CHUNK_BYTES / bytes;
	rows = thread_rows(rows, jobs);
	return rows >= (r->o->batch + jobs - 1) / jobs ? r->o->batch :
		rows * jobs;
}

/* Reports a bad record.  Returns 0 to go on (skip), -1 to stop. */
static int
bad_record(struct run *r, const char *src, unsigned long line,
	   const struct ck_error *err)
{
	ck_warn("%s:%lu: %s", src, line, err->msg);
	if (r->o->skip_errors) {
		r->skipped++;
		return 0;
	}
	return -1;
}

/* Runs and emits the pending records.  -1 to stop with status 2. */
static int
flush_pending(struct run *r)
{
	struct ck_error err;
	int rc = 0;
	size_t k = r->npend;

	if (k == 0)
		return 0;
	ck_error_clear(&err);
	int st = run_batch(r, r->pend, k, &err);
	if (st == -2) {
		ck_warn_error(&err);
		rc = -1;
	} else if (st < 0) {
		/* find the record(s) at fault: run one by one */
		for (size_t j = 0; j < k; j++) {
			ck_error_clear(&err);
			st = run_batch(r, &r->pend[j], 1, &err);
			if (st == -2) {
				ck_warn_error(&err);
				rc = -1;
				break;
			}
			if (st < 0 && bad_record(r, r->pend[j].src,
						 r->pend[j].line, &err) < 0) {
				rc = -1;
				break;
			}
		}
	}
	for (size_t j = 0; j < k; j++)
		rec_release(r, &r->pend[j]);
	r->npend = 0;
	return rc;
}

static int
process(struct run *r, FILE *fp, const char *name)
{
	struct ck_jsonl_reader *rd = ck_jsonl_reader_new(fp, name, 0);
	struct ck_error err;
	json_t *obj;
	int st, rc = 0;
	const char *src = strcmp(name, "-") ? name : "<stdin>";

	if (!rd) {
		ck_warn("out of memory");
		return -1;
	}
	for (;;) {
		ck_error_clear(&err);
		st = ck_jsonl_read(rd, &obj, &err);
		if (st == 0)
			break;
		if (st < 0) {
			/* the reader's message carries name:line */
			if (flush_pending(r) < 0) {
				rc = -1;
				break;
			}
			ck_warn_error(&err);
			if (r->o->skip_errors) {
				r->skipped++;
				continue;
			}
			rc = -1;
			break;
		}
		struct rec x = { obj, ck_jsonl_lineno(rd), src, NULL, { 0 } };
		if (prepare(r, &x, &err) < 0) {
			unsigned long line = x.line;
			rec_release(r, &x);
			if (flush_pending(r) < 0 ||
			    bad_record(r, src, line, &err) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		int batchable = 1;
		for (size_t i = 0; i < r->m->ninputs; i++)
			if (!r->batched[i])
				batchable = 0;
		if (r->npend && (!batchable ||
				 !same_shapes(r, &r->pend[0], &x))) {
			if (flush_pending(r) < 0) {
				rec_release(r, &x);
				rc = -1;
				break;
			}
		}
		if (r->npend == 0)
			r->limit = batch_limit(r, &x);
		r->pend[r->npend++] = x;
		if (!batchable || r->npend >= r->limit) {
			if (flush_pending(r) < 0) {
				rc = -1;
				break;
			}
		}
	}
	if (rc == 0 && flush_pending(r) < 0)
		rc = -1;
	for (size_t j = 0; j < r->npend; j++)
		rec_release(r, &r->pend[j]);
	r->npend = 0;
	ck_jsonl_reader_free(rd);
	return rc;
}

/* Which outputs are a label (int64, produced by ArgMax or a classifier)
 * and which are probabilities (Softmax or classifier scores). */
static void
classify_outputs(struct run *r)
{
	const struct model *m = r->m;

	for (size_t i = 0; i < m->noutputs; i++) {
		int v = m->outputs[i].value;
		for (size_t k = 0; k < m->nnodes; k++) {
			const struct node *n = &m->nodes[k];
			const char *op = n->op->name;
			for (int j = 0; j < n->nout; j++) {
				if (n->out[j] != v)
					continue;
				if (!strcmp(op, "ArgMax") ||
				    (!strcmp(op, "TreeEnsembleClassifier") && j == 0))
					r->label_out[i] = 1;
				if (!strcmp(op, "Softmax") ||
				    (!strcmp(op, "TreeEnsembleClassifier") && j == 1))
					r->prob_out[i] = 1;
			}
		}
	}
}

int
infer_filter(const struct infer_opts *o, const struct model *m,
	     const struct schema *s, const char *const *paths, FILE *out)
{
	struct run r;
	int rc = 0;
	static const char *const stdin_only[] = { "-", NULL };

	memset(&r, 0, sizeof r);
	r.o = o;
	r.m = m;
	r.s = s;
	r.out = out;
	r.field = o->field ? o->field : s->field ? s->field : "features";
	r.batched = calloc(m->ninputs + 1, sizeof *r.batched);
	r.pend = calloc(o->batch + 1, sizeof *r.pend);
	r.label_out = calloc(m->noutputs + 1, sizeof *r.label_out);
	r.prob_out = calloc(m->noutputs + 1, sizeof *r.prob_out);
	ck_buf_init(&r.line);
	if (!r.batched || !r.pend || !r.label_out || !r.prob_out) {
		ck_warn("out of memory");
		rc = 2;
		goto out;
	}
	for (size_t i = 0; i < m->ninputs; i++) {
		const struct value_info *vi = &m->inputs[i];
		if (vi->dtype != DT_UNDEF && vi->dtype != DT_FLOAT &&
		    vi->dtype != DT_INT64) {
			ck_warn("input '%s' is %s: records can fill float32 and "
				"int64 inputs only", vi->name,
				dtype_name(vi->dtype));
			rc = 2;
			goto out;
		}
		/* a leading symbolic or 1 dimension is the batch */
		r.batched[i] = vi->rank >= 1 && (vi->dims[0] < 0 ||
						 vi->dims[0] == 1);
	}
	classify_outputs(&r);
	r.ops = json_array();
	for (size_t i = 0; i < m->nops_used; i++)
		json_array_append_new(r.ops, json_string(m->ops_used[i]));
	r.opset = json_object();
	json_object_set_new(r.opset, "ai.onnx", json_integer(m->opset));
	if (m->opset_ml)
		json_object_set_new(r.opset, "ai.onnx.ml",
				    json_integer(m->opset_ml));
	if (o->expect_path) {
		r.expect_name = o->expect_path;
		r.expect = fopen(o->expect_path, "r");
		if (!r.expect) {
			ck_warn_errno(errno, "cannot open %s", o->expect_path);
			rc = 2;
			goto out;
		}
	}
	if (!paths || !paths[0])
		paths = stdin_only;
	for (size_t i = 0; paths[i]; i++) {
		int is_stdin = !strcmp(paths[i], "-");
		FILE *fp = is_stdin ? stdin : fopen(paths[i], "r");
		if (!fp) {
			ck_warn_errno(errno, "cannot open %s", paths[i]);
			rc = 2;
			break;
		}
		int st = process(&r, fp, paths[i]);
		if (!is_stdin)
			fclose(fp);
		if (st < 0) {
			rc = 2;
			break;
		}
	}
	if (rc == 0 && r.expect) {
		int c = fgetc(r.expect);
		if (c != EOF && !r.tripped) {
			ck_warn("%s has more records than this run made",
				r.expect_name);
			r.tripped = 1;
		}
	}
	if (r.skipped)
		ck_warn("skipped %lu bad record%s", r.skipped,
			r.skipped == 1 ? "" : "s");
	if (rc == 0 && r.tripped)
		rc = 1;
out:
	if (r.expect)
		fclose(r.expect);
	json_decref(r.ops);
	json_decref(r.opset);
	ck_buf_release(&r.line);
	free(r.batched);
	free(r.pend);
	free(r.label_out);
	free(r.prob_out);
	return rc;
}
