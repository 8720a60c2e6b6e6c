/* validate.c -- check digits and structure of identifiers.  Each validator
 * sees the candidate exactly as matched, separators included, and answers
 * 1 (a valid instance) or 0.  None of them allocates. */
#include <config.h>

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "common/phi/validate.h"

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_alnum_upper(int c)
{
	return is_digit(c) || is_upper(c);
}

static int
to_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Copies the digits of s into d (at most max), skipping the separators in
 * seps.  Returns the digit count, or -1 on any other byte or overflow. */
static int
digits_of(const char *s, size_t n, const char *seps, char *d, int max)
{
	size_t i;
	int k = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_digit(c)) {
			if (k == max)
				return -1;
			d[k++] = (char)c;
		} else if (c == '\0' || strchr(seps, c) == NULL) {
			return -1;
		}
	}
	return k;
}

static int
all_same(const char *d, int n)
{
	int i;

	for (i = 1; i < n; i++)
		if (d[i] != d[0])
			return 0;
	return 1;
}

static int
luhn_digits(const char *d, int n, int sum0)
{
	int i, sum = sum0, dbl = 0;

	for (i = n - 1; i >= 0; i--) {
		int v = d[i] - '0';

		if (dbl) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
		dbl = !dbl;
	}
	return sum % 10 == 0;
}

int
phi_valid_ssn(const char *s, size_t n)
{
	char d[9];
	int area, group, serial;

	/* The three shapes SSA prints; a separator must be used twice
	 * alike, so "123-45 6789" is not an SSN but two numbers. */
	if (n == 11) {
		if ((s[3] != '-' && s[3] != ' ') || s[6] != s[3])
			return 0;
	} else if (n != 9) {
		return 0;
	}
	if (digits_of(s, n, n == 11 ? "- " : "", d, 9) != 9)
		return 0;
	area = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
	group = (d[3] - '0') * 10 + (d[4] - '0');
	serial = (d[5] - '0') * 1000 + (d[6] - '0') * 100 +
		 (d[7] - '0') * 10 + (d[8] - '0');
	/* SSA: area 000, 666 and 900-999 are never issued (9xx is ITIN). */
	if (area == 0 || area == 666 || area >= 900)
		return 0;
	if (group == 0 || serial == 0)
		return 0;
	return 1;
}

int
phi_valid_luhn(const char *s, size_t n)
{
	char d[64];
	int k = digits_of(s, n, " -", d, (int)sizeof(d));

	if (k < 2)
		return 0;
	return luhn_digits(d, k, 0);
}

int
phi_valid_npi(const char *s, size_t n)
{
	char d[10];

	if (n != 10 || digits_of(s, n, "", d, 10) != 10)
		return 0;
	/* CMS NPI standard: first digit 1 (individual) or 2 (organisation);
	 * the check digit is Luhn over the ISO 7812 prefix 80840, whose
	 * doubled-digit contribution is the constant 24. */
	if (d[0] != '1' && d[0] != '2')
		return 0;
	return luhn_digits(d, 10, 24);
}

int
phi_valid_dea(const char *s, size_t n)
{
	int d[7], i, sum;

	if (n != 9)
		return 0;
	/* 21 CFR 1301: the first letter is the registrant type. */
	if (strchr("ABCDEFGHJKLMPRSTUX", s[0]) == NULL || s[0] == '\0')
		return 0;
	/* The second is the registrant's last-name initial, or 9 for a
	 * business whose name starts with a digit. */
	if (!is_upper((unsigned char)s[1]) && s[1] != '9')
		return 0;
	for (i = 0; i < 7; i++) {
		if (!is_digit((unsigned char)s[2 + i]))
			return 0;
		d[i] = s[2 + i] - '0';
	}
	sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
	return sum % 10 == d[6];
}

/* Published processor test numbers (Visa, Mastercard, Amex, Discover,
 * Diners, JCB test PANs of the card networks' and gateways' sandbox
 * documentation): they reach code as fixtures, never as a person's card. */
