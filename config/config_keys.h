/* The one table of station config keys: section, key, type, range, default, unit and help.
 * The loader, `station check --keys`, the annotated example and config/README.md all read it. */
#ifndef CONFIG_KEYS_H
#define CONFIG_KEYS_H
#include <stdbool.h>
#include <stdint.h>

enum config_section {
	CFG_SEC_STATION,
	CFG_SEC_USB,
	CFG_SEC_PACKAGE,   /* [package] or [package NAME], one per package */
	CFG_SEC_SLOTS,
	CFG_SEC_TIMING,
	CFG_SEC_DATABASE,  /* optional: forward records to the line's PostgreSQL database */
	CFG_SEC_COUNT
};

enum config_type {
	CFG_T_TEXT,        /* free text that reaches file names or AT lines: checked by config_value_name */
	CFG_T_VERSION,     /* a firmware version string */
	CFG_T_PATH,        /* a path, relative to the config file */
	CFG_T_BOOL,        /* yes/no, true/false, on/off, 1/0 */
	CFG_T_INT,         /* a decimal integer in [min, max] */
	CFG_T_HEX16,       /* 0x0000..0xffff */
	CFG_T_HEX16_LIST,  /* comma separated, 1..max entries */
	CFG_T_SECONDS,     /* seconds, decimals allowed; stored in ms, [min, max] in ms */
	CFG_T_SHA256,      /* 64 hex digits */
	CFG_T_USB_PATH,    /* usb:BUS-PORT.PORT... */
	CFG_T_URL,         /* ftp:// or http(s):// for AT+QFOTADL (station/base/url.h) */
	CFG_T_CONNINFO,    /* a libpq connection string or URI, without a password */
};

enum config_key_id {
	CK_STATION_NAME,
	CK_STATION_LOG_DIR,
	CK_STATION_AUTO_START,
	CK_STATION_MAX_PARALLEL_UPLOADS,
	CK_STATION_BELL,
	CK_STATION_MAX_PACKAGE_MB,
	CK_STATION_PORT_LOST_TIMEOUTS,
	CK_USB_VENDOR_ID,
	CK_USB_PRODUCT_IDS,
	CK_USB_AT_INTERFACE,
	CK_PACKAGE_FILE,
	CK_PACKAGE_URL,
	CK_PACKAGE_FROM,
	CK_PACKAGE_TO,
	CK_PACKAGE_SHA256,
	CK_PACKAGE_DOWNGRADE,
	CK_SLOTS_AUTO,
	CK_SLOTS_LABEL,    /* any other key in [slots]: a slot label */
	CK_TIMING_COMMAND,
	CK_TIMING_UPLOAD_IDLE,
	CK_TIMING_REBOOT,
	CK_TIMING_UPDATE,
	CK_TIMING_PROGRESS,
	CK_DATABASE_URL,
	CK_COUNT
};

struct config_key {
	enum config_section section;
	const char *key;       /* as written in the INI; "LABEL" for the slot lines */
	enum config_type type;
	int64_t min, max;      /* INT: the value; SECONDS: milliseconds; HEX16_LIST: entry count */
	const char *def;       /* default as INI text; NULL when required or when there is none */
	bool required;
	const char *unit;      /* "s", "" */
	const char *example;   /* a value for the annotated example */
	const char *help;      /* one or two sentences for engineers */
};

extern const struct config_key config_keys[CK_COUNT];

struct config_section_info {
	const char *name;      /* "station", "package" */
	const char *title;     /* how the docs write the header: "[package NAME]" */
	const char *help;
};
extern const struct config_section_info config_sections[CFG_SEC_COUNT];

/* The key id for key in section, or -1 if unknown (slot labels: CK_SLOTS_LABEL for any other key). */
int config_keys_find(enum config_section sec, const char *key);
/* The section for a lowercased section name ("package a04" is CFG_SEC_PACKAGE), or -1. */
int config_keys_section(const char *name);
#endif
