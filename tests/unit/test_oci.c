/* test_oci.c -- OCI digests, descriptors, manifests and indexes (build,
 * parse, strict refusals) and the layout directory (write, read back,
 * corrupt and truncated blobs). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/atomic.h"
#include "common/oci.h"

static void
test_digest(void **state)
{
	unsigned char sha[CK_SHA256_LEN];
	char out[CK_OCI_DIGEST_LEN + 1];

	(void)state;
	assert_int_equal(ck_oci_digest_parse("sha256:" CK_OCI_EMPTY_HEX, sha),
			 0);
	ck_oci_digest_format(sha, out);
	assert_string_equal(out, "sha256:" CK_OCI_EMPTY_HEX);
	/* upper case, other algorithms, wrong lengths are refused */
	assert_int_equal(ck_oci_digest_parse("sha256:44136FA355B3678A1146AD16"
		"F7E8649E94FB4FC21FE77E8310C060F61CAAFF8A", sha), -1);
	assert_int_equal(ck_oci_digest_parse("sha512:" CK_OCI_EMPTY_HEX, sha),
			 -1);
	assert_int_equal(ck_oci_digest_parse("sha256:44136f", sha), -1);
	assert_int_equal(ck_oci_digest_parse(NULL, sha), -1);
}

static void
test_empty_desc(void **state)
{
	struct ck_oci_desc d;
	char out[CK_OCI_DIGEST_LEN + 1];

	(void)state;
	ck_oci_desc_empty(&d);
	ck_oci_digest_format(d.sha, out);
	assert_string_equal(out, "sha256:" CK_OCI_EMPTY_HEX);
	assert_int_equal(d.size, 2);
	assert_string_equal(d.media_type, CK_OCI_MT_EMPTY);
}

static void
test_manifest_roundtrip(void **state)
{
	struct ck_oci_desc cfg, lay[2];
	struct ck_oci_manifest m;
	struct ck_buf b = CK_BUF_INIT, b2 = CK_BUF_INIT;
	struct ck_error err;
	json_t *ann = json_pack("{s:s}", "k", "v");

	(void)state;
	ck_oci_desc_empty(&cfg);
	ck_oci_desc_of(&lay[0], "application/x.a+jsonl", "abc", 3);
	ck_oci_desc_of(&lay[1], "application/x.b", "", 0);
	lay[1].annotations = json_pack("{s:s}", "t", "u");
	assert_int_equal(ck_oci_manifest_build("application/vnd.x.v1", &cfg,
					       lay, 2, ann, &b, &err), 0);
	assert_int_equal(ck_oci_manifest_build("application/vnd.x.v1", &cfg,
					       lay, 2, ann, &b2, &err), 0);
	/* canonical: the same content gives the same bytes */
	assert_int_equal(b.len, b2.len);
	assert_memory_equal(b.data, b2.data, b.len);
	assert_non_null(strstr(b.data, "{\"annotations\":{\"k\":\"v\"},"
			       "\"artifactType\":\"application/vnd.x.v1\","));
	assert_int_equal(ck_oci_manifest_parse(b.data, b.len, "m", &m, &err),
			 0);
	assert_string_equal(m.artifact_type, "application/vnd.x.v1");
	assert_int_equal(m.nlayers, 2);
	assert_memory_equal(m.layers[0].sha, lay[0].sha, CK_SHA256_LEN);
	assert_int_equal(m.layers[0].size, 3);
	assert_string_equal(json_string_value(json_object_get(
		m.layers[1].annotations, "t")), "u");
	assert_string_equal(m.config.media_type, CK_OCI_MT_EMPTY);
	ck_oci_manifest_release(&m);
	ck_oci_desc_release(&lay[1]);
	json_decref(ann);
	ck_buf_release(&b);
	ck_buf_release(&b2);
}

static void
assert_refused(const char *doc, const char *want)
{
	struct ck_oci_manifest m;
	struct ck_error err;

	ck_error_clear(&err);
	assert_int_equal(ck_oci_manifest_parse(doc, strlen(doc), "m", &m,
					       &err), -1);
	if (strstr(err.msg, want) == NULL)
		fail_msg("message '%s' lacks '%s'", err.msg, want);
}

#define CFG "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\"," \
	"\"digest\":\"sha256:" CK_OCI_EMPTY_HEX "\",\"size\":2}"

