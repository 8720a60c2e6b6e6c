/* oci.h -- the OCI image layout dsver export writes and import reads
 * (OCI image-spec 1.1: image-layout.md, manifest.md, descriptor.md). */
#ifndef DSVER_OCI_H
#define DSVER_OCI_H

#include <stdint.h>
#include <jansson.h>
#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"
#include "dsver/repo.h"

#define DS_OCI_ARTIFACT "application/vnd.complykit.dsver.snapshot.v1"
#define DS_OCI_MT_MANIFEST "application/vnd.complykit.dsver.manifest.v1+jsonl"
#define DS_OCI_MT_OBJECT "application/vnd.complykit.dsver.object.v1"

struct ds_oci_obj {
	unsigned char sha[CK_SHA256_LEN];
	uint64_t size;
};

/* The uncompressed bytes of snapshots/<hex>, checked against hex. */
int ds_oci_manifest_text(const struct ds_repo *r, const char *hex,
			 struct ck_buf *out, struct ck_error *err);
/* The image manifest and index.json (canonical JSON) for a snapshot
 * whose manifest is mlen bytes, with objects sorted by digest. */
int ds_oci_image(const char *hex, const json_t *hdr, uint64_t mlen,
		 const struct ds_oci_obj *objs, size_t nobj,
		 struct ck_buf *image, struct ck_buf *index,
		 struct ck_error *err);
/* Checks an image manifest: its layers, in order, as (digest, size);
 * the first is the dsver manifest.  Returns the number of layers (> 0)
 * in *n with a malloc'd array, or -1 with err. */
int ds_oci_parse_image(const char *p, size_t len, struct ds_oci_obj **layers,
		       size_t *n, struct ck_error *err);
/* The image manifest digest named by index.json. */
int ds_oci_parse_index(const char *p, size_t len,
		       unsigned char digest[CK_SHA256_LEN], uint64_t *size,
		       struct ck_error *err);

#endif
