/* jsonl.h -- streaming JSON Lines on jansson.
 *
 * Reader: one object per line, blank lines skipped, a bound on line length,
 * invalid UTF-8 rejected with its byte position, NUL bytes rejected, every
 * error prefixed "name:line:" (1-based).  Writer: compact, UTF-8 (not
 * ASCII-escaped), key order preserved, '\n'-terminated, flushed per record.
 */
#ifndef CK_JSONL_H
#define CK_JSONL_H

#include <stdio.h>
#include <jansson.h>
#include "common/err.h"

#define CK_JSONL_MAX_LINE_DEFAULT (64u * 1024u * 1024u)

struct ck_jsonl_reader;

/* Reads from fp (not owned, not closed).  name labels errors ("-" shows as
 * "<stdin>").  max_line 0 means CK_JSONL_MAX_LINE_DEFAULT.  NULL on ENOMEM. */
struct ck_jsonl_reader *ck_jsonl_reader_new(FILE *fp, const char *name,
					    size_t max_line);
void ck_jsonl_reader_free(struct ck_jsonl_reader *r);

/* 1: *out is a new reference to an object.  0: end of input.
 * -1: error in err (byte positions are 1-based within the line;
 * "notes.jsonl:7: invalid UTF-8 at byte 12", "x:2: NUL byte at byte 5",
 * "notes.jsonl:3: line longer than 67108864 bytes",
 * "notes.jsonl:4: not a JSON object", "notes.jsonl:5:9: <jansson text>",
 * the jansson text without its "near '<token>'" quote, which could be PHI;
 * duplicate keys are an error).  A trailing '\r' is dropped (CRLF).
 * After an error the reader has skipped the bad line; a caller may go on
 * reading, but CONTRACT says the tool exits 2 at the end. */
int ck_jsonl_read(struct ck_jsonl_reader *r, json_t **out,
		  struct ck_error *err);

/* The two halves of ck_jsonl_read, for a caller with a faster path for
 * some lines (auditlog append: ck_canon_fast).  ck_jsonl_read_line reads
 * the next non-blank line and checks what ck_jsonl_read checks before
 * parsing (length, NUL bytes, UTF-8): 1 with the line (borrowed, valid
 * until the next read, without its newline or a trailing '\r'), 0 at the
 * end, -1 with the same errors.  ck_jsonl_parse_line parses the line last
 * read as ck_jsonl_read would: 1 with *out, -1 with the same errors. */
int ck_jsonl_read_line(struct ck_jsonl_reader *r, const char **line,
		       size_t *len, struct ck_error *err);
int ck_jsonl_parse_line(struct ck_jsonl_reader *r, json_t **out,
			struct ck_error *err);

/* Number of the line last returned (or failed), 1-based. */
unsigned long ck_jsonl_lineno(const struct ck_jsonl_reader *r);

/* The raw bytes of the line last returned, without its newline (borrowed,
 * valid until the next read). */
const char *ck_jsonl_line(const struct ck_jsonl_reader *r, size_t *len);

/* Writes v compactly plus '\n' and flushes.  0, or -1 with err (EPIPE &c). */
int ck_jsonl_write(FILE *fp, const json_t *v, struct ck_error *err);

/* Serialises v compactly (no newline) into a new malloc'd string. */
char *ck_json_compact(const json_t *v);

#endif
