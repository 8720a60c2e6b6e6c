/* fuzz_scan.c -- arbitrary bytes through the scan engine with the default
 * rule packs (COMPLYKIT_DATADIR, else the source tree's share/complykit):
 * once as one buffer and once in windows, which must agree, with every
 * finding inside the input and the list sorted. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct phi_engine *engine;
static struct phi_scanner *scanner;

static void
init(void)
{
	struct phi_engine_opts o;
	struct ck_error err;

	memset(&o, 0, sizeof(o));
	setenv("PHISCAN_NO_CACHE", "1", 1);
	if (getenv("COMPLYKIT_DATADIR") == NULL)
		o.datadir = CK_SRCDIR "/share/complykit";
	engine = phi_engine_new(&o, &err);
	if (engine == NULL) {
		fprintf(stderr, "fuzz_scan: %s\n", err.msg);
		abort();
	}
	scanner = phi_scanner_new(engine, &err);
	if (scanner == NULL)
		abort();
}

static void
check(const struct phi_findings *f, size_t size)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		if (f->v[i].end > size || f->v[i].start >= f->v[i].end ||
		    f->v[i].line < 1 || f->v[i].col < 1)
			abort();
		if (i > 0 && f->v[i - 1].end > f->v[i].start)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct phi_findings one, win;
	struct ck_error err;
	/* Windows just over the overlap, so the fuzzer reaches the edges
	 * with small inputs. */
	const size_t wsize = PHI_WINDOW_TAIL + PHI_WINDOW_CONTEXT + 97;
	uint64_t base = 0, emit = 0;
	size_t i;

	if (engine == NULL)
		init();
	phi_findings_init(&one);
	phi_findings_init(&win);
	if (phi_scan_buffer(scanner, "fuzz.txt", buf, size, &one, &err) < 0)
		abort();
	check(&one, size);
	phi_scan_begin(scanner, "fuzz.txt");
	for (;;) {
		size_t n = size - base < wsize ? size - base : wsize;
		int last = base + n == size;

		if (phi_scan_window(scanner, buf + base, n, base, emit, last,
				    &win, &err) < 0)
			abort();
		if (last)
			break;
		emit = phi_scan_emitted_to(scanner);
		base = emit - PHI_WINDOW_CONTEXT;
	}
	check(&win, size);
	if (one.n != win.n)
		abort();
	for (i = 0; i < one.n; i++)
		if (one.v[i].start != win.v[i].start ||
		    one.v[i].end != win.v[i].end ||
		    one.v[i].type != win.v[i].type ||
		    one.v[i].line != win.v[i].line ||
		    one.v[i].col != win.v[i].col)
			abort();
	phi_findings_release(&one);
	phi_findings_release(&win);
	return 0;
}
