/* test_engine.c -- the scan engine: findings on the fixtures, windows fed
 * with overlap giving what one buffer gives, line and column across
 * multibyte text and windows, phiscan:allow, placeholders, scoring, and
 * the Hyperscan and PCRE2-only paths finding the same. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/phi/phi.h"
#include "common/phi/engine.h"
#include "common/phi/linestart.h"
#include "common/phi/bytescan.h"

static struct phi_engine *engine;	/* default packs */
static char cache_dir[512];		/* XDG_CACHE_HOME for the tests */

static char *
fixture(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/tests/unit/data/engine/%s",
		 top ? top : ".", name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static struct phi_engine *
new_engine(void)
{
	struct phi_engine_opts o;
	struct ck_error err;
	struct phi_engine *e;

	memset(&o, 0, sizeof(o));
	e = phi_engine_new(&o, &err);
	if (e == NULL)
		fail_msg("engine: %s", err.msg);
	return e;
}

/* Files in cache_dir/complykit, removed if rm. */
static size_t
cache_files(int rm)
{
	char sub[600], path[1200];
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	snprintf(sub, sizeof(sub), "%s/complykit", cache_dir);
	if ((d = opendir(sub)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		snprintf(path, sizeof(path), "%s/%s", sub, de->d_name);
		if (rm)
			unlink(path);
	}
	closedir(d);
	if (rm)
		rmdir(sub);
	return n;
}

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	/* The compiled-database cache goes to a directory of ours, never
	 * to the user's ~/.cache. */
	snprintf(cache_dir, sizeof(cache_dir), "%s/test_engine.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(cache_dir) == NULL)
		return -1;
	setenv("XDG_CACHE_HOME", cache_dir, 1);
	unsetenv("PHISCAN_NO_CACHE");
	engine = new_engine();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	phi_engine_free(engine);
	cache_files(1);
	rmdir(cache_dir);
	return 0;
}

static void
scan(const struct phi_engine *e, const char *path, const char *buf,
     size_t len, struct phi_findings *out)
{
	struct ck_error err;
	struct phi_scanner *s = phi_scanner_new(e, &err);

	if (s == NULL)
		fail_msg("scanner: %s", err.msg);
	if (phi_scan_buffer(s, path, buf, len, out, &err) < 0)
		fail_msg("scan: %s", err.msg);
	phi_scanner_free(s);
}

/* The finding whose value is exactly text, or NULL. */
static const struct phi_finding *
find_value(const struct phi_findings *f, const char *text)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].value_len == strlen(text) &&
		    memcmp(f->v[i].value, text, f->v[i].value_len) == 0)
			return &f->v[i];
	return NULL;
}

static void
expect(const struct phi_findings *f, const char *text, int type)
{
	const struct phi_finding *x = find_value(f, text);

	if (x == NULL)
		fail_msg("no finding for '%s'", text);
	if (x->type != type)
		fail_msg("'%s' is %s, want %s", text, phi_type_name(x->type),
			 phi_type_name(type));
}

