/* test_x12.c -- the ASC X12 detector: values by segment, position and
 * qualifier, with exact spans; separators taken from ISA; documents that
 * are not X12 left alone; envelope data not reported; bad input. */
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

extern const struct phi_detector phi_detector_x12;

static int
setup(void **state)
{
	return dt_setup(state, &phi_detector_x12);
}

#define EXPECT_AFTER(c, t, after, needle, type) \
	dt_expect_at(&(c), t, after, needle, type, DT_ANY)
#define EXPECT(c, t, needle, type) EXPECT_AFTER(c, t, NULL, needle, type)

#define ISA "ISA*00*          *00*          *ZZ*SENDERID01     " \
	"*ZZ*RECEIVER02     *240611*0915*^*00501*310045871*0*T*:~"

static const char claim[] =
	ISA
	"GS*HC*SENDERID01*RECEIVER02*20240611*0915*17*X*005010X222A1~"
	"ST*837*0042*005010X222A1~"
	"BHT*0019*00*77120*20240611*0915*CH~"
	"NM1*41*2*WESTBROOK BILLING SERVICES*****46*WB4411~"
	"PER*IC*ORLA FENWICK*TE*6175550199*FX*6172907731*EM*"
	"ofenwick@westbrook-billing.net~"
	"NM1*85*1*PELLINGTON*MARISOL*Q***XX*1612345672~"
	"N3*4410 QUARRY HILL ROAD*SUITE 12~"
	"N4*NORTH ARDEN*VT*054419921~"
	"NM1*IL*1*O'DWYER-HALE*TOBIAS*R***MI*ZXQ80417733~"
	"N3*88 LINDENWOOD TERRACE~"
	"N4*CRESTON FALLS*OR*97332~"
	"DMG*D8*19710904*M~"
	"REF*SY*287-61-4409~"
	"NM1*PR*2*GRANITE MUTUAL HEALTH*****PI*GMH77~"
	"PER*CX*CLAIMS UNIT*TE*8667204418~"
	"N3*1 INSURANCE PLAZA~"
	"N4*HARTVILLE*OH*44632~"
	"CLM*PTACCT90217*415.00***11:B:1*Y*A*Y*Y~"
	"DTP*435*D8*20240528~"
	"DTP*472*RD8*20240528-20240530~"
	"REF*EA*MR-5530981~"
	"HI*ABK:J1869*ABF:E119*ABF:Z794~"
	"SV1*HC:99214*415.00*UN*1***1~"
	"SE*19*0042~GE*1*17~IEA*1*310045871~";

static void
test_claim(void **state)
{
	struct phi_cands c = dt_scan("claim.837", claim);
	const char *t = claim;

	(void)state;
	/* a person's NM1: each name part its own span */
	EXPECT(c, t, "PELLINGTON", PHI_NAME);
	EXPECT(c, t, "MARISOL", PHI_NAME);
	EXPECT_AFTER(c, t, "MARISOL", "Q", PHI_NAME);
	EXPECT(c, t, "1612345672", PHI_NPI);
	EXPECT(c, t, "4410 QUARRY HILL ROAD", PHI_ADDRESS);
	EXPECT(c, t, "SUITE 12", PHI_ADDRESS);
	EXPECT(c, t, "NORTH ARDEN", PHI_ADDRESS);
	EXPECT(c, t, "054419921", PHI_ZIP);
	dt_expect_none(&c, t, "*VT*");
	EXPECT(c, t, "O'DWYER-HALE", PHI_NAME);
	EXPECT(c, t, "TOBIAS", PHI_NAME);
	EXPECT(c, t, "ZXQ80417733", PHI_HEALTH_PLAN);
	EXPECT(c, t, "88 LINDENWOOD TERRACE", PHI_ADDRESS);
	EXPECT(c, t, "CRESTON FALLS", PHI_ADDRESS);
	EXPECT(c, t, "97332", PHI_ZIP);
	EXPECT(c, t, "19710904", PHI_DATE);
	EXPECT(c, t, "287-61-4409", PHI_SSN);
	EXPECT(c, t, "PTACCT90217", PHI_ACCOUNT);
	EXPECT_AFTER(c, t, "DTP*435", "20240528", PHI_DATE);
	/* a range: each date */
	EXPECT_AFTER(c, t, "RD8*", "20240528", PHI_DATE);
	EXPECT(c, t, "20240530", PHI_DATE);
	EXPECT(c, t, "MR-5530981", PHI_MRN);
	/* diagnosis codes without their qualifier */
	EXPECT(c, t, "J1869", PHI_ICD10);
	EXPECT(c, t, "E119", PHI_ICD10);
	EXPECT(c, t, "Z794", PHI_ICD10);
	/* the submitter's contact */
	EXPECT(c, t, "ORLA FENWICK", PHI_NAME);
	EXPECT(c, t, "6172907731", PHI_FAX);
	EXPECT(c, t, "ofenwick@westbrook-billing.net", PHI_EMAIL);
	/* organisations, the payer's address, the envelope, procedures */
	dt_expect_none(&c, t, "WESTBROOK BILLING SERVICES");
	dt_expect_none(&c, t, "GRANITE MUTUAL HEALTH");
	dt_expect_none(&c, t, "GMH77");
	dt_expect_none(&c, t, "CLAIMS UNIT");
	dt_expect_none(&c, t, "1 INSURANCE PLAZA");
	dt_expect_none(&c, t, "HARTVILLE");
	dt_expect_none(&c, t, "44632");
	dt_expect_none(&c, t, "310045871");
	dt_expect_none(&c, t, "20240611");
	dt_expect_none(&c, t, "99214");
	free(c.v);
}

