/* schema.c -- loading and applying infer's YAML schema. */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/yaml.h"
#include "infer/schema.h"

void
schema_init(struct schema *s)
{
	memset(s, 0, sizeof *s);
	s->rank = -1;
}

void
schema_release(struct schema *s)
{
	free(s->field);
	for (size_t i = 0; i < s->nrequired; i++)
		free(s->required[i]);
	free(s->required);
	for (size_t i = 0; i < s->nfeatures; i++)
		free(s->features[i].name);
	free(s->features);
	schema_init(s);
}

static int
bad(const struct ck_yaml_doc *d, const json_t *node, struct ck_error *err,
    const char *what)
{
	return ck_error_set(err, 0, "%s:%lu: %s", ck_yaml_name(d),
			    ck_yaml_line(d, node), what);
}

static int
get_bound(const struct ck_yaml_doc *d, const json_t *v, double *out,
	  struct ck_error *err)
{
	if (!json_is_number(v))
		return bad(d, v, err, "bound is not a number");
	*out = json_number_value(v);
	return 0;
}

static int
load(struct schema *s, const struct ck_yaml_doc *d, struct ck_error *err)
{
	json_t *root = ck_yaml_root(d), *v;
	const char *k;

	if (!json_is_object(root))
		return ck_error_set(err, 0, "%s:%lu: schema is not a mapping",
				    ck_yaml_name(d), ck_yaml_line(d, root));
	json_object_foreach(root, k, v) {
		if (!strcmp(k, "field")) {
			if (!json_is_string(v) || !*json_string_value(v))
				return bad(d, v, err, "field is not a name");
			s->field = strdup(json_string_value(v));
		} else if (!strcmp(k, "required")) {
			size_t i;
			json_t *e;
			if (!json_is_array(v))
				return bad(d, v, err, "required is not a list");
			s->required = calloc(json_array_size(v) + 1,
					     sizeof *s->required);
			if (!s->required)
				return ck_error_set(err, ENOMEM, "out of memory");
			json_array_foreach(v, i, e) {
				if (!json_is_string(e))
					return bad(d, e, err, "required entry is "
						   "not a name");
				s->required[s->nrequired++] =
					strdup(json_string_value(e));
			}
		} else if (!strcmp(k, "shape")) {
			size_t i;
			json_t *e;
			if (!json_is_array(v) || json_array_size(v) > INFER_MAX_RANK)
				return bad(d, v, err, "shape is not a list of at "
					   "most 8 dimensions");
			s->rank = (int)json_array_size(v);
			json_array_foreach(v, i, e) {
				if (!json_is_integer(e) || json_integer_value(e) < 0 ||
				    json_integer_value(e) > (json_int_t)INFER_MAX_ELEMS)
					return bad(d, e, err, "dimension is not a "
						   "non-negative integer");
				s->shape[i] = json_integer_value(e);
			}
		} else if (!strcmp(k, "dtype")) {
			const char *t = json_string_value(v);
			if (t && !strcmp(t, "float32"))
				s->dtype = DT_FLOAT;
			else if (t && !strcmp(t, "int64"))
				s->dtype = DT_INT64;
			else
				return bad(d, v, err, "dtype must be float32 or "
					   "int64");
		} else if (!strcmp(k, "min")) {
			if (get_bound(d, v, &s->min, err) < 0)
				return -1;
			s->has_min = 1;
		} else if (!strcmp(k, "max")) {
			if (get_bound(d, v, &s->max, err) < 0)
				return -1;
			s->has_max = 1;
		} else if (!strcmp(k, "allow_nonfinite")) {
			if (!json_is_boolean(v))
				return bad(d, v, err, "allow_nonfinite is not "
					   "true or false");
			s->allow_nonfinite = json_is_true(v);
		} else if (!strcmp(k, "features")) {
			size_t i;
			json_t *e;
			if (!json_is_array(v))
				return bad(d, v, err, "features is not a list");
			s->features = calloc(json_array_size(v) + 1,
					     sizeof *s->features);
			if (!s->features)
				return ck_error_set(err, ENOMEM, "out of memory");
			json_array_foreach(v, i, e) {
				struct schema_feature *f =
					&s->features[s->nfeatures];
				const char *fk;
				json_t *fv;
				int has_index = 0;

				if (!json_is_object(e))
					return bad(d, e, err, "feature is not a "
						   "mapping");
				s->nfeatures++;
				json_object_foreach(e, fk, fv) {
					if (!strcmp(fk, "index")) {
						if (!json_is_integer(fv) ||
						    json_integer_value(fv) < 0 ||
						    json_integer_value(fv) >
						    (json_int_t)INFER_MAX_ELEMS)
							return bad(d, fv, err,
								   "index is not a "
								   "position");
						f->index = (size_t)json_integer_value(fv);
						has_index = 1;
					} else if (!strcmp(fk, "name")) {
						if (!json_is_string(fv))
							return bad(d, fv, err,
								   "name is not a "
								   "string");
						free(f->name);
						f->name = strdup(json_string_value(fv));
					} else if (!strcmp(fk, "min")) {
						if (get_bound(d, fv, &f->min, err) < 0)
							return -1;
						f->has_min = 1;
					} else if (!strcmp(fk, "max")) {
						if (get_bound(d, fv, &f->max, err) < 0)
							return -1;
						f->has_max = 1;
					} else {
						return ck_error_set(err, 0, "%s:%lu: "
							"unknown feature key '%s'",
							ck_yaml_name(d),
							ck_yaml_line(d, fv), fk);
					}
				}
				if (!has_index)
					return bad(d, e, err, "feature without an "
						   "index");
				if (f->has_min && f->has_max && f->min > f->max)
					return bad(d, e, err, "min above max");
			}
		} else {
			return ck_error_set(err, 0, "%s:%lu: unknown key '%s'",
					    ck_yaml_name(d), ck_yaml_line(d, v), k);
		}
	}
	if (s->has_min && s->has_max && s->min > s->max)
		return bad(d, root, err, "min above max");
	return 0;
}

