/* test_fields.c -- the structured-data detector: the key map, key/value
 * pairs in JSON, YAML, code, logs and XML, FHIR structure, CSV-like tables
 * (quotes, CRLF, a header fed in an earlier window) and SQL INSERTs, with
 * exact spans; and files that name PHI fields but hold none. */
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

extern const struct phi_detector phi_detector_fields;
const struct phi_keymap *phi_keymap_get(void);

static int
setup(void **state)
{
	return dt_setup(state, &phi_detector_fields);
}

/* The candidate over needle (after after) has type; every span the fields
 * detector reports is a field's value. */
#define EXPECT_AFTER(c, t, after, needle, type) \
	dt_expect_at(&(c), t, after, needle, type, PHI_PRIO_FIELD)
#define EXPECT(c, t, needle, type) EXPECT_AFTER(c, t, NULL, needle, type)

static void
test_keymap(void **state)
{
	const struct phi_keymap *km = phi_keymap_get();

	(void)state;
	assert_non_null(km);
	assert_int_equal(phi_keymap_lookup(km, "first_name", 10), PHI_NAME);
	assert_int_equal(phi_keymap_lookup(km, "firstName", 9), PHI_NAME);
	assert_int_equal(phi_keymap_lookup(km, "FIRST-NAME", 10), PHI_NAME);
	assert_int_equal(phi_keymap_lookup(km, "First Name", 10), PHI_NAME);
	assert_int_equal(phi_keymap_lookup(km, "dateOfBirth", 11), PHI_DATE);
	assert_int_equal(phi_keymap_lookup(km, "member-id", 9),
			 PHI_HEALTH_PLAN);
	/* "*npi" and a trailing "Id" */
	assert_int_equal(phi_keymap_lookup(km, "attending_npi", 13), PHI_NPI);
	assert_int_equal(phi_keymap_lookup(km, "mrnId", 5), PHI_MRN);
	/* system times and unknown keys */
	assert_int_equal(phi_keymap_lookup(km, "created_at", 10), -1);
	assert_int_equal(phi_keymap_lookup(km, "lastUpdated", 11), -1);
	assert_int_equal(phi_keymap_lookup(km, "colour", 6), -1);
	assert_int_equal(phi_keymap_lookup(km, "", 0), -1);
	/* abbreviated heads and ends */
	assert_int_equal(phi_keymap_lookup(km, "pt_first", 8), PHI_NAME);
	assert_int_equal(phi_keymap_lookup(km, "Ins. ID", 7),
			 PHI_HEALTH_PLAN);
	assert_int_equal(phi_keymap_lookup(km, "insd_member_num", 15),
			 PHI_HEALTH_PLAN);
	assert_int_equal(phi_keymap_lookup(km, "guarantor_nm", 12), PHI_NAME);
	assert_int_equal(phi_keymap_lookup(km, "work_ph", 7), PHI_PHONE);
	assert_int_equal(phi_keymap_lookup(km, "path", 4), -1);
	assert_int_equal(phi_keymap_lookup(km, "instance", 8), -1);
	assert_int_equal(phi_keymap_lookup(km, "updt", 4), -1);
	assert_int_equal(phi_keymap_lookup(km, "adm_dt", 6), PHI_DATE);
	assert_int_equal(phi_keymap_lookup(km, "admitted_at", 11), PHI_DATE);
	assert_int_equal(phi_keymap_lookup(km, "polled_at", 9), -1);
	assert_int_equal(phi_keymap_lookup(km, "dischDt", 7), PHI_DATE);
	assert_int_equal(phi_keymap_lookup(km, "svc_dt", 6), PHI_DATE);
	assert_int_equal(phi_keymap_lookup(km, "adm_name", 8), -1);
	assert_int_equal(phi_keymap_lookup(km, "iris_code", 9), PHI_BIOMETRIC);
}

static void
test_json_pretty(void **state)
{
	const char *t =
		"{\n  \"first_name\": \"Jane\",\n  \"lastName\": \"O'Brien\",\n"
		"  \"dob\": \"1961-03-04\",\n  \"ssn\": \"512-34-6789\",\n"
		"  \"age\": 92,\n  \"npi\": 1234567893,\n"
		"  \"phone\": \"(415) 823-4567\",\n"
		"  \"email\": \"jane.kim@mailbox.org\",\n"
		"  \"address\": {\"line1\": \"12 Oak St, Apt 4B\", "
		"\"city\": \"Tampa\", \"state\": \"FL\", \"zip\": \"33601\"},\n"
		"  \"created_at\": \"2024-01-02T03:04:05Z\"\n}\n";
	struct phi_cands c = dt_scan("a.json", t);

	(void)state;
	EXPECT(c, t, "Jane", PHI_NAME);
	EXPECT(c, t, "O'Brien", PHI_NAME);
	EXPECT(c, t, "1961-03-04", PHI_DATE);
	EXPECT(c, t, "512-34-6789", PHI_SSN);
	EXPECT(c, t, "92", PHI_AGE);
	EXPECT(c, t, "1234567893", PHI_NPI);
	EXPECT(c, t, "(415) 823-4567", PHI_PHONE);
	EXPECT(c, t, "jane.kim@mailbox.org", PHI_EMAIL);
	EXPECT(c, t, "12 Oak St, Apt 4B", PHI_ADDRESS);
	EXPECT(c, t, "Tampa", PHI_ADDRESS);
	EXPECT(c, t, "33601", PHI_ZIP);
	dt_expect_none(&c, t, "FL");
	dt_expect_none(&c, t, "2024-01-02");
	free(c.v);
}

static void
test_json_minified_arrays(void **state)
{
	const char *t =
		"[{\"name\":[{\"family\":\"Kim\",\"given\":[\"Jane\",\"Ann\"]}],"
		"\"addr\":\"12 Oak St, Tampa, FL 33601\",\"note\":\"x\\\"y\","
		"\"mrn\":\"A1234567\"},{\"age\":45,\"zip\":\"9\"}]";
	struct phi_cands c = dt_scan("b.json", t);

	(void)state;
	EXPECT(c, t, "Kim", PHI_NAME);
	EXPECT(c, t, "Jane", PHI_NAME);
	EXPECT(c, t, "Ann", PHI_NAME);
	/* one field holding street, city and ZIP: three spans */
	EXPECT(c, t, "12 Oak St", PHI_ADDRESS);
	EXPECT_AFTER(c, t, "Oak St, ", "Tampa", PHI_ADDRESS);
	EXPECT(c, t, "33601", PHI_ZIP);
	EXPECT(c, t, "A1234567", PHI_MRN);
	dt_expect_none(&c, t, ":45,");	/* ages up to 89 are not PHI */
	free(c.v);
}