static void
test_identifiers(void **state)
{
	struct phi_findings f;
	size_t len, i;
	char *buf = fixture("identifiers.txt", &len);

	(void)state;
	phi_findings_init(&f);
	scan(engine, "identifiers.txt", buf, len, &f);
	expect(&f, "234-56-7891", PHI_SSN);
	expect(&f, "345 67 8912", PHI_SSN);
	expect(&f, "456789123", PHI_SSN);
	expect(&f, "1234567893", PHI_NPI);
	expect(&f, "AB1234563", PHI_DEA);
	expect(&f, "4532 0173 6548 2192", PHI_CREDIT_CARD);
	expect(&f, "371462098517330", PHI_CREDIT_CARD);
	expect(&f, "1M8GDM9AXKP042788", PHI_VEHICLE);
	expect(&f, "7ABC123", PHI_VEHICLE);
	expect(&f, "E11.9", PHI_ICD10);
	expect(&f, "S72.001A", PHI_ICD10);
	expect(&f, "W19.XXXA", PHI_ICD10);
	expect(&f, "I10", PHI_ICD10);
	expect(&f, "jane.roe1961@gmail.com", PHI_EMAIL);
	expect(&f, "(412) 638-2671", PHI_PHONE);
	expect(&f, "412-638-2672", PHI_FAX);
	expect(&f, "+1 412 638 2673", PHI_PHONE);
	expect(&f, "+44 20 7183 8750", PHI_PHONE);
	expect(&f, "73.42.118.9", PHI_IP);
	expect(&f, "2600:1700:abcd:12::5", PHI_IP);
	expect(&f, "https://www.facebook.com/jane.roe.1961", PHI_URL);
	expect(&f, "https://www.gofundme.com/f/jane-roe-medical-bills",
	       PHI_URL);
	expect(&f, "00123456", PHI_MRN);
	expect(&f, "A1234567", PHI_MRN);
	expect(&f, "7788123", PHI_MRN);
	expect(&f, "XJH123456789", PHI_HEALTH_PLAN);
	expect(&f, "1EG4-TE5-MK73", PHI_HEALTH_PLAN);
	expect(&f, "55501234", PHI_ACCOUNT);
	expect(&f, "V4340938725", PHI_ACCOUNT);
	expect(&f, "889912345", PHI_ACCOUNT);
	expect(&f, "D1234567", PHI_LICENSE);
	/* the issuing state before a number with a letter prefix */
	expect(&f, "KT-204411", PHI_LICENSE);
	assert_null(find_value(&f, "OR"));
	expect(&f, "PX9-442817", PHI_DEVICE);
	expect(&f, "(01)00844588003288(17)271231(21)A1B2C3", PHI_DEVICE);
	expect(&f, "FPT-8812-AB77", PHI_BIOMETRIC);
	expect(&f, "RAD-24-914017", PHI_OTHER_ID);
	expect(&f, "912345678", PHI_OTHER_ID);
	expect(&f, "pat-539537", PHI_OTHER_ID);
	/* the identifier need not be the link's last segment */
	expect(&f, "https://portal.lakeviewclinic.test/u/Q7730012/inbox",
	       PHI_URL);
	/* Sorted, not overlapping, offsets matching the values. */
	for (i = 0; i < f.n; i++) {
		assert_memory_equal(buf + f.v[i].start, f.v[i].value,
				    f.v[i].value_len);
		assert_int_equal(f.v[i].end - f.v[i].start, f.v[i].value_len);
		assert_non_null(f.v[i].rule);
		if (i > 0)
			assert_true(f.v[i - 1].end <= f.v[i].start);
	}
	phi_findings_release(&f);
	free(buf);
}

/* Identifiers behind weak or unusual labels and separators, and the
 * forms of phones, codes, licences, devices and plates people write. */
