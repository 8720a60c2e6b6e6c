/* model.c -- loading an ONNX model: protobuf parsing, declared inputs and
 * outputs, the nodes, and the checks that refuse what infer does not run
 * (initializers: init.c). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infer/onnx.pb-c.h"
#include "infer/kernels.h"
#include "infer/model.h"
#include "infer/ops.h"
#include "infer/wire.h"

#define INFER_MAX_MODEL_BYTES ((size_t)2 << 30)

/* Value table: names borrowed from the proto, linear probing hash. */
struct vtab {
	char **names;
	size_t n, cap;
	int *slots;
	size_t nslots;
};

static uint64_t
strhash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static int
vtab_find(const struct vtab *v, const char *name)
{
	size_t i = strhash(name) & (v->nslots - 1);

	while (v->slots[i] >= 0) {
		if (!strcmp(v->names[v->slots[i]], name))
			return v->slots[i];
		i = (i + 1) & (v->nslots - 1);
	}
	return -1;
}

static int
vtab_add(struct vtab *v, char *name)
{
	int k = vtab_find(v, name);
	size_t i;

	if (k >= 0)
		return k;
	if (v->n >= v->cap)
		return -1;	/* sized in advance */
	i = strhash(name) & (v->nslots - 1);
	while (v->slots[i] >= 0)
		i = (i + 1) & (v->nslots - 1);
	v->names[v->n] = name;
	v->slots[i] = (int)v->n;
	return (int)v->n++;
}