static const char *const test_pans[] = {
	"4111111111111111", "4242424242424242", "4012888888881881",
	"4222222222222", "4000056655665556", "4005519200000004",
	"4009348888881881", "4012000033330026", "4012000077777777",
	"4217651111111119", "4500600000000061", "4000002500003155",
	"4000002760003184", "4000003800000008", "4000000000003220",
	"4000000000009995", "4000000000000341", "4917610000000000",
	"4035501000000008", "4462030000000000", "4988438843884305",
	"4166676667666746", "4646464646464644", "4444333322221111",
	"5555555555554444", "5105105105105100", "5200828282828210",
	"5431111111111111", "5454545454545454", "5425233430109903",
	"5500000000000004", "2223003122003222", "2223000048400011",
	"2222400070000005", "5555341244441115", "5577000055770004",
	"5185540000000019",
	"378282246310005", "371449635398431", "378734493671000",
	"340000000000009", "370000000000002", "341111111111111",
	"6011111111111117", "6011000990139424", "6011601160116611",
	"6011000000000004", "6011981111111113", "6445644564456445",
	"30569309025904", "38520000023237", "36227206271667",
	"3530111333300000", "3566002020360505", "3566111111111113",
	"6200000000000005",
};

/* 1 if the digits d[0..k) are a published test number, or have a test
 * number's structure: a run of eight or more of one digit after the
 * issuer prefix (4000000000000002, 4012888888881881), or a two-digit
 * period repeated over the whole number (4242424242424242). */
static int
card_is_test(const char *d, int k)
{
	size_t i;
	int run = 1, longest = 1, period2 = 1;

	for (i = 0; i < sizeof(test_pans) / sizeof(test_pans[0]); i++)
		if (strlen(test_pans[i]) == (size_t)k &&
		    memcmp(test_pans[i], d, (size_t)k) == 0)
			return 1;
	for (int j = 1; j < k; j++) {
		run = d[j] == d[j - 1] ? run + 1 : 1;
		if (run > longest)
			longest = run;
		if (j >= 2 && j < k - 1 && d[j] != d[j - 2])
			period2 = 0;
	}
	return longest >= 8 || period2;
}

int
phi_valid_card(const char *s, size_t n)
{
	char d[19];
	int k, p2, p3, p4, p6, ok = 0;

	k = digits_of(s, n, " -", d, 19);
	if (k < 13 || all_same(d, k))
		return 0;
	/* Grouped numbers are grouped consistently: no leading or trailing
	 * separator, no doubled ones. */
	if (!is_digit((unsigned char)s[0]) || !is_digit((unsigned char)s[n - 1]))
		return 0;
	p2 = (d[0] - '0') * 10 + (d[1] - '0');
	p3 = p2 * 10 + (d[2] - '0');
	p4 = p3 * 10 + (d[3] - '0');
	p6 = p4 * 100 + (d[4] - '0') * 10 + (d[5] - '0');
	if (d[0] == '4')
		ok = k == 13 || k == 16 || k == 19;		/* Visa */
	else if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
		ok = k == 16;					/* Mastercard */
	else if (p2 == 34 || p2 == 37)
		ok = k == 15;					/* Amex */
	else if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 ||
		 (p6 >= 622126 && p6 <= 622925))
		ok = k >= 16 && k <= 19;			/* Discover */
	return ok && luhn_digits(d, k, 0) && !card_is_test(d, k);
}

int
phi_valid_gtin(const char *s, size_t n)
{
	int sum = 0;

	if (n >= 4 && memcmp(s, "(01)", 4) == 0) {
		s += 4;
		n -= 4;
	} else if (n >= 2 && memcmp(s, "01", 2) == 0) {
		s += 2;
		n -= 2;
	} else {
		return 0;
	}
	if (n < 14)
		return 0;
	for (int i = 0; i < 14; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	if (n > 14 && is_digit((unsigned char)s[14]) &&
	    !(n >= 16 && is_digit((unsigned char)s[15])))
		return 0;	/* 15 digits: no GTIN-14 then an AI */
	if (all_same(s, 13))
		return 0;
	/* GS1 General Specifications 7.9.1: weights 3 and 1 alternating
	 * from the digit left of the check digit. */
	for (int i = 12; i >= 0; i--)
		sum += (s[i] - '0') * ((12 - i) % 2 == 0 ? 3 : 1);
	return (10 - sum % 10) % 10 == s[13] - '0';
}

/* ISO 3779 / 49 CFR 565.15 transliteration of VIN characters. */
static int
vin_value(int c)
{
	static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
	static const int values[] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5,
				      7, 9, 2, 3, 4, 5, 6, 7, 8, 9 };
	const char *p;

	if (is_digit(c))
		return c - '0';
	if (c == '\0' || (p = strchr(letters, c)) == NULL)
		return -1;
	return values[p - letters];
}

