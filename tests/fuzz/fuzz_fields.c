/* fuzz_fields.c -- the fields and hl7 detectors over arbitrary bytes,
 * whole or in overlapping windows, as .json, .csv, .hl7, .sql, .yaml and
 * .txt documents (detfuzz.c).  Needs COMPLYKIT_DATADIR (the engine and the key map). */
#include <config.h>

#include <stdint.h>

#include "detfuzz.h"

extern const struct phi_detector phi_detector_fields;
extern const struct phi_detector phi_detector_hl7;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct detfuzz d = {
	"fuzz_fields",
	{ &phi_detector_fields, &phi_detector_hl7, NULL },
	{ "a.json", "a.csv", "a.hl7", "a.sql", "a.yaml", "a.txt", NULL }
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
