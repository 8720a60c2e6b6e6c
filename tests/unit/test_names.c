/* test_names.c -- person names by context and by the census lists, with
 * exact spans (honorifics in, "Dr." and credentials out), multibyte and
 * code forms, and organisation / street / heading look-alikes. */
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

extern const struct phi_detector phi_detector_names;

static int
setup(void **state)
{
	return dt_setup(state, &phi_detector_names);
}

/* want: the NAME spans in order of position, NULL-terminated.
 * Each call is a new document. */
static void
check_scan(const char *text, const char *const *want)
{
	dt_check_scan(text, want, PHI_NAME);
}

static void
test_lists(void **state)
{
	const struct phi_names *nl = phi_names_get();

	(void)state;
	assert_non_null(nl);
	assert_true(phi_names_is_first(nl, "Mary", 4));
	assert_true(phi_names_is_first(nl, "JAMES", 5));
	assert_true(phi_names_is_last(nl, "smith", 5));
	assert_true(phi_names_is_last(nl, "Garcia", 6));
	assert_false(phi_names_is_first(nl, "Xqzv", 4));
	assert_false(phi_names_is_last(nl, "hospital", 8));
	assert_false(phi_names_is_first(nl, "", 0));
}

static void
test_labels_and_titles(void **state)
{
	(void)state;
	check_scan("Patient: Emma Bradley     DOB: 10/05/1941\n",
		   (const char *const[]){ "Emma Bradley", NULL });
	check_scan("Patient Name:\tEngel, Tommaso  (MRN 1)\n",
		   (const char *const[]){ "Engel, Tommaso", NULL });
	check_scan("SW met with Mr. Engel at bedside.",
		   (const char *const[]){ "Mr. Engel", NULL });
	check_scan("Regarding: Ms. Ola Matsuo, DOB",
		   (const char *const[]){ "Ms. Ola Matsuo", NULL });
	check_scan("Provider: Dr. Isabelle P. Keller\nDear Dr. Stone,\n",
		   (const char *const[]){ "Isabelle P. Keller", "Stone", NULL });
	check_scan("Consultant: TATE, LEONARD MD\nAssistant: DR. BOTTAI\n",
		   (const char *const[]){ "TATE, LEONARD", "BOTTAI", NULL });
	check_scan("Emergency contact: sister Mildred Perret, +1 900",
		   (const char *const[]){ "Mildred Perret", NULL });
	check_scan("Surgeon: Dr. van Hulst; her wife Mrs. van de Ven came",
		   (const char *const[]){ "van Hulst", "Mrs. van de Ven",
		   NULL });
	check_scan("PATIENT Navarro, Erik\nSeen by Dr. Smith-Jones today.",
		   (const char *const[]){ "Navarro, Erik", "Smith-Jones",
		   NULL });
}

static void
test_credentials_and_closings(void **state)
{
	(void)state;
	check_scan("Gussie Bowen, MD, FACP\n71 5th Dr.\n",
		   (const char *const[]){ "Gussie Bowen", NULL });
	check_scan("Plan: home.\n\nLura MSW\n",
		   (const char *const[]){ "Lura", NULL });
	check_scan("Reply from T. Mar\xc3\xa9" "chal RT(R) on Monday",
		   (const char *const[]){ "T. Mar\xc3\xa9" "chal", NULL });
	check_scan("Kind regards,\r\n\r\n\r\nNancy Chambers\r\nNPI 1\r\n",
		   (const char *const[]){ "Nancy Chambers", NULL });
}

static void
test_multibyte(void **state)
{
	(void)state;
	check_scan("Patient name:Ren\xc3\xa9" "e Castillo    Birthdate",
		   (const char *const[]){ "Ren\xc3\xa9" "e Castillo", NULL });
	check_scan("Jes\xc3\xba" "s Ib\xc3\xa1\xc3\xb1" "ez, CNA\n",
		   (const char *const[]){ "Jes\xc3\xba" "s Ib\xc3\xa1\xc3\xb1"
		   "ez", NULL });
	check_scan("Patient: \xc5\x81ukasik, Hunter     DOB",
		   (const char *const[]){ "\xc5\x81ukasik, Hunter", NULL });
	check_scan("Patient: \xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\n",
		   (const char *const[]){ "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e",
		   NULL });
}

