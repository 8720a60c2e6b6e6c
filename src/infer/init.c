/* init.c -- where the weights live: raw_data (in place in the mapped model
 * when aligned for its type, else copied) and external data (mapped the
 * same way, else read), and the tensors of initializers. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infer/onnx.pb-c.h"
#include "infer/model.h"
#include "infer/wire.h"

static int
is_le(void)
{
	const uint16_t one = 1;

	return *(const unsigned char *)&one == 1;
}

/* Reads external data for tp from dir into a new buffer of want bytes; or,
 * when map is not NULL and the data lies aligned for elements of es bytes,
 * maps it instead (*out then points into *map, which the caller unmaps). */
static int
read_external(const Onnx__TensorProto *tp, const char *dir, size_t want,
	      size_t es, struct infer_map *map, void **out,
	      struct ck_error *err)
{
	const char *loc = NULL;
	long long off = 0, len = -1;
	char path[PATH_MAX];
	int fd;
	struct stat st;
	void *buf;
	size_t got = 0;

	for (size_t i = 0; i < tp->n_external_data; i++) {
		const Onnx__StringStringEntryProto *e = tp->external_data[i];
		char *end;

		if (!e->key || !e->value)
			continue;
		if (!strcmp(e->key, "location"))
			loc = e->value;
		else if (!strcmp(e->key, "offset"))
			off = strtoll(e->value, &end, 10);
		else if (!strcmp(e->key, "length"))
			len = strtoll(e->value, &end, 10);
	}
	if (!dir)
		return ck_error_set(err, 0, "external data not allowed here");
	if (!loc || !*loc || loc[0] == '/' || strstr(loc, ".."))
		return ck_error_set(err, 0, "external data location must be a "
				    "relative path inside the model's directory");
	if (off < 0 || (len >= 0 && (size_t)len != want))
		return ck_error_set(err, 0, "external data of %s: offset or "
				    "length does not fit the tensor", loc);
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, loc) >= sizeof path)
		return ck_error_set(err, ENAMETOOLONG, "external data path too long");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ck_error_set(err, errno, "cannot open external data %s",
				    loc);
	if (fstat(fd, &st) < 0 || st.st_size < off ||
	    (size_t)(st.st_size - off) < want) {
		close(fd);
		return ck_error_set(err, 0, "external data %s is shorter than "
				    "the tensor", loc);
	}
	if (map && want && es && (unsigned long long)off % es == 0) {
		long pg = sysconf(_SC_PAGESIZE);
		size_t delta = (size_t)off % (size_t)(pg > 0 ? pg : 4096);
		void *p = mmap(NULL, want + delta, PROT_READ, MAP_PRIVATE, fd,
			       (off_t)off - (off_t)delta);
		if (p != MAP_FAILED) {
			close(fd);
			map->p = p;
			map->len = want + delta;
			*out = (char *)p + delta;
			return 0;
		}
	}
	buf = malloc(want ? want : 1);
	if (!buf) {
		close(fd);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	while (got < want) {
		ssize_t r = pread(fd, (char *)buf + got, want - got,
				  (off_t)off + (off_t)got);
		if (r <= 0) {
			free(buf);
			close(fd);
			return ck_error_set(err, r < 0 ? errno : 0,
					    "cannot read external data %s", loc);
		}
		got += (size_t)r;
	}
	close(fd);
	*out = buf;
	return 0;
}

static int
tensor_from_proto_map(struct tensor *t, const Onnx__TensorProto *tp,
		      const char *dir, struct infer_map *map,
		      struct ck_error *err)
{
	int dtype = tp->has_data_type ? tp->data_type : 0;
	size_t es = dtype_size(dtype), bytes;

	memset(t, 0, sizeof *t);
	if (es == 0 || dtype == DT_UNDEF)
		return ck_error_set(err, 0, "tensor '%s' has unsupported "
				    "element type %d", tp->name ? tp->name : "",
				    dtype);
	if (tp->segment)
		return ck_error_set(err, 0, "segmented tensors not supported");
	if (tp->n_dims > INFER_MAX_RANK)
		return ck_error_set(err, 0, "tensor '%s' of rank %zu exceeds "
				    "the limit of %d", tp->name ? tp->name : "",
				    tp->n_dims, INFER_MAX_RANK);
	t->dtype = dtype;
	t->rank = (int)tp->n_dims;
	for (size_t i = 0; i < tp->n_dims; i++)
		t->dims[i] = tp->dims[i];
	if (tensor_check_shape(t, err) < 0) {
		ck_error_prefix(err, "tensor '%s'", tp->name ? tp->name : "");
		return -1;
	}
	bytes = t->n * es;
	if (tp->has_data_location &&
	    tp->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL) {
		if (!is_le())
			return ck_error_set(err, 0, "big-endian host");
		if (read_external(tp, dir, bytes, es, map, &t->data, err) < 0)
			return -1;
		t->borrowed = map && map->p;
		return 0;
	}
	if (tp->has_raw_data) {
		if (tp->raw_data.len != bytes)
			return ck_error_set(err, 0, "tensor '%s' holds %zu bytes "
					    "of data for %zu elements",
					    tp->name ? tp->name : "",
					    tp->raw_data.len, t->n);
		if (!is_le())
			return ck_error_set(err, 0, "big-endian host");
		/* Borrowed from the parsed model (malloc-aligned). */
		t->data = tp->raw_data.data;
		t->borrowed = 1;
		if (!t->data) {
			t->data = calloc(1, 1);
			t->borrowed = 0;
		}
		return 0;
	}
	t->data = calloc(t->n ? t->n : 1, es);
	if (!t->data)
		return ck_error_set(err, ENOMEM, "out of memory");
#define TAKE(field, count, ctype) do { \
		if (tp->count != t->n) goto bad; \
		for (size_t i = 0; i < t->n; i++) \
			((ctype *)t->data)[i] = (ctype)tp->field[i]; \
	} while (0)
	switch (dtype) {
	case DT_FLOAT: TAKE(float_data, n_float_data, float); break;
	case DT_DOUBLE: TAKE(double_data, n_double_data, double); break;
	case DT_INT64: TAKE(int64_data, n_int64_data, int64_t); break;
	case DT_INT32: TAKE(int32_data, n_int32_data, int32_t); break;
	case DT_BOOL: case DT_UINT8: TAKE(int32_data, n_int32_data, uint8_t); break;
	case DT_INT8: TAKE(int32_data, n_int32_data, int8_t); break;
	default: goto bad;
	}
