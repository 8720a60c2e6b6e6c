/* test_vcal.c -- the vCard and iCalendar detector: values by property
 * and parameter, with exact spans; folded lines; system times and
 * VTIMEZONE rules not reported; bad input. */
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

extern const struct phi_detector phi_detector_vcal;

static int
setup(void **state)
{
	return dt_setup(state, &phi_detector_vcal);
}

#define EXPECT_AFTER(c, t, after, needle, type) \
	dt_expect_at(&(c), t, after, needle, type, DT_ANY)
#define EXPECT(c, t, needle, type) EXPECT_AFTER(c, t, NULL, needle, type)

static const char card[] =
	"BEGIN:VCARD\r\n"
	"VERSION:3.0\r\n"
	"FN:Odalys Quenneville-Barr\r\n"
	"N:Quenneville-Barr;Odalys;Maeve,J.;Dr.;PhD\r\n"
	"BDAY:1966-10-23\r\n"
	"item1.TEL;TYPE=HOME,VOICE:(802) 317-4620\r\n"
	"TEL;TYPE=WORK,FAX:802.317.9055\r\n"
	"EMAIL;TYPE=INTERNET:odalys.qb@fernmail.net\r\n"
	"EMAIL:placeholder@example.com\r\n"
	"ADR;TYPE=HOME:PO Box 4471;Unit 2;77 Tamarack Bend Rd;Wolcott Mills;"
	"VT;05680-4471;USA\r\n"
	"URL:https://odalysqb.blog.test/about\r\n"
	"NOTE:Call Odalys Quenneville-Barr after 5.\r\n"
	"ORG:Tamarack Bend Weavers Guild\r\n"
	"REV:20240611T101500Z\r\n"
	"END:VCARD\r\n";

static void
test_card(void **state)
{
	struct phi_cands c = dt_scan("contacts.vcf", card);
	const char *t = card;

	(void)state;
	EXPECT(c, t, "Odalys Quenneville-Barr", PHI_NAME);
	EXPECT_AFTER(c, t, "\nN:", "Quenneville-Barr", PHI_NAME);
	EXPECT_AFTER(c, t, "\nN:", "Odalys", PHI_NAME);
	EXPECT(c, t, "Maeve", PHI_NAME);
	EXPECT(c, t, "J.", PHI_NAME);
	dt_expect_none(&c, t, ";Dr.;");
	EXPECT(c, t, "1966-10-23", PHI_DATE);
	EXPECT(c, t, "(802) 317-4620", PHI_PHONE);
	EXPECT(c, t, "802.317.9055", PHI_FAX);
	EXPECT(c, t, "odalys.qb@fernmail.net", PHI_EMAIL);
	dt_expect_none(&c, t, "placeholder@example.com");
	EXPECT(c, t, "PO Box 4471", PHI_ADDRESS);
	EXPECT(c, t, "Unit 2", PHI_ADDRESS);
	EXPECT(c, t, "77 Tamarack Bend Rd", PHI_ADDRESS);
	EXPECT(c, t, "Wolcott Mills", PHI_ADDRESS);
	EXPECT(c, t, "05680-4471", PHI_ZIP);
	dt_expect_none(&c, t, ";VT;");
	EXPECT(c, t, "https://odalysqb.blog.test/about", PHI_URL);
	/* the full name again in the note */
	EXPECT_AFTER(c, t, "NOTE:", "Odalys Quenneville-Barr", PHI_NAME);
	dt_expect_none(&c, t, "20240611T101500Z");
	/* the organisation is nobody */
	dt_expect_none(&c, t, "Tamarack Bend Weavers Guild");
	free(c.v);
}

/* A folded line is read through; the span covers the raw bytes. */
static const char folded[] =
	"BEGIN:VCARD\n"
	"VERSION:4.0\n"
	"FN:Thaddeus\n"
	"  Ombwori\n"
	"BDAY:19530117\n"
	"ADR:;;1290 Saltmarsh \n"
	" Causeway;Port Ellery;ME;04658\n"
	" ;USA\n"
	"END:VCARD\n";

