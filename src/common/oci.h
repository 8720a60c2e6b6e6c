/* oci.h -- OCI image layouts (image-spec 1.1): descriptors, image
 * manifests and indexes (oci.c), and the layout directory itself
 * (ocilayout.c), written deterministically and read back trusting nothing
 * but digests.
 *
 * Ownership: a struct ck_oci_desc owns its annotations (a jansson
 * reference, NULL when none); ck_oci_desc_release drops it.  Parsed
 * manifests and indexes own their descriptor arrays; release them with
 * their _release function.  Documents are written in RFC 8785 canonical
 * form, so the same content always gives the same digest. */
#ifndef CK_OCI_H
#define CK_OCI_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"

#define CK_OCI_LAYOUT_TEXT "{\"imageLayoutVersion\":\"1.0.0\"}"
#define CK_OCI_MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define CK_OCI_MT_INDEX "application/vnd.oci.image.index.v1+json"
#define CK_OCI_MT_EMPTY "application/vnd.oci.empty.v1+json"
/* sha256 of "{}", the empty descriptor's blob (image-spec 1.1 §manifest) */
#define CK_OCI_EMPTY_HEX \
	"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
#define CK_OCI_REF_NAME "org.opencontainers.image.ref.name"
/* The distribution spec's advice: registries may refuse bigger manifests */
#define CK_OCI_DOC_MAX ((size_t)4 << 20)
/* RFC 6838 §4.2: type and subtype are at most 127 characters each */
#define CK_OCI_MT_MAX 256

struct ck_oci_desc {
	char media_type[CK_OCI_MT_MAX];
	char artifact_type[CK_OCI_MT_MAX];	/* "" when absent */
	unsigned char sha[CK_SHA256_LEN];
	uint64_t size;
	json_t *annotations;	/* owned; NULL when absent */
};

/* ---- oci.c: digests, descriptors, documents ---------------------------- */

/* "sha256:<64 lowercase hex>"; out holds CK_OCI_DIGEST_LEN + 1 bytes. */
#define CK_OCI_DIGEST_LEN (7 + CK_SHA256_HEXLEN)
void ck_oci_digest_format(const unsigned char sha[CK_SHA256_LEN], char *out);
/* Parses a digest; only sha256 in its canonical lowercase form (the spec's
 * registered algorithm we check) is accepted.  0 or -1. */
int ck_oci_digest_parse(const char *s, unsigned char sha[CK_SHA256_LEN]);

/* Fills d for the blob (data, len) of media type mt, no annotations. */
void ck_oci_desc_of(struct ck_oci_desc *d, const char *mt, const void *data,
		    size_t len);
/* The empty descriptor: application/vnd.oci.empty.v1+json, "{}". */
void ck_oci_desc_empty(struct ck_oci_desc *d);
void ck_oci_desc_release(struct ck_oci_desc *d);
/* A new JSON descriptor (mediaType, digest, size, artifactType and
 * annotations when set); NULL on ENOMEM. */
json_t *ck_oci_desc_json(const struct ck_oci_desc *d);
/* Parses a JSON descriptor strictly: mediaType a media type, digest a
 * sha256 digest, size a non-negative integer, artifactType a media type
 * and annotations an object of strings when present.  where names it in
 * the message ("index.json: manifests[0]").  0 or -1 with err. */
int ck_oci_desc_parse(const json_t *v, struct ck_oci_desc *d,
		      const char *where, struct ck_error *err);

struct ck_oci_manifest {
	char artifact_type[CK_OCI_MT_MAX];	/* "" when absent */
	struct ck_oci_desc config;
	struct ck_oci_desc *layers;
	size_t nlayers;
	json_t *annotations;	/* owned; NULL when absent */
};

/* Appends the canonical image manifest (schemaVersion 2, mediaType,
 * artifactType when not NULL, config, layers, annotations when not NULL)
 * to out.  0 or -1 with err. */
int ck_oci_manifest_build(const char *artifact_type,
			  const struct ck_oci_desc *config,
			  const struct ck_oci_desc *layers, size_t nlayers,
			  const json_t *annotations, struct ck_buf *out,
			  struct ck_error *err);
/* Parses an image manifest: valid UTF-8 JSON without duplicate keys,
 * schemaVersion 2, mediaType (when present) the image manifest's,
 * config and every layer a valid descriptor.  name is for messages. */
int ck_oci_manifest_parse(const char *p, size_t len, const char *name,
			  struct ck_oci_manifest *m, struct ck_error *err);
void ck_oci_manifest_release(struct ck_oci_manifest *m);

struct ck_oci_index {
	struct ck_oci_desc *manifests;
	size_t n;
};

/* Appends the canonical image index listing the n descriptors. */
int ck_oci_index_build(const struct ck_oci_desc *manifests, size_t n,
		       struct ck_buf *out, struct ck_error *err);
/* Parses an image index the same way (schemaVersion 2, mediaType when
 * present, manifests an array of descriptors). */
int ck_oci_index_parse(const char *p, size_t len, const char *name,
		       struct ck_oci_index *ix, struct ck_error *err);
void ck_oci_index_release(struct ck_oci_index *ix);

/* ---- ocilayout.c: the directory ---------------------------------------- */

struct ck_oci_writer;

/* Starts a layout that will become dir: blobs go to a staging directory
 * beside it, so a failed or killed export leaves dir untouched.  dir must
 * not exist, or be an empty directory.  NULL with err. */
struct ck_oci_writer *ck_oci_writer_new(const char *dir, struct ck_error *err);
/* Writes a blob (fsync'd) and fills d for it with media type mt. */
int ck_oci_writer_blob(struct ck_oci_writer *w, const char *mt,
		       const void *data, size_t len, struct ck_oci_desc *d,
		       struct ck_error *err);
/* Writes index.json listing the n manifests and oci-layout, then moves
 * the staging directory to dir (fsync of both directories). */
int ck_oci_writer_commit(struct ck_oci_writer *w,
			 const struct ck_oci_desc *manifests, size_t n,
			 struct ck_error *err);
/* Frees w; an uncommitted staging directory is removed. */
void ck_oci_writer_free(struct ck_oci_writer *w);

struct ck_oci_layout {
	char *dir;
	struct ck_oci_index index;
};

/* Opens a layout: oci-layout must name version 1.0.0 and index.json must
 * parse.  0 or -1 with err naming the file. */
int ck_oci_layout_open(struct ck_oci_layout *l, const char *dir,
		       struct ck_error *err);
void ck_oci_layout_release(struct ck_oci_layout *l);
/* Reads the blob d names into out (replacing its contents), refusing one
 * bigger than max, missing, of another size or another digest. */
int ck_oci_layout_blob(const struct ck_oci_layout *l,
		       const struct ck_oci_desc *d, size_t max,
		       struct ck_buf *out, struct ck_error *err);
/* Reads and checks the image manifest d names. */
int ck_oci_layout_manifest(const struct ck_oci_layout *l,
			   const struct ck_oci_desc *d,
			   struct ck_oci_manifest *m, struct ck_error *err);

#endif
