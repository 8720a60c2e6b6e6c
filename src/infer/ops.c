/* ops.c -- the operator registry and attribute helpers. */
#include <config.h>

#include <string.h>

#include "infer/onnx.pb-c.h"
#include "infer/ops.h"

static const struct op_def *const families[] = {
	ops_elementwise, ops_matmul, ops_conv, ops_reduce, ops_shape,
	ops_tree, NULL
};

const struct op_def *
op_find(const char *domain, const char *name)
{
	for (size_t f = 0; families[f]; f++)
		for (const struct op_def *d = families[f]; d->name; d++)
			if (!strcmp(d->name, name) && !strcmp(d->domain, domain))
				return d;
	return NULL;
}

void
op_list(void (*emit)(const char *, const char *, void *), void *arg)
{
	for (size_t f = 0; families[f]; f++)
		for (const struct op_def *d = families[f]; d->name; d++)
			emit(d->domain, d->name, arg);
}

const Onnx__AttributeProto *
attr_get(const struct node *n, const char *name)
{
	for (size_t i = 0; i < n->p->n_attribute; i++)
		if (n->p->attribute[i]->name &&
		    !strcmp(n->p->attribute[i]->name, name))
			return n->p->attribute[i];
	return NULL;
}

int64_t
attr_int(const struct node *n, const char *name, int64_t def)
{
	const Onnx__AttributeProto *a = attr_get(n, name);

	return a && a->has_i ? a->i : def;
}

float
attr_float(const struct node *n, const char *name, float def)
{
	const Onnx__AttributeProto *a = attr_get(n, name);

	return a && a->has_f ? a->f : def;
}

const char *
attr_str(const struct node *n, const char *name, const char *def)
{
	static __thread char buf[64];
	const Onnx__AttributeProto *a = attr_get(n, name);

	if (!a || !a->has_s)
		return def;
	if (a->s.len >= sizeof buf)
		return "";
	memcpy(buf, a->s.data, a->s.len);
	buf[a->s.len] = '\0';
	return buf;
}

size_t
attr_ints(const struct node *n, const char *name, const int64_t **v)
{
	const Onnx__AttributeProto *a = attr_get(n, name);

	*v = a ? a->ints : NULL;
	return a ? a->n_ints : 0;
}

size_t
attr_floats(const struct node *n, const char *name, const float **v)
{
	const Onnx__AttributeProto *a = attr_get(n, name);

	*v = a ? a->floats : NULL;
	return a ? a->n_floats : 0;
}

int
need_dtype(const struct tensor *t, int dtype, const char *what,
	   struct ck_error *err)
{
	if (t->dtype == dtype)
		return 0;
	return ck_error_set(err, 0, "%s: %s tensors not supported (%s "
			    "required)", what, dtype_name(t->dtype),
			    dtype_name(dtype));
}
