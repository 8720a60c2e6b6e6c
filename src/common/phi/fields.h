/* fields.h -- internal interface of the structured-data detectors
 * (fields_keymap.c: the key map; fields_shapes.c: value shapes and
 * candidates; fields.c: the detector, sharing fields_priv.h; fieldkv.c and
 * fieldkv_*.c: key/value pairs in JSON, YAML, code, logs, XML and FHIR,
 * sharing fieldkv_priv.h; fieldtab.c: CSV-like tables and SQL INSERTs;
 * hl7.c: HL7 v2).  Not for other modules: they use detect.h's
 * phi_keymap_lookup. */
#ifndef PHISCAN_FIELDS_H
#define PHISCAN_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "common/phi/phi.h"
#include "common/phi/detect.h"

/* fld_keymap_find results: a phi_type, possibly or-ed with FLD_WEAK (the
 * key is ambiguous -- "name", "display" -- so the value must prove itself),
 * or one of the negative codes. */
#define FLD_UNKNOWN (-1)
#define FLD_IGNORE (-2)		/* known to hold no PHI: created_at, ... */
#define FLD_WEAK 0x100
#define FLD_TYPE(c) ((c) & 0xff)

/* Longest normalised key we keep; longer keys never match. */
#define FLD_KEY_MAX 64

struct fld_shared {
	struct phi_keymap *km;
	int weight[PHI_NTYPES];
};

/* Normalises key (drops case, '_', '-', ' ', '.'; stops at FLD_KEY_MAX)
 * into out; returns the length, or 0 if the key is empty or too long. */
size_t fld_key_norm(const char *key, size_t n, char out[FLD_KEY_MAX + 1]);
int fld_keymap_find(const struct phi_keymap *km, const char *key, size_t n);
/* Same for a key already normalised. */
int fld_keymap_find_norm(const struct phi_keymap *km, const char *norm,
			 size_t n);

/* Where a detector writes its candidates for one window. */
struct fld_out {
	struct phi_cands *cands;
	const struct fld_shared *sh;
	const char *buf;	/* the window */
	size_t len;
	uint64_t base;
	int nomem;		/* set when a push failed */
};

/* Checks that buf[s, e) (a field's value as written, quotes excluded) has
 * the shape of the type code (fld_keymap_find's encoding), trims it to the
 * value proper and pushes the candidate(s): an address holding street,
 * city and ZIP becomes three.  rule_family is "field", "csv", "sql",
 * "fhir" or "hl7".  Returns the number of candidates pushed. */
int fld_emit(struct fld_out *o, int code, size_t s, size_t e,
	     const char *rule_family);
/* Pushes buf[s, e) as type without shape checks (the caller checked). */
void fld_push(struct fld_out *o, int type, int conf, size_t s, size_t e,
	      const char *rule_family);

/* A header (CSV, Markdown, a tuple of column names) of n columns with
 * their key map codes: when two or more columns certainly hold PHI the
 * rows are records of people, so an ambiguous "name" column is a
 * person's name; drops FLD_WEAK from its NAME columns then. */
void fld_header_people(short *code, int n);

/* Pushes a PHI_VETO over buf[s, e) (trimmed): the field says it holds no
 * PHI, whatever the prose detectors guess. */
void fld_veto(struct fld_out *o, size_t s, size_t e);
/* The same if buf[s, e) is a date or a date and time: a column or key
 * the key map knows holds system times ("loaded_at", "ingest_ts"). */
void fld_veto_date(struct fld_out *o, size_t s, size_t e);

/* Shape checks shared with hl7.c. */
int fld_is_name(const char *s, size_t n, int weak);
int fld_is_ident(const char *s, size_t n);
int fld_is_phone(const char *s, size_t n);
/* HL7 DTM / compact date: YYYYMMDD[HHMM[SS[.S+]]][+-ZZZZ]. */
int fld_is_hl7_date(const char *s, size_t n);

/* Shared data of the fields and hl7 detectors: the key map (only if
 * with_keys) and the weights of the "fields" section. */
struct fld_shared *fld_shared_new(const struct phi_engine *e, int with_keys,
				  struct ck_error *err);
void fld_shared_free(struct fld_shared *sh);

/* ---- key/value scanner (fieldkv.c) --------------------------------- */
/* HL7 table 0203 identifier type code -> phi_type, or -1. */
int fld_id_type_code(const char *code, size_t n);

struct fld_kv;
struct fld_kv *fld_kv_new(void);
void fld_kv_free(struct fld_kv *kv);
void fld_kv_begin(struct fld_kv *kv, int yaml);
/* Scans buf[from, len) and returns the offset where the next window
 * should resume (len when everything was consumed). */
size_t fld_kv_scan(struct fld_kv *kv, struct fld_out *o, size_t from,
		   int last);

/* ---- tables and SQL (fieldtab.c) ------------------------------------ */
struct fld_table;
struct fld_table *fld_table_new(void);
void fld_table_free(struct fld_table *t);
void fld_table_begin(struct fld_table *t, const char *path);
/* 1 if the document (its first window at offset 0) is a delimited table
 * with at least one mapped column; fixes the header. */
int fld_table_sniff(struct fld_table *t, struct fld_out *o, int last);
size_t fld_table_scan(struct fld_table *t, struct fld_out *o, size_t from,
		      int last);
/* The columns of the last CREATE TABLE seen, for INSERTs that list no
 * columns (mysqldump's "INSERT INTO `t` VALUES (...)"). */
#define FLD_SQL_COLS 256
struct fld_sql_table {
	char name[64];
	unsigned char nlen;
	int ncols;
	short code[FLD_SQL_COLS];
};
/* Parses a CREATE TABLE statement whose keyword starts at buf[at] into
 * t (left as it was if it is none); returns the offset past what it
 * consumed (at + 6 if nothing). */
size_t fld_sql_create(struct fld_out *o, size_t at, struct fld_sql_table *t);
/* Parses an INSERT statement whose keyword starts at buf[at]; returns the
 * offset just past what it consumed (at + 6 if it is not one), or
 * (size_t)-1 if the statement runs past the window end before it.  t (or
 * NULL) gives the columns of an INSERT into it that lists none. */
size_t fld_sql_insert(struct fld_out *o, size_t at, int last,
		      const struct fld_sql_table *t);

#endif
