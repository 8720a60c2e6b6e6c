/* detfuzz.h -- the harness the detector fuzz targets share: detectors
 * run over arbitrary bytes, whole or in overlapping windows (as the
 * engine feeds them), under a document name the first byte picks. */
#ifndef CK_TESTS_DETFUZZ_H
#define CK_TESTS_DETFUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "common/phi/phi.h"

#define DETFUZZ_MAX 4

struct detfuzz {
	const char *name;			/* for messages */
	const struct phi_detector *dets[DETFUZZ_MAX];	/* NULL-ended */
	const char *paths[8];			/* NULL-ended, one at least */
};

/* Loads the engine (COMPLYKIT_DATADIR) and the detectors' state; aborts
 * on failure.  Call from LLVMFuzzerInitialize. */
void detfuzz_init(const struct detfuzz *d);
/* One input: byte 0 picks the path and the window size. */
void detfuzz_run(const struct detfuzz *d, const uint8_t *data, size_t size);

#endif
