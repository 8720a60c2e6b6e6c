/* manifest.h -- manifest mode: one signature over a list of file hashes,
 * as `signify -C` checks one.  The manifest is JSON Lines, one file a line
 * in the order given:
 *
 *   {"path":"data/a.csv","sha256":"<64 hex>"}
 *
 * It is signed as any file is (MANIFEST.ksig), so it can be countersigned;
 * verify --manifest checks its signatures, then every file it lists. */
#ifndef KS_MANIFEST_H
#define KS_MANIFEST_H

#include "ksign/ksign.h"

/* Hashes paths and writes the manifest crash-safely; refuses to replace
 * an existing one.  0 or -1 (reported). */
int ks_manifest_write(const char *manifest, char **paths, size_t n);
/* Checks every file the manifest lists; reports each that is missing or
 * changed.  0 all match, 1 some differ, 2 trouble (malformed manifest,
 * named by file:line). */
int ks_manifest_check(struct ks_ctx *c, const char *manifest);

#endif
