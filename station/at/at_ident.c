#include "station/at/at_ident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station/base/xalloc.h"

int at_ident_fail(const char *what, const struct at_response *r, char *err, size_t errlen)
{
	if (r->status == AT_CME && r->cme >= 0)
		snprintf(err, errlen, "%s: +CME ERROR: %d", what, r->cme);
	else
		snprintf(err, errlen, "%s: %s", what, at_status_name(r->status));
	/* OK or CONNECT where the command needed the other: an answer that is not this command's. */
	return r->status < 0 ? (int)r->status : (int)AT_MALFORMED;
}

/* One command that must end in OK. */
static int at_ident_simple(struct at_chan *ch, const char *cmd, const char *const *prefixes,
			   int64_t timeout_ms, struct at_response *r, char *err, size_t errlen)
{
	if (at_chan_command(ch, cmd, prefixes, timeout_ms, r) != AT_OK)
		return at_ident_fail(cmd, r, err, errlen);
	return 0;
}

int at_ident_prepare(struct at_chan *ch, int64_t timeout_ms, char *err, size_t errlen)
{
	struct at_response *r = xmalloc(sizeof *r);
	static const char *const none[] = { NULL };
	int rc = at_ident_simple(ch, "ATE0", none, timeout_ms, r, err, errlen);

	if (rc == 0)
		rc = at_ident_simple(ch, "AT+CMEE=1", none, timeout_ms, r, err, errlen);
	free(r);
	return rc;
}

static const char *const at_ident_bare[] = { "", NULL };

int at_ident_version(struct at_chan *ch, struct at_ident *id, int64_t timeout_ms, char *err, size_t errlen)
{
	struct at_response *r = xmalloc(sizeof *r);
	int rc = at_ident_simple(ch, "AT+QGMR", at_ident_bare, timeout_ms, r, err, errlen);

	if (rc == 0 && at_ident_parse_qgmr(r->lines, r->n_lines, id->version, &id->version_complete, err, errlen) < 0)
		rc = AT_MALFORMED;
	free(r);
	return rc;
}

int at_ident_read(struct at_chan *ch, struct at_ident *id, int64_t timeout_ms, char *err, size_t errlen)
{
	struct at_response *r = xmalloc(sizeof *r);
	int rc;

	memset(id, 0, sizeof *id);
	rc = at_ident_simple(ch, "ATI", at_ident_bare, timeout_ms, r, err, errlen);
	if (rc == 0 && at_ident_parse_ati(r->lines, r->n_lines, id->model, id->revision, err, errlen) < 0)
		rc = AT_MALFORMED;
	if (rc == 0)
		rc = at_ident_version(ch, id, timeout_ms, err, errlen);
	if (rc == 0)
		rc = at_ident_simple(ch, "AT+CGSN", at_ident_bare, timeout_ms, r, err, errlen);
	if (rc == 0 && at_ident_parse_cgsn(r->lines, r->n_lines, id->imei, err, errlen) < 0)
		rc = AT_MALFORMED;
	free(r);
	return rc;
}

int at_ident_urcport(struct at_chan *ch, char *port, int64_t timeout_ms, char *err, size_t errlen)
{
	static const char *const prefix[] = { "+QURCCFG:", NULL };
	struct at_response *r = xmalloc(sizeof *r);
	int rc = at_ident_simple(ch, "AT+QURCCFG=\"urcport\"", prefix, timeout_ms, r, err, errlen);

	port[0] = '\0';
	if (rc == 0 && r->n_lines != 1) {
		snprintf(err, errlen, "AT+QURCCFG: %d answer lines, expected one", r->n_lines);
		rc = AT_MALFORMED;
	}
	if (rc == 0 && at_ident_parse_urcport(r->lines[0], port, err, errlen) < 0)
		rc = AT_MALFORMED;
	free(r);
	return rc;
}

int at_ident_ensure_urcport(struct at_chan *ch, int64_t timeout_ms, char *err, size_t errlen)
{
	static const char *const none[] = { NULL };
	char port[AT_IDENT_FIELD];
	struct at_response *r;
	int rc = at_ident_urcport(ch, port, timeout_ms, err, errlen);

	if (rc < 0 || strcmp(port, "usbat") == 0)
		return rc;
	at_chan_note(ch, "URCs go to \"%s\": setting usbat", port);
	r = xmalloc(sizeof *r);
	rc = at_ident_simple(ch, "AT+QURCCFG=\"urcport\",\"usbat\"", none, timeout_ms, r, err, errlen);
	free(r);
	if (rc == 0)
		rc = at_ident_urcport(ch, port, timeout_ms, err, errlen);
	if (rc == 0 && strcmp(port, "usbat") != 0) {
		snprintf(err, errlen, "URC port stays \"%s\" after setting usbat", port);
		rc = AT_MISMATCH;
	}
	return rc;
}