static void
test_yaml(void **state)
{
	const char *t =
		"patients:\n"
		"  - fname: Sally\n"
		"    dob: '1921-03-29'\n"
		"    mrn: MR-193673   # chart\n"
		"    city: \"Providence\"\n"
		"    given:\n"
		"      - Ann\n"
		"      - \"Bo\"\n"
		"    age: 104\n"
		"settings:\n"
		"  port: 50051\n"
		"  name: nginx\n";
	struct phi_cands c = dt_scan("f.yaml", t);

	(void)state;
	EXPECT(c, t, "Sally", PHI_NAME);
	EXPECT(c, t, "1921-03-29", PHI_DATE);
	EXPECT(c, t, "MR-193673", PHI_MRN);
	EXPECT(c, t, "Providence", PHI_ADDRESS);
	EXPECT_AFTER(c, t, "- Ann", "Ann", PHI_NAME);
	EXPECT(c, t, "Bo", PHI_NAME);
	EXPECT(c, t, "104", PHI_AGE);
	dt_expect_none(&c, t, "50051");
	dt_expect_none(&c, t, "nginx");
	free(c.v);
}

static void
test_code(void **state)
{
	const char *t =
		"p.setFirstName(\"Josephine\");\n"
		"p.setDateOfBirth(LocalDate.parse(\"2000-06-26\"));\n"
		"Patient(email=\"mk@fastmail.com\", dob=date(2003, 3, 11))\n"
		"    DateOfBirth = new DateTime(1928, 2, 20),\n"
		"    Ssn = \"753790811\",\n"
		"$row = ['mrn' => 'E5959673', 'surname' => 'Nakamura'];\n"
		"svc.admit(p, LocalDate.of(2021, 2, 13));\n"
		"get(\"/api/search?lastName=Curry&dob=2002-08-27\")\n"
		"assert patient.display_name == \"Chiarantini, Mittie\"\n"
		"log.warn(\"x\") mrn=W8243452 vs mrn=W0056921 (name)\n"
		"<Patient><family>Moreau</family><birthDate value=\"1950-05-06\"/>"
		"</Patient>\n"
		"release = date(2021, 3, 4)\n";
	struct phi_cands c = dt_scan("a.java", t);

	(void)state;
	EXPECT(c, t, "Josephine", PHI_NAME);
	EXPECT(c, t, "2000-06-26", PHI_DATE);
	EXPECT(c, t, "mk@fastmail.com", PHI_EMAIL);
	EXPECT(c, t, "2003, 3, 11", PHI_DATE);
	EXPECT(c, t, "1928, 2, 20", PHI_DATE);
	EXPECT(c, t, "753790811", PHI_SSN);
	EXPECT(c, t, "E5959673", PHI_MRN);
	EXPECT(c, t, "Nakamura", PHI_NAME);
	EXPECT(c, t, "2021, 2, 13", PHI_DATE);
	EXPECT(c, t, "Curry", PHI_NAME);
	EXPECT(c, t, "2002-08-27", PHI_DATE);
	EXPECT(c, t, "Chiarantini, Mittie", PHI_NAME);
	EXPECT(c, t, "W8243452", PHI_MRN);
	EXPECT(c, t, "W0056921", PHI_MRN);
	EXPECT(c, t, "Moreau", PHI_NAME);
	EXPECT(c, t, "1950-05-06", PHI_DATE);
	dt_expect_none(&c, t, "2021, 3, 4");
	free(c.v);
}

static void
test_tuples(void **state)
{
	const char *t =
		"HEADER = (\"first\", \"last\", \"dob\", \"ssn\")\n"
		"ROWS = [\n"
		"    (\"Faith\", \"D'Souza\", \"1960-05-14\", \"127-50-2748\"),\n"
		"    (1, 2),\n"
		"]\n";
	struct phi_cands c = dt_scan("etl.py", t);

	(void)state;
	EXPECT(c, t, "Faith", PHI_NAME);
	EXPECT(c, t, "D'Souza", PHI_NAME);
	EXPECT(c, t, "1960-05-14", PHI_DATE);
	EXPECT(c, t, "127-50-2748", PHI_SSN);
	free(c.v);
}

static const char fhir[] =
	"{\n \"resourceType\": \"Patient\",\n \"id\": \"pat-4821\",\n"
	" \"meta\": {\"lastUpdated\": \"2023-09-19T09:14:49+00:00\"},\n"
	" \"identifier\": [\n"
	"  {\"type\": {\"coding\": [{\"system\": "
	"\"http://terminology.hl7.org/CodeSystem/v2-0203\", \"code\": \"MR\"}]},"
	" \"value\": \"9319671\"},\n"
	"  {\"system\": \"http://hl7.org/fhir/sid/us-ssn\", "
	"\"value\": \"603-55-3077\"},\n"
	"  {\"value\": \"X77123\", \"type\": {\"coding\": [{\"code\": \"DL\"}]}}\n"
	" ],\n"
	" \"name\": [{\"family\": \"Mensah\", \"given\": [\"J\\u00fcrgen\"]}],\n"
	" \"telecom\": [{\"system\": \"phone\", \"value\": \"+1 349 926 1421\"},"
	" {\"system\": \"fax\", \"value\": \"(646) 756-5087\"},"
	" {\"system\": \"email\", \"value\": \"jm@proton.me\"}],\n"
	" \"birthDate\": \"1946-08-05\",\n"
	" \"address\": [{\"line\": [\"64 Hill Ave\", \"Apt 2\"], "
	"\"city\": \"Boise\", \"postalCode\": \"83725\"}],\n"
	" \"generalPractitioner\": [{\"reference\": \"Practitioner/7\", "
	"\"display\": \"Dr. Joel Brewer\"}]\n}\n";

static const char fhir_obs[] =
	"{\"resourceType\": \"Observation\", \"id\": \"47f4976a\",\n"
	" \"code\": {\"coding\": [{\"system\": \"http://loinc.org\", "
	"\"code\": \"8480-6\"}]},\n"
	" \"subject\": {\"reference\": \"Patient/pat-673518\", "
	"\"display\": \"Kate Schubert\"},\n"
	" \"effectiveDateTime\": \"2025-11-27T21:22:00-08:00\",\n"
	" \"performer\": [{\"reference\": \"Organization/1\", "
	"\"display\": \"Saint Joseph Hospital\"}]}\n"
	"{\"resourceType\": \"Condition\", \"code\": {\"coding\": [{\"system\": "
	"\"http://hl7.org/fhir/sid/icd-10-cm\", \"code\": \"E78.5\"}]}}\n";

