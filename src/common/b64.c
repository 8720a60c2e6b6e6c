/* b64.c -- strict base64 (RFC 4648). */
#include <config.h>

#include <string.h>

#include "common/b64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
ck_b64_encode(const unsigned char *in, size_t n, char *out)
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
		out[o++] = '=';
		out[o++] = '=';
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
}

static int
val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
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