static int
finish(struct schema *s, struct ck_yaml_doc *d, struct ck_error *err)
{
	int rc;

	if (!d)
		return -1;
	rc = load(s, d, err);
	ck_yaml_free(d);
	if (rc < 0)
		schema_release(s);
	return rc;
}

int
schema_load_file(struct schema *s, const char *path, struct ck_error *err)
{
	schema_init(s);
	return finish(s, ck_yaml_load_file(path, err), err);
}

int
schema_load_buf(struct schema *s, const char *buf, size_t len,
		const char *name, struct ck_error *err)
{
	schema_init(s);
	return finish(s, ck_yaml_load_buf(buf, len, name, err), err);
}

int
schema_check_value(const struct schema *s, size_t i, double v,
		   struct ck_error *err)
{
	if (!isfinite(v) && !s->allow_nonfinite)
		return ck_error_set(err, 0, "value at position %zu is not finite", i);
	if (isnan(v))
		return 0;
	if (s->has_min && v < s->min)
		return ck_error_set(err, 0, "value at position %zu is below the minimum %g",
				    i, s->min);
	if (s->has_max && v > s->max)
		return ck_error_set(err, 0, "value at position %zu is above the maximum %g",
				    i, s->max);
	for (size_t k = 0; k < s->nfeatures; k++) {
		const struct schema_feature *f = &s->features[k];
		if (f->index != i)
			continue;
		if ((f->has_min && v < f->min) || (f->has_max && v > f->max)) {
			if (f->name)
				return ck_error_set(err, 0, "%s (position %zu) is "
						    "outside [%g, %g]", f->name,
						    i, f->has_min ? f->min : -INFINITY,
						    f->has_max ? f->max : INFINITY);
			return ck_error_set(err, 0, "value at position %zu is outside "
					    "[%g, %g]", i,
					    f->has_min ? f->min : -INFINITY,
					    f->has_max ? f->max : INFINITY);
		}
	}
	return 0;
}
