/* fields_priv.h -- what the files of the "fields" detector share beyond
 * fields.h (fields_keymap.c: the key map; fields_shapes.c: value shapes
 * and candidates; fields.c: the detector).  Not for other modules. */
#ifndef PHI_FIELDS_PRIV_H
#define PHI_FIELDS_PRIV_H

#include <jansson.h>

#include "common/err.h"
#include "common/phi/fields.h"

/* The key map (fields_keymap.c): normalised names -> key map codes, with
 * the "*npi" and "phone*" patterns apart. */
struct km_ent {
	char key[FLD_KEY_MAX + 1];
	unsigned char len;
	short code;
};

struct phi_keymap {
	struct km_ent *tab;		/* open addressing, power of two */
	size_t cap, n;
	struct km_ent *suffix;		/* "*npi": any key ending in npi */
	size_t nsuffix, capsuffix;
	struct km_ent *prefix;		/* "phone*": any key starting so */
	size_t nprefix, capprefix;
	uint64_t stamp;			/* changes with every key added */
	/* Entry index + 1 (0 ends), in order of addition: the suffixes
	 * by their last byte, the prefixes by their first, so that a key
	 * is only compared with those that can match it. */
	uint32_t shead[256], phead[256];
	uint32_t *snext, *pnext;
};

/* ---- fields_keymap.c ----------------------------------------------------- */

/* The map phi_keymap_get returns; set by the detector's init. */
extern const struct phi_keymap *fld_keymap_global;

/* Frees the key map (NULL is fine). */
void fld_keymap_free(struct phi_keymap *km);

/* Loads the "keys" section into km; 0, or -1 with err. */
int fld_keymap_load(struct phi_keymap *km, const json_t *sec,
		    struct ck_error *err);

#endif