static void
test_code_and_lists(void **state)
{
	(void)state;
	check_scan("Provider attending = new Provider(\"Barbara Wallace\", "
		   "\"1802349633\");",
		   (const char *const[]){ "Barbara Wallace", NULL });
	check_scan("assert patient.display_name == \"Russell, Josephine\"",
		   (const char *const[]){ "Russell, Josephine", NULL });
	check_scan("name = 'Dr. O\\'Brien'; patient=\"Marsh, Rosetta\"",
		   (const char *const[]){ "O\\'Brien", "Marsh, Rosetta", NULL });
	/* A name found once is found again alone. */
	check_scan("Patient: Blanche Nash\r\nBlanche is a 76 yo lady; "
		   "lastName=Nash&dob=1",
		   (const char *const[]){ "Blanche Nash", "Blanche", "Nash",
		   NULL });
}

static void
test_look_alikes(void **state)
{
	(void)state;
	check_scan("Valley Care Medical Center\nSaint Joseph Hospital\n"
		   "Funeral home: Heritage Memorial, 500.346.4588\n",
		   (const char *const[]){ NULL });
	check_scan("lives at 8942 Magnolia Place, Worcester, MA 01613",
		   (const char *const[]){ NULL });
	check_scan("PATIENT BILLING STATEMENT\nBilling phone: 1\n",
		   (const char *const[]){ NULL });
	check_scan("  first_name    VARCHAR(100) NOT NULL,\n"
		   "First Name\tLast Name\tDOB\n",
		   (const char *const[]){ NULL });
	check_scan("Date:   Thu May 8 23:07:10 2025 +0000\n"
		   "Called to bedside by RN at 1524; BP 185/91\n",
		   (const char *const[]){ NULL });
	check_scan("Anesthesia: MAC \xe2\x80\x94 spinal. Bearer Token, "
		   "Content Type, Will Retry",
		   (const char *const[]){ NULL });
	/* Licence and code prose: weak cues and literals teach nothing. */
	check_scan("submitted by You to the Licensor; governed by Applicable "
		   "Law. You may not. To \"Preserve the Title\".\n"
		   "51 Franklin Street, Fifth Floor, Boston, MA  02110-1301\n"
		   "(\"author\", None, \"name\"), name = None\n",
		   (const char *const[]){ NULL });
}

static void
test_memory_bounds(void **state)
{
	(void)state;
	/* A relation word is a strong cue; a name found by it is
	 * remembered, a weak cue's is not. */
	check_scan("My grandson Ettore can pick up. Ettore will call.",
		   (const char *const[]){ "Ettore", "Ettore", NULL });
	check_scan("Reviewed by Jane Kim. Kim agreed.",
		   (const char *const[]){ "Jane Kim", NULL });
}

static void
test_chat_and_transcripts(void **state)
{
	(void)state;
	/* Speaker handles open chat lines; an upper- or lowercase initial
	 * after a first name; a timestamp makes an unlisted one count. */
	check_scan("[08:03] Tobias R.: bed 4 free?\n"
		   "[08:05] Lucinda w.: yes\n"
		   "08:07 Nora Sandoval: on it\n",
		   (const char *const[]){ "Tobias R.", "Lucinda w.",
		   "Nora Sandoval", NULL });
	/* "LAST, First" in mixed case with a DOB or MRN after it; the
	 * given name is then found alone. */
	check_scan("[09:14] Tobias R.: bed 4? OKONKWO, Maribel, dob 3/4/51\n"
		   "[09:20] Ana Q.: Maribel asked for her son\n",
		   (const char *const[]){ "Tobias R.", "OKONKWO, Maribel",
		   "Ana Q.", "Maribel", NULL });
	/* A log's component is no speaker. */
	check_scan("[10:02:11] Worker: job 7 done\n[10:02:12] Cache Server: "
		   "miss\n",
		   (const char *const[]){ NULL });
	/* A transcript speaker's label opens an utterance, not a field. */
	check_scan("[10:02] Patient: Sure, I can do that.\n"
		   "[10:03] Patient: Mine is off today.\n",
		   (const char *const[]){ NULL });
	check_scan("Patient: Okay, that works.\nRE: Stage 2 review\n"
		   "data class P(val name: String, val dob: String)\n",
		   (const char *const[]){ NULL });
	/* Not a chat line: a label still finds the name. */
	check_scan("Patient: Renske Ottolenghi\n",
		   (const char *const[]){ "Renske Ottolenghi", NULL });
	/* Mixed case without evidence is not a name. */
	check_scan("Tested in OHIO, Columbus today",
		   (const char *const[]){ NULL });
}