static void
test_fhir(void **state)
{
	struct phi_cands c = dt_scan("p.json", fhir);
	const char *t = fhir;

	(void)state;
	EXPECT(c, t, "pat-4821", PHI_OTHER_ID);
	EXPECT(c, t, "9319671", PHI_MRN);
	EXPECT(c, t, "603-55-3077", PHI_SSN);
	EXPECT(c, t, "X77123", PHI_LICENSE);
	EXPECT(c, t, "Mensah", PHI_NAME);
	EXPECT(c, t, "J\\u00fcrgen", PHI_NAME);
	EXPECT(c, t, "+1 349 926 1421", PHI_PHONE);
	EXPECT(c, t, "(646) 756-5087", PHI_FAX);
	EXPECT(c, t, "jm@proton.me", PHI_EMAIL);
	EXPECT(c, t, "1946-08-05", PHI_DATE);
	EXPECT(c, t, "64 Hill Ave", PHI_ADDRESS);
	EXPECT(c, t, "Apt 2", PHI_ADDRESS);
	EXPECT(c, t, "Boise", PHI_ADDRESS);
	EXPECT(c, t, "83725", PHI_ZIP);
	EXPECT(c, t, "Joel Brewer", PHI_NAME);
	dt_expect_none(&c, t, "2023-09-19");
	free(c.v);

	t = fhir_obs;
	c = dt_scan("o.json", t);
	EXPECT(c, t, "pat-673518", PHI_OTHER_ID);
	EXPECT(c, t, "Kate Schubert", PHI_NAME);
	EXPECT(c, t, "2025-11-27T21:22:00-08:00", PHI_DATE);
	EXPECT(c, t, "E78.5", PHI_ICD10);
	dt_expect_none(&c, t, "47f4976a");
	dt_expect_none(&c, t, "8480-6");
	dt_expect_none(&c, t, "Saint Joseph");
	free(c.v);
}

static const char csv[] =
	"first_name;Last Name;Note;DOB;Phone;SSN;Address;State;ZIP\r\n"
	"Olga;\"De Luca\";\"say \"\"hi; there\"\"\";5/8/1962;(539) 571-9103;"
	"363-49-4845;\"19 3rd St, Apt 4\";NM;87117-9110\r\n"
	"May;Murphy;;\"7/22/2002\";850.591.9200;\"534-08-2169\";"
	"8333 Mill Hwy;NY;11296\r\n";

static void
test_csv(void **state)
{
	const char *t = csv;
	struct phi_cands c = dt_scan("x.csv", t);

	(void)state;
	EXPECT(c, t, "Olga", PHI_NAME);
	EXPECT(c, t, "De Luca", PHI_NAME);
	EXPECT(c, t, "5/8/1962", PHI_DATE);
	EXPECT(c, t, "(539) 571-9103", PHI_PHONE);
	EXPECT(c, t, "363-49-4845", PHI_SSN);
	/* quoted cells; the one before holds the delimiter and doubled
	 * quotes */
	EXPECT(c, t, "19 3rd St, Apt 4", PHI_ADDRESS);
	EXPECT(c, t, "87117-9110", PHI_ZIP);
	EXPECT(c, t, "7/22/2002", PHI_DATE);
	EXPECT(c, t, "534-08-2169", PHI_SSN);
	EXPECT(c, t, "11296", PHI_ZIP);
	dt_expect_none(&c, t, "NM");
	dt_expect_none(&c, t, "first_name");
	free(c.v);
}

static void
test_csv_windows(void **state)
{
	const char *t = csv;
	/* the header is only in the first window; rows cut by a window end
	 * come whole in the next */
	struct phi_cands c = dt_scan_win("x.csv", t, 128, 100);

	(void)state;
	EXPECT(c, t, "Olga", PHI_NAME);
	EXPECT(c, t, "363-49-4845", PHI_SSN);
	EXPECT(c, t, "May", PHI_NAME);
	EXPECT(c, t, "534-08-2169", PHI_SSN);
	EXPECT(c, t, "11296", PHI_ZIP);
	free(c.v);
}

static void
test_sql(void **state)
{
	const char *t =
		"-- seed\nINSERT INTO public.patients (id, first_name, last_name,"
		" dob, ssn, zip)\n VALUES (100, 'Brent', 'O''Brien', "
		"'1984-04-26', '621 28 5702', '12227'),\n"
		"  (101, 'Zoë', 'Van Buren', DATE '1931-05-01', NULL, 68120);\n"
		"insert into providers (npi, full_name) values "
		"('1234567893', 'April Kowalski');\n"
		"INSERT INTO t VALUES ('Jane', '1961-03-04');\n";
	struct phi_cands c = dt_scan("s.sql", t);

	(void)state;
	EXPECT(c, t, "Brent", PHI_NAME);
	EXPECT(c, t, "O''Brien", PHI_NAME);
	EXPECT(c, t, "1984-04-26", PHI_DATE);
	EXPECT(c, t, "621 28 5702", PHI_SSN);
	EXPECT(c, t, "12227", PHI_ZIP);
	EXPECT(c, t, "Zoë", PHI_NAME);
	EXPECT(c, t, "Van Buren", PHI_NAME);
	EXPECT(c, t, "1931-05-01", PHI_DATE);
	EXPECT(c, t, "68120", PHI_ZIP);
	EXPECT(c, t, "1234567893", PHI_NPI);
	EXPECT(c, t, "April Kowalski", PHI_NAME);
	/* no column list: nothing says what the values are */
	dt_expect_none(&c, t, "'Jane'");
	dt_expect_none(&c, t, "100");
	free(c.v);
}

/* Values written as code literals under a known key: Ruby blocks, Rust
 * conversions and paths, Go struct literals heading a line, Kotlin and
 * Scala pairs, a bare "license" key that must prove itself. */
