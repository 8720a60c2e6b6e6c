/* diffcore.c -- collecting, pairing and printing differences. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "dsver/diffcore.h"

void
ds_diff_init(struct ds_diff *d)
{
	memset(d, 0, sizeof(*d));
}

static int
copy_entry(struct ds_entry *dst, const struct ds_entry *src)
{
	*dst = *src;
	dst->path = malloc(src->len + 1);
	if (dst->path == NULL)
		return -1;
	memcpy(dst->path, src->path, src->len);
	dst->path[src->len] = '\0';
	return 0;
}

static int
push_entry(struct ds_entry **v, size_t *n, size_t *cap,
	   const struct ds_entry *e)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		void *np = realloc(*v, nc * sizeof(**v));

		if (np == NULL)
			return -1;
		*v = np;
		*cap = nc;
	}
	if (copy_entry(&(*v)[*n], e) < 0)
		return -1;
	(*n)++;
	return 0;
}

static struct ds_drec *
push_rec(struct ds_diff *d, enum ds_dkind k)
{
	struct ds_drec *r;

	if (d->nrec == d->caprec) {
		size_t nc = d->caprec ? d->caprec * 2 : 64;
		void *np = realloc(d->rec, nc * sizeof(*d->rec));

		if (np == NULL)
			return NULL;
		d->rec = np;
		d->caprec = nc;
	}
	r = &d->rec[d->nrec++];
	memset(r, 0, sizeof(*r));
	r->kind = k;
	return r;
}

int
ds_diff_removed(struct ds_diff *d, const struct ds_entry *a)
{
	return push_entry(&d->rem, &d->nrem, &d->caprem, a);
}

int
ds_diff_added(struct ds_diff *d, const struct ds_entry *b)
{
	return push_entry(&d->add, &d->nadd, &d->capadd, b);
}

int
ds_diff_same_path(struct ds_diff *d, const struct ds_entry *a,
		  const struct ds_entry *b)
{
	struct ds_drec *r;
	enum ds_dkind k;

	if (memcmp(a->sha, b->sha, CK_SHA256_LEN) != 0 ||
	    a->size != b->size || (a->mode & 0170000) != (b->mode & 0170000))
		k = DS_MODIFIED;
	else if (a->mode != b->mode)
		k = DS_MODE;
	else
		return 0;
	r = push_rec(d, k);
	if (r == NULL || copy_entry(&r->a, a) < 0)
		return -1;
	if (copy_entry(&r->b, b) < 0) {
		ds_entry_release(&r->a);
		return -1;
	}
	return 0;
}

void
ds_diff_release(struct ds_diff *d)
{
	for (size_t i = 0; i < d->nrem; i++)
		ds_entry_release(&d->rem[i]);
	for (size_t i = 0; i < d->nadd; i++)
		ds_entry_release(&d->add[i]);
	for (size_t i = 0; i < d->nrec; i++) {
		ds_entry_release(&d->rec[i].a);
		ds_entry_release(&d->rec[i].b);
	}
	free(d->rem);
	free(d->add);
	free(d->rec);
	memset(d, 0, sizeof(*d));
}

/* Removed entries ordered by (content, type, path) for pairing. */
static const struct ds_entry *sort_base;

static int
cmp_content(const void *x, const void *y)
{
	const struct ds_entry *a = &sort_base[*(const size_t *)x];
	const struct ds_entry *b = &sort_base[*(const size_t *)y];
	int c = memcmp(a->sha, b->sha, CK_SHA256_LEN);

	if (c != 0)
		return c;
	if ((a->mode & 0170000) != (b->mode & 0170000))
		return (a->mode & 0170000) < (b->mode & 0170000) ? -1 : 1;
	return ds_entry_cmp(a, b);
}

static const char *
rec_path(const struct ds_drec *r, size_t *len)
{
	const struct ds_entry *e = r->kind == DS_REMOVED ? &r->a : &r->b;

	*len = e->len;
	return e->path;
}

static int
cmp_rec(const void *x, const void *y)
{
	size_t al, bl;
	const char *a = rec_path(x, &al), *b = rec_path(y, &bl);

	return ds_path_cmp(a, al, b, bl);
}

int
ds_diff_finish(struct ds_diff *d)
{
	size_t *idx = malloc((d->nrem + 1) * sizeof(size_t));
	char *used = calloc(d->nrem + 1, 1);

	if (idx == NULL || used == NULL) {
		free(idx);
		free(used);
		return -1;
	}
	for (size_t i = 0; i < d->nrem; i++)
		idx[i] = i;
	sort_base = d->rem;
	qsort(idx, d->nrem, sizeof(size_t), cmp_content);
	for (size_t k = 0; k < d->nadd; k++) {
		struct ds_entry *b = &d->add[k];
		size_t lo = 0, hi = d->nrem;
		struct ds_drec *r;

		if (b->size == 0)
			goto added;
		/* the first removed entry with the same content and type */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct ds_entry *a = &d->rem[idx[mid]];
			int c = memcmp(a->sha, b->sha, CK_SHA256_LEN);

			if (c == 0 && (a->mode & 0170000) != (b->mode & 0170000))
				c = (a->mode & 0170000) < (b->mode & 0170000)
					    ? -1 : 1;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < d->nrem; lo++) {
			const struct ds_entry *a = &d->rem[idx[lo]];

			if (memcmp(a->sha, b->sha, CK_SHA256_LEN) != 0 ||
			    (a->mode & 0170000) != (b->mode & 0170000))
				break;
			if (used[idx[lo]])
				continue;
			used[idx[lo]] = 1;
			r = push_rec(d, DS_RENAMED);
			if (r == NULL)
				goto nomem;
			r->a = d->rem[idx[lo]];
			d->rem[idx[lo]].path = NULL;
			r->b = *b;
			b->path = NULL;
			break;
		}
		if (b->path == NULL)
			continue;
added:
		r = push_rec(d, DS_ADDED);
		if (r == NULL)
			goto nomem;
		r->b = *b;
		b->path = NULL;
	}
	for (size_t i = 0; i < d->nrem; i++) {
		struct ds_drec *r;

		if (used[i])
			continue;
		r = push_rec(d, DS_REMOVED);
		if (r == NULL)
			goto nomem;
		r->a = d->rem[i];
		d->rem[i].path = NULL;
	}
	free(idx);
	free(used);
	if (d->nrec > 1)
		qsort(d->rec, d->nrec, sizeof(*d->rec), cmp_rec);
	return 0;
nomem:
	free(idx);
	free(used);
	return -1;
}
