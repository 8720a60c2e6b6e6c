/* fuzz_x12.c -- the X12 detector over arbitrary bytes, whole
 * or in overlapping windows, as .edi, .x12, .837 and .txt documents
 * (detfuzz.c).  Needs COMPLYKIT_DATADIR (the engine and the key map). */
#include <config.h>

#include <stdint.h>

#include "detfuzz.h"

extern const struct phi_detector phi_detector_x12;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct detfuzz d = {
	"fuzz_x12",
	{ &phi_detector_x12, NULL },
	{ "a.edi", "a.x12", "a.txt", "a.837", NULL }
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	detfuzz_init(&d);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	detfuzz_run(&d, data, size);
	return 0;
}
