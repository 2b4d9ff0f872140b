/* How an AT command or wait ended. The AT library's own vocabulary: it knows modules, not the
 * station, so turning a status into a station error code is the caller's business. */
#ifndef AT_STATUS_H
#define AT_STATUS_H

/* Negative = the command did not get a normal answer. */
enum at_status {
	AT_OK = 0,            /* final OK */
	AT_CONNECT = 1,       /* CONNECT: the port is in data mode */
	AT_ERROR = -1,        /* final ERROR */
	AT_CME = -2,          /* final +CME ERROR: <n> */
	AT_TIMEOUT = -3,      /* no final result before the deadline */
	AT_PORT_LOST = -4,    /* read error, EOF or hang-up: the port is gone */
	AT_CANCELLED = -5,    /* the cancel fd became readable (abort, shutdown) */
	AT_REFUSED = -6,      /* refused before sending: bad argument (quote, control char, length) */
	AT_MALFORMED = -7,    /* a final OK, but an answer that does not read as the command's */
	AT_MISMATCH = -8,     /* the module's answer contradicts what was asked (size, checksum, setting) */
};
#define AT_STATUS_MIN AT_MISMATCH

const char *at_status_name(enum at_status s);
#endif