static void
test_manifest_strict(void **state)
{
	(void)state;
	assert_refused("[]", "not a JSON object");
	assert_refused("{\"schemaVersion\":1," CFG ",\"layers\":[]}",
		       "schemaVersion is not 2");
	assert_refused("{\"schemaVersion\":2,\"mediaType\":\"x/y\"," CFG
		       ",\"layers\":[]}", "mediaType is not");
	assert_refused("{\"schemaVersion\":2,\"layers\":[]}", "no config");
	assert_refused("{\"schemaVersion\":2," CFG "}", "no layers");
	assert_refused("{\"schemaVersion\":2," CFG ",\"layers\":[{\"mediaType\""
		       ":\"a/b\",\"digest\":\"sha256:00\",\"size\":1}]}",
		       "m: layers[0]: missing or invalid digest");
	assert_refused("{\"schemaVersion\":2," CFG ",\"layers\":[{\"mediaType\""
		       ":\"a/b\",\"digest\":\"sha256:" CK_OCI_EMPTY_HEX "\","
		       "\"size\":-1}]}", "size is not a non-negative integer");
	assert_refused("{\"schemaVersion\":2," CFG ",\"layers\":[{\"mediaType\""
		       ":\"nonsense\",\"digest\":\"sha256:" CK_OCI_EMPTY_HEX
		       "\",\"size\":1}]}", "invalid mediaType");
	assert_refused("{\"schemaVersion\":2,\"schemaVersion\":2," CFG
		       ",\"layers\":[]}", "duplicate");
	assert_refused("{\"schemaVersion\":2," CFG ",\"layers\":[],"
		       "\"annotations\":{\"a\":1}}", "not a string");
	assert_refused("{\"schemaVersion\":2,\"x\":\"\xff\"}",
		       "invalid UTF-8 at byte 25");
	assert_refused("{\"schemaVersion\":2,\"x\":\"\\u0000\"}", "m:1:");
	/* unknown members are ignored, as the spec asks */
	{
		const char *ok = "{\"schemaVersion\":2,\"future\":[1]," CFG
				 ",\"layers\":[]}";
		struct ck_oci_manifest m;
		struct ck_error err;

		assert_int_equal(ck_oci_manifest_parse(ok, strlen(ok), "m", &m,
						       &err), 0);
		ck_oci_manifest_release(&m);
	}
}

static void
test_index(void **state)
{
	struct ck_oci_desc d[2];
	struct ck_oci_index ix;
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;
	const char *bad = "{\"schemaVersion\":2,\"manifests\":{}}";

	(void)state;
	ck_oci_desc_of(&d[0], CK_OCI_MT_MANIFEST, "x", 1);
	ck_oci_desc_of(&d[1], CK_OCI_MT_MANIFEST, "y", 1);
	strcpy(d[1].artifact_type, "application/vnd.a.v1");
	assert_int_equal(ck_oci_index_build(d, 2, &b, &err), 0);
	assert_int_equal(ck_oci_index_parse(b.data, b.len, "i", &ix, &err), 0);
	assert_int_equal(ix.n, 2);
	assert_string_equal(ix.manifests[1].artifact_type,
			    "application/vnd.a.v1");
	assert_string_equal(ix.manifests[0].artifact_type, "");
	ck_oci_index_release(&ix);
	assert_int_equal(ck_oci_index_parse(bad, strlen(bad), "i", &ix, &err),
			 -1);
	assert_string_equal(err.msg, "i: manifests is not an array");
	ck_buf_release(&b);
}

/* Writes a layout with one manifest over one layer, in a fresh temp dir. */
static char *
make_layout(struct ck_oci_desc *lay, struct ck_oci_desc *md)
{
	char tmpl[] = "/tmp/test_oci.XXXXXX", *dir;
	struct ck_oci_writer *w;
	struct ck_oci_desc cfg;
	struct ck_buf man = CK_BUF_INIT;
	struct ck_error err;

	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(asprintf(&dir, "%s/layout", tmpl) > 0, 1);
	w = ck_oci_writer_new(dir, &err);
	assert_non_null(w);
	assert_int_equal(ck_oci_writer_blob(w, CK_OCI_MT_EMPTY, "{}", 2, &cfg,
					    &err), 0);
	assert_int_equal(ck_oci_writer_blob(w, "application/x.l", "layer\n",
					    6, lay, &err), 0);
	assert_int_equal(ck_oci_manifest_build(NULL, &cfg, lay, 1, NULL, &man,
					       &err), 0);
	assert_int_equal(ck_oci_writer_blob(w, CK_OCI_MT_MANIFEST, man.data,
					    man.len, md, &err), 0);
	assert_int_equal(ck_oci_writer_commit(w, md, 1, &err), 0);
	ck_oci_writer_free(w);
	ck_buf_release(&man);
	return dir;
}