static void
test_roles_and_ages_after(void **state)
{
	(void)state;
	/* A relation word or a role after a comma or in parentheses. */
	check_scan("Next of kin told: Yusra Okonjo-Bell, niece, at 4 pm.",
		   (const char *const[]){ "Yusra Okonjo-Bell", NULL });
	check_scan("Present: Tomasz Wrzesniewski (interpreter), "
		   "Anneliese Vukovic (patient)\n",
		   (const char *const[]){ "Tomasz Wrzesniewski",
		   "Anneliese Vukovic", NULL });
	/* In parentheses, the words must look like a name. */
	check_scan("See Consent Form (patient) and Visit Summary (caregiver).",
		   (const char *const[]){ NULL });
	/* An age or a DOB after the name, any case. */
	check_scan("Subject: BRANDT-OYELOWO, IMOGEN R., aged 66, seen\n",
		   (const char *const[]){ "BRANDT-OYELOWO, IMOGEN R.", NULL });
	check_scan("Seen: Okafor, Idunn, 81 y/o, and T. Vasquez-Lind, "
		   "40-year-old\n",
		   (const char *const[]){ "Okafor, Idunn", "T. Vasquez-Lind",
		   NULL });
	check_scan("retry booking for Ilse Marchetti (mrn=A1)\n",
		   (const char *const[]){ "Ilse Marchetti", NULL });
	/* A relation word opening a sentence; a label, "is", a name. */
	check_scan("Pain since May. Granddaughter Imelda drives her.",
		   (const char *const[]){ "Imelda", NULL });
	check_scan("The emergency contact is Harriet Lindqvist at home.",
		   (const char *const[]){ "Harriet Lindqvist", NULL });
	check_scan("Her insurer is Granite State Mutual; the provider is "
		   "Summit Ridge Wellness.",
		   (const char *const[]){ NULL });
	/* A credential before a date, not a ZIP. */
	check_scan("Signed electronically: Caoimhe Tanabe, MD 4th of June\n",
		   (const char *const[]){ "Caoimhe Tanabe", NULL });
	/* Roles and relation words after a comma need punctuation: not
	 * "Hill Road, family owned". */
	check_scan("Near Hill Road, family owned since 1990.",
		   (const char *const[]){ NULL });
}

