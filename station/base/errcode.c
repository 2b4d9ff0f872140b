#include "station/base/errcode.h"

#include <string.h>

struct errcode_entry {
	const char *name;
	const char *text;
};

static const struct errcode_entry errcode_table[ERR_COUNT] = {
	[ERR_NONE]       = { "",             "no error" },
	[ERR_TIMEOUT]    = { "E-TIMEOUT",    "module did not answer or report in time" },
	[ERR_PORT_LOST]  = { "E-PORT-LOST",  "module's AT port went away" },
	[ERR_VERSION]    = { "E-VERSION",    "module runs another version than the target after the update" },
	[ERR_CHECKSUM]   = { "E-CHECKSUM",   "uploaded size or checksum did not match" },
	[ERR_NO_PACKAGE] = { "E-NO-PACKAGE", "no package for the module's firmware version" },
	[ERR_WRONG_BASE] = { "E-WRONG-BASE", "module firmware is not a base any package applies to" },
	[ERR_MODULE]     = { "E-MODULE",     "module reported the update failed" },
	[ERR_DUPLICATE]  = { "E-DUPLICATE",  "same IMEI is already in another slot" },
	[ERR_IDENTITY]   = { "E-IDENTITY",   "a different module came back in this slot" },
	[ERR_IDENTIFY]   = { "E-IDENTIFY",   "module identification failed" },
	[ERR_UFS_FULL]   = { "E-UFS-FULL",   "not enough free space on the module for the package" },
	[ERR_FILE]       = { "E-FILE",       "module file command failed" },
	[ERR_UPLOAD]     = { "E-UPLOAD",     "upload to the module failed" },
	[ERR_URC_PORT]   = { "E-URC-PORT",   "module reports on another port and could not be set" },
	[ERR_AT]         = { "E-AT",         "AT command failed" },
	[ERR_PACKAGE]    = { "E-PACKAGE",    "package file unreadable or sha256 mismatch" },
	/* the module dials on its first APN; the vendor's note says the host must not hold a data
	 * call on it meanwhile */
	[ERR_DOWNLOAD]   = { "E-DOWNLOAD",   "module could not download the package: check the server, the "
					     "module's network registration, and no host data call on its first APN" },
	[ERR_ABORTED]    = { "E-ABORTED",    "stopped before the unit finished" },
	[ERR_INTERNAL]   = { "E-INTERNAL",   "station fault" },
	[ERR_PORT_ACCESS] = { "E-PORT-ACCESS", "the station's user may not open the module's AT port" },
	[ERR_PORT_BUSY]  = { "E-PORT-BUSY",  "another process holds the module's AT port" },
	[ERR_NO_AT_PORT] = { "E-NO-AT-PORT", "module found on USB, but its AT interface has no tty: no serial "
					     "driver (option) bound to it, or [usb] at_interface names another one" },
};

const char *errcode_name(enum errcode e)
{
	return (unsigned)e < ERR_COUNT ? errcode_table[e].name : "E-INTERNAL";
}

const char *errcode_text(enum errcode e)
{
	return (unsigned)e < ERR_COUNT ? errcode_table[e].text : "unknown error code";
}

int errcode_from_name(const char *name)
{
	for (int i = 0; i < ERR_COUNT; i++)
		if (strcmp(errcode_table[i].name, name) == 0)
			return i;
	return -1;
}
