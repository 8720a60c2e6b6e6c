/* b64.c -- strict base64 and unpadded base64url (RFC 4648 §4, §5). */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "common/b64.h"

static const char std_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* One encoder for both alphabets; pad says whether the last group is
 * filled out with '=' (base64) or left short (base64url as we use it). */
static void
encode(const char *alphabet, int pad, const unsigned char *in, size_t n,
       char *out)
{
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 |
			     in[i + 2];
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
	}
	if (n - i == 1) {
		unsigned v = (unsigned)in[i] << 16;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		if (pad) {
			out[o++] = '=';
			out[o++] = '=';
		}
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		if (pad)
			out[o++] = '=';
	}
	out[o] = '\0';
}

void
ck_b64_encode(const unsigned char *in, size_t n, char *out)
{
	encode(std_alphabet, 1, in, n, out);
}

void
ck_b64url_encode(const unsigned char *in, size_t n, char *out)
{
	encode(url_alphabet, 0, in, n, out);
}

/* The value of c in the alphabet whose last two letters are c62 and c63. */
static int
val_in(char c, char c62, char c63)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == c62)
		return 62;
	if (c == c63)
		return 63;
	return -1;
}

int
ck_b64url_val(char c)
{
	return val_in(c, '-', '_');
}

long
ck_b64url_decode(const char *s, size_t len, unsigned char *out, size_t cap)
{
	size_t i, o = 0;
	uint32_t x = 0;
	int bits = 0, v;

	/* A lone sixth of a byte is no encoding; 2 or 3 trailing
	 * characters carry 1 or 2 bytes. */
	if (len % 4 == 1 || len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0) > cap)
		return -1;
	for (i = 0; i < len; i++) {
		v = ck_b64url_val(s[i]);
		if (v < 0)
			return -1;
		x = x << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(x >> bits);
		}
	}
	/* Leftover bits must be zero: one value, one spelling. */
	if ((x & ((1u << bits) - 1)) != 0)
		return -1;
	return (long)o;
}

static int
val(char c)
{
	return val_in(c, '+', '/');
}

long
ck_b64_decode(const char *s, size_t len, unsigned char *out, size_t cap)
{
	size_t i, o = 0, pad = 0;

	if (len % 4 != 0)
		return -1;
	if (len >= 1 && s[len - 1] == '=')
		pad = (len >= 2 && s[len - 2] == '=') ? 2 : 1;
	if (len / 4 * 3 - pad > cap)
		return -1;
	for (i = 0; i < len; i += 4) {
		int a = val(s[i]), b = val(s[i + 1]), c, d;
		int last = (i + 4 == len);

		if (a < 0 || b < 0)
			return -1;
		if (last && pad == 2) {
			if (s[i + 2] != '=' || (b & 15) != 0)
				return -1;
			out[o++] = (unsigned char)(a << 2 | b >> 4);
			break;
		}
		c = val(s[i + 2]);
		if (c < 0)
			return -1;
		if (last && pad == 1) {
			if ((c & 3) != 0)
				return -1;
			out[o++] = (unsigned char)(a << 2 | b >> 4);
			out[o++] = (unsigned char)((b & 15) << 4 | c >> 2);
			break;
		}
		d = val(s[i + 3]);
		if (d < 0)
			return -1;
		out[o++] = (unsigned char)(a << 2 | b >> 4);
		out[o++] = (unsigned char)((b & 15) << 4 | c >> 2);
		out[o++] = (unsigned char)((c & 3) << 6 | d);
	}
	return (long)o;
}
