/* fuzz_x12.c -- the x12 detector over arbitrary bytes, whole or in
 * overlapping windows (as the engine feeds them), under four document
 * names.  Needs COMPLYKIT_DATADIR (for the engine). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "common/phi/phi.h"

extern const struct phi_detector phi_detector_x12;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct phi_detector *dets[1];
static void *shared[1], *states[1];
static struct phi_engine *engine;

/* What the whole run shares is freed at exit, for LeakSanitizer. */
static void
release(void)
{
	int i;

	for (i = 0; i < 1; i++) {
		dets[i]->state_free(states[i]);
		dets[i]->fini(shared[i]);
	}
	phi_engine_free(engine);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct phi_engine_opts o;
	struct ck_error err;
	int i;

	(void)argc;
	(void)argv;
	memset(&o, 0, sizeof(o));
	o.datadir = ck_datadir();
	engine = phi_engine_new(&o, &err);
	if (engine == NULL) {
		fprintf(stderr, "fuzz_x12: %s (set COMPLYKIT_DATADIR)\n",
			err.msg);
		abort();
	}
	dets[0] = &phi_detector_x12;
	for (i = 0; i < 1; i++) {
		shared[i] = dets[i]->init(engine, &err);
		if (shared[i] == NULL ||
		    (states[i] = dets[i]->state_new(shared[i])) == NULL)
			abort();
	}
	atexit(release);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"a.edi", "a.x12", "a.txt", "a.837"
	};
	struct phi_cands c = { NULL, 0, 0 };
	struct ck_error err;
	const char *path;
	size_t win, base, n, i;
	char *buf;
	int k;

	if (size < 1)
		return 0;
	path = paths[data[0] % 4];
	win = (data[0] >> 3) == 0 ? 0 : 16u + 8u * (data[0] >> 3);
	data++;
	size--;
	/* An exact-size copy so ASan sees reads past the end. */
	buf = malloc(size ? size : 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	for (k = 0; k < 1; k++) {
		dets[k]->begin(states[k], path);
		for (base = 0;;) {
			struct phi_window w;

			n = win == 0 || base + win >= size ? size - base : win;
			w.buf = buf + base;
			w.len = n;
			w.base = base;
			w.last = base + n == size;
			w.path = path;
			if (dets[k]->scan(states[k], &w, &c, &err) < 0)
				break;
			if (w.last)
				break;
			base += n - 8;
		}
	}
	for (i = 0; i < c.n; i++)
		if (c.v[i].end > size || c.v[i].start >= c.v[i].end)
			abort();
	free(c.v);
	free(buf);
	return 0;
}
