/* detfuzz.c -- the harness the detector fuzz targets share (detfuzz.h).
 * Every candidate must lie inside the input; ASan and UBSan watch the
 * rest. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "detfuzz.h"

static const struct detfuzz *the;
static void *shared[DETFUZZ_MAX], *states[DETFUZZ_MAX];
static struct phi_engine *engine;

/* What the whole run shares is freed at exit, for LeakSanitizer. */
static void
release(void)
{
	for (int i = 0; i < DETFUZZ_MAX && the->dets[i]; i++) {
		the->dets[i]->state_free(states[i]);
		the->dets[i]->fini(shared[i]);
	}
	phi_engine_free(engine);
}

void
detfuzz_init(const struct detfuzz *d)
{
	struct phi_engine_opts o;
	struct ck_error err;

	memset(&o, 0, sizeof(o));
	o.datadir = ck_datadir();
	engine = phi_engine_new(&o, &err);
	if (engine == NULL) {
		fprintf(stderr, "%s: %s (set COMPLYKIT_DATADIR)\n", d->name,
			err.msg);
		abort();
	}
	the = d;
	for (int i = 0; i < DETFUZZ_MAX && d->dets[i]; i++) {
		shared[i] = d->dets[i]->init(engine, &err);
		if (shared[i] == NULL ||
		    (states[i] = d->dets[i]->state_new(shared[i])) == NULL)
			abort();
	}
	atexit(release);
}

void
detfuzz_run(const struct detfuzz *d, const uint8_t *data, size_t size)
{
	struct phi_cands c = { NULL, 0, 0 };
	struct ck_error err;
	const char *path;
	size_t npaths = 0, win, base, n, i;
	char *buf;

	if (size < 1)
		return;
	while (npaths < 8 && d->paths[npaths])
		npaths++;
	path = d->paths[data[0] % npaths];
	win = (data[0] >> 3) == 0 ? 0 : 16u + 8u * (data[0] >> 3);
	data++;
	size--;
	/* An exact-size copy so ASan sees reads past the end. */
	buf = malloc(size ? size : 1);
	if (buf == NULL)
		return;
	memcpy(buf, data, size);
	for (int k = 0; k < DETFUZZ_MAX && d->dets[k]; k++) {
		d->dets[k]->begin(states[k], path);
		for (base = 0;;) {
			struct phi_window w;

			n = win == 0 || base + win >= size ? size - base : win;
			w.buf = buf + base;
			w.len = n;
			w.base = base;
			w.last = base + n == size;
			w.path = path;
			if (d->dets[k]->scan(states[k], &w, &c, &err) < 0)
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
}
