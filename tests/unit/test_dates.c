/* test_dates.c -- the date grammar (phi_date_length) and the dates
 * detector's person/system decisions, with exact spans. */
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
#include "common/phi/detect.h"
#include "dettest.h"

extern const struct phi_detector phi_detector_dates;

static int
setup(void **state)
{
	return dt_setup(state, &phi_detector_dates);
}

/* want: the DATE spans in order of position, NULL-terminated.
 * Each call is a new document. */
static void
check_scan(const char *text, const char *const *want)
{
	dt_check_scan(text, want, PHI_DATE);
}

#define LEN(s) phi_date_length(s, strlen(s))

static void
test_formats(void **state)
{
	(void)state;
	assert_int_equal(LEN("03/04/1961"), 10);
	assert_int_equal(LEN("3/4/1961 was"), 8);
	assert_int_equal(LEN("3/4/61"), 6);
	assert_int_equal(LEN("03-04-1961"), 10);
	assert_int_equal(LEN("1961-03-04"), 10);
	assert_int_equal(LEN("1961-03-04 08:30"), 10);
	assert_int_equal(LEN("2024-03-12T08:30:00-05:00 x"), 25);
	assert_int_equal(LEN("2024-03-12T08:30:00.123Z"), 24);
	assert_int_equal(LEN("20240312083000|"), 14);
	assert_int_equal(LEN("19610304"), 8);
	assert_int_equal(LEN("March 4, 1961."), 13);
	assert_int_equal(LEN("Mar 4, 1961"), 11);
	assert_int_equal(LEN("Sept. 4, 1961"), 13);
	assert_int_equal(LEN("MARCH 4 1961"), 12);
	assert_int_equal(LEN("4 Mar 1961"), 10);
	assert_int_equal(LEN("4 March 1961"), 12);
	assert_int_equal(LEN("4th March 1961"), 14);
	assert_int_equal(LEN("4th of March 1961"), 17);
	assert_int_equal(LEN("4 of March, 1961"), 16);
	assert_int_equal(LEN("4 off March 1961"), 0);
	assert_int_equal(LEN("04-MAR-1961"), 11);
	assert_int_equal(LEN("04-Mar-61"), 9);
	assert_int_equal(LEN("30/12/2019"), 10);	/* day first */
	assert_int_equal(LEN("02/29/2024"), 10);
	/* Day, month and year glued (SAS DATE9., pharmacy labels). */
	assert_int_equal(LEN("07SEP1949 x"), 9);
	assert_int_equal(LEN("7Sep1949"), 8);
	assert_int_equal(LEN("31FEB1949"), 0);
	assert_int_equal(LEN("07SEPT1949"), 0);
	assert_int_equal(LEN("07SEP49"), 0);
	assert_int_equal(LEN("07SEP1949A"), 0);
}

static void
test_not_dates(void **state)
{
	(void)state;
	assert_int_equal(LEN("02/29/2023"), 0);		/* not a leap year */
	assert_int_equal(LEN("2023-02-30"), 0);
	assert_int_equal(LEN("1961-13-01"), 0);
	assert_int_equal(LEN("13/45/2020"), 0);
	assert_int_equal(LEN("19611304"), 0);
	assert_int_equal(LEN("18000304"), 0);		/* implausible year */
	assert_int_equal(LEN("3.10.12"), 0);		/* a version */
	assert_int_equal(LEN("1.2.3.4"), 0);
	assert_int_equal(LEN("2024-03-12-rc1"), 0);
	assert_int_equal(LEN("123456789"), 0);
	assert_int_equal(LEN("2024031208"), 0);		/* phone-sized */
	assert_int_equal(LEN("May 4"), 0);		/* no year */
	assert_int_equal(LEN("Mayday 4, 1961"), 0);
	assert_int_equal(LEN("04/26"), 0);		/* card expiry */
	assert_int_equal(LEN("MM/DD/YYYY"), 0);
	assert_int_equal(LEN(""), 0);
	assert_int_equal(phi_date_length("1961-03-04", 9), 0);	/* cut */
	assert_int_equal(phi_date_length(NULL, 0), 0);
}