int
phi_valid_vin(const char *s, size_t n)
{
	static const int weight[17] = { 8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7,
					 6, 5, 4, 3, 2 };
	int i, sum = 0, letters = 0, digits = 0, check;

	if (n != 17)
		return 0;
	for (i = 0; i < 17; i++) {
		int v = vin_value((unsigned char)s[i]);

		if (v < 0)
			return 0;	/* lower case, I, O, Q, punctuation */
		if (is_digit((unsigned char)s[i]))
			digits++;
		else
			letters++;
		sum += v * weight[i];
	}
	/* A VIN's WMI holds a letter and its serial holds digits: a run of
	 * 17 digits or of 17 letters is some other code. */
	if (letters == 0 || digits < 4)
		return 0;
	check = sum % 11;
	return s[8] == (check == 10 ? 'X' : '0' + check);
}

int
phi_valid_icd10(const char *s, size_t n)
{
	size_t i, ext;

	if (n < 3 || n > 8)
		return 0;
	/* Every letter starts a chapter; U is WHO's emergency block, of
	 * which ICD-10-CM uses U07.1 (COVID-19) and U09.9. */
	if (!is_upper((unsigned char)s[0]))
		return 0;
	if (s[0] == 'U' && !(s[1] == '0' && (s[2] == '7' || s[2] == '9')))
		return 0;
	if (!is_digit((unsigned char)s[1]))
		return 0;
	/* The third character is a digit except in a few categories (C4A,
	 * C7A, C7B, D3A, M1A, O9A, Z3A). */
	if (!is_digit((unsigned char)s[2]) && s[2] != 'A' && s[2] != 'B')
		return 0;
	i = 3;
	if (i < n && s[i] == '.')
		i++;
	if (i == n)
		return s[n - 1] != '.';
	ext = n - i;
	if (ext > 4)
		return 0;
	for (; i < n; i++)
		if (!is_alnum_upper((unsigned char)s[i]))
			return 0;
	/* A 7th character needs the 4th to 6th filled, with X as the
	 * placeholder; only X may stand before the 7th. */
	if (ext == 4 && s[n - 1] == 'X')
		return 0;
	return 1;
}

int
phi_valid_ipv4_public(const char *s, size_t n)
{
	int o[4], k = 0, small = 0;
	size_t i = 0;

	while (k < 4) {
		int v = 0, nd = 0;

		while (i < n && is_digit((unsigned char)s[i])) {
			v = v * 10 + (s[i] - '0');
			nd++;
			i++;
			if (nd > 3)
				return 0;
		}
		if (nd == 0 || v > 255)
			return 0;
		/* Leading zeros are not how addresses are written (and
		 * inet_aton would read them as octal). */
		if (nd > 1 && s[i - nd] == '0')
			return 0;
		o[k++] = v;
		if (k < 4) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	if (i != n)
		return 0;
	for (k = 0; k < 4; k++)
		small += o[k] < 10;
	/* Three single-digit parts read as a version ("4.1.2.10"). */
	if (small >= 3)
		return 0;
	if (o[0] == 0 || o[0] == 10 || o[0] == 127 || o[0] >= 224)
		return 0;		/* this network, private, loopback,
					 * multicast, reserved, broadcast */
	if (o[0] == 100 && o[1] >= 64 && o[1] <= 127)
		return 0;		/* RFC 6598 shared (CGNAT) */
	if (o[0] == 169 && o[1] == 254)
		return 0;		/* RFC 3927 link-local */
	if (o[0] == 172 && o[1] >= 16 && o[1] <= 31)
		return 0;		/* RFC 1918 */
	if (o[0] == 192 && o[1] == 168)
		return 0;		/* RFC 1918 */
	if (o[0] == 192 && o[1] == 0 && (o[2] == 0 || o[2] == 2))
		return 0;		/* RFC 6890, RFC 5737 TEST-NET-1 */
	if (o[0] == 198 && (o[1] == 18 || o[1] == 19))
		return 0;		/* RFC 2544 benchmarking */
	if (o[0] == 198 && o[1] == 51 && o[2] == 100)
		return 0;		/* RFC 5737 TEST-NET-2 */
	if (o[0] == 203 && o[1] == 0 && o[2] == 113)
		return 0;		/* RFC 5737 TEST-NET-3 */
	return 1;
}

int
phi_valid_ipv6_public(const char *s, size_t n)
{
	char tmp[64];
	unsigned char a[16];

	if (n < 2 || n >= sizeof(tmp) || memchr(s, '\0', n) != NULL)
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET6, tmp, a) != 1)
		return 0;
	/* RFC 4291: global unicast is 2000::/3; that excludes loopback,
	 * link-local, unique-local (RFC 4193) and multicast. */
	if ((a[0] & 0xe0) != 0x20)
		return 0;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
		return 0;		/* RFC 3849 documentation */
	return 1;
}