static void
test_label_classes(void **state)
{
	struct phi_findings f;
	size_t len;
	char *buf = fixture("labels.txt", &len);

	(void)state;
	phi_findings_init(&f);
	scan(engine, "labels.txt", buf, len, &f);
	/* dot leaders between label and value */
	expect(&f, "2031-448172", PHI_MRN);
	expect(&f, "QZV40718265", PHI_HEALTH_PLAN);
	expect(&f, "5530817", PHI_OTHER_ID);
	/* weak chart and record-number labels */
	expect(&f, "7720194", PHI_MRN);
	expect(&f, "614-27-83", PHI_MRN);
	expect(&f, "HR5502817", PHI_MRN);
	/* "sub ID", "subscriber no.", the member ID on the next line */
	expect(&f, "RWT550193847", PHI_HEALTH_PLAN);
	expect(&f, "MKL88213409", PHI_HEALTH_PLAN);
	expect(&f, "B40982177-03", PHI_HEALTH_PLAN);
	/* registry IDs, a note between label and value, accessions */
	expect(&f, "KQ77102458", PHI_OTHER_ID);
	expect(&f, "C03318274", PHI_OTHER_ID);
	expect(&f, "P24-73310", PHI_OTHER_ID);
	/* NPA/NXX-XXXX; ten digits after a notice; before an extension */
	expect(&f, "608/442-7193", PHI_PHONE);
	expect(&f, "6084427195", PHI_PHONE);
	expect(&f, "6084427196", PHI_PHONE);
	/* a code list, a bracketed category; "released" is no release */
	expect(&f, "K21.9", PHI_ICD10);
	expect(&f, "I48.91", PHI_ICD10);
	expect(&f, "Z13", PHI_ICD10);
	expect(&f, "E11.65", PHI_ICD10);
	/* licence numbers right after a licence word */
	expect(&f, "MD440719", PHI_LICENSE);
	expect(&f, "P7713092", PHI_LICENSE);
	expect(&f, "K88201", PHI_LICENSE);
	/* the parts of one device, each with its qualifier */
	expect(&f, "QTR448102", PHI_DEVICE);
	expect(&f, "LDA77201B", PHI_DEVICE);
	expect(&f, "LDV77209C", PHI_DEVICE);
	expect(&f, "0100884426167307172901311022A4471", PHI_DEVICE);
	/* plates after a note, and after a bare tag near a vehicle */
	expect(&f, "KLM-4471", PHI_VEHICLE);
	expect(&f, "4TRZ229", PHI_VEHICLE);
	/* a patient in a query string; a GraphQL global ID of a patient */
	expect(&f, "px-4407219", PHI_OTHER_ID);
	expect(&f, "UGF0aWVudDo4ODQxMjA5", PHI_OTHER_ID);
	/* an insurance label before codes: the codes, no member ID */
	expect(&f, "Q21.1", PHI_ICD10);
	expect(&f, "Z80.41", PHI_ICD10);
	/* a dotted licence number is no coordinate */
	expect(&f, "35.127744", PHI_LICENSE);
	phi_findings_release(&f);
	free(buf);
}

/* list: values listed after a labelled one take its type; a listed
 * value needs four digits, and the separator must be a list's. */
static void
test_lists(void **state)
{
	static const char doc[] =
		"Prior MRNs 4471823, 5530192 and 6619034 were merged.\n"
		"Pacemaker serial PJN157093S; leads 016723219317103 and "
		"NWK418248.\n"
		"Specimens S24-11873, S24-11874 & S24-11875 arrived.\n"
		"MRN 5123456, A1C 7.2 and 8812 others.\n"
		"Serial QX44190, model XR2200 shipped.\n";
	struct phi_findings f;

	(void)state;
	phi_findings_init(&f);
	scan(engine, "lists.txt", doc, sizeof doc - 1, &f);
	expect(&f, "4471823", PHI_MRN);
	expect(&f, "5530192", PHI_MRN);
	expect(&f, "6619034", PHI_MRN);
	expect(&f, "PJN157093S", PHI_DEVICE);
	expect(&f, "016723219317103", PHI_DEVICE);
	expect(&f, "NWK418248", PHI_DEVICE);
	expect(&f, "S24-11873", PHI_OTHER_ID);
	expect(&f, "S24-11874", PHI_OTHER_ID);
	expect(&f, "S24-11875", PHI_OTHER_ID);
	expect(&f, "5123456", PHI_MRN);
	assert_null(find_value(&f, "A1C"));	/* too few digits */
	assert_null(find_value(&f, "8812"));	/* the list stopped there */
	expect(&f, "QX44190", PHI_DEVICE);
	assert_null(find_value(&f, "XR2200"));	/* "model" is no list */
	phi_findings_release(&f);
}

