#include "ui/dash_keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

const struct dash_key dash_keys[] = {
	/* Pairs share one help line (the help screen fits 80x24). */
	{ KEY_UP,    "Up/Down", DASH_ACT_UP,        "previous / next slot",                NULL },
	{ 'k',       "k/j",   DASH_ACT_UP,          NULL,                                  NULL },
	{ KEY_DOWN,  "Down",  DASH_ACT_DOWN,        NULL,                                  NULL },
	{ 'j',       "j",     DASH_ACT_DOWN,        NULL,                                  NULL },
	{ KEY_LEFT,  "Left/Right", DASH_ACT_LEFT,   "column to the left / right",          NULL },
	{ KEY_RIGHT, "Right", DASH_ACT_RIGHT,       NULL,                                  NULL },
	{ KEY_PPAGE, "PgUp/PgDn", DASH_ACT_PAGE_UP, "a page up / down",                    NULL },
	{ KEY_NPAGE, "PgDn",  DASH_ACT_PAGE_DOWN,   NULL,                                  NULL },
	{ KEY_HOME,  "Home/End", DASH_ACT_HOME,     "first / last slot",                   NULL },
	{ KEY_END,   "End",   DASH_ACT_END,         NULL,                                  NULL },
	{ '\r',      "Enter", DASH_ACT_DETAILS,     "details: identity, versions, times, transcript",
									   "details" },
	{ '\n',      "Enter", DASH_ACT_DETAILS,     NULL,                                  NULL },
	{ KEY_ENTER, "Enter", DASH_ACT_DETAILS,     NULL,                                  NULL },
	{ 's',       "s",     DASH_ACT_START,       "start this slot (it is waiting)",     "start" },
	{ 'S',       "S",     DASH_ACT_START_ALL,   "start every waiting slot",            "all" },
	{ 'A',       "A",     DASH_ACT_AUTO,        "auto-start on/off for this run",    "auto" },
	{ 'x',       "x",     DASH_ACT_ABORT,       "abort this slot's unit (asks first)", "abort" },
	{ 'r',       "r",     DASH_ACT_RETRY,       "run a failed slot again",             "retry" },
	{ 'a',       "a",     DASH_ACT_ACK,         "acknowledge this slot's failure (clears the !)",
									   "ack" },
	{ 'f',       "f",     DASH_ACT_FAILED_ONLY, "show failed slots only / all slots",  "failed" },
	{ '?',       "?",     DASH_ACT_HELP,        "this help",                           "help" },
	{ 27,        "Esc",   DASH_ACT_BACK,        "close details or help; answer no",    NULL },
	{ 'q',       "q",     DASH_ACT_QUIT,        "quit (asks first while units run)",   "quit" },
};
const int dash_keys_count = (int)(sizeof dash_keys / sizeof dash_keys[0]);

enum dash_action dash_keys_action(int key)
{
	for (int i = 0; i < dash_keys_count; i++)
		if (dash_keys[i].key == key)
			return dash_keys[i].act;
	return DASH_ACT_NONE;
}

/* Help, quit and the failed-only filter always show (a failure may be off screen); the other
 * entries give way, from the end, when the line is short even with single spaces. */
static bool dash_keys_always(const struct dash_key *k)
{
	return k->act == DASH_ACT_HELP || k->act == DASH_ACT_QUIT || k->act == DASH_ACT_FAILED_ONLY;
}

/* Builds the footer with sep between entries; returns how many entries were left out. */
static int dash_keys_build(char *buf, int width, const char *sep)
{
	int o = 0, reserve = 0, left_out = 0;
	char item[48];

	for (int i = 0; i < dash_keys_count; i++)
		if (dash_keys[i].footer && dash_keys_always(&dash_keys[i]))
			reserve += snprintf(item, sizeof item, "%s%s %s", sep, dash_keys[i].name,
					    dash_keys[i].footer);
	buf[0] = '\0';
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < dash_keys_count; i++) {
			int n;
			if (!dash_keys[i].footer || dash_keys_always(&dash_keys[i]) != (pass == 1))
				continue;
			n = snprintf(item, sizeof item, "%s%s %s", o ? sep : " ", dash_keys[i].name,
				     dash_keys[i].footer);
			if (o + n + (pass == 0 ? reserve : 0) > width) {
				left_out++;
				continue;
			}
			memcpy(buf + o, item, (size_t)n + 1);
			o += n;
		}
	return left_out;
}

void dash_keys_footer(char *buf, int width)
{
	if (dash_keys_build(buf, width, "  ") > 0)
		dash_keys_build(buf, width, " ");
}
