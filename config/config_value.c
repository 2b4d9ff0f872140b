#include "config/config_value.h"

#include <libpq-fe.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int config_value_bool(const char *s, bool *out, char *why, size_t n)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	snprintf(why, n, "found '%s'; expected yes or no (also true/false, on/off, 1/0)", s);
	return -1;
}

/* Reads the decimal digits at *p (at most 18) into *v; 0 when there were none. */
static int config_value_digits(const char **p, int64_t *v)
{
	int count = 0;
	*v = 0;
	while (isdigit((unsigned char)**p) && count < 18) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		count++;
	}
	return count;
}

int config_value_int(const char *s, int64_t min, int64_t max, int64_t *out, char *why, size_t n)
{
	const char *p = s;
	int64_t v;
	int digits = config_value_digits(&p, &v);

	if (digits == 0 || *p != '\0') {
		if (s[0] == '-')
			snprintf(why, n, "found '%s'; expected a whole number from %lld to %lld", s,
				 (long long)min, (long long)max);
		else
			snprintf(why, n, "found '%s'; expected a plain decimal number (digits only) "
				 "from %lld to %lld", s, (long long)min, (long long)max);
		return -1;
	}
	if (digits > 1 && s[0] == '0') {
		snprintf(why, n, "found '%s' with a leading zero (iniparser reads it as octal); "
			 "expected a decimal number without leading zeros", s);
		return -1;
	}
	if (v < min || v > max) {
		snprintf(why, n, "found %lld; expected a number from %lld to %lld", (long long)v,
			 (long long)min, (long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int config_value_hex16(const char *s, uint16_t *out, char *why, size_t n)
{
	const char *p = s;
	unsigned v = 0;
	int digits = 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	for (; isxdigit((unsigned char)*p) && digits < 5; p++, digits++)
		v = v * 16 + (unsigned)(isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10);
	if (digits == 0 || digits > 4 || *p != '\0') {
		snprintf(why, n, "found '%s'; expected a 16-bit hex number such as 0x2c7c", s);
		return -1;
	}
	*out = (uint16_t)v;
	return 0;
}

int config_value_hex16_list(const char *s, uint16_t *out, int max, int *count, char *why, size_t n)
{
	char item[32];
	const char *p = s;
	int k = 0;

	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && isspace((unsigned char)*p)) {
			p++;
			len--;
		}
		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		if (len == 0) {
			snprintf(why, n, "found an empty entry in '%s'; expected hex ids separated by "
				 "commas, such as 0x0800, 0x0801", s);
			return -1;
		}
		if (len >= sizeof item)
			len = sizeof item - 1;
		memcpy(item, p, len);
		item[len] = '\0';
		if (k == max) {
			snprintf(why, n, "found more than %d ids in '%s'; expected at most %d", max, s, max);
			return -1;
		}
		if (config_value_hex16(item, &out[k], why, n) < 0)
			return -1;
		for (int i = 0; i < k; i++) {
			if (out[i] == out[k]) {
				snprintf(why, n, "found 0x%04x twice; expected each id once", out[k]);
				return -1;
			}
		}
		k++;
		if (!end)
			break;
		p = end + 1;
	}
	*count = k;
	return 0;
}

int config_value_ms(const char *s, int64_t min_ms, int64_t max_ms, int64_t *out, char *why, size_t n)
{
	const char *p = s;
	int64_t whole, frac = 0;
	int digits = config_value_digits(&p, &whole), fdigits = 0;

	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p) && fdigits < 4) {
			frac = frac * 10 + (*p - '0');
			p++;
			fdigits++;
		}
	}
	if (digits == 0 || *p != '\0' || (p[-1] == '.') || fdigits > 3 || digits > 9) {
		snprintf(why, n, "found '%s'; expected seconds such as 5 or 0.5 (at most 3 decimals)", s);
		return -1;
	}
	if (digits > 1 && s[0] == '0') {
		snprintf(why, n, "found '%s' with a leading zero; expected seconds such as 5 or 0.5", s);
		return -1;
	}
	while (fdigits < 3) {
		frac *= 10;
		fdigits++;
	}
	int64_t ms = whole * 1000 + frac;
	if (ms < min_ms || ms > max_ms) {
		snprintf(why, n, "found %s s; expected %g to %g seconds", s, (double)min_ms / 1000,
			 (double)max_ms / 1000);
		return -1;
	}
	*out = ms;
	return 0;
}

