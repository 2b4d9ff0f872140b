/* One unit's record: the CSV row that README.md lists, columns in this order. */
#ifndef RECORD_H
#define RECORD_H

enum record_col {
	REC_STARTED_AT, REC_FINISHED_AT, REC_STATION, REC_OPERATOR, REC_LOT, REC_SLOT, REC_USB_PATH,
	REC_PORT, REC_MODEL, REC_IMEI, REC_FW_BEFORE, REC_FW_AFTER, REC_PACKAGE, REC_PACKAGE_SHA256,
	REC_CONFIG_SHA256, REC_BYTES, REC_UPLOAD_S, REC_UPDATE_S, REC_MODULE_ATTEMPTS, REC_RESULT,
	REC_ERROR_CODE, REC_MODULE_CODE, REC_ERROR_TEXT,
	REC_COLS
};

/* Column names, in order: the header row. */
extern const char *const record_col_names[REC_COLS];

/* A record as text fields, one per column (NULL is written as empty). */
struct record {
	const char *f[REC_COLS];
};
#endif