static void
test_negatives(void **state)
{
	struct phi_findings f;
	size_t len, i;
	char *buf = fixture("negatives.txt", &len);

	(void)state;
	phi_findings_init(&f);
	scan(engine, "negatives.txt", buf, len, &f);
	for (i = 0; i < f.n; i++)
		print_error("unexpected %s '%s' (rule %s)\n",
			    phi_type_name(f.v[i].type), f.v[i].value,
			    f.v[i].rule);
	assert_int_equal(f.n, 0);
	phi_findings_release(&f);
	free(buf);
}

/* A structured detector's veto silences the guesses over a field it
 * knows holds no PHI, and is itself never reported. */
static void
test_vetoes(void **state)
{
	static const struct { const char *path, *text, *value; } cases[] = {
		{ "Rec.kt", "data class Rec(val name: String, val tel: "
		  "String?)\n", "String" },
		{ "fees.csv", "code,description,price,effective\n"
		  "99211,Brief visit,21.50,2021-04-01\n", "2021-04-01" },
		{ "deploy.yaml", "spec:\n  env:\n    - name: BACKEND\n"
		  "      value: x\n", "BACKEND" },
	};
	struct phi_findings f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		phi_findings_init(&f);
		scan(engine, cases[i].path, cases[i].text,
		     strlen(cases[i].text), &f);
		if (find_value(&f, cases[i].value) != NULL)
			fail_msg("%s: '%s' reported", cases[i].path,
				 cases[i].value);
		phi_findings_release(&f);
	}
}

static void
test_line_col(void **state)
{
	struct phi_findings f;
	const struct phi_finding *x;
	size_t len;
	char *buf = fixture("multibyte.txt", &len);

	(void)state;
	phi_findings_init(&f);
	scan(engine, "multibyte.txt", buf, len, &f);
	/* "café € 😀 SSN " is 13 code points in 19 bytes. */
	x = find_value(&f, "234-56-7891");
	assert_non_null(x);
	assert_int_equal(x->line, 1);
	assert_int_equal(x->col, 14);
	assert_int_equal(x->start, 19);
	/* After a CRLF: "日本 NPI " is 7 code points. */
	x = find_value(&f, "1234567893");
	assert_non_null(x);
	assert_int_equal(x->line, 2);
	assert_int_equal(x->col, 8);
	phi_findings_release(&f);
	free(buf);
}

static void
test_inline_allow(void **state)
{
	struct phi_findings f;
	size_t len;
	char *buf = fixture("allow.txt", &len);

	(void)state;
	phi_findings_init(&f);
	scan(engine, "allow.txt", buf, len, &f);
	assert_non_null(find_value(&f, "234-56-7891"));
	assert_null(find_value(&f, "234-56-7892"));	/* same line */
	assert_null(find_value(&f, "234-56-7893"));	/* line above */
	assert_null(find_value(&f, "234-56-7894"));	/* typed: SSN */
	assert_non_null(find_value(&f, "(412) 638-2671"));	/* not SSN */
	assert_non_null(find_value(&f, "234-56-7895"));	/* NPI,MRN only */
	assert_null(find_value(&f, "1234567893"));
	assert_non_null(find_value(&f, "234-56-7896"));
	phi_findings_release(&f);
	free(buf);
}

/* A document big enough for many windows: the fixtures repeated, with a
 * value placed across every plausible window edge. */
static char *
big_document(size_t *len)
{
	size_t la, lb, lc, cap = 600000, n = 0;
	char *a = fixture("identifiers.txt", &la);
	char *b = fixture("multibyte.txt", &lb);
	char *c = fixture("negatives.txt", &lc);
	char *doc = malloc(cap);
	unsigned k = 0;

	assert_non_null(doc);
	while (n + la + lb + lc + 64 < cap) {
		memcpy(doc + n, a, la);
		n += la;
		memcpy(doc + n, b, lb);
		n += lb;
		if (k++ % 3 == 0) {
			memcpy(doc + n, c, lc);
			n += lc;
		}
		/* Shift the alignment so values fall on window edges. */
		memset(doc + n, k % 2 ? ' ' : 'x', k % 7);
		n += k % 7;
	}
	free(a);
	free(b);
	free(c);
	*len = n;
	return doc;
}

