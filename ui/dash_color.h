/* Colour roles: each slot role and each part of the screen maps to one attribute, set once here,
 * so drawing code never names a colour. Monochrome terminals and NO_COLOR get bold/underline
 * instead; the state is always in words as well. UI thread only. */
#ifndef DASH_COLOR_H
#define DASH_COLOR_H
#include <stdbool.h>
#include <curses.h>

#include "station/board/board.h"

enum dash_paint {
	/* the slot roles of board.h come first, with the same numbers */
	PAINT_HEADER = ROLE_COUNT,
	PAINT_TITLES,
	PAINT_FOOTER,
	PAINT_PROMPT,
	PAINT_NOTICE,      /* the status message, the too-small message */
	PAINT_COUNT
};

/* Call after initscr; color = false for monochrome. */
void dash_color_init(bool color);
attr_t dash_color_attr(int paint);
/* true unless NO_COLOR is set to a non-empty value (no-color.org). */
bool dash_color_wanted(void);
#endif
