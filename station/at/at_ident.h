/* Identification of a module on an open channel: echo off and numeric errors, then model,
 * revision, full version and IMEI, and where its URCs go.
 * Functions return 0, or a negative enum at_status with a reason in err: how the command ended
 * (AT_ERROR, AT_CME, AT_TIMEOUT, AT_PORT_LOST, AT_CANCELLED), AT_MALFORMED for an answer that does
 * not read, AT_MISMATCH for a setting the module does not keep. */
#ifndef AT_IDENT_H
#define AT_IDENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "station/at/at_chan.h"
#include "station/at/at_ident_parse.h"

struct at_ident {
	char model[AT_IDENT_FIELD];     /* "RM500Q-GL" */
	char revision[AT_IDENT_FIELD];  /* "RM500QGLABR11A06M4G" */
	char version[AT_IDENT_FIELD];   /* "RM500QGLABR11A06M4G_01.001.01.001" */
	bool version_complete;          /* false: the module is still coming up; ask again */
	char imei[16];
};

/* ATE0 then AT+CMEE=1; tolerates the echo of a freshly booted module. */
int at_ident_prepare(struct at_chan *ch, int64_t timeout_ms, char *err, size_t errlen);
/* ATI, AT+QGMR, AT+CGSN into *id. An incomplete version is not an error (see version_complete). */
int at_ident_read(struct at_chan *ch, struct at_ident *id, int64_t timeout_ms, char *err, size_t errlen);
/* Only AT+QGMR (after the update, to poll until the version is complete). */
int at_ident_version(struct at_chan *ch, struct at_ident *id, int64_t timeout_ms, char *err, size_t errlen);
/* Reads AT+QURCCFG="urcport" into port (AT_IDENT_FIELD bytes). */
int at_ident_urcport(struct at_chan *ch, char *port, int64_t timeout_ms, char *err, size_t errlen);
/* Makes sure URCs go to the USB AT port: reads it, sets "usbat" if needed, reads it back. */
int at_ident_ensure_urcport(struct at_chan *ch, int64_t timeout_ms, char *err, size_t errlen);
/* The common tail of every step: a status that is not AT_OK as a negative status with words in
 * err (an unexpected OK or CONNECT is AT_MALFORMED). */
int at_ident_fail(const char *what, const struct at_response *r, char *err, size_t errlen);
#endif
