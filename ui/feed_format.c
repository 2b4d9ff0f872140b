#include "ui/feed_format.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "station/base/clock.h"
#include "ui/json.h"

/* Appends to buf at *o; output that does not fit is cut but the buffer stays terminated. */
static void feed_put(char *buf, size_t size, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void feed_put(char *buf, size_t size, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*o >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *o, size - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o = *o + (size_t)n < size ? *o + (size_t)n : size - 1;
}

/* The slot's label, or its number when the worker has not named it; "--" for station events. */
static void feed_label(const struct board_event *ev, char *out, size_t size)
{
	if (ev->slot < 0)
		snprintf(out, size, "--");
	else if (ev->label[0])
		snprintf(out, size, "%s", ev->label);
	else
		snprintf(out, size, "%02d", ev->slot + 1);
}

/* Ends the line with '\n', cutting the text if it had to be cut. */
static int feed_end(char *buf, size_t size, size_t o)
{
	if (o + 2 > size)
		o = size - 2;
	buf[o++] = '\n';
	buf[o] = '\0';
	return (int)o;
}

int feed_format_line(const struct board_event *ev, const char *usb_path, char *buf, size_t size)
{
	char when[32], label[24];
	size_t o = 0;

	clock_iso(ev->wall_ms, when, sizeof when);
	feed_label(ev, label, sizeof label);
	buf[0] = '\0';
	feed_put(buf, size, &o, "%s slot %s", when, label);
	if (usb_path && usb_path[0])
		feed_put(buf, size, &o, " %s", usb_path);
	if (ev->slot < 0) {
		feed_put(buf, size, &o, " %s", ev->text);
		return feed_end(buf, size, o);
	}
	if (ev->from != ev->to)
		feed_put(buf, size, &o, " %s -> %s", slot_state_name(ev->from), slot_state_name(ev->to));
	else
		feed_put(buf, size, &o, " %s", slot_state_name(ev->to));
	if (ev->percent >= 0)
		feed_put(buf, size, &o, " %d %%", ev->percent);
	if (ev->err != ERR_NONE)
		feed_put(buf, size, &o, " %s", errcode_name(ev->err));
	if (ev->module_code[0] && ev->err != ERR_NONE)
		feed_put(buf, size, &o, " %s", ev->module_code);
	if (ev->text[0]) {
		/* Keep one event on one line whatever the worker wrote. */
		size_t start = o;
		feed_put(buf, size, &o, " (%s)", ev->text);
		for (size_t i = start; i < o; i++)
			if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
				buf[i] = ' ';
	}
	return feed_end(buf, size, o);
}

/* Appends "key":"escaped", or "key":null when the value is empty. */
static void feed_json_str(char *buf, size_t size, size_t *o, const char *key, const char *val)
{
	char esc[FEED_LINE_MAX];

	if (!val || !val[0]) {
		feed_put(buf, size, o, ",\"%s\":null", key);
		return;
	}
	json_escape(esc, sizeof esc, val);
	feed_put(buf, size, o, ",\"%s\":\"%s\"", key, esc);
}

int feed_format_json(const struct board_event *ev, const char *usb_path, char *buf, size_t size)
{
	char when[32], label[24];
	size_t o = 0;

	clock_iso(ev->wall_ms, when, sizeof when);
	buf[0] = '\0';
	feed_put(buf, size, &o, "{\"time\":\"%s\",\"seq\":%llu", when, (unsigned long long)ev->seq);
	if (ev->slot < 0) {
		feed_put(buf, size, &o, ",\"slot\":null");
	} else {
		feed_label(ev, label, sizeof label);
		feed_json_str(buf, size, &o, "slot", label);
	}
	if (usb_path && usb_path[0])
		feed_json_str(buf, size, &o, "usb_path", usb_path);
	if (ev->slot < 0) {
		feed_put(buf, size, &o, ",\"from\":null,\"to\":null,\"percent\":null,"
			 "\"error_code\":null,\"module_code\":null");
	} else {
		feed_json_str(buf, size, &o, "from", slot_state_name(ev->from));
		feed_json_str(buf, size, &o, "to", slot_state_name(ev->to));
		if (ev->percent >= 0)
			feed_put(buf, size, &o, ",\"percent\":%d", ev->percent);
		else
			feed_put(buf, size, &o, ",\"percent\":null");
		feed_json_str(buf, size, &o, "error_code", ev->err != ERR_NONE ? errcode_name(ev->err) : "");
		feed_json_str(buf, size, &o, "module_code", ev->module_code);
	}
	feed_json_str(buf, size, &o, "text", ev->text);
	/* A cut object would not parse: the buffer is sized so this never happens (FEED_LINE_MAX). */
	feed_put(buf, size, &o, "}");
	return feed_end(buf, size, o);
}
