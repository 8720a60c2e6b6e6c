/* wire.c -- reading the protobuf wire format just far enough to find the
 * weights' raw_data (ModelProto.graph = 7; GraphProto.initializer = 5,
 * GraphProto.node = 1, NodeProto.attribute = 5, AttributeProto.t = 5;
 * TensorProto.raw_data = 9) and to write the model again without it.
 * Anything unexpected gives up (-1) and the loader unpacks the original
 * bytes, so this file never decides whether a model is valid. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "infer/wire.h"

enum { WT_VARINT = 0, WT_I64 = 1, WT_LEN = 2, WT_I32 = 5 };

static int
get_varint(const uint8_t *p, size_t len, size_t *at, uint64_t *v)
{
	uint64_t r = 0;

	for (int s = 0; s < 64 && *at < len; s += 7) {
		uint8_t b = p[(*at)++];

		r |= (uint64_t)(b & 0x7f) << s;
		if (!(b & 0x80)) {
			*v = r;
			return 0;
		}
	}
	return -1;
}

static uint8_t *
put_varint(uint8_t *o, uint64_t v)
{
	while (v >= 0x80) {
		*o++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*o++ = (uint8_t)v;
	return o;
}

struct field {
	uint64_t num;
	int wt;
	size_t start, vstart, end;	/* the field; its value (WT_LEN) */
};

/* The field at *at of p[0..len); -1 when it does not parse. */
static int
next_field(const uint8_t *p, size_t len, size_t *at, struct field *f)
{
	uint64_t tag, v;

	f->start = *at;
	if (get_varint(p, len, at, &tag) < 0 || (tag >> 3) == 0)
		return -1;
	f->num = tag >> 3;
	f->wt = (int)(tag & 7);
	switch (f->wt) {
	case WT_VARINT:
		if (get_varint(p, len, at, &v) < 0)
			return -1;
		break;
	case WT_I64:
	case WT_I32:
		v = f->wt == WT_I64 ? 8 : 4;
		if (len - *at < v)
			return -1;
		*at += (size_t)v;
		break;
	case WT_LEN:
		if (get_varint(p, len, at, &v) < 0 || v > len - *at)
			return -1;
		f->vstart = *at;
		*at += (size_t)v;
		break;
	default:		/* groups: not in onnx.proto */
		return -1;
	}
	f->end = *at;
	return 0;
}

enum msg { M_MODEL, M_GRAPH, M_NODE, M_ATTR, M_TENSOR };

struct strip {
	const uint8_t *base;
	struct raw_ref *refs;
	size_t nrefs, cap;
	size_t ninit, nnode;	/* seen so far in the graph */
};

/* The message a field of a message of type t holds, or -1 when it is not
 * one this walk enters. */
static int
inner(enum msg t, uint64_t num)
{
	switch (t) {
	case M_MODEL: return num == 7 ? M_GRAPH : -1;
	case M_GRAPH: return num == 5 ? M_TENSOR : num == 1 ? M_NODE : -1;
	case M_NODE: return num == 5 ? M_ATTR : -1;
	case M_ATTR: return num == 5 ? M_TENSOR : -1;
	default: return -1;
	}
}

/* Writes the message p[0..len) of type t to o without the raw_data of its
 * tensors (ref: the tensor's entry); returns the end of what it wrote,
 * NULL on failure.  A graph or an attribute's tensor given twice would be
 * merged by the unpacker: give up on those. */
static uint8_t *
strip_msg(struct strip *s, const uint8_t *p, size_t len, enum msg t,
	  struct raw_ref *ref, uint8_t *o)
{
	struct field f;
	size_t at = 0, nattr = 0;
	int once = 0;

	while (at < len) {
		int sub;

		if (next_field(p, len, &at, &f) < 0)
			return NULL;
		sub = f.wt == WT_LEN ? inner(t, f.num) : -1;
		if (sub >= 0) {
			struct raw_ref r = { 0 };
			uint8_t *val, *e, *lp;
			uint64_t tag;
			size_t k = f.start, taglen, vlen;

			if ((t == M_MODEL || t == M_ATTR) && once++)
				return NULL;
			if (t == M_GRAPH && sub == M_TENSOR)
				r.i = s->ninit++;
			else if (t == M_GRAPH)
				s->nnode++;
			else if (t == M_NODE)
				nattr++;
			if (t == M_ATTR) {
				r = *ref;	/* node and attribute */
				r.in_node = 1;
			}
			if (get_varint(p, len, &k, &tag) < 0)
				return NULL;
			taglen = k - f.start;
			memcpy(o, p + f.start, taglen);
			/* the new value is never longer than the old one: it
			 * goes after room for the longest length, then back */
			val = o + taglen + 10;
			if (t == M_NODE) {
				r.i = s->nnode - 1;
				r.j = nattr - 1;
			}
			e = strip_msg(s, p + f.vstart, f.end - f.vstart,
				      (enum msg)sub, &r, val);
			if (!e)
				return NULL;
			vlen = (size_t)(e - val);
			lp = put_varint(o + taglen, vlen);
			memmove(lp, val, vlen);
			o = lp + vlen;
			continue;
		}
		if (t == M_TENSOR && f.num == 9 && f.wt == WT_LEN) {
			/* raw_data: the last one counts, as when unpacking */
			ref->off = (size_t)(p + f.vstart - s->base);
			ref->len = f.end - f.vstart;
			ref->has = 1;
			*o++ = (uint8_t)(9 << 3 | WT_LEN);
			*o++ = 0;
			continue;
		}
		memcpy(o, p + f.start, f.end - f.start);
		o += f.end - f.start;
	}
	if (t == M_TENSOR && ref->has) {
		if (s->nrefs == s->cap) {
			size_t nc = s->cap ? 2 * s->cap : 64;
			struct raw_ref *r = realloc(s->refs, nc * sizeof *r);
			if (!r)
				return NULL;
			s->refs = r;
			s->cap = nc;
		}
		s->refs[s->nrefs++] = *ref;
	}
	return o;
}

int
wire_strip_raw(const uint8_t *p, size_t len, uint8_t **out, size_t *outlen,
	       struct raw_ref **refs, size_t *nrefs)
{
	struct strip s = { .base = p };
	/* room for the copy plus 10 bytes of slack per nesting level */
	uint8_t *buf = malloc(len + 64), *e;

	*out = NULL;
	*refs = NULL;
	*nrefs = 0;
	if (!buf)
		return -1;
	e = strip_msg(&s, p, len, M_MODEL, NULL, buf);
	if (!e) {
		free(buf);
		free(s.refs);
		return -1;
	}
	*out = buf;
	*outlen = (size_t)(e - buf);
	*refs = s.refs;
	*nrefs = s.nrefs;
	return 0;
}
