/* One board event as one line of text: plain for people, JSON for MES and scripts. Pure functions. */
#ifndef FEED_FORMAT_H
#define FEED_FORMAT_H
#include <stddef.h>

#include "station/board/board.h"

/* Enough for the longest line either format can produce (every field escaped at its worst). */
#define FEED_LINE_MAX 2048

/* "2026-11-25T15:04:05.123Z slot 03 1-1.3 uploading -> starting (upload verified)\n".
 * usb_path may be "" or NULL. Returns the length (the line ends with '\n'). */
int feed_format_line(const struct board_event *ev, const char *usb_path, char *buf, size_t size);
/* {"time":...,"seq":...,"slot":"03","usb_path":"1-1.3","from":...,"to":...,"percent":30,
 *  "error_code":"E-MODULE","module_code":"520","text":"..."}\n. Returns the length. */
int feed_format_json(const struct board_event *ev, const char *usb_path, char *buf, size_t size);
#endif
