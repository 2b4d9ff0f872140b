/* The station config, as loaded from its INI file and validated. Reference: config/README.md.
 * config_load() reads the file through iniparser, checks every key against the key table
 * (config_keys.c) and fills this struct; the engine only ever sees validated values. */
#ifndef CONFIG_H
#define CONFIG_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define CONFIG_MAX_PRODUCTS 8

struct config_package {
	char *name;        /* NAME of [package NAME], or "" for [package] */
	char *file;        /* path resolved against the config file's folder; NULL for a URL package */
	char *file_name;   /* basename: the name used on the module's UFS (for a URL package the
	                    * last part of its path, a label only) */
	char *url;         /* ftp:// or http(s):// the module downloads itself; NULL for a file.
	                    * Holds the password: only AT+QFOTADL and the station's fetch use it */
	char *url_shown;   /* url with the password masked (url_mask): for everything shown */
	char *from;        /* source firmware prefix */
	char *to;          /* version expected after the update */
	char *sha256;      /* lowercase hex, or "" when not given */
	bool downgrade;    /* to is older than from, on purpose */
	int line;          /* of the [package] header, for messages */
	int file_line;     /* of its file key */
};

struct config_slot {
	char *label;       /* "01" */
	char *usb_path;    /* "1-1.2" (without "usb:") */
};

struct config {
	char *path;        /* the config file as given */
	char *dir;         /* its folder, for relative paths */
	char sha256[65];   /* sha256 of the config file's bytes, for every record */

	/* [station] */
	char *name;
	char *log_dir;     /* resolved against dir */
	bool auto_start;
	int max_parallel_uploads;  /* 0 = no cap */
	bool bell;                 /* ring the terminal bell when a unit fails */
	uint64_t max_package_bytes; /* largest package file accepted */
	int port_lost_timeouts;    /* AT timeouts in a row that count as a lost port */

	/* [usb] */
	uint16_t vendor_id;
	uint16_t product_ids[CONFIG_MAX_PRODUCTS];
	int n_product_ids;
	int at_interface;

	/* [package ...] */
	struct config_package *packages;
	int n_packages;

	/* [slots] */
	struct config_slot *slots;
	int n_slots;
	bool slots_auto;   /* auto = yes: one slot per module found, ordered by USB path */

	/* [timing], in milliseconds (the INI gives seconds, decimals allowed) */
	int64_t command_ms;
	int64_t upload_idle_ms;
	int64_t reboot_ms;
	int64_t update_ms;
	int64_t progress_ms;       /* between two progress reports of a running update */

	/* [database]: NULL when the section is absent (the station then uses no database) */
	char *db_url;
};

/* Loads and validates path into cfg. Every problem is written to err as one line
 * "FILE:LINE: what was found; what is expected" (or "FILE: [section] key: ..."). Returns 0 when
 * the config is usable, -1 otherwise (cfg is then freed). */
int config_load(struct config *cfg, const char *path, FILE *err);
void config_free(struct config *cfg);
/* What names a package in messages and records: its NAME, else its file's base name. */
const char *config_package_label(const struct config_package *p);
/* Writes the effective config, defaults included, as INI text. */
void config_print(const struct config *cfg, FILE *out);
#endif