static void
test_folded(void **state)
{
	struct phi_cands c = dt_scan("t.vcf", folded);
	const char *t = folded;

	(void)state;
	EXPECT(c, t, "Thaddeus\n  Ombwori", PHI_NAME);
	EXPECT(c, t, "19530117", PHI_DATE);
	EXPECT(c, t, "1290 Saltmarsh \n Causeway", PHI_ADDRESS);
	EXPECT(c, t, "Port Ellery", PHI_ADDRESS);
	EXPECT(c, t, "04658", PHI_ZIP);
	free(c.v);
}

/* vCard 2.1: a title and credentials stay out of the name; LABEL is
 * the address as printed (quoted-printable or escaped line breaks). */
static const char old21[] =
	"BEGIN:VCARD\r\n"
	"VERSION:2.1\r\n"
	"FN:Dr. Casimir Oyelowo-Hart, MD\r\n"
	"TEL;WORK;FAX:(207) 441-6618\r\n"
	"LABEL;HOME;ENCODING=QUOTED-PRINTABLE:612 Foxtail Run=0D=0AEast "
	"Haddam, CT 06423\r\n"
	"LABEL;WORK:PO Box 2291\\nNew Marston\\, ME 04463\r\n"
	"END:VCARD\r\n";

static void
test_v21(void **state)
{
	struct phi_cands c = dt_scan("old.vcf", old21);
	const char *t = old21;

	(void)state;
	EXPECT(c, t, "Casimir Oyelowo-Hart", PHI_NAME);
	dt_expect_none(&c, t, "Dr. ");
	dt_expect_none(&c, t, "MD\r");
	EXPECT(c, t, "(207) 441-6618", PHI_FAX);
	EXPECT(c, t, "612 Foxtail Run", PHI_ADDRESS);
	EXPECT(c, t, "East Haddam", PHI_ADDRESS);
	EXPECT(c, t, "06423", PHI_ZIP);
	EXPECT(c, t, "PO Box 2291", PHI_ADDRESS);
	EXPECT(c, t, "New Marston", PHI_ADDRESS);
	EXPECT(c, t, "04463", PHI_ZIP);
	free(c.v);
}

/* An organisation's card: no person's name, street or URL. */
static void
test_org(void **state)
{
	static const char org[] =
		"BEGIN:VCARD\nVERSION:4.0\nKIND:org\n"
		"FN:Harrowgate Orthopaedics\n"
		"ADR:;;400 Mill Race Pkwy;Harrowgate;NH;03301;\n"
		"URL:https://harrowgate-ortho.test\nEND:VCARD\n"
		"BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Quillfeather Dermatology\n"
		"ORG:Quillfeather Dermatology\nEND:VCARD\n";
	struct phi_cands c = dt_scan("o.vcf", org);
	size_t i;

	(void)state;
	for (i = 0; i < c.n; i++)
		assert_int_equal(c.v[i].type, PHI_VETO);
	free(c.v);
}

static const char cal[] =
	"BEGIN:VCALENDAR\r\n"
	"VERSION:2.0\r\n"
	"PRODID:-//Acme Clinic Scheduling//EN\r\n"
	"BEGIN:VTIMEZONE\r\n"
	"TZID:America/Denver\r\n"
	"BEGIN:STANDARD\r\n"
	"DTSTART:19701101T020000\r\n"
	"END:STANDARD\r\n"
	"END:VTIMEZONE\r\n"
	"BEGIN:VEVENT\r\n"
	"UID:8841-20240611@sched.test\r\n"
	"DTSTAMP:20240601T080000Z\r\n"
	"CREATED:20240530T120000Z\r\n"
	"LAST-MODIFIED:20240531T090000Z\r\n"
	"DTSTART;TZID=America/Denver:20240703T141500\r\n"
	"DTEND;TZID=America/Denver:20240703T144500\r\n"
	"SUMMARY:Wound check for Ignatius Pemberley-Ruiz (K-4409182)\r\n"
	"ORGANIZER;CN=\"Saoirse Lindqvist\";SENT-BY=\"mailto:frontdesk@clinicmail.org\""
	":mailto:s.lindqvist@clinicmail.org\r\n"
	"ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Ignatius Pemberley-Ruiz:MAILTO:ipr\r\n"
	" uiz@homemail.net\r\n"
	"ATTENDEE;CUTYPE=ROOM;CN=Exam Room 4:mailto:room4@sched.test\r\n"
	"ATTENDEE;CN=Wound Care Scheduling:mailto:wcs@clinicmail.org\r\n"
	"LOCATION:2218 Cottonwood Ave\\, Suite 110\\, Larkspur Flats\\, CO 80437\r\n"
	"END:VEVENT\r\n"
	"END:VCALENDAR\r\n";

