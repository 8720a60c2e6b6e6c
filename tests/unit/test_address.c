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
#include "dettest.h"

extern const struct phi_detector phi_detector_address;

static int
setup(void **state)
{
	return dt_setup(state, &phi_detector_address);
}

/* want: "TYPE:text" strings in order of position, NULL-terminated.
 * Each call is a new document. */
static void
check_scan(const char *text, const char *const *want)
{
	dt_check_scan(text, want, DT_ANY);
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
		   "ADDRESS:8053 Camino del Sol Street", "ADDRESS:São Paulo",
		   NULL });
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

static void
test_city_without_state(void **state)
{
	(void)state;
	/* The city after a street line or a PO box, without a state: at a
	 * sentence's or a line's end, or before a ZIP. */
	check_scan("Lives at 418 Quillfeather Lane, Bozeman. Daughter nearby.",
		   (const char *const[]){ "ADDRESS:418 Quillfeather Lane",
		   "ADDRESS:Bozeman", NULL });
	check_scan("P.O. Box 4410, Glens Falls 12801\n"
		   "90 Larch Way Bldg 2 Apt 7, St. Albans 05478\n"
		   "5 Orchid Ct, Bois d'Arc 75418\n",
		   (const char *const[]){ "ADDRESS:P.O. Box 4410",
		   "ADDRESS:Glens Falls", "ZIP:12801",
		   "ADDRESS:90 Larch Way Bldg 2 Apt 7", "ADDRESS:St. Albans",
		   "ZIP:05478", "ADDRESS:5 Orchid Ct", "ADDRESS:Bois d'Arc",
		   "ZIP:75418", NULL });
	check_scan("12 Elm Rd\nL\xc3\xa9vis d'Or\xc3\xa9" "al, QC\n"
		   "Home: 77 Tern Ave, Coeur d'Alene, ID 83814\n",
		   (const char *const[]){ "ADDRESS:12 Elm Rd",
		   "ADDRESS:77 Tern Ave", "ADDRESS:Coeur d'Alene",
		   "ZIP:83814", NULL });
	/* A ZIP after its label and "is"; the place after "in" before it. */
	check_scan("Moved, now in Red Wing. Zip is 55066.\n"
		   "Postal code was 60614-2201\n",
		   (const char *const[]){ "ADDRESS:Red Wing", "ZIP:55066",
		   "ZIP:60614-2201", NULL });
	/* A street line running on is no city; nor a state. */
	check_scan("Seen at 40 Main St, Springfield and more text\n"
		   "Send to 9 Pine Rd, Montana.\n",
		   (const char *const[]){ "ADDRESS:40 Main St",
		   "ADDRESS:9 Pine Rd", NULL });
	/* States are never a city: "Vermont, Maine and Iowa". */
	check_scan("Offices in Vermont, Maine and Iowa.\n",
		   (const char *const[]){ NULL });
}

static void
test_org_mailing_address(void **state)
{
	(void)state;
	/* A department's or a company's address is no one's home. */
	check_scan("Acme Mutual Insurance Company\nClaims Department\n"
		   "PO Box 4410\nDes Moines, IA 50306\n\n"
		   "Member: 12 Oak St\nTulsa, OK 74101\n",
		   (const char *const[]){ "ADDRESS:12 Oak St",
		   "ADDRESS:Tulsa", "ZIP:74101", NULL });
	/* A provider's letterhead stays. */
	check_scan("Harbor Point Clinic\n201 Bay Rd\nErie, PA 16501\n",
		   (const char *const[]){ "ADDRESS:201 Bay Rd",
		   "ADDRESS:Erie", "ZIP:16501", NULL });
}

static void
test_ages_more(void **state)
{
	(void)state;
	check_scan("Sex/Age: M/97\nSex: M\nAge/Sex: 93/F\nRatio 95/M\n",
		   (const char *const[]){ "AGE:97", "AGE:93", NULL });
	check_scan("  age          { 97 }\n",
		   (const char *const[]){ "AGE:97", NULL });
	check_scan("ok she's 94! and he is 91.\n",
		   (const char *const[]){ "AGE:94", "AGE:91", NULL });
	/* Not an age: a count, a weight, a ratio. */
	check_scan("she's 95 kg; he is 92 percent sure; BP 120/95\n",
		   (const char *const[]){ NULL });
}

static void
test_ages_phrased(void **state)
{
	(void)state;
	/* A unit between the cue and the number; a word that says the age;
	 * a clause that needs the number to end it. */
	check_scan("3b. Age (years): 97\nAge (yrs) 94\n",
		   (const char *const[]){ "AGE:97", "AGE:94", NULL });
	check_scan("Olwen, nonagenarian, 92, of here; a centenarian (101).\n",
		   (const char *const[]){ "AGE:92", "AGE:101", NULL });
	check_scan("his uncle is still alive at 98; he turned 90.\n",
		   (const char *const[]){ "AGE:98", "AGE:90", NULL });
	/* "at" alone is no cue; a street number after one is no age. */
	check_scan("seen at 92; still living at 93 Fern Rd; turned 95 degrees\n",
		   (const char *const[]){ "ADDRESS:93 Fern Rd", NULL });
}

