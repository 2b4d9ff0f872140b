/* The station's own error codes: a stable name for the CSV ("E-TIMEOUT") and words for the operator.
 * Module codes (CME file errors, FOTA END codes) are in modcode.h. */
#ifndef ERRCODE_H
#define ERRCODE_H

enum errcode {
	ERR_NONE = 0,
	ERR_TIMEOUT,      /* the module did not answer or report in time */
	ERR_PORT_LOST,    /* the AT port went away and did not come back */
	ERR_VERSION,      /* after the update the module runs another version than the target */
	ERR_CHECKSUM,     /* upload size or checksum did not match, retries used up */
	ERR_NO_PACKAGE,   /* no package for the module's running version */
	ERR_WRONG_BASE,   /* the module's version is the wrong base for the packages */
	ERR_MODULE,       /* the module reported the update failed (FOTA END,<n>) */
	ERR_DUPLICATE,    /* the same IMEI is already in another slot */
	ERR_IDENTITY,     /* a different module (IMEI) came back in the slot */
	ERR_IDENTIFY,     /* identification failed: bad IMEI, model or version answer */
	ERR_UFS_FULL,     /* not enough UFS space for the package */
	ERR_FILE,         /* a UFS file command failed */
	ERR_UPLOAD,       /* the upload itself failed (stall, error) */
	ERR_URC_PORT,     /* URCs are not routed to this port and could not be set */
	ERR_AT,           /* an AT command failed unexpectedly */
	ERR_PACKAGE,      /* the package file is unreadable or its sha256 does not match */
	ERR_ABORTED,      /* stopped by the operator or a shutdown */
	ERR_INTERNAL,     /* a station fault (out of resources) */
	ERR_PORT_ACCESS,  /* the station's user may not open the AT port (group, udev rule) */
	ERR_PORT_BUSY,    /* another process holds the AT port open exclusively */
	ERR_DOWNLOAD,     /* the module could not download a URL package (FTPEND / HTTPEND,<n>) */
	ERR_NO_AT_PORT,   /* the module is on USB but its AT interface has no tty */
	ERR_COUNT
};

/* "E-TIMEOUT"; never NULL. */
const char *errcode_name(enum errcode e);
/* Operator words: "module did not answer in time"; never NULL. */
const char *errcode_text(enum errcode e);
/* The code for a stable name, or -1. */
int errcode_from_name(const char *name);
#endif