static void
test_more_cues(void **state)
{
	(void)state;
	/* "Dr." after a house number and a street name is Drive: the unit
	 * after it is no name; "Dr." elsewhere still is a title. */
	check_scan("Pinecrest Family Medicine\n68 Lincoln Dr. Apt. 895\n"
		   "12 Martin Luther Dr. Suite 4\n",
		   (const char *const[]){ NULL });
	check_scan("Room 4: seen by Dr. Yevgenia Ostrowska today.\n",
		   (const char *const[]){ "Yevgenia Ostrowska", NULL });
	/* A short given name's lowercase second syllable. */
	check_scan("Next of kin: Ji-woo Tanaka-Reyes, sister.\n",
		   (const char *const[]){ "Ji-woo Tanaka-Reyes", NULL });
	check_scan("Follow-up in two weeks; Check-in at 9.\n",
		   (const char *const[]){ NULL });
	/* A credential before a full name, one word of it listed. */
	check_scan("Result phoned to RN Margit Holloway at 0915.\n",
		   (const char *const[]){ "Margit Holloway", NULL });
	check_scan("PT Evaluation Note; MD Anderson protocol; NP Order Set\n",
		   (const char *const[]){ NULL });
	/* A role word, then a full name. */
	check_scan("consent signed by the surrogate Ottilie Fairbrass-Nkemelu "
		   "today\n",
		   (const char *const[]){ "Ottilie Fairbrass-Nkemelu", NULL });
	/* A holder in a log record, in capitals. */
	check_scan("declined {\"holder\":\"ROSAMUND QUILLFEATHER\"}\n",
		   (const char *const[]){ "ROSAMUND QUILLFEATHER", NULL });
	/* Capitals inside a line of mixed case, both words listed; a line
	 * all in capitals is a heading. */
	check_scan("Discussed with ROBERT HALE and his wife today.\n"
		   "GRACE PERIOD NOTICE FOR MARTIN LUTHER\n",
		   (const char *const[]){ "ROBERT HALE", NULL });
	/* A weak cue and a name beyond the lists' ASCII. */
	check_scan("Read back by Radomír Vlček at 10:40; by Applicable Law.\n",
		   (const char *const[]){ "Radom\xc3\xadr Vl\xc4\x8d" "ek",
		   NULL });
	/* A config key's value in capitals is an identifier. */
	check_scan("env:\n  - name: RETRYLIMIT\n    value: \"3\"\n",
		   (const char *const[]){ NULL });
}

static void
test_phone_after(void **state)
{
	(void)state;
	/* Someone to call: a name of its own, then a phone number. */
	check_scan("NTE|1||Called to Beno\xc3\xaet Smith-Okafor at "
		   "1-236-569-7517 before discharge.\r",
		   (const char *const[]){ "Beno\xc3\xaet Smith-Okafor",
		   NULL });
	check_scan("Witness: see Ane\xc5\xbeka Fitzgerald (6779478123).\n",
		   (const char *const[]){ "Ane\xc5\xbeka Fitzgerald", NULL });
	/* A desk is no name; nor a number that is not a phone's. */
	check_scan("Call Central Scheduling at 412-638-2671 for changes.\n"
		   "Beno\xc3\xaet Okafor at 412-638 units.\n",
		   (const char *const[]){ NULL });
}

/* Leaders, nicknames, credentials ending a label, and look-alikes:
 * languages, offices, products, payers, words of a sentence. */
static void
test_forms_and_lookalikes(void **state)
{
	(void)state;
	check_scan("Client .......... QUILL, Rosamund T\nMRN 4\n",
		   (const char *const[]){ "QUILL, Rosamund T", NULL });
	check_scan("Reviewing RN .. Thackeray, Odile (ext 12)\n",
		   (const char *const[]){ "Thackeray, Odile", NULL });
	check_scan("Mentor/guardian: Ignatius Falkner\n",
		   (const char *const[]){ "Ignatius Falkner", NULL });
	check_scan("Walter \"Skip\" Harrow\nborn 1931\n\nWalter, 93, of Ely\n",
		   (const char *const[]){ "Walter \"Skip\" Harrow", "Walter",
		   NULL });
	check_scan("Doris \xe2\x80\x9c" "Dot\xe2\x80\x9d Pemberton died\n",
		   (const char *const[]){ "Doris \xe2\x80\x9c" "Dot\xe2\x80\x9d "
		   "Pemberton", NULL });
	check_scan("Signed Ana Ruiz, MD  Permit MD55123 on file\n",
		   (const char *const[]){ "Ana Ruiz", NULL });
	check_scan("Translator: Portuguese\nLanguage: Swahili\n",
		   (const char *const[]){ NULL });
	check_scan("Attn: Registrar of Deeds, 4 Elm\n",
		   (const char *const[]){ NULL });
	check_scan("Payer: Medicaid Managed Care\nPlan: ClearSmile Plus\n",
		   (const char *const[]){ NULL });
	check_scan("She sold jam at the Brook Valley Cannery for years.\n",
		   (const char *const[]){ NULL });
	check_scan("Caller: Would I need to fast?\n",
		   (const char *const[]){ NULL });
}