static void
test_city_prose(void **state)
{
	(void)state;
	/* "of <City>" after a name's aside: a parenthesis, an age. */
	check_scan("Hollis, a 71 y/o, of Kettering, died.\n"
		   "sons Ivo Marsh (Petra) of Fort Wayne and Leon Marsh "
		   "(Ada) of Coos Bay.\n",
		   (const char *const[]){ "ADDRESS:Kettering",
		   "ADDRESS:Fort Wayne", "ADDRESS:Coos Bay", NULL });
	check_scan("Section 4(c) of Title 5; the terms (see above) of Service, "
		   "implied, of Acme Corp.; found by Al Roe (aroe) of Initrode.\n",
		   (const char *const[]){ NULL });
	/* Cues; an abbreviation inside the city; a county. */
	check_scan("Birthplace: Lagos, Peru. She is a resident of Mt. Pleasant."
		   "\nResidence county Otero County\n",
		   (const char *const[]){ "ADDRESS:Lagos",
		   "ADDRESS:Mt. Pleasant", "ADDRESS:Otero County", NULL });
	check_scan("the county Health Board met\n",
		   (const char *const[]){ NULL });
	/* An abbreviation or an elided article inside the city. */
	check_scan("9 Elk Rd, Mt. Olive, NC 27030\n"
		   "2 Fir Ln, Port St. Marys, GA 31558\n"
		   "Dana (Lu Ann) of Lac d'Argent, and\n",
		   (const char *const[]){ "ADDRESS:9 Elk Rd",
		   "ADDRESS:Mt. Olive", "ZIP:27030", "ADDRESS:2 Fir Ln",
		   "ADDRESS:Port St. Marys", "ZIP:31558",
		   "ADDRESS:Lac d'Argent", NULL });
}

static void
test_city_layouts(void **state)
{
	(void)state;
	/* "in <City>" after a street, an aside after the city, iCalendar's
	 * escaped comma. */
	check_scan("staying at 7 Birch Ct in Ogden for now; not at 9 Elm Rd in "
		   "May.\n",
		   (const char *const[]){ "ADDRESS:7 Birch Ct", "ADDRESS:Ogden",
		   "ADDRESS:9 Elm Rd", NULL });
	check_scan("send to PO Box 12, Medford (her sister's).\n"
		   "at 3 Pike Ln, Joliet \xe2\x80\x94 call first\n"
		   "LOCATION:55 Vine St\\, Keene\n",
		   (const char *const[]){ "ADDRESS:PO Box 12", "ADDRESS:Medford",
		   "ADDRESS:3 Pike Ln", "ADDRESS:Joliet", "ADDRESS:55 Vine St",
		   "ADDRESS:Keene", NULL });
	/* City / ST / ZIP with slashes; ZIP+4 without its dash. */
	check_scan("City/State/ZIP: Eau Claire / WI / 54701-3320\n"
		   "Home: 8 Ash Way, Provo, UT 846041234\n",
		   (const char *const[]){ "ADDRESS:Eau Claire",
		   "ZIP:54701-3320", "ADDRESS:8 Ash Way", "ADDRESS:Provo",
		   "ZIP:846041234", NULL });
}

static void
test_lower_case_street(void **state)
{
	(void)state;
	/* As typed in a chat, after an address cue; the city closing the
	 * line. */
	check_scan("[09:12] visitor: new address is 4410 upper ridge rd, "
		   "apt 9 glens falls\n"
		   "[09:13] visitor: mail to po box 318 keene\n",
		   (const char *const[]){
		   "ADDRESS:4410 upper ridge rd, apt 9",
		   "ADDRESS:glens falls", "ADDRESS:po box 318",
		   "ADDRESS:keene", NULL });
	/* No cue, or no street suffix: no address. */
	check_scan("bought 2 way radios; the address has 3 parts\n"
		   "took 12 oak st and left\n",
		   (const char *const[]){ NULL });
	check_scan("a 93yrs female\n",
		   (const char *const[]){ "AGE:93", NULL });
}

static void
test_address_lines(void **state)
{
	(void)state;
	/* The unit on its own line; a state code ends the city; a comma
	 * between the state and the ZIP. */
	check_scan("Send to:\n51 Heron Way\n  Unit 7B\nNome, AK 99762\n",
		   (const char *const[]){ "ADDRESS:51 Heron Way",
		   "ADDRESS:Unit 7B", "ADDRESS:Nome", "ZIP:99762", NULL });
	check_scan("Home: 6 Lark Ln #2, Ames IA 50010\nOgden, UT, 84401\n",
		   (const char *const[]){ "ADDRESS:6 Lark Ln #2",
		   "ADDRESS:Ames", "ZIP:50010", "ADDRESS:Ogden", "ZIP:84401",
		   NULL });
	/* A line that is no unit. */
	check_scan("51 Heron Way\nUnit tests pass\n",
		   (const char *const[]){ "ADDRESS:51 Heron Way", NULL });
}

static void
test_obituary(void **state)
{
	(void)state;
	/* Newspaper style states; an age between commas after a name. */
	check_scan("Wren Alder, 96, of Ardmore, died Monday. Wed in Lodi, "
		   "Calif. in 1949; later of Enid, Okla.\n",
		   (const char *const[]){ "AGE:96", "ADDRESS:Ardmore",
		   "ADDRESS:Lodi", "ADDRESS:Enid", NULL });
	check_scan("Send to 5 Elm St, Ocala, Fla. 34470\n",
		   (const char *const[]){ "ADDRESS:5 Elm St", "ADDRESS:Ocala",
		   "ZIP:34470", NULL });
	/* A citation, an ellipsis, a father; a count between commas. */
	check_scan("Reading, Mass.: Addison; class Vt, Vt... Ts; Thanks, Pa.\n"
		   "items 1, 95, 3\n",
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
		cmocka_unit_test(test_city_without_state),
		cmocka_unit_test(test_org_mailing_address),
		cmocka_unit_test(test_ages_more),
		cmocka_unit_test(test_ages_phrased),
		cmocka_unit_test(test_city_prose),
		cmocka_unit_test(test_city_layouts),
		cmocka_unit_test(test_lower_case_street),
		cmocka_unit_test(test_obituary),
		cmocka_unit_test(test_address_lines),
	};

	return cmocka_run_group_tests(tests, setup, dt_teardown);
}