static void
test_code_literals(void **state)
{
	const char *rb =
		"  factory :member do\n"
		"    given_name { 'Philippa' }\n"
		"    chart_no   { \"40021877\" }\n"
		"    age        { 103 }\n"
		"    postal     { '73301' }\n"
		"    nickname   { 'Pip' }\n"
		"    block      { |x| x + 1 }\n"
		"  end\n";
	const char *rs =
		"    let r = Rec {\n"
		"        born: NaiveDate::from_ymd_opt(1941, 2, 3).unwrap(),\n"
		"        policy_no: String::from(\"HX7730412\"),\n"
		"        who: Person { first: \"Evander\".into(), "
		"surname: \"Quist\".to_string() },\n"
		"        seen: NaiveDate::from_ymd_opt(2023, 4, 9).unwrap(),\n"
		"    };\n";
	const char *rel =
		"Build { tag: \"v2\", cut: NaiveDate::from_ymd_opt(2023, 4, 9) }\n";
	const char *go =
		"\tHome: Addr{Street: \"88 Larch Row\", Town: \"Bemidji\", "
		"Zip: \"56601\"},\n";
	const char *kt =
		"val dev = mapOf(\"serial\" to \"KT44190Q\", "
		"\"mrn\" to \"M0041877\")\n"
		"val m = Map(\"acct_no\" -> \"AC-99120\")\n";
	const char *py =
		"# fixture rows: (surname, given_name, dob, member_id)\n"
		"ROWS = [\n    (\"Brackenbury\", \"Ottoline\", \"1937-05-06\", "
		"\"KQ5510022\"),\n]\n"
		"f(a, b, c, d)\n";
	const char *cmt =
		"$doc = 'Q7720041'; // passport\n"
		"$n = 'ZZ0042'; // retry count for the importer job\n"
		"tok = \"AB12345\"  # chart no\n";
	const char *jest =
		"  expect(fmtName(patient)).toBe('Quist, Evander');\n"
		"  expect(p.lastName).toEqual(\"Quenneville\");\n"
		"  expect(p.status).toBe('Active Care');\n";
	const char *lic =
		"prescriber:\n  license: RN0098123\n  dl: WA 445 120 337\n"
		"package:\n  license: Apache-2.0\n  serial: enabled\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("factories.rb", rb);
	EXPECT(c, rb, "Philippa", PHI_NAME);
	EXPECT(c, rb, "40021877", PHI_MRN);
	EXPECT(c, rb, "103", PHI_AGE);
	EXPECT(c, rb, "73301", PHI_ZIP);
	dt_expect_none(&c, rb, "Pip");
	free(c.v);
	c = dt_scan("claim.rs", rs);
	EXPECT(c, rs, "HX7730412", PHI_HEALTH_PLAN);
	EXPECT(c, rs, "Evander", PHI_NAME);
	EXPECT(c, rs, "Quist", PHI_NAME);
	EXPECT(c, rs, "2023, 4, 9", PHI_DATE);
	free(c.v);
	c = dt_scan("build.rs", rel);
	dt_expect_none(&c, rel, "2023, 4, 9");
	free(c.v);
	c = dt_scan("fixture.go", go);
	EXPECT(c, go, "88 Larch Row", PHI_ADDRESS);
	EXPECT(c, go, "Bemidji", PHI_ADDRESS);
	EXPECT(c, go, "56601", PHI_ZIP);
	free(c.v);
	c = dt_scan("Implant.kt", kt);
	EXPECT(c, kt, "KT44190Q", PHI_DEVICE);
	EXPECT(c, kt, "M0041877", PHI_MRN);
	EXPECT(c, kt, "AC-99120", PHI_ACCOUNT);
	free(c.v);
	c = dt_scan("seed.py", py);
	EXPECT(c, py, "Brackenbury", PHI_NAME);
	EXPECT(c, py, "Ottoline", PHI_NAME);
	EXPECT(c, py, "KQ5510022", PHI_HEALTH_PLAN);
	free(c.v);
	c = dt_scan("import.php", cmt);
	EXPECT(c, cmt, "Q7720041", PHI_OTHER_ID);
	EXPECT(c, cmt, "AB12345", PHI_MRN);
	dt_expect_none(&c, cmt, "ZZ0042");
	free(c.v);
	c = dt_scan("name.test.js", jest);
	EXPECT(c, jest, "Quist, Evander", PHI_NAME);
	EXPECT(c, jest, "Quenneville", PHI_NAME);
	dt_expect_none(&c, jest, "Active Care");
	free(c.v);
	c = dt_scan("staff.yml", lic);
	EXPECT(c, lic, "RN0098123", PHI_LICENSE);
	EXPECT(c, lic, "445 120 337", PHI_LICENSE);
	dt_expect_none(&c, lic, "Apache-2.0");
	dt_expect_none(&c, lic, "enabled");
	free(c.v);
}

/* Tables: a weak "name" column among columns that certainly hold PHI,
 * abbreviated headers, Markdown tables inside a document. */
static void
test_tables(void **state)
{
	const char *tsv =
		"name\tborn\temail\tplan_id\n"
		"Ingrid Vasquez-Oyelowo\t1950-01-02\tiv@posteo.de\tQP0071234\n";
	const char *people =
		"pt_last,pt_first,birth_dt,ins_member_no,home_ph\n"
		"Oyelowo,Ingrid,19500102,QP0071234,(602) 555-7812\n";
	const char *gael =
		"surname,given,dob\nMac an tSaoi,Róisín,1944-02-03\n"
		"Ní bhFaoláin,Úna,1950-07-08\n";
	const char *jobs =
		"name,schedule,owner\nNightly Export,0 2 * * *,ops\n";
	const char *md =
		"# Repro\n\nRows that broke the import:\n\n"
		"| Chart # | Patient | Born | Policy |\n"
		"|:---|---|---|---:|\n"
		"| C-4410982 | Tobiah Quenneville | 1931-07-08 | WX00418872 |\n"
		"\nAfter the table | not a row |\n";
	const char *mdneg =
		"| Option | Default |\n|---|---|\n| name | Nightly Export |\n";
	struct phi_cands c;
	size_t i;

	(void)state;
	c = dt_scan("people.tsv", tsv);
	EXPECT(c, tsv, "Ingrid Vasquez-Oyelowo", PHI_NAME);
	EXPECT(c, tsv, "1950-01-02", PHI_DATE);
	EXPECT(c, tsv, "QP0071234", PHI_HEALTH_PLAN);
	free(c.v);
	c = dt_scan("people.csv", people);
	EXPECT(c, people, "Oyelowo", PHI_NAME);
	EXPECT(c, people, "Ingrid", PHI_NAME);
	EXPECT(c, people, "19500102", PHI_DATE);
	EXPECT(c, people, "QP0071234", PHI_HEALTH_PLAN);
	EXPECT(c, people, "(602) 555-7812", PHI_PHONE);
	free(c.v);
	c = dt_scan("gael.csv", gael);
	EXPECT(c, gael, "Mac an tSaoi", PHI_NAME);
	EXPECT(c, gael, "Ní bhFaoláin", PHI_NAME);
	free(c.v);
	c = dt_scan("jobs.csv", jobs);
	assert_int_equal(c.n, 0);
	free(c.v);
	c = dt_scan("BUG.md", md);
	EXPECT(c, md, "C-4410982", PHI_MRN);
	EXPECT(c, md, "Tobiah Quenneville", PHI_NAME);
	EXPECT(c, md, "1931-07-08", PHI_DATE);
	EXPECT(c, md, "WX00418872", PHI_HEALTH_PLAN);
	free(c.v);
	for (i = 130; i < 200; i += 7) {
		c = dt_scan_win("BUG.md", md, i, i / 2);
		EXPECT(c, md, "C-4410982", PHI_MRN);
		EXPECT(c, md, "WX00418872", PHI_HEALTH_PLAN);
		free(c.v);
	}
	c = dt_scan("README.md", mdneg);
	assert_int_equal(c.n, 0);
	free(c.v);
}