static void
value_info_from(struct value_info *vi, const Onnx__ValueInfoProto *p)
{
	const Onnx__TypeProto *ty = p->type;

	memset(vi, 0, sizeof *vi);
	vi->name = p->name ? p->name : "";
	vi->rank = -1;
	if (ty && ty->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE &&
	    ty->value_case != ONNX__TYPE_PROTO__VALUE__NOT_SET)
		vi->not_tensor = 1;
	if (!ty || ty->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE ||
	    !ty->tensor_type)
		return;
	vi->dtype = ty->tensor_type->has_elem_type ?
		ty->tensor_type->elem_type : DT_UNDEF;
	if (!ty->tensor_type->shape ||
	    ty->tensor_type->shape->n_dim > INFER_MAX_RANK)
		return;
	vi->rank = (int)ty->tensor_type->shape->n_dim;
	for (int i = 0; i < vi->rank; i++) {
		const Onnx__TensorShapeProto__Dimension *d =
			ty->tensor_type->shape->dim[i];

		vi->dims[i] = -1;
		if (d->value_case ==
		    ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE &&
		    d->dim_value >= 0)
			vi->dims[i] = d->dim_value;
		else if (d->value_case ==
			 ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM)
			vi->dim_names[i] = d->dim_param;
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *
node_label(const Onnx__NodeProto *np, size_t i, char *buf, size_t len)
{
	if (np->name && *np->name)
		snprintf(buf, len, "'%s'", np->name);
	else
		snprintf(buf, len, "#%zu", i);
	return buf;
}

static int
check_types(const struct model *m, struct ck_error *err)
{
	for (size_t i = 0; i < m->ninputs; i++) {
		const struct value_info *vi = &m->inputs[i];

		if (vi->not_tensor)
			return ck_error_set(err, 0, "input '%s' is not a tensor "
					    "(sequence, map and optional types "
					    "are not supported)", vi->name);
		if (vi->dtype != DT_UNDEF && dtype_size(vi->dtype) == 0)
			return ck_error_set(err, 0, "input '%s' has unsupported "
					    "element type %d", vi->name,
					    vi->dtype);
	}
	return 0;
}

static int load(struct model *m, const void *bytes, size_t len,
		const char *dir, int own, struct ck_error *err);
static int load_or_release(struct model *m, const void *bytes, size_t len,
			   const char *dir, int own, struct ck_error *err);

int
model_load_mem(struct model *m, const void *bytes, size_t len,
	       const char *dir, struct ck_error *err)
{
	return load_or_release(m, bytes, len, dir, 0, err);
}

static int
load_or_release(struct model *m, const void *bytes, size_t len,
		const char *dir, int own, struct ck_error *err)
{
	int rc = load(m, bytes, len, dir, own, err);

	if (rc < 0)
		model_release(m);	/* whatever the early returns left */
	return rc;
}

static int
load(struct model *m, const void *bytes, size_t len, const char *dir,
     int own, struct ck_error *err)
{
	Onnx__ModelProto *mp;
	Onnx__GraphProto *g;
	struct vtab vt = { 0 };
	uint8_t *stripped = NULL;
	struct raw_ref *refs = NULL;
	size_t slen = 0, nrefs = 0;
	size_t cap;
	char lbl[300];
	int rc = -1;

	memset(m, 0, sizeof *m);
	if (len == 0)
		return ck_error_set(err, 0, "empty model file");
	if (len > INFER_MAX_MODEL_BYTES)
		return ck_error_set(err, 0, "model larger than 2 GiB");
	if (ck_sha256(bytes, len, m->sha256) < 0)
		return ck_error_set(err, 0, "cannot hash the model");
	m->bytes = len;
	/* Unpacking copies every bytes field: unpack the model without its
	 * weights and take them from bytes (wire.c) */
	if (wire_strip_raw(bytes, len, &stripped, &slen, &refs, &nrefs) == 0) {
		mp = onnx__model_proto__unpack(NULL, slen, stripped);
		free(stripped);
	} else {
		mp = onnx__model_proto__unpack(NULL, len, bytes);
	}
	if (!mp)
		free(refs);
	if (!mp)
		return ck_error_set(err, 0, "not an ONNX model (protobuf does "
				    "not parse: truncated or corrupt)");
	m->proto = mp;
	if (refs) {
		int r = model_attach_raw(m, bytes, refs, nrefs, own, err);
		free(refs);
		refs = NULL;
		if (r < 0)
			return -1;
	}
	g = mp->graph;
	if (!g)
		return ck_error_set(err, 0, "not an ONNX model (no graph)");
	m->ir_version = mp->has_ir_version ? mp->ir_version : 0;
	m->producer = mp->producer_name ? mp->producer_name : "";
	for (size_t i = 0; i < mp->n_opset_import; i++) {
		const Onnx__OperatorSetIdProto *o = mp->opset_import[i];
		const char *d = o->domain ? o->domain : "";
		int64_t v = o->has_version ? o->version : 0;

		if (!*d || !strcmp(d, "ai.onnx"))
			m->opset = v;
		else if (!strcmp(d, "ai.onnx.ml"))
			m->opset_ml = v;
	}
	if (m->opset == 0 && mp->n_opset_import == 0)
		return ck_error_set(err, 0, "model imports no opset");
	if (m->opset > INFER_MAX_OPSET)
		return ck_error_set(err, 0, "opset %lld is newer than %d, the "
				    "newest infer supports", (long long)m->opset,
				    INFER_MAX_OPSET);
	if (mp->n_functions)
		return ck_error_set(err, 0, "model-local functions are not "
				    "supported (function '%s')",
				    mp->functions[0]->name ?
				    mp->functions[0]->name : "");
	if (g->n_sparse_initializer)
		return ck_error_set(err, 0, "sparse initializers are not "
				    "supported");
	if (g->n_node > 1000000 || g->n_initializer > 1000000 ||
	    g->n_input > 100000 || g->n_output > 100000)
		return ck_error_set(err, 0, "graph too large");

	/* Every name the graph mentions, sized in advance. */
	cap = g->n_initializer + g->n_input + g->n_output;
	for (size_t i = 0; i < g->n_node; i++)
		cap += g->node[i]->n_input + g->node[i]->n_output;
	vt.cap = cap + 1;
	vt.names = calloc(vt.cap, sizeof *vt.names);
	for (vt.nslots = 16; vt.nslots < 2 * vt.cap; vt.nslots *= 2)
		;
	vt.slots = malloc(vt.nslots * sizeof *vt.slots);
	if (!vt.names || !vt.slots) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	memset(vt.slots, -1, vt.nslots * sizeof *vt.slots);
	m->inits = calloc(vt.cap, sizeof *m->inits);
	m->ninits = vt.cap;
	m->is_init = calloc(vt.cap, 1);
	unsigned char *defined = calloc(vt.cap, 1);
	if (!m->inits || !m->is_init || !defined) {
		free(defined);
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < g->n_initializer; i++) {
		Onnx__TensorProto *tp = g->initializer[i];
		int k;

		if (!tp->name || !*tp->name) {
			free(defined);
			ck_error_set(err, 0, "initializer #%zu has no name", i);
			goto out;
		}
		k = vtab_add(&vt, tp->name);
		if (m->is_init[k]) {
			free(defined);
			ck_error_set(err, 0, "initializer '%s' given twice",
				     tp->name);
			goto out;
		}
		if (model_load_init(m, &m->inits[k], tp, dir, own, err) < 0) {
			free(defined);
			goto out;
		}
		m->is_init[k] = 1;
		defined[k] = 1;
	}
	m->inputs = calloc(g->n_input + 1, sizeof *m->inputs);
	m->outputs = calloc(g->n_output + 1, sizeof *m->outputs);
	if (!m->inputs || !m->outputs) {
		free(defined);
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < g->n_input; i++) {
		int k;

		if (!g->input[i]->name || !*g->input[i]->name) {
			free(defined);
			ck_error_set(err, 0, "graph input #%zu has no name", i);
			goto out;
		}
		k = vtab_add(&vt, g->input[i]->name);
		if (m->is_init[k])
			continue;	/* an initializer with a default */
		value_info_from(&m->inputs[m->ninputs], g->input[i]);
		m->inputs[m->ninputs++].value = k;
		defined[k] = 1;
	}
	if (check_types(m, err) < 0) {
		free(defined);
		goto out;
	}

	m->nodes = calloc(g->n_node + 1, sizeof *m->nodes);
	if (!m->nodes) {
		free(defined);
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < g->n_node; i++) {
		Onnx__NodeProto *np = g->node[i];
		struct node *n = &m->nodes[i];
		const char *dom = np->domain ? np->domain : "";
		const char *op = np->op_type ? np->op_type : "";

		n->p = np;
		m->nnodes = i + 1;
		if (!strcmp(dom, "ai.onnx"))
			dom = "";
		n->op = op_find(dom, op);
		n->opset = (int)(*dom ? m->opset_ml : m->opset);
		if (!n->op) {
			free(defined);
			ck_error_set(err, 0, "unsupported op %s%s%s (node %s)",
				     dom, *dom ? ":" : "", op,
				     node_label(np, i, lbl, sizeof lbl));
			goto out;
		}
		for (size_t a = 0; a < np->n_attribute; a++) {
			const Onnx__AttributeProto *ap = np->attribute[a];

			if (ap->g || ap->n_graphs) {
				free(defined);
				ck_error_set(err, 0, "control flow is not "
					     "supported: op %s (node %s) holds "
					     "a subgraph", op,
					     node_label(np, i, lbl, sizeof lbl));
				goto out;
			}
			if (ap->ref_attr_name && *ap->ref_attr_name) {
				free(defined);
				ck_error_set(err, 0, "attribute reference in "
					     "node %s", node_label(np, i, lbl,
								   sizeof lbl));
				goto out;
			}
		}
		if ((int)np->n_input < n->op->min_in ||
		    (int)np->n_input > n->op->max_in ||
		    (int)np->n_output < n->op->min_out ||
		    (int)np->n_output > n->op->max_out) {
			free(defined);
			ck_error_set(err, 0, "op %s (node %s): %zu inputs and "
				     "%zu outputs, not what infer supports", op,
				     node_label(np, i, lbl, sizeof lbl),
				     np->n_input, np->n_output);
			goto out;
		}
		n->nin = (int)np->n_input;
		n->nout = (int)np->n_output;
		n->in = calloc((size_t)n->nin + 1, sizeof *n->in);
		n->out = calloc((size_t)n->nout + 1, sizeof *n->out);
		if (!n->in || !n->out) {
			free(defined);
			ck_error_set(err, ENOMEM, "out of memory");
			goto out;
		}
		for (int j = 0; j < n->nin; j++) {
			const char *nm = np->input[j];

			if ((!nm || !*nm) && j < n->op->min_in) {
				free(defined);
				ck_error_set(err, 0, "op %s (node %s): input #%d "
					     "is required but has no name", op,
					     node_label(np, i, lbl, sizeof lbl),
					     j + 1);
				goto out;
			}
			if (!nm || !*nm) {
				n->in[j] = -1;
				continue;
			}
			n->in[j] = vtab_find(&vt, nm);
			if (n->in[j] < 0 || !defined[n->in[j]]) {
				free(defined);
				ck_error_set(err, 0, "op %s (node %s): input '%s' "
					     "is not defined before it is used",
					     op, node_label(np, i, lbl,
							    sizeof lbl), nm);
				goto out;
			}
		}
		for (int j = 0; j < n->nout; j++) {
			const char *nm = np->output[j];

			if (!nm || !*nm) {
				n->out[j] = -1;
				continue;
			}
			n->out[j] = vtab_add(&vt, np->output[j]);
			if (defined[n->out[j]]) {
				free(defined);
				ck_error_set(err, 0, "op %s (node %s): output '%s' "
					     "is defined twice", op,
					     node_label(np, i, lbl, sizeof lbl),
					     nm);
				goto out;
			}
			defined[n->out[j]] = 1;
		}
		if (n->op->prepare && n->op->prepare(n, m, err) < 0) {
			free(defined);
			ck_error_prefix(err, "op %s (node %s)", op,
					node_label(np, i, lbl, sizeof lbl));
			goto out;
		}
	}
	for (size_t i = 0; i < g->n_output; i++) {
		const char *nm = g->output[i]->name;
		int k = nm ? vtab_find(&vt, nm) : -1;

		if (k < 0 || !defined[k]) {
			free(defined);
			ck_error_set(err, 0, "graph output '%s' is never computed",
				     nm ? nm : "");
			goto out;
		}
		value_info_from(&m->outputs[i], g->output[i]);
		m->outputs[i].value = k;
		if (m->outputs[i].not_tensor) {
			ck_error_set(err, 0, "output '%s' is not a tensor "
				     "(sequence, map and optional types are not "
				     "supported)", nm);
			goto out;
		}
		m->noutputs = i + 1;
	}
	free(defined);
	if (m->noutputs == 0) {
		ck_error_set(err, 0, "graph has no outputs");
		goto out;
	}

	/* The distinct op types, sorted. */
	m->ops_used = calloc(m->nnodes + 1, sizeof *m->ops_used);
	if (!m->ops_used) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < m->nnodes; i++) {
		const char *t = m->nodes[i].op->name;
		size_t j;

		for (j = 0; j < m->nops_used; j++)
			if (!strcmp(m->ops_used[j], t))
				break;
		if (j == m->nops_used)
			m->ops_used[m->nops_used++] = t;
	}
	qsort(m->ops_used, m->nops_used, sizeof *m->ops_used, cmp_str);
	m->nvalues = vt.n;
	m->value_names = vt.names;
	vt.names = NULL;
	/* after ops_used: provenance names the ops of the file */
	if (model_fuse(m, err) < 0)
		goto out;
	rc = 0;
out:
	free(refs);
	free(vt.names);
	free(vt.slots);
	if (rc < 0)
		model_release(m);
	return rc;
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)(*(Onnx__TensorProto *const *)a)->raw_data.data;
	uintptr_t y = (uintptr_t)(*(Onnx__TensorProto *const *)b)->raw_data.data;

	return x < y ? -1 : x > y;
}