/* Same spans, types, positions; with same_rule also the same rule ids
 * (two detectors may find one value, and which one wins a tie is not
 * part of the window contract). */
static void
same_findings(const struct phi_findings *x, const struct phi_findings *y,
	      int same_rule)
{
	size_t i;

	assert_int_equal(x->n, y->n);
	for (i = 0; i < x->n; i++) {
		assert_int_equal(x->v[i].start, y->v[i].start);
		assert_int_equal(x->v[i].end, y->v[i].end);
		assert_int_equal(x->v[i].type, y->v[i].type);
		assert_int_equal(x->v[i].line, y->v[i].line);
		assert_int_equal(x->v[i].col, y->v[i].col);
		if (same_rule) {
			assert_int_equal(x->v[i].conf, y->v[i].conf);
			assert_string_equal(x->v[i].rule, y->v[i].rule);
		}
	}
}

static void
scan_windows(const char *doc, size_t len, size_t wsize,
	     struct phi_findings *out)
{
	struct ck_error err;
	struct phi_scanner *s = phi_scanner_new(engine, &err);
	uint64_t base = 0, emit = 0;

	assert_non_null(s);
	phi_scan_begin(s, "big.txt");
	for (;;) {
		size_t n = len - base < wsize ? len - base : wsize;
		int last = base + n == len;

		if (phi_scan_window(s, doc + base, n, base, emit, last, out,
				    &err) < 0)
			fail_msg("window: %s", err.msg);
		if (last)
			break;
		/* The protocol of phiscan.h: report from emitted_to on,
		 * keeping PHI_WINDOW_CONTEXT bytes of context before. */
		emit = phi_scan_emitted_to(s);
		assert_true(emit > base);
		base = emit - PHI_WINDOW_CONTEXT;
	}
	phi_scanner_free(s);
}

static void
test_windows(void **state)
{
	static const size_t sizes[] = { 3 * 4096 + 1, 20000, 65536, 250007 };
	struct phi_findings one, win;
	size_t len, i;
	char *doc = big_document(&len);

	(void)state;
	phi_findings_init(&one);
	scan(engine, "big.txt", doc, len, &one);
	assert_true(one.n > 1000);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		phi_findings_init(&win);
		scan_windows(doc, len, sizes[i], &win);
		same_findings(&one, &win, 0);
		phi_findings_release(&win);
	}
	phi_findings_release(&one);
	free(doc);
}

static void
test_hyperscan_equivalence(void **state)
{
	static const char *const names[] = {
		"identifiers.txt", "negatives.txt", "multibyte.txt", "allow.txt",
		"labels.txt"
	};
	struct phi_engine *plain;
	struct phi_findings x, y;
	size_t len, i;
	char *buf;

	(void)state;
	setenv("PHISCAN_NO_HYPERSCAN", "1", 1);
	plain = new_engine();
	unsetenv("PHISCAN_NO_HYPERSCAN");
	assert_non_null(strstr(phi_engine_backend(plain), "PCRE2"));
#ifdef HAVE_HYPERSCAN
	assert_non_null(strstr(phi_engine_backend(plain), "(off)"));
	assert_null(strstr(phi_engine_backend(engine), "(off)"));
#endif
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		buf = fixture(names[i], &len);
		phi_findings_init(&x);
		phi_findings_init(&y);
		scan(engine, names[i], buf, len, &x);
		scan(plain, names[i], buf, len, &y);
		same_findings(&x, &y, 1);
		phi_findings_release(&x);
		phi_findings_release(&y);
		free(buf);
	}
	buf = big_document(&len);
	phi_findings_init(&x);
	phi_findings_init(&y);
	scan(engine, "big.txt", buf, len, &x);
	scan(plain, "big.txt", buf, len, &y);
	same_findings(&x, &y, 1);
	phi_findings_release(&x);
	phi_findings_release(&y);
	free(buf);
	phi_engine_free(plain);
}

