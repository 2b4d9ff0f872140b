#include "ui/dash_color.h"

#include <stdlib.h>

struct dash_color_role {
	short fg, bg;        /* -1 = the terminal's default */
	attr_t with_color;   /* added to the colour pair */
	attr_t mono;         /* used alone without colour */
};

static const struct dash_color_role dash_color_roles[PAINT_COUNT] = {
	[ROLE_IDLE]      = { -1,            -1,         A_DIM,  A_DIM },
	[ROLE_WAITING]   = { COLOR_YELLOW,  -1,         A_BOLD, A_BOLD },
	[ROLE_BUSY]      = { COLOR_CYAN,    -1,         0,      0 },
	[ROLE_QUEUED]    = { COLOR_BLUE,    -1,         A_BOLD, 0 },
	[ROLE_DOWNLOAD]  = { COLOR_CYAN,    -1,         A_BOLD, 0 },
	[ROLE_PASS]      = { COLOR_GREEN,   -1,         A_BOLD, A_BOLD },
	[ROLE_SKIP]      = { COLOR_GREEN,   -1,         A_DIM,  0 },
	[ROLE_FAIL]      = { COLOR_WHITE,   COLOR_RED,  A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_ATTENTION] = { COLOR_MAGENTA, -1,         A_BOLD, A_UNDERLINE },
	[PAINT_HEADER]   = { COLOR_BLACK,   COLOR_CYAN, 0,      A_REVERSE },
	[PAINT_TITLES]   = { -1,            -1,         A_BOLD, A_BOLD },
	[PAINT_FOOTER]   = { COLOR_BLACK,   COLOR_WHITE, 0,     A_REVERSE },
	[PAINT_PROMPT]   = { COLOR_WHITE,   COLOR_RED,  A_BOLD, A_REVERSE | A_BOLD },
	[PAINT_NOTICE]   = { COLOR_YELLOW,  -1,         A_BOLD, A_BOLD },
};

/* Filled once by dash_color_init on the UI thread, read only by it. */
static attr_t dash_color_attrs[PAINT_COUNT];

void dash_color_init(bool color)
{
	color = color && has_colors() && start_color() == OK;
	if (color)
		use_default_colors();
	for (int p = 0; p < PAINT_COUNT; p++) {
		const struct dash_color_role *r = &dash_color_roles[p];
		if (color && init_pair((short)(p + 1), r->fg, r->bg) == OK)
			dash_color_attrs[p] = COLOR_PAIR(p + 1) | r->with_color;
		else
			dash_color_attrs[p] = r->mono;
	}
}

attr_t dash_color_attr(int paint)
{
	return paint >= 0 && paint < PAINT_COUNT ? dash_color_attrs[paint] : 0;
}

bool dash_color_wanted(void)
{
	const char *nc = getenv("NO_COLOR");
	return !(nc && nc[0]);
}