static void
test_person_dates(void **state)
{
	(void)state;
	check_scan("DOB: 03/04/1961\nSeen 4 Mar 2024 for follow-up.\n",
		   (const char *const[]){ "03/04/1961", "4 Mar 2024", NULL });
	check_scan("Admitted: 3/4/2024\r\nDischarged: March 9, 2024\r\n",
		   (const char *const[]){ "3/4/2024", "March 9, 2024", NULL });
	check_scan("Sent: Thursday, 01/23/2024 6:23 AM",
		   (const char *const[]){ "01/23/2024", NULL });
	check_scan("Collected: 2019-11-07 06:24  Received: 07-NOV-2019",
		   (const char *const[]){ "2019-11-07", "07-NOV-2019", NULL });
	check_scan("\"effectiveDateTime\": \"2024-03-12T08:30:00-05:00\"",
		   (const char *const[]){ "2024-03-12T08:30:00-05:00", NULL });
	check_scan("Naïve café visit on 12/05/2023 — résumé",
		   (const char *const[]){ "12/05/2023", NULL });
	check_scan("curl \"/api/patients?lastName=X&dob=2002-08-27\"",
		   (const char *const[]){ "2002-08-27", NULL });
	check_scan("released 2024-01-01; admitted 2024-02-02",
		   (const char *const[]){ "2024-02-02", NULL });
	/* A dotted day-first date is not a version hiding the line's other
	 * dates. */
	check_scan("Biopsy 03.11.2021, repeat on 2022-01-14 and 5/6/2022.",
		   (const char *const[]){ "03.11.2021", "2022-01-14",
					  "5/6/2022", NULL });
	check_scan("Drawn: 21.10.19  Reported: October 23, 2019",
		   (const char *const[]){ "October 23, 2019", NULL });
}

static void
test_reference_tables(void **state)
{
	(void)state;
	/* A reference table's own dates: its "valid from" and "updated"
	 * columns, with no column of a person's data. */
	check_scan("drug,strength,price,valid from,updated\n"
		   "amoxicillin,500 mg,4.10,2023-01-01,2024-06-30\n"
		   "\"ibuprofen, oral\",200 mg,1.20,2022-07-01,2024-06-30\n",
		   (const char *const[]){ NULL });
	check_scan("code\tdescription\teffective\n"
		   "99213\tOffice visit\t2021-01-01\n",
		   (const char *const[]){ NULL });
	/* A table of people keeps every date; so does a column without a
	 * machine heading. */
	check_scan("mrn,dob,updated\n"
		   "A1234567,1961-03-04,2024-06-30\n",
		   (const char *const[]){ "1961-03-04", "2024-06-30", NULL });
	/* An assignment of a date to a name (TOML, INI) is no sum. */
	check_scan("[member]\nborn = 1950-02-03\nrenewal = 2023-04-05\n"
		   "x = 2/3/50 * 4\n",
		   (const char *const[]){ "1950-02-03", "2023-04-05", NULL });
	check_scan("item,price,sold on,valid from\n"
		   "gauze,1.10,2024-05-06,2023-01-01\n",
		   (const char *const[]){ "2024-05-06", NULL });
	/* A crontab's or a config's comments are its maintainers'. */
	{
		const char *t = "# reviewed 2025-02-03 by ops\n"
				"15 1 * * * /usr/local/bin/rotate\n"
				"; touched 2025-02-04\n"
				"# patient seen 2025-02-05\n"
				"dob = 2025-02-06\n";
		struct phi_cands c = dt_scan("etc/app.conf", t);

		dt_expect_none(&c, t, "2025-02-03");
		dt_expect_none(&c, t, "2025-02-04");
		dt_expect_at(&c, t, NULL, "2025-02-05", PHI_DATE, DT_ANY);
		dt_expect_at(&c, t, NULL, "2025-02-06", PHI_DATE, DT_ANY);
		free(c.v);
		c = dt_scan("notes.txt", t);
		dt_expect_at(&c, t, NULL, "2025-02-03", PHI_DATE, DT_ANY);
		free(c.v);
	}
	/* The header is read once, in the document's first window. */
	{
		/* Rows of 40 bytes: every window starts at a line. */
		const char *t = "drug         ,strength,price,valid from\n"
				"amoxicillin     ,500 mg,4.10,2023-01-01\n"
				"ibuprofen       ,200 mg,1.20,2022-07-01\n"
				"naproxen        ,250 mg,2.30,2021-03-01\n"
				"cetirizine       ,10 mg,0.90,2020-11-01\n";
		struct phi_cands c = dt_scan_win("ref.csv", t, 120, 80);

		assert_int_equal(c.n, 0);
		free(c.v);
	}
}