static void
test_cache(void **state)
{
	struct phi_engine *again;
	struct phi_findings x, y;
	size_t len;
	char *buf = fixture("identifiers.txt", &len);

	(void)state;
#ifdef HAVE_HYPERSCAN
	/* setup's engine compiled and stored the database. */
	assert_int_equal(cache_files(0), 1);
#endif
	again = new_engine();		/* loads it */
	phi_findings_init(&x);
	phi_findings_init(&y);
	scan(engine, "a.txt", buf, len, &x);
	scan(again, "a.txt", buf, len, &y);
	assert_true(x.n > 30);
	same_findings(&x, &y, 1);
	phi_engine_free(again);
	/* A damaged cache file is compiled over, not trusted. */
	if (cache_files(0) == 1) {
		char sub[600], path[1200];
		struct dirent *de;
		DIR *d;
		FILE *f;

		snprintf(sub, sizeof(sub), "%s/complykit", cache_dir);
		d = opendir(sub);
		assert_non_null(d);
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				break;
		assert_non_null(de);
		snprintf(path, sizeof(path), "%s/%s", sub, de->d_name);
		closedir(d);
		f = fopen(path, "r+b");
		assert_non_null(f);
		fputs("garbage", f);
		fclose(f);
		again = new_engine();
		phi_findings_reset(&y);
		scan(again, "a.txt", buf, len, &y);
		same_findings(&x, &y, 1);
		phi_engine_free(again);
	}
	phi_findings_release(&x);
	phi_findings_release(&y);
	free(buf);
}

static void
test_bad_bytes(void **state)
{
	/* NUL bytes and invalid UTF-8 around values: no crash, values on
	 * either side still found, columns still counted. */
	static const char doc[] =
		"\xff\xfe\x00SSN 234-56-7891\x00\xc3\x28 NPI 1234567893\n"
		"\x80\x80\x80 jane.roe1961@gmail.com";
	struct phi_findings f;
	const struct phi_finding *x;

	(void)state;
	phi_findings_init(&f);
	scan(engine, "bin.dat", doc, sizeof(doc) - 1, &f);
	assert_non_null(find_value(&f, "234-56-7891"));
	assert_non_null(find_value(&f, "1234567893"));
	x = find_value(&f, "jane.roe1961@gmail.com");
	assert_non_null(x);
	assert_int_equal(x->line, 2);
	phi_findings_reset(&f);
	assert_int_equal(f.n, 0);
	scan(engine, "empty.txt", "", 0, &f);
	assert_int_equal(f.n, 0);
	phi_findings_release(&f);
}

static void
test_score(void **state)
{
	struct phi_findings f;
	struct phi_doc_score sc;
	struct ck_error err;
	struct phi_scanner *s;
	size_t len;
	char *buf = fixture("identifiers.txt", &len);

	(void)state;
	phi_findings_init(&f);
	s = phi_scanner_new(engine, &err);
	assert_non_null(s);
	assert_int_equal(phi_scan_buffer(s, "notes/visit.txt", buf, len, &f,
					 &err), 0);
	phi_score(engine, s, f.v, f.n, &sc);
	assert_false(sc.test_context);
	assert_true(sc.score > 15);
	assert_int_equal(sc.conf, PHI_CONF_HIGH);
	assert_int_equal(sc.counts[PHI_SSN], 3);
	/* One SSN alone: weight 10, medium; in a test path: halved, low. */
	phi_score(engine, s, find_value(&f, "234-56-7891"), 1, &sc);
	assert_int_equal(sc.score, 10);
	assert_int_equal(sc.conf, PHI_CONF_MEDIUM);
	phi_findings_reset(&f);
	assert_int_equal(phi_scan_buffer(s, "src/tests/PatientTest.java", buf,
					 len, &f, &err), 0);
	phi_score(engine, s, find_value(&f, "234-56-7891"), 1, &sc);
	assert_true(sc.test_context);
	assert_int_equal(sc.score, 5);
	assert_int_equal(sc.conf, PHI_CONF_LOW);
	phi_findings_reset(&f);
	assert_int_equal(phi_scan_buffer(s, "notes/contest.txt",
		"mock data: SSN 234-56-7891\n", 27, &f, &err), 0);
	assert_int_equal(phi_scan_test_context(s), 1);
	phi_score(engine, s, NULL, 0, &sc);
	assert_int_equal(sc.score, 0);
	assert_int_equal(sc.conf, PHI_CONF_LOW);
	phi_scanner_free(s);
	phi_findings_release(&f);
	free(buf);
}