static void
test_calendar(void **state)
{
	struct phi_cands c = dt_scan("appt.ics", cal);
	const char *t = cal;

	(void)state;
	EXPECT(c, t, "20240703T141500", PHI_DATE);
	EXPECT(c, t, "20240703T144500", PHI_DATE);
	EXPECT(c, t, "Saoirse Lindqvist", PHI_NAME);
	EXPECT(c, t, "s.lindqvist@clinicmail.org", PHI_EMAIL);
	EXPECT(c, t, "frontdesk@clinicmail.org", PHI_EMAIL);
	EXPECT_AFTER(c, t, "ATTENDEE", "Ignatius Pemberley-Ruiz", PHI_NAME);
	EXPECT(c, t, "ipr\r\n uiz@homemail.net", PHI_EMAIL);
	/* the attendee's name where the summary repeats it, and the
	 * record number after it */
	EXPECT(c, t, "Ignatius Pemberley-Ruiz", PHI_NAME);
	EXPECT(c, t, "K-4409182", PHI_MRN);
	EXPECT(c, t, "2218 Cottonwood Ave", PHI_ADDRESS);
	EXPECT(c, t, "Larkspur Flats", PHI_ADDRESS);
	EXPECT(c, t, "80437", PHI_ZIP);
	dt_expect_none(&c, t, "Exam Room 4");
	dt_expect_none(&c, t, "Wound Care Scheduling");
	dt_expect_none(&c, t, "room4@sched.test");
	dt_expect_none(&c, t, "19701101T020000");
	dt_expect_none(&c, t, "20240601T080000Z");
	dt_expect_none(&c, t, "20240530T120000Z");
	dt_expect_none(&c, t, "20240531T090000Z");
	free(c.v);
}

/* An event nobody takes part in is no appointment: its dates are not a
 * person's.  One with a contact, or text that says so, is. */
static const char events[] =
	"BEGIN:VCALENDAR\n"
	"BEGIN:VEVENT\n"
	"DTSTART;VALUE=DATE:20241125\n"
	"RRULE:FREQ=YEARLY;UNTIL=20291231\n"
	"SUMMARY:Office closed (harvest festival)\n"
	"END:VEVENT\n"
	"BEGIN:VEVENT\n"
	"DTSTART:20241203T100000\n"
	"SUMMARY:Physio session\n"
	"CONTACT:Perpetua Okonkwo-Lind\\, Riverside Physio\\, 608-441-2937\n"
	"END:VEVENT\n"
	"BEGIN:VEVENT\n"
	"DTSTART:20241204T083000\n"
	"DESCRIPTION:Dentist appointment\\nPickup: 4410 Quarry Rd\\, Fort Mill"
	"\\nDrop-off: HC 2 Box 17\\, St. Albans. Call first.\\nRoom 4\\, Blue"
	"\\, Wing 2\n"
	"END:VEVENT\n"
	"BEGIN:VEVENT\n"
	"DTSTART\n"
	" ;TZID=Europe/Oslo\n"
	" :20241205T090000\n"
	"ATTENDEE;CN=wbrightwater@postbox.org:mailto:wbrightwater@postbox.org\n"
	"ATTENDEE;CN=Dr. Ottoline\n"
	"  Marchetti-Bose:mailto:omb@postbox.org\n"
	"DESCRIPTION:Ottoline Marchetti-Bose to bring the forms\n"
	"END:VEVENT\n"
	"END:VCALENDAR\n";