/* Once the model is loaded, only the weights used in place are read from
 * the mapping (the graph was unpacked from a copy, misaligned weights
 * copied): give back the other pages, which hashing and parsing brought
 * in, so they do not count against the process's memory.  Clean pages of
 * a private read-only mapping: read again from the file if ever touched. */
static void
trim_mapping(struct model *m, const void *p, size_t len)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t sz = pg > 0 ? (uintptr_t)pg : 4096;
	uintptr_t at = (uintptr_t)p, end = (uintptr_t)p + len;

	if (m->ninplace > 1)	/* none: no array at all (qsort wants one) */
		qsort(m->inplace, m->ninplace, sizeof *m->inplace, cmp_ptr);
	for (size_t i = 0; i <= m->ninplace && at < end; i++) {
		/* keep the pages of tensor i: give back those before them */
		uintptr_t lo = end, hi = end;
		if (i < m->ninplace) {
			lo = (uintptr_t)m->inplace[i]->raw_data.data;
			hi = lo + m->inplace[i]->raw_data.len;
			if (lo < (uintptr_t)p || hi > end)
				continue;	/* not in this mapping */
			lo = lo / sz * sz;
			hi = (hi + sz - 1) / sz * sz;
		}
		if (lo > at)
			madvise((void *)at, lo - at, MADV_DONTNEED);
		if (hi > at)
			at = hi;
	}
}