static void
test_yearless_dates(void **state)
{
	(void)state;
	/* Month and day without the year, tied to a person's care. */
	check_scan("Pt was admitted Aug 14 after a fall.\n"
		   "Surgery booked for Tuesday, October 6 at 9am.\n"
		   "Follow-up on September 30th; labs before.\n"
		   "She was born on the 2nd of February, at home.\n"
		   "Consent signed on the 21st.\n"
		   "Repeat labs Nov 3.\n"
		   "Appt moved to Thurs., Dec 10\n"
		   "Visit Fri Jan 8\n",
		   (const char *const[]){ "Aug 14", "Tuesday, October 6",
					  "September 30th",
					  "the 2nd of February", "the 21st",
					  "Nov 3", "Thurs., Dec 10",
					  "Fri Jan 8", NULL });
	/* A full weekday name heading a note is a date on its own. */
	check_scan("Wound Care Note\nWednesday, April 8\n",
		   (const char *const[]){ "Wednesday, April 8", NULL });
	/* Day-first, two-digit year: a date after a person's cue or a date
	 * label, a version otherwise. */
	check_scan("born 07.11.58, seen in clinic on 02.03.24\n"
		   "Incident date: 30.09.23 14:10\n"
		   "Upgraded libfoo to 12.10.22 and bar to 2.9.19\n",
		   (const char *const[]){ "07.11.58", "02.03.24", "30.09.23",
					  NULL });
}

static void
test_yearless_not_dates(void **state)
{
	(void)state;
	/* No person context; a log prefix; a release; a count; a version
	 * line; a lowercase modal verb; an ordinal before a noun. */
	check_scan("Aug 14 will be the kickoff.\n"
		   "Aug 14 03:22:19 web01 nginx[881]: upstream ok\n"
		   "Date:   Tue Aug 14 03:22:19 2024 +0000\n"
		   "Released Aug 14 with the new parser\n"
		   "Seen in the Aug 14 release notes\n"
		   "admitted patients may 4 times a day\n"
		   "admitted for the 2nd dose\n"
		   "visit counts by the 3rd of the month\n"
		   "Deployed 2024-01-01; health check 2024-01-02\n",
		   (const char *const[]){ NULL });
}

