/* yaml.h -- YAML documents loaded through libyaml into jansson values,
 * keeping each node's source line for "file:line: message" errors.
 *
 * Mappings become objects (keys must be scalars; duplicates are an error),
 * sequences arrays.  Plain scalars become integers, reals, true/false or
 * null when they read so (YAML 1.2 core schema); quoted and block scalars
 * stay strings.  Anchors and aliases are refused (billion-laughs).
 *
 * Choices the core schema leaves open:
 * - .inf, -.inf and .nan stay strings: JSON has no such numbers and RFC
 *   8785 refuses them.  An int beyond 64 bits or a float that overflows
 *   to infinity is an error, not a silent string.
 * - Explicit tags: !!str, !!int, !!float, !!bool, !!null, !!map, !!seq
 *   and "!" are honoured; any other tag is an error.
 * - One document per file: a second "---" is an error, so that no rule is
 *   silently ignored.
 * - Bounds: nesting deeper than CK_YAML_MAX_DEPTH, more than
 *   CK_YAML_MAX_NODES nodes, or a file over CK_YAML_MAX_FILE bytes is an
 *   error. */
#ifndef CK_YAML_H
#define CK_YAML_H

#include <stddef.h>
#include <jansson.h>
#include "common/err.h"

#define CK_YAML_MAX_DEPTH 64
#define CK_YAML_MAX_NODES (1u << 20)
#define CK_YAML_MAX_FILE (64u * 1024u * 1024u)

struct ck_yaml_doc;

/* NULL with err "path:line:col: message" on a syntax or I/O error.
 * An empty file loads as a null root. */
struct ck_yaml_doc *ck_yaml_load_file(const char *path, struct ck_error *err);
struct ck_yaml_doc *ck_yaml_load_buf(const char *buf, size_t len,
				     const char *name, struct ck_error *err);
void ck_yaml_free(struct ck_yaml_doc *doc);

/* Borrowed reference to the root value (valid until ck_yaml_free). */
json_t *ck_yaml_root(const struct ck_yaml_doc *doc);
/* The name given at load time (the path). */
const char *ck_yaml_name(const struct ck_yaml_doc *doc);
/* 1-based line where node starts, 0 if unknown (shared singletons such as
 * true/false/null may report any of their lines). */
unsigned long ck_yaml_line(const struct ck_yaml_doc *doc, const json_t *node);

#endif
