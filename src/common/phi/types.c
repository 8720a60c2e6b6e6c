/* types.c -- the type and confidence vocabularies and the finding and
 * candidate lists shared by the engine, the detectors and the front end. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/phi/phi.h"

/* CONTRACT's order; indexes are enum phi_type. */
static const char *const type_names[PHI_NTYPES] = {
	"NAME", "DATE", "AGE", "ADDRESS", "ZIP", "PHONE", "FAX",
	"EMAIL", "URL", "IP", "SSN", "NPI", "DEA",
	"CREDIT_CARD", "VEHICLE", "ICD10", "MRN", "HEALTH_PLAN",
	"ACCOUNT", "LICENSE", "DEVICE", "BIOMETRIC", "OTHER_ID"
};

static const char *const conf_names[] = { "low", "medium", "high" };

const char *
phi_type_name(int type)
{
	if (type < 0 || type >= PHI_NTYPES)
		return "UNKNOWN";
	return type_names[type];
}

int
phi_type_parse(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < PHI_NTYPES; i++)
		if (strcmp(name, type_names[i]) == 0)
			return i;
	return -1;
}

const char *
phi_conf_name(int conf)
{
	if (conf < PHI_CONF_LOW || conf > PHI_CONF_HIGH)
		return "unknown";
	return conf_names[conf];
}

int
phi_conf_parse(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = PHI_CONF_LOW; i <= PHI_CONF_HIGH; i++)
		if (strcmp(name, conf_names[i]) == 0)
			return i;
	return -1;
}

void
phi_findings_init(struct phi_findings *f)
{
	f->v = NULL;
	f->n = 0;
	f->cap = 0;
}

/* The values are PHI: wipe them before the allocator can hand the bytes
 * to someone else. */
static void
wipe(void *p, size_t n)
{
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(p, n);
#else
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
#endif
}

void
phi_findings_reset(struct phi_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		if (f->v[i].value != NULL) {
			wipe(f->v[i].value, f->v[i].value_len);
			free(f->v[i].value);
		}
		f->v[i].value = NULL;
	}
	f->n = 0;
}

void
phi_findings_release(struct phi_findings *f)
{
	phi_findings_reset(f);
	free(f->v);
	phi_findings_init(f);
}

int
phi_cands_push(struct phi_cands *c, uint64_t start, uint64_t end, int type,
	       int conf, int weight, int prio, const char *rule)
{
	struct phi_cand *cd;

	if (end <= start || type < 0 || type > PHI_VETO)
		return 0;	/* an empty or untyped candidate is no finding */
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 64;
		struct phi_cand *nv;

		if (ncap > SIZE_MAX / sizeof(*nv)) {
			errno = ENOMEM;
			return -1;
		}
		nv = realloc(c->v, ncap * sizeof(*nv));
		if (nv == NULL)
			return -1;
		c->v = nv;
		c->cap = ncap;
	}
	cd = &c->v[c->n++];
	cd->start = start;
	cd->end = end;
	cd->type = type;
	cd->conf = conf;
	cd->weight = weight;
	cd->prio = prio;
	cd->rule = rule;
	return 0;
}