int config_value_usb_path(const char *s, char *out, size_t outlen, char *why, size_t n)
{
	const char *p = s;
	int ports = 0;

	if (strncmp(s, "usb:", 4) != 0) {
		snprintf(why, n, "found '%s'; expected usb:BUS-PORT.PORT..., such as usb:1-1.4.2", s);
		return -1;
	}
	p += 4;
	for (int part = 0;; part++) {
		const char *start = p;
		int64_t v;
		int digits = config_value_digits(&p, &v);
		if (digits == 0 || digits > 3 || v < 1 || v > 255 || (digits > 1 && *start == '0')) {
			if (part == 0)
				snprintf(why, n, "found '%s': the bus is not a number from 1 to 255; "
					 "expected usb:BUS-PORT.PORT..., such as usb:1-1.4.2", s);
			else
				snprintf(why, n, "found '%s': port %d is not a number from 1 to 255; "
					 "expected usb:BUS-PORT.PORT..., such as usb:1-1.4.2", s, part);
			return -1;
		}
		if (part > 0)
			ports++;
		if (*p == '\0' && part > 0)
			break;
		if ((part == 0 && *p != '-') || (part > 0 && *p != '.')) {
			snprintf(why, n, "found '%s'; expected usb:BUS-PORT.PORT..., such as usb:1-1.4.2 "
				 "(a '-' after the bus, '.' between ports)", s);
			return -1;
		}
		p++;
	}
	if (ports > CONFIG_USB_DEPTH) {
		snprintf(why, n, "found '%s' with %d ports; expected at most %d levels", s, ports,
			 CONFIG_USB_DEPTH);
		return -1;
	}
	if (strlen(s + 4) >= outlen) {
		snprintf(why, n, "found '%s'; too long", s);
		return -1;
	}
	strcpy(out, s + 4);
	return 0;
}

int config_value_name(const char *s, bool no_slash, char *why, size_t n)
{
	size_t len = strlen(s);
	if (len == 0) {
		snprintf(why, n, "found an empty name; expected 1 to %d bytes", CONFIG_NAME_MAX);
		return -1;
	}
	if (len > CONFIG_NAME_MAX) {
		snprintf(why, n, "found %zu bytes; expected at most %d (the module refuses longer names)",
			 len, CONFIG_NAME_MAX);
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			snprintf(why, n, "found a control character (0x%02x) at byte %zu; expected "
				 "printable text", c, i + 1);
			return -1;
		}
		if (c == '"' || c == '\'') {
			snprintf(why, n, "found a quote (%c) in '%s'; expected a name without quotes "
				 "(it goes inside an AT command's quotes)", c, s);
			return -1;
		}
		if (no_slash && (c == '/' || c == '\\')) {
			snprintf(why, n, "found '%c' in '%s'; expected a name without path separators",
				 c, s);
			return -1;
		}
	}
	return 0;
}

int config_value_label(const char *s, char *why, size_t n)
{
	size_t len = strlen(s);
	int ok = len >= 1 && len <= CONFIG_LABEL_MAX;
	for (size_t i = 0; ok && i < len; i++)
		ok = isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_';
	if (!ok) {
		snprintf(why, n, "found slot label '%s'; expected 1 to %d letters, digits, '-' or '_'",
			 s, CONFIG_LABEL_MAX);
		return -1;
	}
	return 0;
}

int config_value_sha256(const char *s, char out[65], char *why, size_t n)
{
	size_t len = strlen(s);
	int ok = len == 64;
	for (size_t i = 0; ok && i < len; i++)
		ok = isxdigit((unsigned char)s[i]);
	if (!ok) {
		snprintf(why, n, "found '%.70s' (%zu characters); expected 64 hex digits", s, len);
		return -1;
	}
	for (size_t i = 0; i < 64; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[64] = '\0';
	return 0;
}

int config_value_conninfo(const char *s, char *why, size_t n)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(s, &msg);
	int rc = 0;

	if (!opts) {
		/* libpq's message ends with a newline; keep it on one line. */
		size_t len = msg ? strcspn(msg, "\n") : 0;
		snprintf(why, n, "found a connection string libpq refuses (%.*s); expected a URI such as "
			 "postgresql://station@host/line or key=value pairs", (int)len, msg ? msg : "");
		PQfreemem(msg);
		return -1;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && o->val[0]) {
			snprintf(why, n, "found a password in the connection string; expected none "
				 "(put it in ~/.pgpass or the file PGPASSFILE names)");
			rc = -1;
		}
	PQconninfoFree(opts);
	return rc;
}
