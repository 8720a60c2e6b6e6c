/* fields.c -- the "fields" detector: runs the key/value scanner
 * (fieldkv.c) or the table reader (fieldtab.c) over a document, with the
 * key map (fields_keymap.c) and the value shapes (fields_shapes.c) they
 * share with hl7.c; see fields_priv.h. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/phi/ascii.h"
#include "common/phi/fields.h"
#include "common/phi/validate.h"
#include "common/phi/fields_priv.h"

/* ---- the detector --------------------------------------------------- */

static const int default_weight[PHI_NTYPES] = {
	[PHI_NAME] = 5, [PHI_DATE] = 3, [PHI_AGE] = 3, [PHI_ADDRESS] = 4,
	[PHI_ZIP] = 2, [PHI_PHONE] = 4, [PHI_FAX] = 4, [PHI_EMAIL] = 4,
	[PHI_URL] = 3, [PHI_IP] = 3, [PHI_SSN] = 10, [PHI_NPI] = 4,
	[PHI_DEA] = 6, [PHI_CREDIT_CARD] = 10, [PHI_VEHICLE] = 5,
	[PHI_ICD10] = 4, [PHI_MRN] = 8, [PHI_HEALTH_PLAN] = 8,
	[PHI_ACCOUNT] = 6, [PHI_LICENSE] = 7, [PHI_DEVICE] = 5,
	[PHI_BIOMETRIC] = 8, [PHI_OTHER_ID] = 5
};

/* fields: {weights: {SSN: 10, ...}} */
static int
load_weights(struct fld_shared *sh, const json_t *sec, struct ck_error *err)
{
	const json_t *w = json_object_get(sec, "weights");
	const char *k;
	json_t *v;

	if (w == NULL)
		return 0;
	if (!json_is_object(w))
		return ck_error_set(err, 0, "fields: weights must be a mapping");
	json_object_foreach((json_t *)w, k, v) {
		int t = phi_type_parse(k);

		if (t < 0)
			return ck_error_set(err, 0, "fields: weights: unknown "
					    "type '%s'", k);
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 1000)
			return ck_error_set(err, 0, "fields: weights: %s must "
					    "be an integer 0-1000", k);
		sh->weight[t] = (int)json_integer_value(v);
	}
	return 0;
}

struct fld_shared *
fld_shared_new(const struct phi_engine *e, int with_keys,
	       struct ck_error *err)
{
	struct fld_shared *sh = calloc(1, sizeof(*sh));

	if (sh == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(sh->weight, default_weight, sizeof(sh->weight));
	sh->km = calloc(1, sizeof(*sh->km));
	if (sh->km == NULL) {
		ck_error_set(err, ENOMEM, "out of memory");
		goto fail;
	}
	if ((with_keys &&
	     fld_keymap_load(sh->km, phi_engine_section(e, "keys"), err) < 0) ||
	    load_weights(sh, phi_engine_section(e, "fields"), err) < 0)
		goto fail;
	return sh;
fail:
	fld_keymap_free(sh->km);
	free(sh);
	return NULL;
}

void
fld_shared_free(struct fld_shared *sh)
{
	if (sh == NULL)
		return;
	if (fld_keymap_global == sh->km)
		fld_keymap_global = NULL;
	fld_keymap_free(sh->km);
	free(sh);
}

static void *
fields_init(const struct phi_engine *e, struct ck_error *err)
{
	struct fld_shared *sh = fld_shared_new(e, 1, err);

	if (sh != NULL)
		fld_keymap_global = sh->km;
	return sh;
}

static void
fields_fini(void *p)
{
	fld_shared_free(p);
}

enum { MODE_NEW, MODE_KV, MODE_TABLE };

struct fld_state {
	const struct fld_shared *sh;
	struct fld_kv *kv;
	struct fld_table *tab;
	int mode;
	int yaml;
	uint64_t resume;	/* absolute offset to go on from */
};

static void *
fields_state_new(void *shared)
{
	struct fld_state *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->sh = shared;
	st->kv = fld_kv_new();
	st->tab = fld_table_new();
	if (st->kv == NULL || st->tab == NULL) {
		fld_kv_free(st->kv);
		fld_table_free(st->tab);
		free(st);
		return NULL;
	}
	return st;
}

static void
fields_state_free(void *p)
{
	struct fld_state *st = p;

	if (st == NULL)
		return;
	fld_kv_free(st->kv);
	fld_table_free(st->tab);
	free(st);
}

static int
has_ext(const char *path, const char *ext)
{
	size_t n, m = strlen(ext);

	if (path == NULL)
		return 0;
	n = strlen(path);
	return n > m && path[n - m - 1] == '.' &&
	       strcasecmp(path + n - m, ext) == 0;
}

static void
fields_begin(void *p, const char *path)
{
	struct fld_state *st = p;

	st->mode = MODE_NEW;
	st->resume = 0;
	st->yaml = has_ext(path, "yaml") || has_ext(path, "yml");
	fld_kv_begin(st->kv, st->yaml);
	fld_table_begin(st->tab, path);
}

static int
fields_scan(void *p, const struct phi_window *w, struct phi_cands *out,
	    struct ck_error *err)
{
	struct fld_state *st = p;
	struct fld_out o = { out, st->sh, w->buf, w->len, w->base, 0 };
	size_t from = 0, r;

	if (st->resume > w->base)
		from = st->resume - w->base > w->len ? w->len :
		       (size_t)(st->resume - w->base);
	if (st->mode == MODE_NEW) {
		if (w->base != 0)
			st->mode = MODE_KV;
		else
			st->mode = fld_table_sniff(st->tab, &o, w->last) ?
				   MODE_TABLE : MODE_KV;
	}
	if (st->mode == MODE_TABLE)
		r = fld_table_scan(st->tab, &o, from, w->last);
	else
		r = fld_kv_scan(st->kv, &o, from, w->last);
	st->resume = w->base + r;
	if (o.nomem)
		return ck_error_set(err, ENOMEM, "out of memory");
	return 0;
}

const struct phi_detector phi_detector_fields = {
	"fields", fields_init, fields_fini, fields_state_new,
	fields_state_free, fields_begin, fields_scan
};
