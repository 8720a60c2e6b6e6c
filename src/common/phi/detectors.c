/* detectors.c -- the detector modules phiscan runs, in order.  Adding a
 * detector is one line here and its file in detect.mk. */
#include <config.h>

#include <stddef.h>

#include "common/phi/phi.h"

/* Each module defines its descriptor. */
/* DETECTOR-DECLS (one extern line per module, keep this marker) */
extern const struct phi_detector phi_detector_fields;
extern const struct phi_detector phi_detector_hl7;
extern const struct phi_detector phi_detector_x12;
extern const struct phi_detector phi_detector_vcal;
extern const struct phi_detector phi_detector_dates;
extern const struct phi_detector phi_detector_address;
extern const struct phi_detector phi_detector_names;

const struct phi_detector *const phi_detectors[] = {
	/* DETECTOR-LIST (one &phi_detector_x, line per module, keep this marker) */
	&phi_detector_fields,
	&phi_detector_hl7,
	&phi_detector_x12,
	&phi_detector_vcal,
	&phi_detector_dates,
	&phi_detector_address,
	&phi_detector_names,
	NULL
};