/* Table cells, speakers after their role, and the forms of a list of
 * survivors. */
static void
test_cells_speakers_survivors(void **state)
{
	(void)state;
	check_scan("| 7 | Quarles, Benedetta R. | 3 Mar 1950 |\n",
		   (const char *const[]){ "Quarles, Benedetta R.", NULL });
	check_scan("| Total, All A. |\n", (const char *const[]){ NULL });
	check_scan("Referring: LEE, ORVILLE  NPI 1\nWard: ICU, bed 4\n",
		   (const char *const[]){ "LEE, ORVILLE", NULL });
	check_scan("#define X(NAME, ID, CPU) 1\n",
		   (const char *const[]){ NULL });
	check_scan("[09:14:02] operator Thaddeus: how can I help?\n"
		   "[09:14:30] system Worker: started\n",
		   (const char *const[]){ "Thaddeus", NULL });
	check_scan("She leaves her husband of 51 years, Bartholomew; sons "
		   "Osric Vane (Mildred) of Ely and Cuthbert Vane (Hester) "
		   "of Bath.\n",
		   (const char *const[]){ "Bartholomew", "Osric Vane",
		   "Mildred", "Cuthbert Vane", "Hester", NULL });
	check_scan("He was born in Leeds to Ambrose and Edith Thornbury.\n",
		   (const char *const[]){ "Ambrose", "Edith Thornbury",
		   NULL });
	check_scan("Copyright 2002 Brad King and Douglas Gregor\n",
		   (const char *const[]){ "Douglas Gregor", NULL });
	check_scan("Fix Regextests (Nick Wellnhofer),\n",
		   (const char *const[]){ NULL });
}

/* Eponyms and citations are historical people; a relation word then a
 * comma still introduces a name. */
static void
test_eponyms_and_relations(void **state)
{
	(void)state;
	check_scan("Rule out Osgood Schlatter's disease; see Ernst Weber's "
		   "two-point law.\nAs in the trial (Dorothea Linsley, "
		   "1961).\n", (const char *const[]){ NULL });
	check_scan("Ms. Wren Hollis's sister came.\n",
		   (const char *const[]){ "Ms. Wren Hollis", NULL });
	check_scan("Her uncle, Tobias Ferreira, was with her.\n"
		   "Person/contact: Odile Marchetti\n",
		   (const char *const[]){ "Tobias Ferreira", "Odile Marchetti",
		   NULL });
}

/* A column of names under a "... by" header; a court caption. */
static void
test_columns_and_captions(void **state)
{
	(void)state;
	check_scan("Dose      Date         Checked by\n"
		   "1         3 Jan 2001   Perpetua Lindqvist\n"
		   "2         9 Feb 2001   Osvaldo Brandt\n",
		   (const char *const[]){ "Perpetua Lindqvist",
		   "Osvaldo Brandt", NULL });
	check_scan("File      Size   Owner\n"
		   "a.c       12     Build System\n",
		   (const char *const[]){ NULL });
	check_scan("Case No. 4\n\nDOROTHY QUAYLE,\n      Petitioner,\nv.\n"
		   "RIVERBEND HOLDINGS LP,\n      Respondent.\n",
		   (const char *const[]){ "DOROTHY QUAYLE", NULL });
	check_scan("  call(Reg, Builder, Tracker,\n       Observer);\n",
		   (const char *const[]){ NULL });
}

/* Given names joined by "and", in parentheses without the lists,
 * hyphenated nicknamed names, familiar relation words. */
