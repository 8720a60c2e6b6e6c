/* test_hl7.c -- the HL7 v2 detector: fields by segment and position, with
 * exact spans; \r, \n and \r\n terminators; encoding characters taken
 * from MSH; segments pasted into a log line; message times not reported. */
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

extern const struct phi_detector phi_detector_hl7;

static int
setup(void **state)
{
	return dt_setup(state, &phi_detector_hl7);
}

/* Scans text as one message, in windows of win bytes (0: one window)
 * overlapping by ov. */
#define SCAN(t, win, ov) dt_scan_win("m.hl7", t, win, ov)
#define EXPECT_AFTER(c, t, after, needle, type) \
	dt_expect_at(&(c), t, after, needle, type, DT_ANY)
#define EXPECT(c, t, needle, type) EXPECT_AFTER(c, t, NULL, needle, type)

static const char adt[] =
	"MSH|^~\\&|EPIC|HOSP|RCV|FAC|20250728002711||ADT^A04|MSG1|P|2.5\r"
	"EVN|A04|20250728002711\r"
	"PID|1||2506130^^^HOSP^MR~512-34-6789^^^SSA^SS||KIM^JANE^A|"
	"STEVENSON|19880220|F|||9324 MAGNOLIA RD^APT 14B^TRENTON^NJ^08653^USA"
	"||7484121585^PRN^PH~^NET^Internet^jane.kim@mailbox.org|"
	"(453)934-5499^WPN^FX||M||HAR123456^^^HOSP^AN|219-45-6789|"
	"R685-516-07-635-6^FL\r"
	"NK1|1|STEVENSON^CLAYTON|SPO^Spouse||(263)412-0837\r"
	"PV1|1|O|ICU^649^A||||1234567893^OBRIEN^JANE^^^DR^MD^^^NPI|||MED||"
	"|||||||ENC8683896|||||||||||||||||||||||||20220128040300|"
	"20220201093000\r"
	"DG1|1||K35.80^Unspecified acute appendicitis^I10||20220128|A\r"
	"OBR|1|78552590|47469484|2093-3^Cholesterol^LN|||20211216111200\r"
	"OBX|1|NM|2951-2^Sodium^LN||145|mmol/L|136-145|N|||F|||"
	"20211216111200\r"
	"IN1|1|MCR|33668|Anthem||||||||||||ELLIS^VIRGIE|SEL|19660630||||"
	"||||||||||||||W940183060\r";

static void
test_adt(void **state)
{
	struct phi_cands c = SCAN(adt, 0, 0);
	const char *t = adt;

	(void)state;
	EXPECT(c, t, "2506130", PHI_MRN);
	EXPECT(c, t, "512-34-6789", PHI_SSN);
	/* a name rendered contiguously is one span */
	EXPECT(c, t, "KIM^JANE^A", PHI_NAME);
	EXPECT(c, t, "STEVENSON", PHI_NAME);
	EXPECT(c, t, "19880220", PHI_DATE);
	EXPECT(c, t, "9324 MAGNOLIA RD^APT 14B", PHI_ADDRESS);
	EXPECT(c, t, "TRENTON", PHI_ADDRESS);
	EXPECT(c, t, "08653", PHI_ZIP);
	dt_expect_none(&c, t, "^NJ^");
	EXPECT(c, t, "7484121585", PHI_PHONE);
	EXPECT(c, t, "jane.kim@mailbox.org", PHI_EMAIL);
	EXPECT(c, t, "(453)934-5499", PHI_FAX);
	EXPECT(c, t, "HAR123456", PHI_ACCOUNT);
	EXPECT(c, t, "219-45-6789", PHI_SSN);
	EXPECT(c, t, "R685-516-07-635-6", PHI_LICENSE);
	dt_expect_none(&c, t, "^FL\r");
	EXPECT(c, t, "STEVENSON^CLAYTON", PHI_NAME);
	EXPECT(c, t, "(263)412-0837", PHI_PHONE);
	/* XCN: the ID is an NPI; family and given are separate fields */
	EXPECT(c, t, "1234567893", PHI_NPI);
	EXPECT(c, t, "OBRIEN", PHI_NAME);
	EXPECT_AFTER(c, t, "OBRIEN", "JANE", PHI_NAME);
	EXPECT(c, t, "ENC8683896", PHI_ACCOUNT);
	EXPECT(c, t, "20220128040300", PHI_DATE);
	EXPECT(c, t, "20220201093000", PHI_DATE);
	EXPECT(c, t, "K35.80", PHI_ICD10);
	EXPECT_AFTER(c, t, "appendicitis", "20220128", PHI_DATE);
	EXPECT(c, t, "20211216111200", PHI_DATE);
	EXPECT_AFTER(c, t, "OBX", "20211216111200", PHI_DATE);
	EXPECT(c, t, "ELLIS^VIRGIE", PHI_NAME);
	EXPECT(c, t, "19660630", PHI_DATE);
	EXPECT(c, t, "W940183060", PHI_HEALTH_PLAN);
	/* MSH-7 and EVN-2 are the message's times; order numbers and
	 * LOINC codes are not the person's */
	dt_expect_none(&c, t, "20250728002711");
	dt_expect_none(&c, t, "78552590");
	dt_expect_none(&c, t, "2093-3");
	dt_expect_none(&c, t, "MCR");
	free(c.v);
}

