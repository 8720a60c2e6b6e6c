/* fuzz_keyrot_fields.c -- field mode's fast path (fieldfast.c) on
 * arbitrary lines, under a fixed one-version keyring: nothing may crash;
 * a line it seals must open again to itself, and opening arbitrary
 * bytes must fail or authenticate. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyrot/fields.h"
#include "keyrot/keyring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kr_ctx ctx;
static struct field_run fr;
static const char *names[] = { "ssn", "dob" };

static void
init(void)
{
	struct ck_error err;

	ctx.fields = names;
	ctx.nfields = 2;
	ctx.id_field = "id";
	memset(&ctx.now, 0, sizeof(ctx.now));
	if (kr_keyring_add(&ctx.kr, &ctx.now, &err) < 0)
		abort();
	ctx.kr.retention_days = 30;
	fr.fs = kr_fseal_new();
	if (fr.fs == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ck_buf sealed = CK_BUF_INIT, opened = CK_BUF_INIT;
	struct ck_error err;
	int got;

	if (fr.fs == NULL)
		init();
	/* opening what was never sealed: an error or a clean "not mine" */
	(void)kr_field_fast(&ctx, 0, (const char *)data, size, &fr, &opened,
			    &err);
	ck_buf_reset(&opened);
	got = kr_field_fast(&ctx, 1, (const char *)data, size, &fr, &sealed,
			    &err);
	if (got == 1) {
		/* a sealed line opens to the line, byte for byte, unless a
		 * field was already sealed (then the open of that field may
		 * fail: it was not made under this key) */
		int back = kr_field_fast(&ctx, 0, sealed.data, sealed.len, &fr,
					 &opened, &err);

		if (back == 1 && (opened.len != size ||
				  memcmp(opened.data, data, size) != 0) &&
		    memmem(data, size, FIELD_PREFIX, FIELD_PREFIX_LEN) == NULL)
			abort();
	}
	ck_buf_release_secret(&sealed);
	ck_buf_release_secret(&opened);
	return 0;
}