static void
test_code_dates(void **state)
{
	(void)state;
	check_scan("dob=date(1961, 3, 4),",
		   (const char *const[]){ "1961, 3, 4", NULL });
	check_scan("LocalDate.of(2021, 2, 13));",
		   (const char *const[]){ "2021, 2, 13", NULL });
	check_scan("DateOfBirth = new DateTime(1928, 2, 20),",
		   (const char *const[]){ "1928, 2, 20", NULL });
	check_scan("const d = new Date(1961, 0, 4);",
		   (const char *const[]){ "1961, 0, 4", NULL });
	check_scan("born: NaiveDate::from_ymd_opt(1961, 3, 4).unwrap(),",
		   (const char *const[]){ "1961, 3, 4", NULL });
	check_scan("let t = Utc.with_ymd_and_hms(2021, 2, 13, 8, 30, 0);",
		   (const char *const[]){ "2021, 2, 13, 8, 30, 0", NULL });
	check_scan("std::cmp::max(2020, 1, 2); Foo::bar(1999, 2, 3)",
		   (const char *const[]){ NULL });
	check_scan("retry(1961, 3, 4)  max(2020, 1, 2)",
		   (const char *const[]){ NULL });
	/* A month as a named constant; trailing arguments that are not
	 * numbers; a midnight that is no part of the date. */
	check_scan("d := time.Date(1957, time.October, 3, 0, 0, 0, 0, time.UTC)\n"
		   "LocalDate.of(1957, Month.OCTOBER, 3);\n"
		   "c.set(1957, Calendar.OCTOBER, 3);\n"
		   "datetime(1957, 10, 3, 14, 5, 0, tzinfo=utc)\n",
		   (const char *const[]){ "1957, time.October, 3",
					  "1957, Month.OCTOBER, 3",
					  "1957, Calendar.OCTOBER, 3",
					  "1957, 10, 3, 14, 5, 0", NULL });
	check_scan("c.set(1957, 10, 3); f(1957, Foo.OCT, 3); g(1957, x.May2, 3)\n",
		   (const char *const[]){ NULL });
	/* Keyword arguments: the span from the first keyword on. */
	check_scan("let b = DateComponents(year: 1958, month: 11, day: 2)\n"
		   "born = date(day=9, month=10, year=1947)\n"
		   "x = Foo(calendar: .gregorian,\n    year: 2003, month: 4,"
		   " day: 30, hour: 7)\n",
		   (const char *const[]){ "year: 1958, month: 11, day: 2",
					  "day=9, month=10, year=1947",
					  "year: 2003, month: 4, day: 30, hour: 7",
					  NULL });
	/* At the very end of the input (an exact-size copy). */
	{
		static const char *const ends[] = {
			"x(year: 1958, month: 11, day: 2",
			"x(year: 1958, month: 11, day:",
			"LocalDate.of(1957, Month.OCTOBER",
			"07SEP1949", "07SEP",
			"From: a\nTo: b\nDate: Mon, 8 Jun 2020 10:22:01 -0500",
			"  * 2024/08/19", "born = 1950-02-03"
		};
		size_t k;

		for (k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
			struct phi_cands c = dt_scan_exact("end.txt", ends[k]);

			free(c.v);
		}
	}
	/* Not a date: a bad day, a repeated part, quoted keys, no day. */
	check_scan("f(year: 2003, month: 2, day: 30)\n"
		   "f(year=2003, year=2004, day=3)\n"
		   "{\"year\": 2003, \"month\": 4, \"day\": 5}\n"
		   "Period(year: 2003, month: 4)\n",
		   (const char *const[]){ NULL });
}