static void
test_given_names_in_lists(void **state)
{
	(void)state;
	check_scan("born in Ely to Ruairí and Ottoline Brooks.\n",
		   (const char *const[]){ "Ruairí", "Ottoline Brooks", NULL });
	check_scan("University of Maryland and Pascal Compiler\n",
		   (const char *const[]){ NULL });
	check_scan("sons Osric Vane (Tobiah) of Ely.\n",
		   (const char *const[]){ "Osric Vane", "Tobiah", NULL });
	check_scan("Anna-Lise \"Pip\" Quartermaine\n",
		   (const char *const[]){ "Anna-Lise \"Pip\" Quartermaine",
		   NULL });
	check_scan("Using \"Modern\" GnuPG\n", (const char *const[]){ NULL });
	check_scan("my grandpa Teodor Wachowski (he is 90) fell\n",
		   (const char *const[]){ "Teodor Wachowski", NULL });
	check_scan("Its Florence Nightingale's rose diagrams.\n",
		   (const char *const[]){ NULL });
}

/* A given name's label wants a given name; a name long ago is none. */
static void
test_given_labels_and_history(void **state)
{
	(void)state;
	check_scan("Family: Okafor    First: Ignacio   MI: R\n",
		   (const char *const[]){ "Ignacio", "R", NULL });
	check_scan("Forename: Swap Pointers\n", (const char *const[]){ NULL });
	check_scan("a palsy first named by Charles Bell in 1821.\n",
		   (const char *const[]){ NULL });
}

/* A greeting opening a speaker's turn; a street's name inside words. */
static void
test_greetings_and_streets(void **state)
{
	(void)state;
	check_scan("NURSE: Hi Oyelaran, come in.\nBOT: Hello World!\n"
		   "Hi all, and Hello There.\n",
		   (const char *const[]){ "Oyelaran", NULL });
	check_scan("SKU-1,Maple Lane Candle,12.00\n",
		   (const char *const[]){ NULL });
}

/* An initial and a surname after "; " on a line opened by a label. */
static void
test_labelled_list_items(void **state)
{
	(void)state;
	check_scan("Attending: Quayle, Odile (NPI 1); R. Vasquez\n",
		   (const char *const[]){ "Quayle, Odile", "R. Vasquez", NULL });
	check_scan("Note: see A. Smith; B. Jones\n",
		   (const char *const[]){ NULL });
}

/* A middle initial after its label; not a yes or no. */
static void
test_middle_initial(void **state)
{
	(void)state;
	check_scan("First: Ignacio   MI: T\nPrior MI: N\nMI: 2019\n",
		   (const char *const[]){ "Ignacio", "T", NULL });
}

/* A speaker naming themself. */
static void
test_self_introduction(void **state)
{
	(void)state;
	check_scan("CALLER: Yes, it's Oyelaran Thompson, and my date is\n"
		   "This is Monday Morning.\n",
		   (const char *const[]){ "Oyelaran Thompson", NULL });
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_labels_and_titles),
		cmocka_unit_test(test_credentials_and_closings),
		cmocka_unit_test(test_multibyte),
		cmocka_unit_test(test_code_and_lists),
		cmocka_unit_test(test_look_alikes),
		cmocka_unit_test(test_memory_bounds),
		cmocka_unit_test(test_chat_and_transcripts),
		cmocka_unit_test(test_roles_and_ages_after),
		cmocka_unit_test(test_more_cues),
		cmocka_unit_test(test_phone_after),
		cmocka_unit_test(test_forms_and_lookalikes),
		cmocka_unit_test(test_cells_speakers_survivors),
		cmocka_unit_test(test_eponyms_and_relations),
		cmocka_unit_test(test_columns_and_captions),
		cmocka_unit_test(test_given_names_in_lists),
		cmocka_unit_test(test_given_labels_and_history),
		cmocka_unit_test(test_greetings_and_streets),
		cmocka_unit_test(test_labelled_list_items),
		cmocka_unit_test(test_middle_initial),
		cmocka_unit_test(test_self_introduction),
	};

	return cmocka_run_group_tests(tests, setup, dt_teardown);
}
