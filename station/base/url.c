#include "station/base/url.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	unsigned port;
} url_schemes[] = {
	[URL_FTP] = { "ftp", 21 },
	[URL_HTTP] = { "http", 80 },
	[URL_HTTPS] = { "https", 443 },
};

const char *url_scheme_name(enum url_scheme s)
{
	return (unsigned)s <= URL_HTTPS ? url_schemes[s].name : "?";
}

/* Where the word holding the URL whose "://" ends at start ends: the first quote, space or
 * control character (the end of a quoted AT argument, of a word in a message). */
static size_t url_word_end(const char *text, size_t start)
{
	size_t i = start;
	while (text[i] && !strchr("\"' \t", text[i]) && (unsigned char)text[i] >= 0x20)
		i++;
	return i;
}

char *url_mask(const char *text, char *out, size_t size)
{
	size_t o = 0, i = 0;

	if (size == 0)
		return out;
	while (text[i] && o + 1 < size) {
		const char *sep = strstr(text + i, "://");
		if (!sep) {
			size_t rest = strlen(text + i);
			if (rest > size - 1 - o)
				rest = size - 1 - o;
			memcpy(out + o, text + i, rest);
			o += rest;
			break;
		}
		size_t a = (size_t)(sep - text) + 3, end = url_word_end(text, a);
		/* The password runs from the first ':' of the user info to the last '@' of the word. A
		 * password with an unencoded '/' or '@' stays hidden too: masking a path by mistake is
		 * ugly, showing a password is not allowed. */
		const char *at = NULL;
		for (size_t k = a; k < end; k++)
			if (text[k] == '@')
				at = text + k;
		const char *colon = at ? memchr(text + a, ':', (size_t)(at - (text + a))) : NULL;
		size_t copy_to = colon ? (size_t)(colon - text) + 1 : end;
		for (; i < copy_to && o + 1 < size; i++)
			out[o++] = text[i];
		if (colon) {
			for (const char *m = "***"; *m && o + 1 < size; m++)
				out[o++] = *m;
			i = (size_t)(at - text);
		}
	}
	out[o] = '\0';
	return out;
}

/* "found '<masked s>' <what>; expected <exp>" */
static int url_refuse(const char *s, char *why, size_t n, const char *what, const char *exp)
{
	char shown[URL_MAX + 64];
	char cut[URL_MAX + 1];
	snprintf(cut, sizeof cut, "%s", s);
	url_mask(cut, shown, sizeof shown);
	snprintf(why, n, "found '%s'%s%s; expected %s", shown, what[0] ? " " : "", what, exp);
	return -1;
}

int url_parse(const char *s, struct url *u, char *why, size_t n)
{
	static const char expect[] = "ftp://[user[:password]@]host[:port]/path or http(s)://host[:port]/path";
	size_t len = strlen(s), i;
	int scheme = -1;

	memset(u, 0, sizeof *u);
	if (len > URL_MAX) {
		char what[64];
		snprintf(what, sizeof what, "(%zu bytes)", len);
		return url_refuse(s, why, n, what, "at most 512 bytes (the module's limit)");
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char what[64];
		if (c < 0x20 || c == 0x7f) {
			snprintf(what, sizeof what, "with a control character (0x%02x)", c);
			return url_refuse(s, why, n, what, "a URL without control characters");
		}
		if (c == '"' || c == '\'' || c == ' ' || c == '\\') {
			snprintf(what, sizeof what, "with %s", c == ' ' ? "a space" : c == '\\' ?
				 "a backslash" : "a quote");
			return url_refuse(s, why, n, what, "no quotes, spaces or backslashes "
					  "(percent-encode them: %20)");
		}
	}
	const char *sep = strstr(s, "://");
	if (sep) {
		for (int k = URL_FTP; k <= URL_HTTPS; k++)
			if ((size_t)(sep - s) == strlen(url_schemes[k].name) &&
			    strncasecmp(s, url_schemes[k].name, (size_t)(sep - s)) == 0)
				scheme = k;
	}
	if (scheme < 0)
		return url_refuse(s, why, n, "", expect);
	u->scheme = (enum url_scheme)scheme;
	u->port = url_schemes[scheme].port;
	size_t a = (size_t)(sep - s) + 3, end = a;
	while (s[end] && s[end] != '/' && s[end] != '?' && s[end] != '#')
		end++;
	size_t h = a;
	for (size_t k = a; k < end; k++)
		if (s[k] == '@')
			h = k + 1;
	if (h > a) {
		u->has_user = 1;
		const char *colon = memchr(s + a, ':', h - 1 - a);
		u->has_password = colon != NULL;
		if (s[a] == '@' || s[a] == ':')
			return url_refuse(s, why, n, "with an empty user name", expect);
	}
	size_t host_end = end, port_at = 0;
	if (s[h] == '[') {
		const char *close = memchr(s + h, ']', end - h);
		if (!close || close == s + h + 1)
			return url_refuse(s, why, n, "with a broken [IPv6] host", expect);
		u->host_off = h + 1;
		u->host_len = (size_t)(close - s) - h - 1;
		if ((size_t)(close - s) + 1 < end) {
			if (close[1] != ':')
				return url_refuse(s, why, n, "with text after the [IPv6] host", expect);
			port_at = (size_t)(close - s) + 2;
		}
	} else {
		const char *colon = memchr(s + h, ':', end - h);
		if (colon) {
			host_end = (size_t)(colon - s);
			port_at = host_end + 1;
		}
		u->host_off = h;
		u->host_len = host_end - h;
		for (size_t k = h; k < host_end; k++)
			if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
			      (s[k] >= '0' && s[k] <= '9') || s[k] == '-' || s[k] == '.' || s[k] == '_'))
				return url_refuse(s, why, n, "with a character a host name cannot have",
						  expect);
	}
	if (u->host_len == 0)
		return url_refuse(s, why, n, "without a host", expect);
	if (port_at) {
		unsigned long p = 0;
		size_t k = port_at;
		if (k == end)
			return url_refuse(s, why, n, "with an empty port", "a port 1..65535");
		for (; k < end; k++) {
			if (s[k] < '0' || s[k] > '9' || p > 65535)
				break;
			p = p * 10 + (unsigned long)(s[k] - '0');
		}
		if (k < end || p < 1 || p > 65535)
			return url_refuse(s, why, n, "with a bad port", "a port 1..65535");
		u->port = (unsigned)p;
	}
	if (s[end] != '/')
		return url_refuse(s, why, n, "without a path", "a path to the package file, e.g. "
				  "http://host:8080/packages/A04-to-A06.zip");
	u->path_off = end;
	const char *file_end = s + end + strcspn(s + end, "?#");
	if (file_end[-1] == '/')
		return url_refuse(s, why, n, "whose path names a folder", "a path to the package file");
	return 0;
}