static int
nanp_ok(const char *d)
{
	int line = (d[6] - '0') * 1000 + (d[7] - '0') * 100 +
		   (d[8] - '0') * 10 + (d[9] - '0');

	/* NANP: NPA and NXX are [2-9]XX. */
	if (d[0] < '2' || d[3] < '2')
		return 0;
	/* N11 codes are service codes (411, 911), not area codes or
	 * exchanges. */
	if (d[1] == '1' && d[2] == '1')
		return 0;
	if (d[4] == '1' && d[5] == '1')
		return 0;
	/* 555-0100..0199 is reserved for fiction. */
	if (d[3] == '5' && d[4] == '5' && d[5] == '5' &&
	    line >= 100 && line <= 199)
		return 0;
	if (all_same(d, 10))
		return 0;	/* input masks: (999) 999-9999 */
	/* Integer limits and their neighbours (2^31 = 2147483648,
	 * 2^32 = 4294967296) fill test logs and code, never a phone. */
	{
		uint64_t v = 0;

		for (int i = 0; i < 10; i++)
			v = v * 10 + (uint64_t)(d[i] - '0');
		if ((v >= 2147483648ULL - 16 && v <= 2147483648ULL + 16) ||
		    (v >= 4294967296ULL - 16 && v <= 4294967296ULL + 16))
			return 0;
	}
	return 1;
}

int
phi_valid_phone_us(const char *s, size_t n)
{
	char d[12];
	const char *slash = memchr(s, '/', n);
	int k;

	/* "415/320-4111": a slash only right after the area code. */
	if (slash != NULL && (n != 12 || slash != s + 3 || s[7] != '-'))
		return 0;
	k = digits_of(s, n, slash ? "-/" : " -.()+", d, 11);
	if (k == 11) {
		if (d[0] != '1')
			return 0;
		return nanp_ok(d + 1);
	}
	if (k != 10)
		return 0;
	if (memchr(s, '+', n) != NULL)
		return 0;	/* "+" then 10 digits is E.164, not NANP */
	return nanp_ok(d);
}

int
phi_valid_phone_e164(const char *s, size_t n)
{
	char d[16];
	int k;

	if (n < 2 || s[0] != '+')
		return 0;
	k = digits_of(s + 1, n - 1, " -.()", d, 15);
	/* ITU-T E.164: at most 15 digits; country codes never start with 0. */
	if (k < 8 || d[0] == '0' || all_same(d, k))
		return 0;
	if (d[0] == '1')
		return k == 11 && nanp_ok(d + 1);
	return 1;
}

static int
domain_is(const char *dom, size_t dn, const char *name)
{
	size_t ln = strlen(name), i;

	if (dn < ln)
		return 0;
	for (i = 0; i < ln; i++)
		if (to_lower((unsigned char)dom[dn - ln + i]) != name[i])
			return 0;
	return dn == ln || dom[dn - ln - 1] == '.';
}

