/* The dashboard's keys: one table that the key handler, the footer and the help screen all read. */
#ifndef DASH_KEYS_H
#define DASH_KEYS_H
#include <stdbool.h>

enum dash_action {
	DASH_ACT_NONE,
	DASH_ACT_UP,
	DASH_ACT_DOWN,
	DASH_ACT_LEFT,
	DASH_ACT_RIGHT,
	DASH_ACT_PAGE_UP,
	DASH_ACT_PAGE_DOWN,
	DASH_ACT_HOME,
	DASH_ACT_END,
	DASH_ACT_DETAILS,
	DASH_ACT_START,
	DASH_ACT_START_ALL,
	DASH_ACT_AUTO,
	DASH_ACT_ABORT,
	DASH_ACT_RETRY,
	DASH_ACT_ACK,
	DASH_ACT_FAILED_ONLY,
	DASH_ACT_HELP,
	DASH_ACT_BACK,
	DASH_ACT_QUIT,
	DASH_ACT_COUNT
};

struct dash_key {
	int key;              /* curses key code or character */
	const char *name;     /* as the operator reads it: "Enter", "x" */
	enum dash_action act;
	const char *help;     /* NULL: a second key for an action already described */
	const char *footer;   /* short word for the footer, NULL = help screen only */
};

extern const struct dash_key dash_keys[];
extern const int dash_keys_count;

/* The action for a key, DASH_ACT_NONE if it has none. */
enum dash_action dash_keys_action(int key);
/* "Enter details  s start  ...": the footer line for a width (whole entries only). */
void dash_keys_footer(char *buf, int width);
#endif