#undef TAKE
	return 0;
bad:
	free(t->data);
	t->data = NULL;
	return ck_error_set(err, 0, "tensor '%s' holds the wrong number of "
			    "values for its shape", tp->name ? tp->name : "");
}

int
tensor_from_proto(struct tensor *t, const Onnx__TensorProto *tp,
		  const char *dir, struct ck_error *err)
{
	return tensor_from_proto_map(t, tp, dir, NULL, err);
}

int
model_add_map(struct model *m, void *p, size_t len, struct ck_error *err)
{
	struct infer_map *n = realloc(m->maps, (m->nmaps + 1) * sizeof *n);

	if (!n)
		return ck_error_set(err, ENOMEM, "out of memory");
	m->maps = n;
	m->maps[m->nmaps].p = p;
	m->maps[m->nmaps++].len = len;
	return 0;
}

/* An initializer: with own, external data aligned for its type is mapped
 * (raw_data was put in place by model_attach_raw). */
int
model_load_init(struct model *m, struct tensor *t, const Onnx__TensorProto *tp,
		const char *dir, int own, struct ck_error *err)
{
	struct infer_map map = { 0 };

	if (tensor_from_proto_map(t, tp, dir, own ? &map : NULL, err) < 0)
		return -1;
	if (map.p && model_add_map(m, map.p, map.len, err) < 0) {
		munmap(map.p, map.len);
		memset(t, 0, sizeof *t);
		return -1;
	}
	return 0;
}

/* The tensor a raw_ref names in the unpacked graph, NULL if none. */
static Onnx__TensorProto *
ref_tensor(const Onnx__GraphProto *g, const struct raw_ref *r)
{
	if (!g)
		return NULL;
	if (!r->in_node)
		return r->i < g->n_initializer ? g->initializer[r->i] : NULL;
	if (r->i >= g->n_node || r->j >= g->node[r->i]->n_attribute)
		return NULL;
	return g->node[r->i]->attribute[r->j]->t;
}

int
model_attach_raw(struct model *m, const uint8_t *bytes,
		 const struct raw_ref *refs, size_t nrefs, int own,
		 struct ck_error *err)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t sz = pg > 0 ? (uintptr_t)pg : 4096;

	m->inplace = calloc(nrefs + 1, sizeof *m->inplace);
	if (!m->inplace)
		return ck_error_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < nrefs; i++) {
		Onnx__TensorProto *tp = ref_tensor(m->proto->graph, &refs[i]);
		const uint8_t *rp = bytes + refs[i].off;
		size_t len = refs[i].len, es;

		if (!tp || !tp->has_raw_data || tp->raw_data.len)
			return ck_error_set(err, 0, "tensors not laid out as "
					    "expected");
		if (!len)
			continue;
		es = dtype_size(tp->has_data_type ? tp->data_type : 0);
		if (own && (uintptr_t)rp % (es ? es : 1) == 0) {
			/* in place; unhooked before the proto is freed */
			tp->raw_data.data = (uint8_t *)rp;
			tp->raw_data.len = len;
			m->inplace[m->ninplace++] = tp;
			continue;
		}
		/* misaligned, or bytes that are not the model's: a copy the
		 * proto owns (malloc'd, as protobuf-c's default allocator) */
		tp->raw_data.data = malloc(len);
		if (!tp->raw_data.data)
			return ck_error_set(err, ENOMEM, "out of memory");
		memcpy(tp->raw_data.data, rp, len);
		tp->raw_data.len = len;
		if (own) {	/* whole pages only the copy needed */
			uintptr_t a = ((uintptr_t)rp + sz - 1) / sz * sz;
			uintptr_t e = ((uintptr_t)rp + len) / sz * sz;
			if (e > a)
				madvise((void *)a, e - a, MADV_DONTNEED);
		}
	}
	return 0;
}

void
model_detach_raw(struct model *m)
{
	for (size_t i = 0; i < m->ninplace; i++) {
		m->inplace[i]->raw_data.data = NULL;
		m->inplace[i]->raw_data.len = 0;
	}
	free(m->inplace);
	m->inplace = NULL;
	m->ninplace = 0;
}
