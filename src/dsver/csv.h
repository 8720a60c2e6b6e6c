/* csv.h -- the header and column types of the CSV files of a snapshot,
 * recorded in its metadata under "csv" (never values: a column of names
 * is "string", not a list of names). */
#ifndef DSVER_CSV_H
#define DSVER_CSV_H

#include <jansson.h>
#include "common/err.h"
#include "common/store.h"
#include "dsver/scan.h"

/* How many data rows are looked at per file. */
#define DS_CSV_SAMPLE_ROWS 1000
/* How many bytes at most are read per file. */
#define DS_CSV_SAMPLE_BYTES (1u << 20)

/* For each *.csv entry, reads its start from root (a tree) or from the
 * store (an archive; no store and no root: skipped), and sets
 * meta["csv"][path] = {"columns":[{"name","type"}...],"rows_sampled":N}.
 * A "csv" key the user gave is kept as it is.  0, or -1 with err. */
int ds_csv_describe(const struct ds_scan *sc, const char *root,
		    struct ck_store *store, json_t *meta, struct ck_error *err);

/* Describes one CSV text (for tests and fuzzing): a new object, or NULL
 * when it is not a usable CSV (no header, invalid UTF-8 in the header). */
json_t *ds_csv_columns(const char *p, size_t n);

#endif
