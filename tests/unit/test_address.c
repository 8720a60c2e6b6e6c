/* test_address.c -- street lines, PO boxes, cities, ZIPs and ages over 89
 * with exact spans, and the look-alikes that must not match. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/phi/phi.h"

extern const struct phi_detector phi_detector_address;

static struct phi_engine *engine;
static void *shared, *dstate;

static int
setup(void **state)
{
	struct phi_engine_opts o;
	struct ck_error err;
	char dir[4096];
	const char *top = getenv("top_srcdir");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/share/complykit", top ? top : ".");
	memset(&o, 0, sizeof(o));
	o.datadir = dir;
	engine = phi_engine_new(&o, &err);
	if (engine == NULL) {
		fprintf(stderr, "engine: %s\n", err.msg);
		return -1;
	}
	shared = phi_detector_address.init(engine, &err);
	if (shared == NULL)
		return -1;
	dstate = phi_detector_address.state_new(shared);
	return dstate == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	phi_detector_address.state_free(dstate);
	phi_detector_address.fini(shared);
	phi_engine_free(engine);
	return 0;
}

static int
by_start(const void *a, const void *b)
{
	const struct phi_cand *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* want: "TYPE:text" strings in order of position, NULL-terminated. */
static void
check_scan(const char *text, const char *const *want)
{
	struct phi_cands c = { NULL, 0, 0 };
	struct phi_window w;
	struct ck_error err;
	size_t i, k = 0;
	char got[256];

	w.buf = text;
	w.len = strlen(text);
	w.base = 0;
	w.last = 1;
	w.path = "note.txt";
	phi_detector_address.begin(dstate, "note.txt");
	assert_int_equal(phi_detector_address.scan(dstate, &w, &c, &err), 0);
	if (c.n > 1)
		qsort(c.v, c.n, sizeof(*c.v), by_start);
	for (i = 0; i < c.n; i++) {
		snprintf(got, sizeof(got), "%s:%.*s",
			 phi_type_name(c.v[i].type),
			 (int)(c.v[i].end - c.v[i].start),
			 text + c.v[i].start);
		if (want[k] == NULL)
			fail_msg("unexpected %s in '%s'", got, text);
		if (strcmp(got, want[k]) != 0)
			fail_msg("got %s, want %s", got, want[k]);
		k++;
	}
	if (want[k] != NULL)
		fail_msg("missed %s in '%s'", want[k], text);
	free(c.v);
}

static void
test_street_city_zip(void **state)
{
	(void)state;
	check_scan("He lives alone at 8942 Magnolia Place, Worcester, MA "
		   "01613.",
		   (const char *const[]){ "ADDRESS:8942 Magnolia Place",
		   "ADDRESS:Worcester", "ZIP:01613", NULL });
	check_scan("8304 Spring Ln, Apt. 532, Burlington, VT  05427\n",
		   (const char *const[]){ "ADDRESS:8304 Spring Ln, Apt. 532",
		   "ADDRESS:Burlington", "ZIP:05427", NULL });
	check_scan("56 Beacon St., San Luis Obispo, CA 93401-1234\n",
		   (const char *const[]){ "ADDRESS:56 Beacon St.",
		   "ADDRESS:San Luis Obispo", "ZIP:93401-1234", NULL });
	check_scan("Address: 27 Martin Luther King Jr St\r\n"
		   "Miami, Florida 33154\r\n",
		   (const char *const[]){
		   "ADDRESS:27 Martin Luther King Jr St", "ADDRESS:Miami",
		   "ZIP:33154", NULL });
	check_scan("\"47955 El Camino Lane Unit 22\", 52-48 Kissena Blvd #5",
		   (const char *const[]){
		   "ADDRESS:47955 El Camino Lane Unit 22",
		   "ADDRESS:52-48 Kissena Blvd #5", NULL });
	check_scan("4781 E Colfax Pkwy NW and 71 5th Dr.",
		   (const char *const[]){ "ADDRESS:4781 E Colfax Pkwy NW",
		   "ADDRESS:71 5th Dr.", NULL });
	check_scan("PO Box 77; P.O. Box 1200; RR 5 Box 74",
		   (const char *const[]){ "ADDRESS:PO Box 77",
		   "ADDRESS:P.O. Box 1200", "ADDRESS:RR 5 Box 74", NULL });
	check_scan("12 OAK ST^APT 4B^TAMPA^FL^33601",
		   (const char *const[]){ "ADDRESS:12 OAK ST^APT 4B",
		   "ADDRESS:TAMPA", "ZIP:33601", NULL });
	check_scan("8053 Camino del Sol Street, São Paulo",
		   (const char *const[]){
		   "ADDRESS:8053 Camino del Sol Street", NULL });
}

static void
test_city_cues(void **state)
{
	(void)state;
	check_scan("SOCIAL: Former smoker. Lives in Pittsburgh.\n",
		   (const char *const[]){ "ADDRESS:Pittsburgh", NULL });
	check_scan("She moved to Salt Lake City last year; lives in Texas.",
		   (const char *const[]){ "ADDRESS:Salt Lake City", NULL });
	check_scan("Transferred from Dallas, TX by ambulance.",
		   (const char *const[]){ "ADDRESS:Dallas", NULL });
	check_scan("p.setPostalCode(\"90080\"); zip code: 02907-1234",
		   (const char *const[]){ "ZIP:90080", "ZIP:02907-1234",
		   NULL });
}

static void
test_ages(void **state)
{
	(void)state;
	check_scan("a 92-year-old woman; Age: 95; aged 101; 93 y/o M; 95yo M",
		   (const char *const[]){ "AGE:92", "AGE:95", "AGE:101",
		   "AGE:93", "AGE:95", NULL });
	check_scan("\"age\": 104, 90 years old",
		   (const char *const[]){ "AGE:104", "AGE:90", NULL });
	check_scan("an 85-year-old man, age 89, page 95, 92 units, "
		   "Age: 300, usage 99",
		   (const char *const[]){ NULL });
}

static void
test_look_alikes(void **state)
{
	(void)state;
	check_scan("listening on port 50051; 3 units lispro; BP 120/80; "
		   "build 24180 passed",
		   (const char *const[]){ NULL });
	check_scan("Gussie Bowen, MD, FACP\nChester Turnbull, PA\n",
		   (const char *const[]){ NULL });
	check_scan("Invoice 12345 paid; 99213 office visit; 00000",
		   (const char *const[]){ NULL });
	check_scan("Rm 12 Main hall; room 4 Ward B; 2 Way radios",
		   (const char *const[]){ NULL });
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_street_city_zip),
		cmocka_unit_test(test_city_cues),
		cmocka_unit_test(test_ages),
		cmocka_unit_test(test_look_alikes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