/* digits: with joins: counts only the digits joined by the rule's
 * separators. */
static void
test_run_digits(void **state)
{
	const unsigned char *ip = (const unsigned char *)"198.51.100.61";
	const unsigned char *ssn = (const unsigned char *)"123-45-6789";
	const unsigned char *tel = (const unsigned char *)"1 (412) 638-2671";

	(void)state;
	assert_int_equal(phi_run_digits(ip, 0, 13, PHI_JOINS_ALL), 10);
	assert_int_equal(phi_run_digits(ip, 0, 13, 1u << 1), 3);
	assert_int_equal(phi_run_digits(ssn, 0, 11, 1u << 1), 9);
	assert_int_equal(phi_run_digits(ssn, 0, 11, 0), 4);
	assert_int_equal(phi_run_digits(ssn, 4, 11, 1u << 1), 6);
	assert_int_equal(phi_run_digits(tel, 0, 16, 0x1fu), 11);
	assert_int_equal(phi_run_digits(tel, 0, 16, 1u << 1), 7);
}

/* A rule runs only around digit runs joined by its joins: a rule told
 * (wrongly) that its digits are joined by spaces never sees a dashed
 * number, while the right one finds it and not the IPv4 address. */
static void
test_joins(void **state)
{
	static const char pack[] =
		"version: 1\n"
		"rules:\n"
		"  - {id: t.dash, type: SSN, pattern: '\\d{3}-\\d{2}-\\d{4}',"
		" digits: 9, joins: '-'}\n"
		"  - {id: t.space, type: SSN, pattern: '\\d{3}-\\d{2}-\\d{4}',"
		" digits: 9, joins: ' '}\n"
		"  - {id: t.ip, type: IP, pattern: '\\d{3}\\.\\d\\d\\.\\d{3}',"
		" digits: 8, joins: '-'}\n";
	static const char doc[] = "ssn 123-45-6789 from 198.51.100.61\n";
	const char *files[1];
	struct phi_engine_opts o;
	struct phi_findings f;
	struct phi_engine *e;
	struct ck_error err;
	char path[700];
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/joins.yaml", cache_dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(pack, fp);
	fclose(fp);
	files[0] = path;
	memset(&o, 0, sizeof(o));
	o.rule_files = files;
	o.n_rule_files = 1;
	o.no_default_rules = 1;
	e = phi_engine_new(&o, &err);
	if (e == NULL)
		fail_msg("engine: %s", err.msg);
	phi_findings_init(&f);
	scan(e, "joins.txt", doc, sizeof(doc) - 1, &f);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].rule, "t.dash");
	expect(&f, "123-45-6789", PHI_SSN);
	phi_findings_release(&f);
	phi_engine_free(e);
	unlink(path);
}

/* Line bounds: '\n', '\r' or both end a line; the floor and the
 * ceiling stop the search. */