/* CDA ids by their root and their place; FHIR identifiers of visits and
 * coverages; a card holder in a log's JSON. */
/* A line whose label starts with "of": no label ends before it (the
 * length once wrapped below zero; found by fuzz_fields). */
static void
test_label_of_first(void **state)
{
	struct phi_cands c;

	(void)state;
	c = dt_scan("x.txt", "of reporter ID: E0761\n");
	free(c.v);
	c = dt_scan("x.txt", "Eof I:Nm'i;\n");
	free(c.v);
}

/* A Markdown table header whose next line holds only blanks up to the
 * end of the input (found by fuzz_fields): no read past the end. */
static void
test_md_header_at_end(void **state)
{
	struct phi_cands c;

	(void)state;
	c = dt_scan_exact("x.md", "| first_name | last_name |\n\t\t\t");
	free(c.v);
	c = dt_scan_exact("x.md", "| first_name | last_name |\r\n  ");
	free(c.v);
}

static void
test_ids_by_place(void **state)
{
	const char *cda =
		"<ClinicalDocument>\n"
		"  <id root=\"2.16.840.1.113883.19\" extension=\"DOC-20991\"/>\n"
		"  <effectiveTime value=\"202401020304\"/>\n"
		"  <recordTarget><patientRole>\n"
		"    <id root=\"1.3.6.1.4.1.55555.7\" extension=\"KX-880213\"/>\n"
		"    <id root=\"2.16.840.1.113883.4.1\" extension=\"219-09-9999\"/>\n"
		"  </patientRole></recordTarget>\n"
		"  <author><id root=\"1.3.6.1.4.1.55555.9\" extension=\"ST-4410\"/>"
		"</author>\n</ClinicalDocument>\n";
	const char *bundle =
		"{\"resourceType\":\"Encounter\",\"identifier\":[{\"system\":"
		"\"urn:oid:1.3.6.1.4.1.55555.3\",\"value\":\"V77120934\"}]}\n"
		"{\"resourceType\":\"Coverage\",\"identifier\":[{\"system\":"
		"\"urn:oid:1.3.6.1.4.1.55555.4\",\"value\":\"QZ0041129\"}]}\n";
	const char *log =
		"WARN pay: declined {\"holder\":\"PERPETUA OYELOWO-VANCE\"}\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("ccd.xml", cda);
	EXPECT(c, cda, "KX-880213", PHI_MRN);
	EXPECT(c, cda, "219-09-9999", PHI_SSN);
	dt_expect_none(&c, cda, "DOC-20991");
	dt_expect_none(&c, cda, "ST-4410");
	dt_expect_at(&c, cda, NULL, "202401020304", PHI_VETO, PHI_PRIO_FIELD);
	free(c.v);
	c = dt_scan("bundle.ndjson", bundle);
	EXPECT(c, bundle, "V77120934", PHI_ACCOUNT);
	EXPECT(c, bundle, "QZ0041129", PHI_HEALTH_PLAN);
	free(c.v);
	c = dt_scan("app.log", log);
	EXPECT(c, log, "PERPETUA OYELOWO-VANCE", PHI_NAME);
	free(c.v);
}

/* What the fields say holds no PHI: type annotations, a reference
 * table's system columns, a constant's name under "name". */
static void
test_vetoes(void **state)
{
	const char *kt =
		"fun save(name: String, tel: String?, born: LocalDate) = 1\n";
	const char *fees =
		"code,description,price,effective\n"
		"99211,Brief visit,21.50,2021-04-01\n";
	const char *env = "env:\n  - name: BACKEND\n  - name: Maria Garcia\n";
	const char *sql =
		"UPDATE jobs SET polled_at = '2025-02-03T04:05:06.789Z', "
		"dob = '1950-01-02' WHERE id = 7;\n";
	const char *prose = "Name: Long, Jane\n";
	struct phi_cands c;
	size_t i;

	(void)state;
	c = dt_scan("Repo.kt", kt);
	dt_expect_at(&c, kt, "name: ", "String", PHI_VETO, PHI_PRIO_FIELD);
	dt_expect_at(&c, kt, "tel: ", "String?", PHI_VETO, PHI_PRIO_FIELD);
	dt_expect_at(&c, kt, NULL, "LocalDate", PHI_VETO, PHI_PRIO_FIELD);
	free(c.v);
	c = dt_scan("fees.csv", fees);
	dt_expect_at(&c, fees, NULL, "2021-04-01", PHI_VETO, PHI_PRIO_FIELD);
	free(c.v);
	c = dt_scan("deploy.yaml", env);
	dt_expect_at(&c, env, NULL, "BACKEND", PHI_VETO, PHI_PRIO_FIELD);
	dt_expect_at(&c, env, NULL, "Maria Garcia", PHI_NAME, PHI_PRIO_FIELD);
	free(c.v);
	c = dt_scan("fix.sql", sql);
	dt_expect_at(&c, sql, NULL, "2025-02-03T04:05:06.789Z", PHI_VETO,
		     PHI_PRIO_FIELD);
	EXPECT(c, sql, "1950-01-02", PHI_DATE);
	free(c.v);
	c = dt_scan("note.txt", prose);
	for (i = 0; i < c.n; i++)
		assert_int_not_equal(c.v[i].type, PHI_VETO);
	free(c.v);
}

/* Labels of several words heading a line of text. */
static void
test_labels(void **state)
{
	const char *t =
		"Incident 4471\n"
		"Badge number of the witness: B7730021.\n"
		"Sex/Age: M/94\n"
		"Policy number: QX7710042 (Acme Health)\n"
		"Patient name: Ottoline Brackenbury, MD\n"
		"Steps to reproduce: run 3 times\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("incident.txt", t);
	EXPECT(c, t, "B7730021", PHI_OTHER_ID);
	EXPECT(c, t, "94", PHI_AGE);
	EXPECT(c, t, "QX7710042", PHI_HEALTH_PLAN);
	dt_expect_none(&c, t, "Acme");
	dt_expect_none(&c, t, "run 3");
	free(c.v);
}