static void
test_events(void **state)
{
	struct phi_cands c = dt_scan("cal.ics", events);
	const char *t = events;

	(void)state;
	dt_expect_none(&c, t, "20241125");
	dt_expect_none(&c, t, "20291231");
	EXPECT(c, t, "20241203T100000", PHI_DATE);
	EXPECT(c, t, "Perpetua Okonkwo-Lind", PHI_NAME);
	EXPECT(c, t, "608-441-2937", PHI_PHONE);
	dt_expect_none(&c, t, "Riverside Physio");
	EXPECT(c, t, "20241204T083000", PHI_DATE);
	/* a street line and a city in free text, the comma escaped */
	EXPECT(c, t, "4410 Quarry Rd", PHI_ADDRESS);
	EXPECT(c, t, "Fort Mill", PHI_ADDRESS);
	EXPECT(c, t, "HC 2 Box 17", PHI_ADDRESS);
	EXPECT(c, t, "St. Albans", PHI_ADDRESS);
	dt_expect_none(&c, t, "Blue");
	EXPECT(c, t, "20241205T090000", PHI_DATE);
	EXPECT(c, t, "wbrightwater@postbox.org", PHI_EMAIL);
	EXPECT_AFTER(c, t, "mailto:", "wbrightwater@postbox.org", PHI_EMAIL);
	/* a folded CN, without the title; found again in the text */
	EXPECT(c, t, "Ottoline\n  Marchetti-Bose", PHI_NAME);
	EXPECT(c, t, "Ottoline Marchetti-Bose", PHI_NAME);
	free(c.v);
}

/* Property-like lines outside a block are not read. */
static void
test_outside(void **state)
{
	static const char doc[] =
		"FN:Mirela Kovacevic\nDTSTART:20240101T090000\n"
		"Some text about BEGIN:VCARD in a sentence.\nN:Kovacevic;Mirela\n";
	struct phi_cands c = dt_scan("readme.md", doc);

	(void)state;
	assert_int_equal(c.n, 0);
	free(c.v);
}

/* Windows cut anywhere give the same spans. */
static void
test_windows(void **state)
{
	size_t win;

	(void)state;
	for (win = 120; win < 600; win += 29) {
		struct phi_cands c = dt_scan_win("appt.ics", cal, win, 100);
		const char *t = cal;

		EXPECT(c, t, "20240703T141500", PHI_DATE);
		EXPECT(c, t, "ipr\r\n uiz@homemail.net", PHI_EMAIL);
		EXPECT(c, t, "2218 Cottonwood Ave", PHI_ADDRESS);
		free(c.v);
	}
}

static void
test_bad_input(void **state)
{
	static const char *const bad[] = {
		"BEGIN:V", "BEGIN:VCARD", "BEGIN:VCARD\nN", "BEGIN:VCARD\nN:",
		"BEGIN:VCARD\nN;", "BEGIN:VCARD\nN;X=\"", "BEGIN:VCARD\nN:a\\",
		"BEGIN:VCARD\nADR:;;;;;;", "BEGIN:VCARD\nTEL:tel:",
		"BEGIN:VCARD\nFN:A\n ", "BEGIN:VCARD\nFN:A\r\n \r\n",
		"BEGIN:VCALENDAR\nATTENDEE;CN=\"x:mailto:",
		"BEGIN:VCALENDAR\nATTENDEE;CN=",
		"BEGIN:VCALENDAR\nLOCATION:12 A\\",
		"BEGIN:VCALENDAR\nLOCATION:12 Ab\\, Cd\\, EF",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT",
		NULL
	};
	size_t i, len = 300000;
	char *big;

	(void)state;
	for (i = 0; bad[i] != NULL; i++) {
		struct phi_cands c = dt_scan_exact("x.vcf", bad[i]);

		free(c.v);
	}
	/* one huge folded line */
	big = malloc(len + 1);
	assert_non_null(big);
	memset(big, ' ', len);
	memcpy(big, "BEGIN:VCARD\nNOTE:x", 18);
	for (i = 100; i < len; i += 70)
		big[i] = '\n';
	big[len] = '\0';
	{
		struct phi_cands c = dt_scan_win("x.vcf", big, 65536, 8192);

		free(c.v);
	}
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_card),
		cmocka_unit_test(test_folded),
		cmocka_unit_test(test_v21),
		cmocka_unit_test(test_org),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_outside),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, dt_teardown);
}
