#include "station/at/at_ident_parse.h"

#include <stdio.h>
#include <string.h>

/* A field worth keeping: printable ASCII, no quotes, fits. */
static bool at_ident_printable(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n >= max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e || s[i] == '"')
			return false;
	return true;
}

int at_ident_parse_ati(char (*lines)[1024], int n, char *model, char *revision, char *err, size_t errlen)
{
	model[0] = revision[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *l = lines[i];
		if (strncmp(l, "Revision:", 9) == 0) {
			l += 9;
			while (*l == ' ')
				l++;
			if (!at_ident_printable(l, AT_IDENT_FIELD)) {
				snprintf(err, errlen, "ATI: bad revision \"%.40s\"", l);
				return -1;
			}
			strcpy(revision, l);
		} else if (strcmp(l, "Quectel") == 0 || model[0]) {
			continue;
		} else if (at_ident_printable(l, AT_IDENT_FIELD)) {
			strcpy(model, l);
		}
	}
	if (!model[0] || !revision[0]) {
		snprintf(err, errlen, "ATI: no %s in the answer", model[0] ? "revision" : "model");
		return -1;
	}
	return 0;
}

static bool at_ident_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool at_ident_version_complete(const char *version)
{
	/* "_NN.NNN.NN.NNN" is 14 characters at the very end. */
	size_t n = strlen(version);
	const char *t;

	if (n < 15)
		return false;
	t = version + n - 14;
	if (t[0] != '_' || t[3] != '.' || t[7] != '.' || t[10] != '.')
		return false;
	if (!at_ident_digits(t + 1, 2) || !at_ident_digits(t + 4, 3) || !at_ident_digits(t + 8, 2) ||
	    !at_ident_digits(t + 11, 3))
		return false;
	return strcmp(t + 7, ".00.000") != 0;
}

int at_ident_parse_qgmr(char (*lines)[1024], int n, char *version, bool *complete, char *err, size_t errlen)
{
	const char *v = NULL;

	version[0] = '\0';
	*complete = false;
	for (int i = 0; i < n; i++) {
		const char *l = lines[i];
		if (strncmp(l, "+QGMR:", 6) == 0)
			for (l += 6; *l == ' '; l++)
				;
		if (v) {
			snprintf(err, errlen, "AT+QGMR: more than one line");
			return -1;
		}
		v = l;
	}
	if (!v || !at_ident_printable(v, AT_IDENT_FIELD)) {
		snprintf(err, errlen, "AT+QGMR: %s", v ? "bad version text" : "no version in the answer");
		return -1;
	}
	strcpy(version, v);
	*complete = at_ident_version_complete(version);
	return 0;
}

bool at_ident_luhn_ok(const char *digits)
{
	size_t n = strlen(digits);
	int sum = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (d < 0 || d > 9)
			return false;
		if (i & 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

int at_ident_parse_cgsn(char (*lines)[1024], int n, char *imei, char *err, size_t errlen)
{
	const char *l;
	size_t len;

	imei[0] = '\0';
	if (n != 1) {
		snprintf(err, errlen, "AT+CGSN: %d lines, expected one", n);
		return -1;
	}
	l = lines[0];
	if (strncmp(l, "+CGSN:", 6) == 0)
		for (l += 6; *l == ' '; l++)
			;
	len = strlen(l);
	if (len == 17 && l[0] == '"' && l[16] == '"') {
		l++;
		len = 15;
	}
	if (len != 15 || !at_ident_digits(l, 15)) {
		snprintf(err, errlen, "AT+CGSN: \"%.40s\" is not 15 digits", lines[0]);
		return -1;
	}
	memcpy(imei, l, 15);
	imei[15] = '\0';
	if (!at_ident_luhn_ok(imei)) {
		snprintf(err, errlen, "AT+CGSN: IMEI %s fails the Luhn check", imei);
		imei[0] = '\0';
		return -1;
	}
	return 0;
}

int at_ident_parse_urcport(const char *line, char *port, char *err, size_t errlen)
{
	static const char head[] = "+QURCCFG: \"urcport\",\"";
	const char *s, *q;
	size_t n;

	port[0] = '\0';
	if (strncmp(line, head, sizeof head - 1) != 0) {
		snprintf(err, errlen, "AT+QURCCFG: unexpected answer \"%.40s\"", line);
		return -1;
	}
	s = line + sizeof head - 1;
	q = strchr(s, '"');
	n = q ? (size_t)(q - s) : 0;
	if (!q || q[1] != '\0' || n == 0 || n >= AT_IDENT_FIELD) {
		snprintf(err, errlen, "AT+QURCCFG: malformed answer \"%.40s\"", line);
		return -1;
	}
	memcpy(port, s, n);
	port[n] = '\0';
	return 0;
}