/* Abbreviated column names, word by word ("LST_NM", "BRTH_DT", "MBR_ID",
 * "CTY_NM"), and a table's system-time columns: their timestamps are
 * vetoed, whatever the dates detector makes of them. */
static void
test_abbreviated_columns(void **state)
{
	const struct phi_keymap *km = phi_keymap_get();
	const char *doc =
		"rec_no;FRST_NM;LST_NM;BRTH_DT;CTY_NM;Ort;MBR_ID;load_ts;synced_at\n"
		"4;Odile;Brennan-Vos;1961-11-23;Dayton;Dayton;QZT55120934;"
		"2024-02-03 01:02:03;2024-02-04 05:06:07\n";
	const char *sql =
		"INSERT INTO x.MBR (MBR_ID, LST_NM, FRST_NM, BRTH_DT) VALUES "
		"('QZT5512093', 'VOSKUIJLEN', 'ODILE', "
		"TO_DATE('23-NOV-1961', 'DD-MON-YYYY'));\n";
	const char *excel = "sep=;\r\nnachname;vorname;plz\r\n"
			    "Brennan;Odile;45402\r\n";
	const char *yaml =
		"PROV_NM: Odile Brennan\nMBR_NBR: QZT5512093\n"
		"address: 0x00000001029109f0\n";
	struct phi_cands c;

	(void)state;
	assert_int_equal(phi_keymap_lookup(km, "LST_NM", 6), PHI_NAME);
	assert_int_equal(phi_keymap_lookup(km, "brthDt", 6), PHI_DATE);
	assert_int_equal(phi_keymap_lookup(km, "CTY_NM", 6), PHI_ADDRESS);
	assert_int_equal(phi_keymap_lookup(km, "city_name", 9), PHI_ADDRESS);
	assert_int_equal(phi_keymap_lookup(km, "EML_ADR", 7), PHI_EMAIL);
	assert_int_equal(phi_keymap_lookup(km, "ADDR_LN_1", 9), PHI_ADDRESS);
	assert_int_equal(phi_keymap_lookup(km, "PH_NBR", 6), PHI_PHONE);
	assert_int_equal(phi_keymap_lookup(km, "MBR_ID", 6), PHI_HEALTH_PLAN);
	/* a word is abbreviated only whole: "nmap", "ptr", "dtype" */
	assert_int_equal(phi_keymap_lookup(km, "nmap_ts", 7), -1);
	assert_int_equal(phi_keymap_lookup(km, "ptr_nm", 6), -1);
	assert_int_equal(phi_keymap_lookup(km, "dtype", 5), -1);
	assert_int_equal(phi_keymap_lookup(km, "file_name", 9), -1);
	assert_int_equal(phi_keymap_lookup(km, "ATTND_PHYS_NM", 13), PHI_NAME);
	assert_int_equal(phi_keymap_lookup(km, "GUAR_NM", 7), PHI_NAME);
	assert_int_equal(phi_keymap_lookup(km, "MBR_NBR", 7), PHI_HEALTH_PLAN);
	assert_int_equal(phi_keymap_lookup(km, "__ln_2", 6), -1);
	assert_int_equal(phi_keymap_lookup(km, "ENC_VALUE", 9), -1);
	c = dt_scan("excel.csv", excel);
	EXPECT(c, excel, "Brennan", PHI_NAME);
	EXPECT(c, excel, "45402", PHI_ZIP);
	free(c.v);
	c = dt_scan("members.csv", doc);
	EXPECT(c, doc, "Odile", PHI_NAME);
	EXPECT(c, doc, "Brennan-Vos", PHI_NAME);
	EXPECT(c, doc, "1961-11-23", PHI_DATE);
	EXPECT(c, doc, "Dayton", PHI_ADDRESS);
	EXPECT_AFTER(c, doc, "Dayton;", "Dayton", PHI_ADDRESS);
	EXPECT(c, doc, "QZT55120934", PHI_HEALTH_PLAN);
	dt_expect_at(&c, doc, NULL, "2024-02-03 01:02:03", PHI_VETO,
		     PHI_PRIO_FIELD);
	dt_expect_at(&c, doc, NULL, "2024-02-04 05:06:07", PHI_VETO,
		     PHI_PRIO_FIELD);
	free(c.v);
	c = dt_scan("seed.yaml", yaml);
	EXPECT(c, yaml, "Odile Brennan", PHI_NAME);
	EXPECT(c, yaml, "QZT5512093", PHI_HEALTH_PLAN);
	dt_expect_none(&c, yaml, "0x00000001029109f0");
	free(c.v);
	c = dt_scan("load.sql", sql);
	EXPECT(c, sql, "QZT5512093", PHI_HEALTH_PLAN);
	EXPECT(c, sql, "VOSKUIJLEN", PHI_NAME);
	EXPECT(c, sql, "ODILE", PHI_NAME);
	EXPECT(c, sql, "23-NOV-1961", PHI_DATE);
	free(c.v);
}


/* Values that are arrays or objects under a key: each element its own
 * span, names in lower case once the lists know one of them, ages in
 * a list or an object, a log's "field" naming the key of "value"; a
 * TOML date, and a phone written with its area code before a slash. */
static void
test_nested_values(void **state)
{
	const char *py =
		"df = pd.DataFrame({\n"
		"    \"first_name\": [\"quillon\", \"maria\"],\n"
		"    \"family\": [\"inet\", \"inet6\"],\n"
		"    \"age\": [33, 104],\n"
		"})\n";
	const char *json =
		"{\"age\": {\"value\": 97, \"unit\": \"a\"}}\n"
		"{\"msg\": \"rejected\", \"field\": \"subject.age\", "
		"\"value\": 98}\n"
		"{\"msg\": \"rejected\", \"field\": \"retries\", "
		"\"value\": 99}\n";
	const char *ages =
		"{\"age\": \"94 years\"}\n{\"age\": \"96y\"}\n"
		"{\"age\": \"45 years\"}\n";
	const char *toml =
		"[[people]]\nbirth = 1948-02-29\nfax = \"412/836-2210\"\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("frame.py", py);
	EXPECT(c, py, "quillon", PHI_NAME);
	EXPECT(c, py, "maria", PHI_NAME);
	dt_expect_none(&c, py, "inet");
	dt_expect_none(&c, py, "33");
	EXPECT(c, py, "104", PHI_AGE);
	free(c.v);
	c = dt_scan("events.ndjson", json);
	EXPECT(c, json, "97", PHI_AGE);
	EXPECT(c, json, "98", PHI_AGE);
	dt_expect_none(&c, json, "99");
	free(c.v);
	c = dt_scan("ages.ndjson", ages);
	EXPECT(c, ages, "94", PHI_AGE);
	EXPECT(c, ages, "96", PHI_AGE);
	dt_expect_none(&c, ages, "45");
	free(c.v);
	c = dt_scan("seed.toml", toml);
	EXPECT(c, toml, "1948-02-29", PHI_DATE);
	EXPECT(c, toml, "412/836-2210", PHI_FAX);
	free(c.v);
}