/* Separators from ISA: '|' elements, '>' components, segments ending in
 * a newline. */
static const char bars[] =
	"  \nISA|00|          |00|          |ZZ|SUBMIT77       |ZZ|"
	"PAYER88        |231102|1408|^|00501|000000512|0|P|>\n"
	"GS|HS|SUBMIT77|PAYER88|20231102|1408|5|X|005010X279A1\n"
	"ST|270|0001|005010X279A1\n"
	"NM1|IL|1|VASQUEZ-ORTIZ|LEONORA||||34|219-44-8173\n"
	"DMG|D8|19580227\n"
	"DTP|291|D8|20231102\n"
	"HI|ABK>M5416\n"
	"SE|5|0001\n";

static void
test_separators(void **state)
{
	struct phi_cands c = dt_scan("elig.txt", bars);
	const char *t = bars;

	(void)state;
	EXPECT(c, t, "VASQUEZ-ORTIZ", PHI_NAME);
	EXPECT(c, t, "LEONORA", PHI_NAME);
	EXPECT(c, t, "219-44-8173", PHI_SSN);
	EXPECT(c, t, "19580227", PHI_DATE);
	EXPECT_AFTER(c, t, "DTP", "20231102", PHI_DATE);
	EXPECT(c, t, "M5416", PHI_ICD10);
	dt_expect_none(&c, t, "000000512");
	free(c.v);
}

/* Without the envelope: a transaction set header makes it X12. */
static const char bare[] =
	"ST*834*1207*005010X220A1~\r\n"
	"INS*Y*18*021*28*A***FT~\r\n"
	"REF*0F*SUB99031447~\r\n"
	"NM1*IL*1*BRANNIGAN*FIONNUALA*E***ZZ*EMP-4471~\r\n"
	"PER*IP**HP*4135092286*EM*fbrannigan@quickmail.test~\r\n"
	"N3*17 WREN HOLLOW LANE~\r\n"
	"N4*MILLBURY*MA*01527~\r\n"
	"DMG*D8*19880512*F~\r\n";

static void
test_bare(void **state)
{
	struct phi_cands c = dt_scan("enrol.edi", bare);
	const char *t = bare;

	(void)state;
	EXPECT(c, t, "SUB99031447", PHI_HEALTH_PLAN);
	EXPECT(c, t, "BRANNIGAN", PHI_NAME);
	EXPECT(c, t, "FIONNUALA", PHI_NAME);
	EXPECT_AFTER(c, t, "FIONNUALA", "E", PHI_NAME);
	EXPECT(c, t, "EMP-4471", PHI_OTHER_ID);
	EXPECT(c, t, "4135092286", PHI_PHONE);
	EXPECT(c, t, "fbrannigan@quickmail.test", PHI_EMAIL);
	EXPECT(c, t, "17 WREN HOLLOW LANE", PHI_ADDRESS);
	EXPECT(c, t, "MILLBURY", PHI_ADDRESS);
	EXPECT(c, t, "01527", PHI_ZIP);
	EXPECT(c, t, "19880512", PHI_DATE);
	free(c.v);
}

/* A remittance: N1 loops name organisations; the payer's address is
 * not reported, the payee's NPI is. */
static const char remit[] =
	"ISA*00*          *00*          *ZZ*PAYERQ         *ZZ*PAYEEZ     "
	"    *240402*0800*^*00501*000000777*0*P*:~\n"
	"ST*835*0007~\n"
	"DTM*405*20240402~\n"
	"N1*PR*TRILLIUM VALLEY ASSURANCE~\n"
	"N3*PO BOX 61027~\n"
	"N4*GLENMOOR*PA*171056102~\n"
	"N1*PE*BRIARPATCH PEDIATRICS*XX*1987654328~\n"
	"N3*305 KESTREL WAY~\n"
	"N4*ASHCOMBE*PA*17011~\n"
	"CLP*BP-2290117*1*180*120*60*12*991204455*11*1~\n"
	"NM1*QC*1*ABERNATHY-SOLIS*WREN****MI*TVA55018822~\n"
	"DTM*232*20240315~\n"
	"SE*12*0007~\n";

