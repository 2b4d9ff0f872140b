/* Pure parsers for the identification answers: ATI, AT+QGMR, AT+CGSN, AT+QURCCFG="urcport", the
 * fields read with the field iterator (at_iter.h).
 * Each takes the intermediate lines of one answer and returns 0, or -1 with a reason in err. */
#ifndef AT_IDENT_PARSE_H
#define AT_IDENT_PARSE_H
#include <stdbool.h>
#include <stddef.h>

#define AT_IDENT_FIELD 80

/* ATI: "Quectel", "<model>", "Revision: <revision>". */
int at_ident_parse_ati(char (*lines)[1024], int n, char *model, char *revision, char *err, size_t errlen);
/* AT+QGMR: "<version>" (an optional "+QGMR: " is accepted). *complete is false when the version has
 * no "_NN.NNN.NN.NNN" tail, or the tail ends in ".00.000" (the module has not finished booting). */
int at_ident_parse_qgmr(char (*lines)[1024], int n, char *version, bool *complete, char *err, size_t errlen);
/* True when a version string carries a complete "_NN.NNN.NN.NNN" tail (see above). */
bool at_ident_version_complete(const char *version);
/* AT+CGSN: 15 digits passing the Luhn check (an optional "+CGSN: " and quotes are accepted). */
int at_ident_parse_cgsn(char (*lines)[1024], int n, char *imei, char *err, size_t errlen);
/* Luhn check of a digit string. */
bool at_ident_luhn_ok(const char *digits);
/* AT+QURCCFG="urcport": '+QURCCFG: "urcport","usbat"' -> "usbat" (port is AT_IDENT_FIELD bytes). */
int at_ident_parse_urcport(const char *line, char *port, char *err, size_t errlen);
#endif