/* A GraphQL node typed Patient: its "id" is the patient's; "locality"
 * is a city; a FHIR search by patient names the patient's id. */
static void
test_patient_refs(void **state)
{
	const char *gql =
		"{\"data\":{\"nodes\":[{\"__typename\":\"Patient\","
		"\"id\":\"Tm9kZTo4ODQ1Mg7q\",\"homeAddress\":{\"line1\":"
		"\"17 Quarry Rd\",\"locality\":\"Dayton\"}},"
		"{\"__typename\":\"Invoice\",\"id\":\"SW52b2ljZTo5Mz4k\"}]}}\n";
	const char *sh =
		"curl \"$BASE/Encounter?patient=pt-880214&_count=5\"\n"
		"curl \"$BASE/Encounter?patient=4471\"\n"
		"Patient: Ines Arbeloa     DOB: 03/04/1961\n"
		"{\"patientId\": \"PT-884213\", \"patient_id\": 4471}\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("nodes.json", gql);
	EXPECT(c, gql, "Tm9kZTo4ODQ1Mg7q", PHI_OTHER_ID);
	EXPECT(c, gql, "Dayton", PHI_ADDRESS);
	dt_expect_none(&c, gql, "SW52b2ljZTo5Mz4k");
	free(c.v);
	c = dt_scan("fetch.sh", sh);
	EXPECT(c, sh, "pt-880214", PHI_OTHER_ID);
	dt_expect_none(&c, sh, "4471");
	dt_expect_none(&c, sh, "Ines Arbeloa     DOB: 03/04/1961");
	EXPECT(c, sh, "PT-884213", PHI_OTHER_ID);
	dt_expect_none(&c, sh, "4471}");
	free(c.v);
}


/* Code: a date from labelled numbers, a tuple led by a person's name, a
 * list of given names with a middle initial; FHIR: a licence system, a
 * diagnosis code with no system. */
static void
test_code_shapes(void **state)
{
	const char *swift =
		"let p = Profile(\n"
		"    birthday: DateComponents(year: 1949, month: 11, day: 2),\n"
		"    emergencyContact: (\"Odile Brennan\", \"+1 412 836 2210\"),\n"
		"    size: CGSize(width: 1950, height: 10)\n)\n"
		"HEADER = (\"first\", \"last\")\n";
	const char *kt =
		"val p = Patient(\n    given = listOf(\"Odile\", \"R\"),\n"
		"    tags = listOf(\"A\", \"B\"),\n)\n";
	const char *doc =
		"{\"resourceType\": \"Practitioner\", \"identifier\": [\n"
		"  {\"system\": \"urn:state:OH:medlic\", \"value\": \"RN5520193\"},\n"
		"  {\"system\": \"urn:x:public\", \"value\": \"QX5520194\"}]}\n"
		"{\"resourceType\": \"Claim\", \"diagnosis\": [{\"sequence\": 1, "
		"\"diagnosisCodeableConcept\": {\"coding\": [{\"code\": "
		"\"I25.10\"}]}}], \"item\": [{\"productOrService\": "
		"{\"coding\": [{\"code\": \"E11.9\"}]}}]}\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("ProfileTests.swift", swift);
	EXPECT(c, swift, "year: 1949, month: 11, day: 2", PHI_DATE);
	EXPECT(c, swift, "Odile Brennan", PHI_NAME);
	dt_expect_none(&c, swift, "width: 1950");
	dt_expect_none(&c, swift, "first");
	free(c.v);
	c = dt_scan("PatientTest.kt", kt);
	EXPECT(c, kt, "Odile", PHI_NAME);
	EXPECT_AFTER(c, kt, "Odile", "R", PHI_NAME);
	dt_expect_none(&c, kt, "A");
	free(c.v);
	c = dt_scan("bundle.ndjson", doc);
	EXPECT(c, doc, "RN5520193", PHI_LICENSE);
	dt_expect_none(&c, doc, "QX5520194");
	EXPECT(c, doc, "I25.10", PHI_ICD10);
	dt_expect_none(&c, doc, "E11.9");
	free(c.v);
}


/* An object that splits a name: the one-word value of an ambiguous name
 * key ("nom", "contact") is the other part, before or after. */
static void
test_split_name_parts(void **state)
{
	const char *php =
		"$rows = [\n  ['nom' => 'Voskuijlen', 'prenom' => 'Odile'],\n"
		"];\n";
	const char *json =
		"{\"first_name\": \"Ines\", \"nome\": \"Arbeloa\"}\n"
		"{\"nom\": \"Standard\", \"tarif\": 4}\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("seed.php", php);
	EXPECT(c, php, "Voskuijlen", PHI_NAME);
	EXPECT(c, php, "Odile", PHI_NAME);
	free(c.v);
	c = dt_scan("rows.ndjson", json);
	EXPECT(c, json, "Arbeloa", PHI_NAME);
	dt_expect_none(&c, json, "Standard");
	free(c.v);
}


/* Form lines: a number before the label, a unit after it, dot leaders
 * for the colon. */
static void
test_form_lines(void **state)
{
	const char *t =
		"3b. Age (years): 97\n"
		"4) Employee ID ..................... 5520193\n"
		"MRN .......... QX-55201\n"
		"12. Version (major): 104\n"
		"Step ....... 3 of 4\n"
		"2. Speed (rpm): 98\n"
		"City / State / ZIP ....... Dayton / OH / 45402\n"
		"Passport (I-9, List A): X55201934\n"
		"Immunization registry ID: IR55201934\n"
		"Size / Weight: 10 / 20\n"
		"7. Residence: 9 Quarry Rd, Apt 2, Kettering, OH 45429, "
		"county Montgomery County\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("form.txt", t);
	EXPECT(c, t, "97", PHI_AGE);
	EXPECT(c, t, "5520193", PHI_OTHER_ID);
	EXPECT(c, t, "QX-55201", PHI_MRN);
	dt_expect_none(&c, t, "104");
	dt_expect_none(&c, t, "98");
	EXPECT(c, t, "Dayton", PHI_ADDRESS);
	EXPECT(c, t, "45402", PHI_ZIP);
	dt_expect_none(&c, t, "OH");
	EXPECT(c, t, "X55201934", PHI_OTHER_ID);
	EXPECT(c, t, "IR55201934", PHI_OTHER_ID);
	dt_expect_none(&c, t, "10");
	EXPECT(c, t, "9 Quarry Rd, Apt 2", PHI_ADDRESS);
	EXPECT(c, t, "Kettering", PHI_ADDRESS);
	EXPECT(c, t, "45429", PHI_ZIP);
	EXPECT(c, t, "Montgomery County", PHI_ADDRESS);
	free(c.v);
}


