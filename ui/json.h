/* JSON string escaping for the event stream: any bytes in, a valid JSON string body out. */
#ifndef JSON_H
#define JSON_H
#include <stddef.h>

/* Writes src as the inside of a JSON string (no quotes) into dst, always NUL-terminated and never
 * cut inside an escape. Control characters become \n, \t, ... or \u00XX; bytes that are not valid
 * UTF-8 become \ufffd. Returns the length written, or -1 when dst was too small (dst then holds
 * the longest whole prefix). */
int json_escape(char *dst, size_t size, const char *src);
#endif