static void
test_remit(void **state)
{
	struct phi_cands c = dt_scan("r.835", remit);
	const char *t = remit;

	(void)state;
	dt_expect_none(&c, t, "20240402");
	dt_expect_none(&c, t, "TRILLIUM VALLEY ASSURANCE");
	dt_expect_none(&c, t, "PO BOX 61027");
	dt_expect_none(&c, t, "GLENMOOR");
	dt_expect_none(&c, t, "171056102");
	EXPECT(c, t, "1987654328", PHI_NPI);
	EXPECT(c, t, "305 KESTREL WAY", PHI_ADDRESS);
	EXPECT(c, t, "ASHCOMBE", PHI_ADDRESS);
	EXPECT(c, t, "17011", PHI_ZIP);
	EXPECT(c, t, "BP-2290117", PHI_ACCOUNT);
	EXPECT(c, t, "ABERNATHY-SOLIS", PHI_NAME);
	EXPECT(c, t, "WREN", PHI_NAME);
	EXPECT(c, t, "TVA55018822", PHI_HEALTH_PLAN);
	EXPECT(c, t, "20240315", PHI_DATE);
	free(c.v);
}

/* Segments one a line, no terminators, no envelope. */
static void
test_lines(void **state)
{
	static const char doc[] =
		"ST*270*0003*005010X279A1\n"
		"NM1*IL*1*MBEKI-LARSSON*THEODORA****MI*WQP40117725\n"
		"DMG*D8*19930418\n";
	struct phi_cands c = dt_scan("q.edi", doc);

	(void)state;
	EXPECT(c, doc, "MBEKI-LARSSON", PHI_NAME);
	EXPECT(c, doc, "THEODORA", PHI_NAME);
	EXPECT(c, doc, "WQP40117725", PHI_HEALTH_PLAN);
	EXPECT(c, doc, "19930418", PHI_DATE);
	free(c.v);
}

/* Text that mentions segments is not X12. */
static void
test_not_x12(void **state)
{
	static const char doc[] =
		"The parser splits NM1*IL*1*DOE*JOHN on '*' and then\n"
		"DMG*D8*19700101 gives the birth date~ see the guide.\n";
	struct phi_cands c = dt_scan("notes.md", doc);

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
	for (win = 200; win < 700; win += 37) {
		struct phi_cands c = dt_scan_win("claim.837", claim, win, 150);
		const char *t = claim;

		EXPECT(c, t, "ZXQ80417733", PHI_HEALTH_PLAN);
		EXPECT(c, t, "CRESTON FALLS", PHI_ADDRESS);
		EXPECT(c, t, "E119", PHI_ICD10);
		free(c.v);
	}
}

/* Truncated and malformed input: no read past the end, no crash. */
static void
test_bad_input(void **state)
{
	static const char *const bad[] = {
		"ISA", "ISA*", "ISA*00*", "  ISA*00**~NM1", "ISA*00*~NM1*IL*1*",
		"ST*837*1~NM1*IL*1*A*B*C***XX*", "ST*837*1~HI*ABK:",
		"ST*837*1~HI*ABK", "ST*837*1~DTP*472*RD8*20240101-",
		"ST*837*1~PER*IC*X*TE", "ST*837*1~N4*", "ST*837*1~REF*SY",
		"ST*837*1~" "NM1*1*1*2*3*4*5*6*7*8*9*10*11*12*13*14*15*16*17*18*"
		"19*20*21*22*23*24*25*26*27*28*29*30*31*32*33*34*35*36",
		NULL
	};
	size_t i, len;
	char *big;

	(void)state;
	for (i = 0; bad[i] != NULL; i++) {
		struct phi_cands c = dt_scan_exact("x.edi", bad[i]);

		free(c.v);
	}
	/* a huge segment with no terminator */
	len = 300000;
	big = malloc(len + 1);
	assert_non_null(big);
	memcpy(big, ISA "NM1*IL*1*", sizeof(ISA) - 1 + 9);
	memset(big + sizeof(ISA) - 1 + 9, 'A', len - (sizeof(ISA) - 1 + 9));
	big[len] = '\0';
	{
		struct phi_cands c = dt_scan_win("x.edi", big, 65536, 8192);

		free(c.v);
	}
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claim),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_bare),
		cmocka_unit_test(test_remit),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_not_x12),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, dt_teardown);
}
