/* Pure parsers for INI values. Each returns 0, or -1 with "found ...; expected ..." in why.
 * They read strings themselves because iniparser's own readers are too forgiving
 * (getint takes 010 as octal and 12abc as 12; getboolean takes anything starting with y). */
#ifndef CONFIG_VALUE_H
#define CONFIG_VALUE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_NAME_MAX 80
#define CONFIG_LABEL_MAX 16
#define CONFIG_USB_DEPTH 7

int config_value_bool(const char *s, bool *out, char *why, size_t n);
/* A plain decimal integer (no sign, no leading zero, no suffix) in [min, max]. */
int config_value_int(const char *s, int64_t min, int64_t max, int64_t *out, char *why, size_t n);
/* 0x2c7c or 2c7c: always hex, 1..4 digits. */
int config_value_hex16(const char *s, uint16_t *out, char *why, size_t n);
/* "0x0800, 0x0801": 1..max entries, no empty entry, no repeat. */
int config_value_hex16_list(const char *s, uint16_t *out, int max, int *count, char *why, size_t n);
/* Seconds with up to 3 decimals ("5", "0.5") into milliseconds in [min_ms, max_ms]. */
int config_value_ms(const char *s, int64_t min_ms, int64_t max_ms, int64_t *out, char *why, size_t n);
/* "usb:1-1.4.2" -> "1-1.4.2" in out (size outlen): bus and ports 1..255, at most 7 ports. */
int config_value_usb_path(const char *s, char *out, size_t outlen, char *why, size_t n);
/* A name that reaches an AT command line or a file name: not empty, at most 80 bytes, no quotes
 * (" or '), no control characters; no_slash also refuses '/' and '\'. */
int config_value_name(const char *s, bool no_slash, char *why, size_t n);
/* A slot label: 1..16 of letters, digits, '-', '_'. */
int config_value_label(const char *s, char *why, size_t n);
/* 64 hex digits, returned lowercase. */
int config_value_sha256(const char *s, char out[65], char *why, size_t n);
/* A libpq connection string (URI or key=value) that libpq can parse and that carries no password:
 * passwords belong in ~/.pgpass (or PGPASSFILE), never in the INI. */
int config_value_conninfo(const char *s, char *why, size_t n);
#endif
