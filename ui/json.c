#include "ui/json.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes there are not one. */
static int json_utf8_len(const unsigned char *s)
{
	int n;
	unsigned min;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2; cp = s[0] & 0x1f; min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3; cp = s[0] & 0x0f; min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4; cp = s[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int json_escape(char *dst, size_t size, const char *src)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t o = 0;
	char esc[8];

	if (size == 0)
		return -1;
	while (*s) {
		const char *piece = esc;
		size_t len;
		int n = 1;

		switch (*s) {
		case '"': piece = "\\\""; break;
		case '\\': piece = "\\\\"; break;
		case '\n': piece = "\\n"; break;
		case '\r': piece = "\\r"; break;
		case '\t': piece = "\\t"; break;
		case '\b': piece = "\\b"; break;
		case '\f': piece = "\\f"; break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				snprintf(esc, sizeof esc, "\\u%04x", *s);
			} else if ((n = json_utf8_len(s)) == 0) {
				n = 1;
				piece = "\\ufffd";
			} else {
				memcpy(esc, s, (size_t)n);
				esc[n] = '\0';
			}
		}
		len = strlen(piece);
		if (o + len + 1 > size) {
			dst[o] = '\0';
			return -1;
		}
		memcpy(dst + o, piece, len);
		o += len;
		s += n;
	}
	dst[o] = '\0';
	return (int)o;
}
