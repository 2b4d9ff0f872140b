#include "station/at/modcode.h"

enum modcode_cme_id {
	MC_INVALID_INPUT, MC_LARGER_THAN_FILE, MC_READ_ZERO, MC_DRIVE_FULL, MC_NOT_FOUND,
	MC_INVALID_NAME, MC_EXISTS, MC_WRITE_FAILED, MC_OPEN_FAILED, MC_READ_FAILED, MC_TOO_MANY_OPEN,
	MC_READ_ONLY, MC_INVALID_FD, MC_LIST_FAILED, MC_DELETE_FAILED, MC_DISK_INFO, MC_NO_SPACE,
	MC_TIMEOUT, MC_TOO_LARGE, MC_INVALID_PARAM, MC_ALREADY_OPEN, MC_CME_UNKNOWN, MC_CME_COUNT
};

static const struct modcode_cme modcode_cme_table[MC_CME_COUNT] = {
	[MC_INVALID_INPUT]    = { 400, "invalid-input",    "module: invalid input value", MODCODE_FILE },
	[MC_LARGER_THAN_FILE] = { 401, "beyond-file-size", "module: larger than the size of the file", MODCODE_FILE },
	[MC_READ_ZERO]        = { 402, "read-zero",        "module: read zero bytes", MODCODE_FILE },
	[MC_DRIVE_FULL]       = { 403, "drive-full",       "module: file system full", MODCODE_NO_SPACE },
	[MC_NOT_FOUND]        = { 405, "not-found",        "module: file not found", MODCODE_FILE },
	[MC_INVALID_NAME]     = { 406, "invalid-name",     "module: invalid file name", MODCODE_FILE },
	[MC_EXISTS]           = { 407, "exists",           "module: file already exists", MODCODE_FILE },
	[MC_WRITE_FAILED]     = { 409, "write-failed",     "module: failed to write the file", MODCODE_FILE },
	[MC_OPEN_FAILED]      = { 410, "open-failed",      "module: failed to open the file", MODCODE_FILE },
	[MC_READ_FAILED]      = { 411, "read-failed",      "module: failed to read the file", MODCODE_FILE },
	[MC_TOO_MANY_OPEN]    = { 413, "too-many-open",    "module: too many open files", MODCODE_FILE },
	[MC_READ_ONLY]        = { 414, "read-only",        "module: the file is read-only", MODCODE_FILE },
	[MC_INVALID_FD]       = { 416, "invalid-fd",       "module: invalid file descriptor", MODCODE_FILE },
	[MC_LIST_FAILED]      = { 417, "list-failed",      "module: failed to list files", MODCODE_FILE },
	[MC_DELETE_FAILED]    = { 418, "delete-failed",    "module: failed to delete the file", MODCODE_FILE },
	[MC_DISK_INFO]        = { 419, "disk-info-failed", "module: failed to read disk information", MODCODE_FILE },
	[MC_NO_SPACE]         = { 420, "no-space",         "module: no space left for the file", MODCODE_NO_SPACE },
	[MC_TIMEOUT]          = { 421, "timeout",          "module: timed out waiting for data", MODCODE_TRANSFER },
	[MC_TOO_LARGE]        = { 423, "too-large",        "module: file too large", MODCODE_NO_SPACE },
	[MC_INVALID_PARAM]    = { 425, "invalid-param",    "module: invalid parameter", MODCODE_FILE },
	[MC_ALREADY_OPEN]     = { 426, "already-open",     "module: file already opened", MODCODE_FILE },
	[MC_CME_UNKNOWN]      = { -1,  "unknown",          "module: unknown error code", MODCODE_OTHER },
};

enum modcode_fota_id {
	MF_OK, MF_UNKNOWN_ERROR, MF_ZIP, MF_VERSION, MF_SOURCE, MF_SPACE, MF_FAILED_A, MF_FAILED_B,
	MF_TOO_LARGE, MF_FTP, MF_HTTP, MF_FOTA_UNKNOWN, MF_FOTA_COUNT
};

static const struct modcode_fota modcode_fota_table[MF_FOTA_COUNT] = {
	[MF_OK]            = { 0, 0,     "ok",              "firmware upgraded", false, true, false },
	[MF_UNKNOWN_ERROR] = { 502, 502, "exception",       "module: unknown error during the update (it retries)", true, false, false },
	[MF_ZIP]           = { 504, 504, "bad-zip",         "module: incorrect package (zip) format", false, false, false },
	[MF_VERSION]       = { 505, 505, "version-mismatch", "module: project or package version does not match", false, false, false },
	[MF_SOURCE]        = { 510, 510, "wrong-source",    "module: package does not match the module's firmware", false, false, false },
	[MF_SPACE]         = { 511, 511, "no-space",        "module: not enough space for the update", false, false, false },
	[MF_FAILED_A]      = { 520, 530, "upgrade-failed",  "module: upgrade failed (it retries)", true, false, false },
	[MF_FAILED_B]      = { 540, 546, "upgrade-failed",  "module: upgrade failed (it retries)", true, false, false },
	[MF_TOO_LARGE]     = { 550, 550, "package-too-large", "module: firmware package too large", false, false, false },
	[MF_FTP]           = { 601, 601, "ftp-failed",      "module: FTP download failed", false, false, true },
	[MF_HTTP]          = { 701, 701, "http-failed",     "module: HTTP(S) download failed", false, false, true },
	[MF_FOTA_UNKNOWN]  = { -1, -1,   "unknown",         "module: unknown update error code", false, false, false },
};

const struct modcode_cme *modcode_cme(int code)
{
	for (int i = 0; i < MC_CME_UNKNOWN; i++)
		if (modcode_cme_table[i].code == code)
			return &modcode_cme_table[i];
	return &modcode_cme_table[MC_CME_UNKNOWN];
}

const struct modcode_fota *modcode_fota(int code)
{
	for (int i = 0; i < MF_FOTA_UNKNOWN; i++)
		if (code >= modcode_fota_table[i].lo && code <= modcode_fota_table[i].hi)
			return &modcode_fota_table[i];
	return &modcode_fota_table[MF_FOTA_UNKNOWN];
}
