/* fuzz_yaml.c -- libFuzzer target for ck_yaml_load_buf: any bytes must
 * load or fail with a message, without a crash, a leak or a hang. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_error err;
	struct ck_yaml_doc *doc;

	doc = ck_yaml_load_buf((const char *)data, size, "fuzz.yaml", &err);
	if (doc != NULL) {
		/* Touch the tree and the line table. */
		json_t *root = ck_yaml_root(doc);
		char *text = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY);

		(void)ck_yaml_line(doc, root);
		free(text);
		ck_yaml_free(doc);
	} else if (err.msg[0] == '\0') {
		__builtin_trap();	/* a failure must say why */
	}
	return 0;
}
