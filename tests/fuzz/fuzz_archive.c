/* fuzz_archive.c -- libFuzzer target for the walker's probing and
 * archive reading: the input is walked from memory (ck_walk_mem) with
 * small limits, and every member is read to its end.
 *
 *   ./tests/fuzz/fuzz_archive -malloc_limit_mb=4400 -timeout=20 \
 *       CORPUS tests/fuzz/corpus/archive
 *
 * The malloc limit: an LZMA member of a zip may declare a 4 GiB
 * dictionary, which liblzma mallocs (virtual memory, not touched) before
 * decoding a byte; libFuzzer's default limit reports that as an OOM. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
on_leaf(struct ck_input *in, void *arg)
{
	char buf[16384];
	struct ck_error err;
	ssize_t r;

	(void)arg;
	(void)ck_input_path(in);
	while ((r = ck_input_read(in, buf, sizeof(buf), &err)) > 0)
		;
	if (r < 0 && err.msg[0] == '\0')
		__builtin_trap();	/* a failure must say why */
	return 0;
}

static int
on_error(const struct ck_error *err, void *arg)
{
	(void)arg;
	if (err->msg[0] == '\0')
		__builtin_trap();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_walk_opts o;

	ck_walk_opts_default(&o);
	/* Small limits keep each run fast; the limits are what is tested. */
	o.limits.max_member = 4u << 20;
	o.limits.max_total = 16u << 20;
	o.limits.max_entries = 1000;
	ck_walk_mem(data, size, "fuzz", &o, on_leaf, on_error, NULL);
	return 0;
}
