/* fuzz_vcal.c -- the vCard and iCalendar detector over arbitrary bytes, whole
 * or in overlapping windows, as .vcf, .ics, .txt and .md documents
 * (detfuzz.c).  Needs COMPLYKIT_DATADIR (the engine and the key map). */
#include <config.h>

#include <stdint.h>

#include "detfuzz.h"

extern const struct phi_detector phi_detector_vcal;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct detfuzz d = {
	"fuzz_vcal",
	{ &phi_detector_vcal, NULL },
	{ "a.vcf", "a.ics", "a.txt", "a.md", NULL }
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