/* Results: a filler number shaped as an accession (a numeric one is the
 * order's), and an observation whose code says it is the patient's age. */
static void
test_oru_ids_and_age(void **state)
{
	const char *t =
		"MSH|^~\\&|LAB|X|EHR|X|20240101||ORU^R01|7|P|2.5.1\r"
		"PID|1||K0071^^^X^MR||QUENNEVILLE^TOBIAH||19300101\r"
		"ORC|RE|55120981|HIST-24-00917||CM\r"
		"OBR|1|55120981|77310042|88305^Tissue exam^CPT\r"
		"OBX|1|NM|21612-7^Age reported^LN||101|a|||||F\r"
		"OBX|2|NM|PTAGE^Patient age^L||93|a|||||F\r"
		"OBX|3|NM|2345-7^Glucose^LN||112|mg/dL|||||F\r";
	struct phi_cands c;

	(void)state;
	c = SCAN(t, 0, 0);
	EXPECT(c, t, "HIST-24-00917", PHI_OTHER_ID);
	dt_expect_none(&c, t, "55120981");
	dt_expect_none(&c, t, "77310042");
	EXPECT_AFTER(c, t, "reported^LN", "101", PHI_AGE);
	EXPECT_AFTER(c, t, "Patient age", "93", PHI_AGE);
	dt_expect_none(&c, t, "112");
	free(c.v);
}

static void
test_terminators_and_windows(void **state)
{
	const char *t =
		"MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\r\n"
		"PID|1||00012607^^^X^MR||ELLIS^VIRGIE||19660630\n"
		"PV1|1|I|||||||||||||||||V4340938725\r\n";
	struct phi_cands c;

	(void)state;
	c = SCAN(t, 0, 0);
	EXPECT(c, t, "00012607", PHI_MRN);
	EXPECT(c, t, "ELLIS^VIRGIE", PHI_NAME);
	EXPECT(c, t, "19660630", PHI_DATE);
	EXPECT(c, t, "V4340938725", PHI_ACCOUNT);
	free(c.v);
	/* windows ending mid-segment: the segment comes whole next time */
	c = SCAN(t, 60, 20);
	EXPECT(c, t, "00012607", PHI_MRN);
	EXPECT(c, t, "ELLIS^VIRGIE", PHI_NAME);
	EXPECT(c, t, "V4340938725", PHI_ACCOUNT);
	free(c.v);
}

