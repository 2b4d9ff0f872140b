#include "config/config_keys.h"

#include <string.h>
#include <strings.h>

const struct config_section_info config_sections[CFG_SEC_COUNT] = {
	[CFG_SEC_STATION] = { "station", "[station]", "The station itself." },
	[CFG_SEC_USB] = { "usb", "[usb]", "How modules are recognised on the USB bus." },
	[CFG_SEC_PACKAGE] = { "package", "[package NAME]",
		"One section per delta package; NAME is optional and only has to be unique. "
		"A module whose firmware version starts with `from` gets this package." },
	[CFG_SEC_SLOTS] = { "slots", "[slots]",
		"Which physical USB port is which slot: one `LABEL = usb:PATH` line per slot, or "
		"`auto = yes`. Without a [slots] section the station numbers the modules it finds." },
	[CFG_SEC_TIMING] = { "timing", "[timing]",
		"Deadlines, in seconds (decimals allowed, e.g. 0.5)." },
	[CFG_SEC_DATABASE] = { "database", "[database]",
		"Optional: also send every record to the line's PostgreSQL database (logs/README.md). "
		"The CSV stays the station's own record and is always written first. Without this "
		"section the station uses no database." },
};

const struct config_key config_keys[CK_COUNT] = {
	[CK_STATION_NAME] = { CFG_SEC_STATION, "name", CFG_T_TEXT, 1, 80, "station", false, "",
		"L3-ST07", "Written into every CSV record and into the record file names: "
		"no quotes, slashes or control characters, at most 80 bytes." },
	[CK_STATION_LOG_DIR] = { CFG_SEC_STATION, "log_dir", CFG_T_PATH, 0, 0, "records", false, "",
		"records", "Folder for CSV records, transcripts and the journal; relative to the config "
		"file. Created when missing." },
	[CK_STATION_AUTO_START] = { CFG_SEC_STATION, "auto_start", CFG_T_BOOL, 0, 1, "yes", false, "",
		"yes", "Start a slot as soon as a module appears in it." },
	[CK_STATION_MAX_PARALLEL_UPLOADS] = { CFG_SEC_STATION, "max_parallel_uploads", CFG_T_INT,
		0, 1024, "0", false, "", "0",
		"How many slots may upload at once, so a hub is not flooded; 0 = no cap." },
	[CK_STATION_BELL] = { CFG_SEC_STATION, "bell", CFG_T_BOOL, 0, 1, "no", false, "",
		"no", "Ring the terminal bell in the dashboard when a unit fails." },
	[CK_STATION_MAX_PACKAGE_MB] = { CFG_SEC_STATION, "max_package_mb", CFG_T_INT, 1, 4096, "64",
		false, "MiB", "64", "Largest package file accepted, in MiB: a bigger file is refused by "
		"check and run before anything is mapped or uploaded (a delta package is a few MiB)." },
	[CK_STATION_PORT_LOST_TIMEOUTS] = { CFG_SEC_STATION, "port_lost_timeouts", CFG_T_INT, 1, 100, "3",
		false, "", "3", "After this many AT commands in a row without an answer the module's "
		"port counts as lost (E-PORT-LOST)." },
	[CK_USB_VENDOR_ID] = { CFG_SEC_USB, "vendor_id", CFG_T_HEX16, 0, 0xffff, "0x2c7c", false, "",
		"0x2c7c", "USB vendor id of the modules, in hex." },
	[CK_USB_PRODUCT_IDS] = { CFG_SEC_USB, "product_ids", CFG_T_HEX16_LIST, 1, 8,
		"0x0800, 0x0801", false, "", "0x0800, 0x0801",
		"USB product ids of the modules, in hex, separated by commas (at most 8)." },
	[CK_USB_AT_INTERFACE] = { CFG_SEC_USB, "at_interface", CFG_T_INT, 0, 15, "2", false, "",
		"2", "USB interface number of the module's AT port." },
	[CK_PACKAGE_FILE] = { CFG_SEC_PACKAGE, "file", CFG_T_PATH, 0, 0, NULL, false, "",
		"packages/A04-to-A06.zip", "The delta file, relative to the config file; the station "
		"uploads it with AT+QFUPL. Its base name is the name on the module's UFS: no quotes or "
		"control characters, at most 80 bytes. Exactly one of `file` and `url`." },
	[CK_PACKAGE_URL] = { CFG_SEC_PACKAGE, "url", CFG_T_URL, 1, 512, NULL, false, "",
		"ftp://fota:password@192.168.10.2:21/A04-to-A06.zip", "Instead of `file`: "
		"ftp://[user[:password]@]host[:port]/path or http(s)://host[:port]/path, which the "
		"module downloads itself (AT+QFOTADL) over its mobile network, dialling on its first "
		"APN; nothing is uploaded. At most 512 bytes, no quotes, spaces or control characters, "
		"port 1..65535. The password is shown as *** everywhere. Exactly one of `file` and "
		"`url`." },
	[CK_PACKAGE_FROM] = { CFG_SEC_PACKAGE, "from", CFG_T_VERSION, 1, 80, NULL, true, "",
		"RM500QGLABR11A04M4G", "Source firmware the package applies to (a prefix of the version "
		"the module reports). Unique across packages." },
	[CK_PACKAGE_TO] = { CFG_SEC_PACKAGE, "to", CFG_T_VERSION, 1, 80, NULL, true, "",
		"RM500QGLABR11A06M4G", "Version the module must report after the update; "
		"not equal to `from`." },
	[CK_PACKAGE_SHA256] = { CFG_SEC_PACKAGE, "sha256", CFG_T_SHA256, 0, 0, NULL, false, "",
		NULL, "Optional SHA-256 of the package (64 hex digits), checked before any module is "
		"touched; a `url` package is fetched once by `station check` and `station run` to "
		"check it." },
	[CK_PACKAGE_DOWNGRADE] = { CFG_SEC_PACKAGE, "downgrade", CFG_T_BOOL, 0, 1, "no", false, "",
		"no", "yes: this package flashes an older firmware (its `to` is older than its `from`). "
		"Without it such a package is refused, as a sign that `from` and `to` were swapped." },
	[CK_SLOTS_AUTO] = { CFG_SEC_SLOTS, "auto", CFG_T_BOOL, 0, 1, NULL, false, "",
		NULL, "yes: one slot per module found, ordered by USB path, instead of LABEL lines; a "
		"module plugged into a new port later gets the next label." },
	[CK_SLOTS_LABEL] = { CFG_SEC_SLOTS, "LABEL", CFG_T_USB_PATH, 1, 7, NULL, false, "",
		"usb:1-1.1", "A slot: LABEL (letters, digits, '-', '_', at most 16) = usb:BUS-PORT.PORT..., "
		"each number 1..255, at most 7 ports. Labels and paths are unique." },
	[CK_TIMING_COMMAND] = { CFG_SEC_TIMING, "command", CFG_T_SECONDS, 100, 600000, "5", false, "s",
		"5", "Answer deadline for an ordinary AT command." },
	[CK_TIMING_UPLOAD_IDLE] = { CFG_SEC_TIMING, "upload_idle", CFG_T_SECONDS, 1000, 3600000, "5",
		false, "s", "5", "The <timeout> given to AT+QFUPL: the module gives up after this long "
		"without a byte." },
	[CK_TIMING_REBOOT] = { CFG_SEC_TIMING, "reboot", CFG_T_SECONDS, 1000, 3600000, "90", false, "s",
		"90", "For the port to come back after a reboot and a FOTA report to arrive." },
	[CK_TIMING_UPDATE] = { CFG_SEC_TIMING, "update", CFG_T_SECONDS, 10000, 86400000, "1800", false,
		"s", "1800", "For a whole update, from AT+QFOTADL to the new version." },
	[CK_TIMING_PROGRESS] = { CFG_SEC_TIMING, "progress", CFG_T_SECONDS, 1000, 86400000, "300", false,
		"s", "300", "Between two progress reports of a running update: a module writing a big "
		"partition can be silent for minutes. The first report after the module comes back "
		"is bounded by `reboot`." },
	[CK_DATABASE_URL] = { CFG_SEC_DATABASE, "url", CFG_T_CONNINFO, 1, 1024, NULL, true, "",
		"postgresql://station@db.line3/line", "The database, as a libpq URI or "
		"`key=value` string. No password here: libpq reads it from ~/.pgpass or the file "
		"PGPASSFILE names." },
};

int config_keys_find(enum config_section sec, const char *key)
{
	for (int i = 0; i < CK_COUNT; i++)
		if (config_keys[i].section == sec && i != CK_SLOTS_LABEL &&
		    strcasecmp(config_keys[i].key, key) == 0)
			return i;
	return sec == CFG_SEC_SLOTS ? CK_SLOTS_LABEL : -1;
}

int config_keys_section(const char *name)
{
	for (int i = 0; i < CFG_SEC_COUNT; i++) {
		size_t n = strlen(config_sections[i].name);
		if (strncmp(name, config_sections[i].name, n) != 0)
			continue;
		if (name[n] == '\0')
			return i;
		if (i == CFG_SEC_PACKAGE && (name[n] == ' ' || name[n] == '\t'))
			return i;
	}
	return -1;
}