static void
test_line_bounds(void **state)
{
	static const char t[] = "ab\ncd\r\nef\rgh ij";

	(void)state;
	assert_int_equal(phi_line_start(t, 1, 0), 0);
	assert_int_equal(phi_line_start(t, 5, 0), 3);
	assert_int_equal(phi_line_start(t, 3, 0), 3);
	assert_int_equal(phi_line_start(t, 9, 0), 7);
	assert_int_equal(phi_line_start(t, 14, 0), 10);
	assert_int_equal(phi_line_start(t, 14, 13), 13);
	assert_int_equal(phi_line_start(t, 4, 6), 4);
	assert_int_equal(phi_line_end(t, 0, sizeof(t) - 1), 2);
	assert_int_equal(phi_line_end(t, 3, sizeof(t) - 1), 5);
	assert_int_equal(phi_line_end(t, 6, sizeof(t) - 1), 6);
	assert_int_equal(phi_line_end(t, 7, sizeof(t) - 1), 9);
	assert_int_equal(phi_line_end(t, 10, sizeof(t) - 1), 15);
	assert_int_equal(phi_line_end(t, 10, 13), 13);
	assert_int_equal(phi_line_end(t, 15, 15), 15);
}

/* phi_next_of finds exactly the first byte of its class, wherever it
 * stands against the vector steps, for every byte value. */
static void
test_next_of(void **state)
{
	static const unsigned classes[] = {
		PHI_BC_DIGIT, PHI_BC_UPPER | PHI_BC_HIGH,
		PHI_BC_DIGIT | PHI_BC_UPPER | PHI_BC_COMMA, PHI_BC_COMMA
	};
	char buf[48];
	size_t k, pos, start, want;
	unsigned c;

	(void)state;
	for (k = 0; k < sizeof(classes) / sizeof(classes[0]); k++)
		for (c = 0; c < 256; c++)
			for (pos = 0; pos < sizeof(buf); pos += 5) {
				memset(buf, 'x', sizeof(buf));
				buf[pos] = (char)c;
				for (start = 0; start < 20; start += 3) {
					want = start <= pos &&
					       phi_bc_is((unsigned char)c,
							 classes[k]) ?
					       pos : sizeof(buf);
					assert_int_equal(phi_next_of(buf, start,
						sizeof(buf), classes[k]), want);
				}
			}
	/* The end of the range stops the search. */
	memset(buf, 'x', sizeof(buf));
	buf[40] = '7';
	assert_int_equal(phi_next_of(buf, 0, 40, PHI_BC_DIGIT), 40);
	assert_int_equal(phi_next_of(buf, 0, 41, PHI_BC_DIGIT), 40);
	assert_int_equal(phi_next_of(buf, 41, 48, PHI_BC_DIGIT), 48);
}

static void
test_vocabulary(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < PHI_NTYPES; i++)
		assert_int_equal(phi_type_parse(phi_type_name(i)), i);
	assert_int_equal(phi_type_parse("ssn"), -1);
	assert_int_equal(phi_type_parse(NULL), -1);
	assert_string_equal(phi_type_name(PHI_CREDIT_CARD), "CREDIT_CARD");
	assert_string_equal(phi_type_name(PHI_OTHER_ID), "OTHER_ID");
	assert_int_equal(phi_conf_parse("high"), PHI_CONF_HIGH);
	assert_int_equal(phi_conf_parse("bogus"), -1);
	assert_string_equal(phi_conf_name(PHI_CONF_LOW), "low");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocabulary),
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_label_classes),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_negatives),
		cmocka_unit_test(test_vetoes),
		cmocka_unit_test(test_line_col),
		cmocka_unit_test(test_inline_allow),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_hyperscan_equivalence),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_run_digits),
		cmocka_unit_test(test_joins),
		cmocka_unit_test(test_line_bounds),
		cmocka_unit_test(test_next_of),
	};

	return cmocka_run_group_tests_name("engine", tests, setup, teardown);
}
