/* mask.c -- masked excerpts: enough shape to find the value again, never
 * enough to recover it.
 *
 * The rule: separators (ASCII punctuation and spaces) are kept, every
 * letter, digit and non-ASCII character becomes '*'.  For identifiers
 * that are long numbers (SSN, card, MRN, phone...) with at least 8
 * alphanumerics, the last 4 stay visible, as card receipts and SSA
 * letters print them (***-**-6789).  Names, dates, addresses, e-mail,
 * URLs, IPs, ZIP codes, ages and codes are masked whole: their initials
 * or last digits narrow a person down far more than 4 of 9 SSN digits do.
 */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "common/phi/value.h"
#include "common/phi/phi.h"

/* Excerpts are for eyes; past this many characters the shape says
 * nothing more. */
#define MASK_MAX_CHARS 64

static int
shows_tail(int type)
{
	switch (type) {
	case PHI_PHONE: case PHI_FAX: case PHI_SSN: case PHI_NPI:
	case PHI_DEA: case PHI_CREDIT_CARD: case PHI_VEHICLE: case PHI_MRN:
	case PHI_HEALTH_PLAN: case PHI_ACCOUNT: case PHI_LICENSE:
	case PHI_DEVICE: case PHI_BIOMETRIC: case PHI_OTHER_ID:
		return 1;
	default:
		return 0;
	}
}

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

int
phi_mask(int type, const char *value, size_t len, struct ck_buf *out)
{
	const unsigned char *v = (const unsigned char *)value;
	size_t i, alnum = 0, seen = 0, shown = 0, reveal_from;
	int n;

	for (i = 0; i < len; i++)
		if (is_alnum(v[i]))
			alnum++;
	reveal_from = (shows_tail(type) && alnum >= 8) ? alnum - 4 : SIZE_MAX;
	for (i = 0; i < len && shown < MASK_MAX_CHARS; i += (size_t)n) {
		unsigned char c = v[i];
		char o;

		n = 1;
		if (c >= 0x80) {
			/* One '*' per character, whatever its byte count. */
			n = ck_utf8_seqlen(v + i, len - i);
			if (n <= 0)
				n = 1;
			o = '*';
		} else if (is_alnum(c)) {
			o = seen++ >= reveal_from ? (char)c : '*';
		} else if (c < 0x20 || c == 0x7f) {
			o = ' ';
		} else {
			o = (char)c;
		}
		if (ck_buf_append_char(out, o) < 0)
			return -1;
		shown++;
	}
	if (i < len && ck_buf_append_str(out, "...") < 0)
		return -1;
	return 0;
}

int
phi_escape_text(const char *value, size_t len, struct ck_buf *out)
{
	const unsigned char *v = (const unsigned char *)value;
	size_t i;
	int n, rc = 0;

	for (i = 0; i < len && rc == 0; i += (size_t)n) {
		n = 1;
		if (v[i] == '\\')
			rc = ck_buf_append_str(out, "\\\\");
		else if (v[i] == '\n')
			rc = ck_buf_append_str(out, "\\n");
		else if (v[i] == '\r')
			rc = ck_buf_append_str(out, "\\r");
		else if (v[i] == '\t')
			rc = ck_buf_append_str(out, "\\t");
		else if (v[i] < 0x20 || v[i] == 0x7f)
			rc = ck_buf_appendf(out, "\\x%02x", v[i]);
		else if (v[i] < 0x80)
			rc = ck_buf_append_char(out, (char)v[i]);
		else if ((n = ck_utf8_seqlen(v + i, len - i)) > 0)
			rc = ck_buf_append(out, v + i, (size_t)n);
		else {
			n = 1;
			rc = ck_buf_appendf(out, "\\x%02x", v[i]);
		}
	}
	return rc;
}