static void
test_custom_encoding(void **state)
{
	/* field '#', component '$', repetition '%', subcomponent '*' */
	const char *t =
		"MSH#$%\\*#A#B#C#D#20240101##ADT$A01#1#P#2.5\r"
		"PID#1##4137954826$$$MRC$MR%861513188$$$SSA$SS##"
		"BALLARD$CRAIG$P##19380220\r";
	struct phi_cands c = SCAN(t, 0, 0);

	(void)state;
	EXPECT(c, t, "4137954826", PHI_MRN);
	EXPECT(c, t, "861513188", PHI_SSN);
	EXPECT(c, t, "BALLARD$CRAIG$P", PHI_NAME);
	EXPECT(c, t, "19380220", PHI_DATE);
	free(c.v);
}

static void
test_pasted_segment(void **state)
{
	const char *t =
		"2023-08-29 21:50:57,016 DEBUG [pid-parser] PID|1||E45913114^^^X^MR"
		"||KIM^MATEO||19920401|M|||80051 LINCOLN TER^^LAS VEGAS^NV^89189\n"
		"the PID| of the message was empty; PID 7 is the birth date\n";
	struct phi_cands c = SCAN(t, 0, 0);

	(void)state;
	EXPECT(c, t, "E45913114", PHI_MRN);
	EXPECT(c, t, "KIM^MATEO", PHI_NAME);
	EXPECT(c, t, "19920401", PHI_DATE);
	EXPECT(c, t, "80051 LINCOLN TER", PHI_ADDRESS);
	EXPECT(c, t, "LAS VEGAS", PHI_ADDRESS);
	EXPECT(c, t, "89189", PHI_ZIP);
	dt_expect_none(&c, t, "2023-08-29");
	free(c.v);
}

static void
test_not_hl7(void **state)
{
	static const char *const inputs[] = {
		"PID|", "MSH|", "MSH", "MSH|^", "PID|1||^^^^^^^^^^^|||||||",
		"MSH|^~\\&\rPID|1||x^^^^MR~~~~^^||^^^||99999999|||^^^^^^^^^",
		"a|b|c\nd|e|f\n", "MSH\x01\x02\x03\x04\rPID\x01\x31", "\r\r\n\n",
		NULL
	};
	size_t i, k;

	(void)state;
	for (i = 0; inputs[i] != NULL; i++) {
		struct phi_cands c = SCAN(inputs[i], 0, 0);

		for (k = 0; k < c.n; k++)
			assert_true(c.v[k].end <= strlen(inputs[i]));
		if (i != 5)
			assert_int_equal(c.n, 0);
		free(c.v);
	}
}

/* An XTN in components (area code, local number) is one span over both;
 * a CX whose type code SS sits in the authority's place is an SSN. */
static void
test_xtn_parts_ss(void **state)
{
	const char *t =
		"MSH|^~\\&|A|B|C|D|20240102030405||ADT^A08|77|P|2.5\r"
		"PID|1||4410923^^^MR~219097731^^^SS||ORTUZAR^INES||19500101|F||||"
		"|^PRN^PH^^^412^8362210~^WPN^PH^^^412^836-2211|||||AC55012\r";
	struct phi_cands c = SCAN(t, 0, 0);

	(void)state;
	EXPECT(c, t, "4410923", PHI_MRN);
	EXPECT(c, t, "219097731", PHI_SSN);
	EXPECT(c, t, "412^8362210", PHI_PHONE);
	EXPECT(c, t, "412^836-2211", PHI_PHONE);
	free(c.v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adt),
		cmocka_unit_test(test_oru_ids_and_age),
		cmocka_unit_test(test_terminators_and_windows),
		cmocka_unit_test(test_custom_encoding),
		cmocka_unit_test(test_pasted_segment),
		cmocka_unit_test(test_not_hl7),
		cmocka_unit_test(test_xtn_parts_ss),
	};

	return cmocka_run_group_tests(tests, setup, dt_teardown);
}
