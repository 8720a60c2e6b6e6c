/* csvcols.c -- CSV (RFC 4180) and TSV columns whose header the policy
 * names ("ssn", "dob", "patient_name"): every cell below such a header
 * is a span of that type, whatever the engine makes of its content.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "phiredact/redact.h"

static int
ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf), i;

	if (n < m)
		return 0;
	for (i = 0; i < m; i++) {
		char c = s[n - m + i];

		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != suf[i])
			return 0;
	}
	return 1;
}

/* One cell: [start, end) of its content, without quotes.  Returns the
 * offset after its delimiter or line end; *eol is 1 after a line end. */
static size_t
cell(const char *d, size_t len, size_t i, char delim, size_t *start,
     size_t *end, int *eol)
{
	*eol = 0;
	if (i < len && d[i] == '"') {
		*start = ++i;
		while (i < len) {
			if (d[i] == '"') {
				if (i + 1 < len && d[i + 1] == '"') {
					i += 2;
					continue;
				}
				break;
			}
			i++;
		}
		*end = i;
		if (i < len)
			i++;	/* closing quote */
		while (i < len && d[i] != delim && d[i] != '\n' &&
		       d[i] != '\r')
			i++;
	} else {
		*start = i;
		while (i < len && d[i] != delim && d[i] != '\n' &&
		       d[i] != '\r')
			i++;
		*end = i;
	}
	if (i >= len) {
		*eol = 1;
		return len;
	}
	if (d[i] == delim)
		return i + 1;
	*eol = 1;
	if (d[i] == '\r' && i + 1 < len && d[i + 1] == '\n')
		return i + 2;
	return i + 1;
}

int
rd_csv_columns(const struct rd_policy *p, const char *path, const char *doc,
	       size_t len, struct rd_span **spans, size_t *n, size_t *cap)
{
	int *types = NULL, any = 0;
	size_t ncols = 0, i = 0, col, s, e;
	char delim;
	int eol;

	if (p->nfields == 0)
		return 0;
	if (ends_with(path, ".csv"))
		delim = ',';
	else if (ends_with(path, ".tsv"))
		delim = '\t';
	else
		return 0;
	/* The header row. */
	do {
		int *nt = realloc(types, (ncols + 1) * sizeof(*nt));

		if (nt == NULL) {
			free(types);
			return -1;
		}
		types = nt;
		i = cell(doc, len, i, delim, &s, &e, &eol);
		types[ncols] = rd_policy_field(p, doc + s, e - s);
		any |= types[ncols] >= 0;
		ncols++;
	} while (!eol);
	for (col = 0; any && i < len;) {
		i = cell(doc, len, i, delim, &s, &e, &eol);
		if (col < ncols && types[col] >= 0 && e > s) {
			if (*n == *cap) {
				size_t nc = *cap ? 2 * *cap : 64;
				struct rd_span *nv = realloc(*spans,
							     nc * sizeof(*nv));

				if (nv == NULL) {
					free(types);
					return -1;
				}
				*spans = nv;
				*cap = nc;
			}
			(*spans)[*n].start = s;
			(*spans)[*n].end = e;
			(*spans)[*n].type = types[col];
			(*spans)[*n].line = 0;
			(*spans)[*n].rule = NULL;
			(*n)++;
		}
		col = eol ? 0 : col + 1;
	}
	free(types);
	return 0;
}
