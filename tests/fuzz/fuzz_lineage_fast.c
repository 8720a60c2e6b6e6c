/* fuzz_lineage_fast.c -- differential: the fast ingest path against the
 * jansson path it stands in for.  Whenever the tape (ck_jtape_scan) says
 * yes, jansson reads the bytes as the log's reader does; whenever
 * ln_event_fast says yes, jansson reads an object that ln_event_check
 * accepts, and the ids of its view are the ones jansson decodes. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "lineage/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
span_is(const struct ln_span *s, const json_t *v)
{
	const char *c = json_string_value(v);

	return c != NULL && strlen(c) == s->len && memcmp(s->p, c, s->len) == 0;
}

static void
same_view(const struct ln_ids *v, const json_t *ev)
{
	const json_t *job = json_object_get(ev, "job");
	size_t k = 0;

	if (!span_is(&v->job_ns, json_object_get(job, "namespace")) ||
	    !span_is(&v->job_name, json_object_get(job, "name")) ||
	    !span_is(&v->run_id, json_object_get(json_object_get(ev, "run"),
						 "runId")))
		__builtin_trap();
	for (int out = 0; out < 2; out++) {
		const json_t *a = json_object_get(ev, out ? "outputs"
							  : "inputs"), *d;
		size_t i;

		if (json_array_size(a) != (out ? v->nout : v->nin))
			__builtin_trap();
		json_array_foreach(a, i, d) {
			const struct ln_ds_ids *dv = &v->ds[k++];
			const json_t *ver = json_object_get(json_object_get(
				json_object_get(d, "facets"), "version"),
				"datasetVersion");

			if (!span_is(&dv->ns, json_object_get(d, "namespace")) ||
			    !span_is(&dv->name, json_object_get(d, "name")) ||
			    (json_is_string(ver) ? !span_is(&dv->ver, ver)
						 : dv->ver.p != NULL))
				__builtin_trap();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ln_fast f;
	const char *s = (const char *)data;
	struct ck_error err;
	json_t *ev;
	int tape = ck_jtape_scan(&f.tape, s, size), r;

	if (tape < 0)
		return 0;
	r = ln_event_fast(&f, s, size);
	if (r < 0 || (r == 1 && tape != 1))
		__builtin_trap();
	if (tape == 0)
		return 0;
	if (ck_utf8_check(s, size) != size)
		__builtin_trap();
	ev = json_loadb(s, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, NULL);
	if (ev == NULL)
		__builtin_trap();
	if (r == 1) {
		if (!json_is_object(ev) || ln_event_check(ev, &err) != 0)
			__builtin_trap();
		if (!f.v.esc)
			same_view(&f.v, ev);
	}
	json_decref(ev);
	return 0;
}
