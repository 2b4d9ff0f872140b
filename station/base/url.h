/* Package URLs: the FTP and HTTP(S) forms of AT+QFOTADL. A pure check of what the module will
 * be given, and the one function that hides a password wherever a URL is shown.
 *
 * A URL's password reaches exactly two places: the AT+QFOTADL line sent to the module and the
 * station's own fetch. Everything written or shown (records, transcripts, events, dashboard,
 * `station check`, error messages) goes through url_mask first. */
#ifndef URL_H
#define URL_H
#include <stddef.h>

/* The longest URL the module takes in AT+QFOTADL (PROTOCOL.md: at most 512 bytes). */
#define URL_MAX 512

enum url_scheme { URL_FTP, URL_HTTP, URL_HTTPS };

struct url {
	enum url_scheme scheme;
	size_t host_off, host_len;   /* the host inside the checked text (without [ ] of IPv6) */
	unsigned port;               /* as written, or the scheme's default (21, 80, 443) */
	int has_user, has_password;
	size_t path_off;             /* the path starts here ('/') */
};

/* Checks s: scheme ftp, http or https; at most URL_MAX bytes; no quotes, spaces, backslashes or
 * control characters (the URL goes inside a quoted AT argument); a host; a port 1..65535 when
 * given; a path naming a file. Returns 0 with *u filled, or -1 with "found ...; expected ..." in
 * why (with the password masked). Pure. */
int url_parse(const char *s, struct url *u, char *why, size_t n);
/* "ftp", "http", "https". */
const char *url_scheme_name(enum url_scheme s);
/* Copies text into out (always NUL-terminated, cut to fit) with the password of every URL in it
 * replaced by "***": "ftp://user:secret@host/x" -> "ftp://user:***@host/x". Works on any text,
 * also malformed URLs and lines that merely contain one (an AT command, an error message).
 * Returns out. Pure. */
char *url_mask(const char *text, char *out, size_t size);
#endif