int
model_load_file(struct model *m, const char *path, struct ck_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *p;
	char dir[PATH_MAX];
	const char *slash;
	int rc;

	memset(m, 0, sizeof *m);
	if (fd < 0)
		return ck_error_set(err, errno, "cannot open %s", path);
	if (fstat(fd, &st) < 0) {
		rc = errno;
		close(fd);
		return ck_error_set(err, rc, "cannot stat %s", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return ck_error_set(err, 0, "%s: not a regular file", path);
	}
	if (st.st_size == 0) {
		close(fd);
		return ck_error_set(err, 0, "%s: empty model file", path);
	}
	if ((unsigned long long)st.st_size > INFER_MAX_MODEL_BYTES) {
		close(fd);
		return ck_error_set(err, 0, "%s: model larger than 2 GiB", path);
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return ck_error_set(err, errno, "cannot map %s", path);
	slash = strrchr(path, '/');
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof dir, ".");
	if (slash == path)
		snprintf(dir, sizeof dir, "/");
	rc = load_or_release(m, p, (size_t)st.st_size, dir, 1, err);
	if (rc == 0 && model_add_map(m, p, (size_t)st.st_size, err) < 0) {
		model_release(m);
		rc = -1;
	}
	if (rc == 0)
		trim_mapping(m, p, (size_t)st.st_size);
	if (rc < 0) {
		munmap(p, (size_t)st.st_size);
		ck_error_prefix(err, "%s", path);
	}
	return rc;
}

void
model_release(struct model *m)
{
	if (m->inits)
		for (size_t i = 0; i < m->ninits; i++)
			tensor_release(&m->inits[i]);
	for (size_t i = 0; i < m->nnodes; i++) {
		if (m->nodes[i].op && m->nodes[i].op->release)
			m->nodes[i].op->release(&m->nodes[i]);
		infer_epi_free(m->nodes[i].epi);
		free(m->nodes[i].in);
		free(m->nodes[i].out);
	}
	free(m->nodes);
	free(m->inits);
	free(m->is_init);
	free(m->inputs);
	free(m->outputs);
	free(m->ops_used);
	free(m->value_names);
	model_detach_raw(m);
	if (m->proto)
		onnx__model_proto__free_unpacked(m->proto, NULL);
	for (size_t i = 0; i < m->nmaps; i++)
		munmap(m->maps[i].p, m->maps[i].len);
	free(m->maps);
	memset(m, 0, sizeof *m);
}