/* A catalogue: its columns hold goods, whose names are not people's. */
static void
test_catalogue(void **state)
{
	const char *doc =
		"sku,product,price\nQ-1001,Harbor View Lantern,12.50\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("stock.csv", doc);
	dt_expect_at(&c, doc, NULL, "Harbor View Lantern", PHI_VETO,
		     PHI_PRIO_FIELD);
	free(c.v);
}


/* Keys with letters beyond ASCII, bare in YAML and as labels. */
static void
test_utf8_keys(void **state)
{
	const char *yaml =
		"paciente:\n  Straße: Lindenweg 4\n  município: Dayton\n"
		"  código_postal: \"45402\"\n";
	const char *txt = "Código postal: 45402\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("seed.yaml", yaml);
	EXPECT(c, yaml, "Lindenweg 4", PHI_ADDRESS);
	EXPECT(c, yaml, "Dayton", PHI_ADDRESS);
	EXPECT(c, yaml, "45402", PHI_ZIP);
	free(c.v);
	c = dt_scan("ficha.txt", txt);
	EXPECT(c, txt, "45402", PHI_ZIP);
	free(c.v);
}


/* A dump's INSERTs that list no columns take those of its CREATE
 * TABLE; another table's do not. */
static void
test_sql_dump(void **state)
{
	const char *sql =
		"CREATE TABLE IF NOT EXISTS `members` (\n"
		"  `id` int(11) NOT NULL,\n  `surname` varchar(64) DEFAULT 'a,b',\n"
		"  `birth_date` date,\n  `fee` decimal(8,2),\n"
		"  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n"
		"INSERT INTO `members` VALUES (7,'Voskuijlen','1948-02-29',1.50),"
		"(8,'Arbeloa','1950-01-02',0.00);\n"
		"INSERT INTO `audit` VALUES (9,'Quillon','1951-01-01');\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("dump.sql", sql);
	EXPECT(c, sql, "Voskuijlen", PHI_NAME);
	EXPECT(c, sql, "1948-02-29", PHI_DATE);
	EXPECT(c, sql, "Arbeloa", PHI_NAME);
	dt_expect_none(&c, sql, "1.50");
	dt_expect_none(&c, sql, "Quillon");
	free(c.v);
}

static void
test_negatives(void **state)
{
	const char *schema =
		"CREATE TABLE patients (\n  ssn CHAR(11) NOT NULL,\n"
		"  first_name VARCHAR(50),\n  dob DATE DEFAULT NULL\n);\n";
	const char *jschema =
		"{\"properties\": {\"dob\": {\"type\": \"string\", "
		"\"format\": \"date\", \"pattern\": \"MM/DD/YYYY\"},\n"
		" \"ssn\": {\"type\": \"string\", \"example\": \"XXX-XX-XXXX\"},\n"
		" \"first_name\": {\"type\": \"string\"}},\n"
		" \"dob\": \"MM/DD/YYYY\", \"ssn\": \"XXX-XX-XXXX\", "
		"\"phone\": \"(999) 999-9999\", \"mrn\": \"<MRN>\", "
		"\"email\": \"user@example.com\", \"npi\": \"1234567890\", "
		"\"patient_id\": \"cd132b6b-eb07-4d9e-a59d-e021bf56c6b7\", "
		"\"name\": \"Billing Service\", \"first_name\": \"string\", "
		"\"phone\": \"555-0123\"}\n";
	const char *k8s =
		"metadata:\n  name: web\n  labels:\n    app: Build Runner\n"
		"spec:\n  containers:\n    - name: nginx\n      image: nginx:1.25\n";
	struct phi_cands c;

	(void)state;
	c = dt_scan("schema.sql", schema);
	assert_int_equal(c.n, 0);
	free(c.v);
	c = dt_scan("form.json", jschema);
	if (c.n != 0)
		fail_msg("%zu findings in a JSON schema, first %s at %llu",
			 c.n, phi_type_name(c.v[0].type),
			 (unsigned long long)c.v[0].start);
	free(c.v);
	c = dt_scan("deploy.yaml", k8s);
	assert_int_equal(c.n, 0);
	free(c.v);
}

static void
test_broken_input(void **state)
{
	static const char *const inputs[] = {
		"{\"ssn\": \"512-34-", "{{{{[[[[\"a\":", "\"\\", "}}]]",
		"INSERT INTO t (a, b) VALUES ('x", "first_name,dob\n\"Jane",
		"key: \n- \n-", "<a><b>", "x = new ", "\xff\xfe\x00ssn=",
		"setX(", "identifier=urn:oid:2.16.840.1.113883.4.1|", "date(",
		NULL
	};
	size_t i;

	(void)state;
	for (i = 0; inputs[i] != NULL; i++) {
		struct phi_cands c = dt_scan(i % 2 ? "a.json" : "a.csv",
					     inputs[i]);
		size_t k;

		for (k = 0; k < c.n; k++)
			assert_true(c.v[k].end <= strlen(inputs[i]));
		free(c.v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keymap),
		cmocka_unit_test(test_json_pretty),
		cmocka_unit_test(test_json_minified_arrays),
		cmocka_unit_test(test_yaml),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_tuples),
		cmocka_unit_test(test_fhir),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_windows),
		cmocka_unit_test(test_sql),
		cmocka_unit_test(test_code_literals),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_ids_by_place),
		cmocka_unit_test(test_label_of_first),
		cmocka_unit_test(test_md_header_at_end),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_vetoes),
		cmocka_unit_test(test_abbreviated_columns),
		cmocka_unit_test(test_nested_values),
		cmocka_unit_test(test_patient_refs),
		cmocka_unit_test(test_code_shapes),
		cmocka_unit_test(test_split_name_parts),
		cmocka_unit_test(test_form_lines),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_utf8_keys),
		cmocka_unit_test(test_sql_dump),
		cmocka_unit_test(test_negatives),
		cmocka_unit_test(test_broken_input),
	};

	return cmocka_run_group_tests(tests, setup, dt_teardown);
}