int
phi_valid_email(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n), *dom, *dot;
	size_t ln, dn, i, tld;

	if (at == NULL)
		return 0;
	ln = (size_t)(at - s);
	dom = at + 1;
	dn = n - ln - 1;
	if (ln == 0 || ln > 64 || dn < 4 || dn > 253)
		return 0;
	if (memchr(dom, '@', dn) != NULL)
		return 0;
	if (s[0] == '.' || s[ln - 1] == '.')
		return 0;
	for (i = 0; i + 1 < ln; i++)
		if (s[i] == '.' && s[i + 1] == '.')
			return 0;
	for (i = 0; i < dn; i++) {
		unsigned char c = (unsigned char)dom[i];

		if (!(is_digit(c) || (to_lower(c) >= 'a' && to_lower(c) <= 'z') ||
		      c == '-' || c == '.'))
			return 0;
		if (c == '.' && (i == 0 || dom[i - 1] == '.' ||
				 dom[i - 1] == '-'))
			return 0;
	}
	dot = NULL;
	for (i = dn; i > 0; i--)
		if (dom[i - 1] == '.') {
			dot = dom + i - 1;
			break;
		}
	if (dot == NULL)
		return 0;
	tld = (size_t)(dom + dn - dot - 1);
	if (tld < 2 || tld > 24)
		return 0;
	for (i = 0; i < tld; i++) {
		int c = to_lower((unsigned char)dot[1 + i]);

		if (c < 'a' || c > 'z')
			return 0;
	}
	/* RFC 2606 / RFC 6761 reserved names. */
	if (domain_is(dom, dn, "example.com") ||
	    domain_is(dom, dn, "example.org") ||
	    domain_is(dom, dn, "example.net") ||
	    domain_is(dom, dn, "test") || domain_is(dom, dn, "invalid") ||
	    domain_is(dom, dn, "localhost") || domain_is(dom, dn, "example") ||
	    domain_is(dom, dn, "local"))
		return 0;
	return 1;
}

int
phi_valid_zip(const char *s, size_t n)
{
	char d[9];
	int k;

	if (n != 5 && n != 10)
		return 0;
	if (n == 10 && s[5] != '-')
		return 0;
	k = digits_of(s, n, "-", d, 9);
	if (k != (n == 5 ? 5 : 9))
		return 0;
	/* USPS never assigns 000xx. */
	return !(d[0] == '0' && d[1] == '0' && d[2] == '0');
}

int
phi_valid_mbi(const char *s, size_t n)
{
	/* CMS MBI format: C A AN N A AN N A A N N; letters exclude S L O I
	 * B Z; printed with dashes as 4-3-4. */
	static const char kind[] = "CAPNAPNAANN";
	char v[11];
	size_t i;
	int k = 0;

	if (n == 13) {
		if (s[4] != '-' || s[8] != '-')
			return 0;
	} else if (n != 11) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (n == 13 && (i == 4 || i == 8))
			continue;
		v[k++] = s[i];
	}
	for (k = 0; k < 11; k++) {
		int c = (unsigned char)v[k];
		int letter = is_upper(c) && strchr("SLOIBZ", c) == NULL;

		switch (kind[k]) {
		case 'C':
			if (c < '1' || c > '9')
				return 0;
			break;
		case 'A':
			if (!letter)
				return 0;
			break;
		case 'N':
			if (!is_digit(c))
				return 0;
			break;
		default:
			if (!letter && !is_digit(c))
				return 0;
		}
	}
	return 1;
}

int
phi_valid_imei(const char *s, size_t n)
{
	char d[15];

	/* 3GPP TS 23.003: 14 digits and a Luhn check digit. */
	if (digits_of(s, n, " -/", d, 15) != 15 || all_same(d, 15))
		return 0;
	return luhn_digits(d, 15, 0);
}

int
phi_valid_phone(const char *s, size_t n)
{
	return phi_valid_phone_us(s, n) || phi_valid_phone_e164(s, n);
}

static const struct {
	const char *name;
	phi_validator_fn fn;
} validators[] = {
	{ "card", phi_valid_card },
	{ "dea", phi_valid_dea },
	{ "email", phi_valid_email },
	{ "gtin", phi_valid_gtin },
	{ "icd10", phi_valid_icd10 },
	{ "imei", phi_valid_imei },
	{ "ipv4_public", phi_valid_ipv4_public },
	{ "ipv6_public", phi_valid_ipv6_public },
	{ "luhn", phi_valid_luhn },
	{ "mbi", phi_valid_mbi },
	{ "npi", phi_valid_npi },
	{ "phone", phi_valid_phone },
	{ "phone_e164", phi_valid_phone_e164 },
	{ "phone_us", phi_valid_phone_us },
	{ "ssn", phi_valid_ssn },
	{ "vin", phi_valid_vin },
	{ "zip", phi_valid_zip },
};

phi_validator_fn
phi_validator_lookup(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(validators) / sizeof(validators[0]); i++)
		if (strcmp(name, validators[i].name) == 0)
			return validators[i].fn;
	return NULL;
}