static void
test_system_dates(void **state)
{
	(void)state;
	/* Log, CI and metrics lines open with their own time stamp. */
	check_scan("2023-02-21T06:46:02.710Z [INFO] service started\n"
		   "2024-01-15 10:28:44 WARN retry\n",
		   (const char *const[]){ NULL });
	check_scan("## [1.2.1] - 2021-04-26\n- Fixed crash\n",
		   (const char *const[]){ NULL });
	check_scan("  \"lastUpdated\": \"2024-03-12T08:30:00Z\",\n"
		   "  created_at: 2024-03-12\n  \"builtAt\": \"2020-01-16\"\n",
		   (const char *const[]){ NULL });
	check_scan("Card 4111 Exp 05/30/2027\nCopyright 03/04/2024 Acme\n",
		   (const char *const[]){ NULL });
	check_scan("Fractions: 7/4/65 \xe2\x89\x88 0.02692\nx = 3/4/61 * 2\n",
		   (const char *const[]){ NULL });
	check_scan("Date: Tue, 12 Mar 2024 08:30:00 GMT\n",
		   (const char *const[]){ NULL });
	/* An e-mail's Date: header dates a person's message; an HTTP
	 * response's and a patch mail's are a program's. */
	check_scan("From: Ines Varga <iv@example.org>\n"
		   "To: clinic@example.org\n"
		   "Date: Wed, 3 Apr 2024 14:02:11 +0200\n"
		   "Subject: my scan\n\nHello\n",
		   (const char *const[]){ "3 Apr 2024", NULL });
	/* Many "Date:" lines: each looks at a bounded header block. */
	{
		size_t k, len = 0;
		char *t = malloc(64 * 1000 + 64);

		assert_non_null(t);
		len += (size_t)sprintf(t, "From: a\nTo: b\n");
		for (k = 0; k < 1000; k++)
			len += (size_t)sprintf(t + len, "Date: Mon, 8 Jun 2020 "
					       "10:22:01 -0500\n");
		{
			struct phi_cands c = dt_scan("m.eml", t);

			assert_true(c.n >= 1 && c.n <= 40);
			free(c.v);
		}
		free(t);
	}
	check_scan("HTTP/1.1 200 OK\nServer: nginx\n"
		   "Date: Wed, 03 Apr 2024 14:02:11 GMT\nFrom: x\n",
		   (const char *const[]){ NULL });
	check_scan("From: Dev One <dev@example.org>\n"
		   "Date: Wed, 3 Apr 2024 14:02:11 +0200\n"
		   "Subject: [PATCH 1/2] Fix the parser\n",
		   (const char *const[]){ NULL });
	check_scan("CHECK (date_of_birth > DATE '1900-01-01')\n",
		   (const char *const[]){ NULL });
	/* A fraction written like a date; a reference's own date; a
	 * config's edit stamp; a migration's id. */
	check_scan("3. Ratio 5/17/62 of the two volumes\n"
		   "Drug formulary update (effective 2023-07-01)\n"
		   "Wound care handbook, revision 2, effective 2023-08-01\n"
		   "This policy is effective 2023-09-01 for all staff\n"
		   "; last edited 2022-02-14 by ansible\n"
		   "applying migrations 20231105120000 and 20231106093000\n",
		   (const char *const[]){ NULL });
	/* A list bullet is not a product; a C comment's star is not a
	 * bullet. */
	check_scan("Follow-up visits:\n  * 2023/05/09 at 9:15 with the nurse\n"
		   "  * Aug. 2nd, 2023 in clinic\n",
		   (const char *const[]){ "2023/05/09", "Aug. 2nd, 2023",
					  NULL });
	check_scan("/*\n * History\n *   2003/05/09  rewrote parser\n */\n",
		   (const char *const[]){ NULL });
	/* A load's time stamp in a table of people, in any script; a
	 * person's date-time column stays. */
	check_scan("id;Nachname;Geburtsdatum;Straße;_loaded\n"
		   "1;Okafor;03.02.1950;Am Ring 4;2024-06-02 03:11:09\n",
		   (const char *const[]){ "03.02.1950", NULL });
	/* Prose with commas on the first line is no table header. */
	check_scan("Hello, doctor, here is the update\n"
		   "He called back, 2024-06-02 03:11:09 from home\n",
		   (const char *const[]){ "2024-06-02", NULL });
	check_scan("mrn,admitted_at,synced\n"
		   "A1234567,2024-06-02 03:11:09,2024-06-03 01:00:00\n",
		   (const char *const[]){ "2024-06-02", NULL });
	check_scan("# regenerate: make fixtures (last run "
		   "2023-11-17T22:01:31+00:00)\n",
		   (const char *const[]){ NULL });
	check_scan("Upgraded to 3.10.12 on 2024-03-01\n"
		   "Tag v10.11.12 cut 2024-03-02\n",
		   (const char *const[]){ NULL });
	/* Millisecond UTC stamps are a machine's: in code, SQL and prose
	 * alike, unless a person's cue or a report's label stands by. */
	check_scan("assert Time.iso8601('2025-02-03T04:05:06.789Z') < now\n"
		   "UPDATE jobs SET run_at = '2025-02-03T04:05:06.789Z';\n"
		   "Dictated 02/01/2025 by J. Doe. Typed 2025-02-03T04:05:06.789Z.\n"
		   "Triggered by cron at 2025-02-03T04:05:06.789Z\n",
		   (const char *const[]){ "02/01/2025", NULL });
	check_scan("Reported: 2025-02-03T04:05:06.789Z\n"
		   "Patient admitted at 2025-02-04T10:00:00.000Z to ward 3\n",
		   (const char *const[]){ "2025-02-03T04:05:06.789Z",
					  "2025-02-04T10:00:00.000Z", NULL });
	/* HL7: MSH-7 and the transaction times that repeat it are the
	 * message's; PID-7 is the patient's. */
	check_scan("MSH|^~\\&|A|B|C|D|20240312083000||ORU^R01|1|P|2.5\r"
		   "PID|1||123^^^H^MR||DOE^JANE||19610304|F\r"
		   "ORC|RE|1|2||CM||||20240312083000\r",
		   (const char *const[]){ "19610304", NULL });
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_not_dates),
		cmocka_unit_test(test_person_dates),
		cmocka_unit_test(test_reference_tables),
		cmocka_unit_test(test_yearless_dates),
		cmocka_unit_test(test_yearless_not_dates),
		cmocka_unit_test(test_code_dates),
		cmocka_unit_test(test_system_dates),
	};

	return cmocka_run_group_tests(tests, setup, dt_teardown);
}