static void
rm_layout(char *dir)
{
	char *cmd, *slash = strrchr(dir, '/');

	*slash = '\0';	/* the temporary directory holding it */
	assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

static void
test_layout(void **state)
{
	struct ck_oci_desc lay, md;
	struct ck_oci_layout l;
	struct ck_oci_manifest m;
	struct ck_buf b = CK_BUF_INIT;
	struct ck_error err;
	char *dir = make_layout(&lay, &md), *p, hex[CK_SHA256_HEXLEN + 1];
	struct ck_oci_writer *w;

	(void)state;
	assert_int_equal(ck_oci_layout_open(&l, dir, &err), 0);
	assert_int_equal(l.index.n, 1);
	assert_int_equal(ck_oci_layout_manifest(&l, &l.index.manifests[0], &m,
						&err), 0);
	assert_int_equal(ck_oci_layout_blob(&l, &m.layers[0], 100, &b, &err),
			 0);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "layer\n", 6);
	/* a bound below the blob's size refuses it */
	assert_int_equal(ck_oci_layout_blob(&l, &m.layers[0], 5, &b, &err),
			 -1);
	/* same size, other bytes: the digest catches it */
	ck_hex_encode(lay.sha, CK_SHA256_LEN, hex);
	assert_true(asprintf(&p, "%s/blobs/sha256/%s", dir, hex) > 0);
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(ck_atomic_write(p, "LAYER\n", 6, 0644, &err), 0);
	assert_int_equal(ck_oci_layout_blob(&l, &m.layers[0], 100, &b, &err),
			 -1);
	assert_non_null(strstr(err.msg, "digest mismatch"));
	/* truncated */
	assert_int_equal(ck_atomic_write(p, "lay", 3, 0644, &err), 0);
	assert_int_equal(ck_oci_layout_blob(&l, &m.layers[0], 100, &b, &err),
			 -1);
	assert_non_null(strstr(err.msg, "3 bytes, its descriptor says 6"));
	/* missing */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(ck_oci_layout_blob(&l, &m.layers[0], 100, &b, &err),
			 -1);
	assert_non_null(strstr(err.msg, "missing blob"));
	free(p);
	ck_oci_manifest_release(&m);
	ck_oci_layout_release(&l);
	/* a second layout over a non-empty directory is refused */
	w = ck_oci_writer_new(dir, &err);
	assert_null(w);
	assert_non_null(strstr(err.msg, "exists and is not an empty"));
	/* no index.json: not opened */
	assert_true(asprintf(&p, "%s/index.json", dir) > 0);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(ck_oci_layout_open(&l, dir, &err), -1);
	assert_non_null(strstr(err.msg, "index.json"));
	free(p);
	ck_buf_release(&b);
	rm_layout(dir);
}

static void
test_writer_abort(void **state)
{
	char tmpl[] = "/tmp/test_oci.XXXXXX", *dir, *cmd;
	struct ck_oci_writer *w;
	struct ck_oci_desc d;
	struct ck_error err;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_true(asprintf(&dir, "%s/x", tmpl) > 0);
	w = ck_oci_writer_new(dir, &err);
	assert_non_null(w);
	assert_int_equal(ck_oci_writer_blob(w, "a/b", "z", 1, &d, &err), 0);
	ck_oci_writer_free(w);
	/* never committed: neither the target nor the staging is left */
	assert_int_equal(stat(dir, &st), -1);
	assert_true(asprintf(&cmd, "test -z \"$(ls -A '%s')\"", tmpl) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	rmdir(tmpl);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_empty_desc),
		cmocka_unit_test(test_manifest_roundtrip),
		cmocka_unit_test(test_manifest_strict),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_writer_abort),
	};

	return cmocka_run_group_tests_name("oci", tests, NULL, NULL);
}
