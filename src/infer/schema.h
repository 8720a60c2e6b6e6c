/* schema.h -- the YAML schema that infer validates records against, on
 * top of the model's declared inputs.
 *
 *   field: features          # record field holding the input (optional)
 *   required: [patient_id]   # record fields that must be present
 *   shape: [30]              # shape of one record's input, batch excluded
 *   dtype: float32           # float32 or int64
 *   min: 0                   # bounds for every value
 *   max: 1000
 *   allow_nonfinite: false   # accept "NaN", "Infinity", "-Infinity"
 *   features:                # per-position bounds (flat index)
 *     - {index: 0, name: age, min: 0, max: 120}
 */
#ifndef INFER_SCHEMA_H
#define INFER_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include "common/err.h"
#include "infer/tensor.h"

struct schema_feature {
	size_t index;
	char *name;
	int has_min, has_max;
	double min, max;
};

struct schema {
	char *field;
	char **required;
	size_t nrequired;
	int rank;		/* -1: not given */
	int64_t shape[INFER_MAX_RANK];
	int dtype;		/* DT_UNDEF: not given */
	int has_min, has_max;
	double min, max;
	int allow_nonfinite;
	struct schema_feature *features;
	size_t nfeatures;
};

void schema_init(struct schema *s);
/* 0, or -1 with err "path:line: message". */
int schema_load_file(struct schema *s, const char *path, struct ck_error *err);
int schema_load_buf(struct schema *s, const char *buf, size_t len,
		    const char *name, struct ck_error *err);
void schema_release(struct schema *s);

/* Checks value v at flat index i of a record's input; 0 or -1 with a
 * message naming the position (never the value). */
int schema_check_value(const struct schema *s, size_t i, double v,
		       struct ck_error *err);

#endif
