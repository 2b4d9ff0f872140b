#include "ui/dash_row.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct dash_col_info {
	const char *title;
	int width;       /* 0 = computed from the board (label, USB path) or the space left (detail) */
	int drop;        /* dropped in this order when the row is narrow; 0 = always shown */
};

static const struct dash_col_info dash_cols[DASH_COL_COUNT] = {
	[DASH_COL_MARK]    = { "",        2,  0 },
	[DASH_COL_LABEL]   = { "slot",    0,  0 },
	[DASH_COL_USB]     = { "usb",     0,  3 },
	[DASH_COL_IMEI]    = { "imei",    6,  1 },
	[DASH_COL_STATE]   = { "state",   11, 0 },
	[DASH_COL_BAR]     = { "progress", 10, 2 },
	[DASH_COL_PERCENT] = { "%",       4,  0 },
	[DASH_COL_ATTEMPT] = { "try",     3,  4 },
	[DASH_COL_ELAPSED] = { "time",    5,  5 },
	[DASH_COL_DETAIL]  = { "detail",  0,  0 },
};

/* The detail column must keep room for "upload 12.4/40.0 MB 3.1 MB/s". */
#define DASH_DETAIL_MIN 28
#define DASH_DETAIL_FLOOR 14

const char *dash_col_title(enum dash_col c)
{
	return dash_cols[c].title;
}

void dash_layout_compute(struct dash_layout *l, int width, int label_w, int usb_w)
{
	int w[DASH_COL_COUNT];
	int used, drop_level = 0;

	for (int c = 0; c < DASH_COL_COUNT; c++)
		w[c] = dash_cols[c].width;
	w[DASH_COL_LABEL] = label_w < 4 ? 4 : label_w > 8 ? 8 : label_w;
	w[DASH_COL_USB] = usb_w < 3 ? 3 : usb_w > 14 ? 14 : usb_w;
	for (;;) {
		used = 0;
		for (int c = 0; c < DASH_COL_DETAIL; c++)
			if (w[c])
				used += w[c] + (c == DASH_COL_MARK ? 0 : 1);
		int min = drop_level < 5 ? DASH_DETAIL_MIN : DASH_DETAIL_FLOOR;
		if (width - used >= min || drop_level >= 5)
			break;
		drop_level++;
		for (int c = 0; c < DASH_COL_COUNT; c++)
			if (dash_cols[c].drop == drop_level)
				w[c] = 0;
	}
	w[DASH_COL_DETAIL] = width - used > 0 ? width - used : 0;
	l->width = width;
	for (int c = 0, x = 0; c < DASH_COL_COUNT; c++) {
		l->x[c] = x;
		l->w[c] = w[c];
		if (w[c])
			x += w[c] + (c == DASH_COL_MARK || c == DASH_COL_DETAIL ? 0 : 1);
	}
}

/* Copies text into the row at column c, cut to the column's width. One byte is one column here:
 * control characters and bytes beyond ASCII become '?' so a row never spills into the next. */
static void dash_row_put(const struct dash_layout *l, enum dash_col c, const char *text, char *buf)
{
	size_t n = strlen(text);
	int x = l->x[c], w = l->w[c];

	if (w <= 0 || x >= l->width)
		return;
	if (x + w > l->width)
		w = l->width - x;
	for (size_t i = 0; i < n && i < (size_t)w; i++) {
		unsigned char ch = (unsigned char)text[i];
		buf[x + i] = ch < 0x20 || ch >= 0x7f ? '?' : (char)ch;
	}
}

void dash_row_fit(const char *text, int width, char *out, size_t size)
{
	size_t n = strlen(text), w = width > 0 ? (size_t)width : 0;

	if (w >= size)
		w = size - 1;
	if (n <= w) {
		memcpy(out, text, n + 1);
		return;
	}
	if (w < 4) {
		memcpy(out, text, w);
		out[w] = '\0';
		return;
	}
	/* The last word that ends before the marker's room; a too-long single word is cut inside. */
	size_t cut = w - 3;
	size_t k = cut;
	while (k > 0 && text[k] != ' ')
		k--;
	if (k >= w / 2)
		cut = k;
	while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == ';' || text[cut - 1] == ','))
		cut--;
	memcpy(out, text, cut);
	memcpy(out + cut, "...", 4);
}

void dash_row_duration(int64_t ms, char *buf, int size)
{
	int64_t s = ms / 1000;

	if (ms < 0)
		buf[0] = '\0';
	else if (s < 3600)
		snprintf(buf, (size_t)size, "%02d:%02d", (int)(s / 60), (int)(s % 60));
	else if (s < 100 * 3600)
		snprintf(buf, (size_t)size, "%dh%02d", (int)(s / 3600), (int)(s / 60 % 60));
	else
		snprintf(buf, (size_t)size, ">99h");
}

void dash_row_detail(const struct board_slot *s, int64_t now_ms, char *buf, int size)
{
	int secs = (int)((now_ms - s->state_since_ms) / 1000);
	const char *name = slot_state_name(s->state);

	if (secs < 0)
		secs = 0;
	/* What the operator does comes first, then the reason. */
	if (s->err != ERR_NONE && (slot_state_table[s->state].final || s->state == SLOT_WAITING)) {
		snprintf(buf, (size_t)size, "%s%s%s%s %s", slot_state_table[s->state].final ? "set aside; " : "",
			 errcode_name(s->err), s->module_code[0] ? " " : "", s->module_code,
			 s->error_text[0] ? s->error_text : errcode_text(s->err));
		return;
	}
	switch (s->state) {
	case SLOT_EMPTY:
		buf[0] = '\0';
		return;
	/* A final state lasts until the module leaves the slot, so the operator's next step leads. */
	case SLOT_PASS:
		snprintf(buf, (size_t)size, "remove module; now %s", s->fw_after[0] ? s->fw_after : "at the target");
		return;
	case SLOT_SKIP:
		snprintf(buf, (size_t)size, "remove module; already at %s",
			 s->fw_before[0] ? s->fw_before : "the target");
		return;
	case SLOT_UPLOADING:
		if (!s->detail[0] && s->bytes_total) {
			snprintf(buf, (size_t)size, "upload %.1f/%.1f MB %.1f MB/s", s->bytes_done / 1e6,
				 s->bytes_total / 1e6, s->bytes_per_s / 1e6);
			return;
		}
		break;
	case SLOT_UPDATING:
		if (!s->detail[0] && s->percent >= 0)
			snprintf(buf, (size_t)size, "do not unplug; updating %d %%", s->percent);
		else
			snprintf(buf, (size_t)size, "do not unplug; %s", s->detail[0] ? s->detail : name);
		return;
	case SLOT_STARTING:
	case SLOT_REBOOTING:
	case SLOT_VERIFYING:
		/* The module may be rewriting its flash: pulling it now can break it. */
		if (s->detail[0])
			snprintf(buf, (size_t)size, "do not unplug; %s", s->detail);
		else
			snprintf(buf, (size_t)size, "do not unplug; %s %d s", name, secs);
		return;
	case SLOT_FAIL:
	case SLOT_ABORTED:
		snprintf(buf, (size_t)size, "set aside; %s", s->error_text[0] ? s->error_text : name);
		return;
	case SLOT_WAITING:
	case SLOT_IDENTIFYING:
	case SLOT_QUEUED:
	case SLOT_DOWNLOADING:   /* the module fetches the package; nothing written yet */
	case SLOT_STATE_COUNT:
		break;
	}
	if (s->detail[0])
		snprintf(buf, (size_t)size, "%s", s->detail);
	else
		snprintf(buf, (size_t)size, "%s %d s", name, secs);
}

int64_t dash_row_tick(const struct board_slot *s, int64_t now_ms)
{
	if (s->state == SLOT_EMPTY || slot_state_table[s->state].final)
		return 0;
	return now_ms / 1000;
}

void dash_row_render(const struct dash_layout *l, const struct board_slot *s, int index,
		     bool cursor, int64_t now_ms, char *buf)
{
	char t[160];
	int n;

	memset(buf, ' ', (size_t)l->width);
	buf[l->width] = '\0';
	t[0] = cursor ? '>' : ' ';
	t[1] = s->needs_ack ? '!' : ' ';
	t[2] = '\0';
	dash_row_put(l, DASH_COL_MARK, t, buf);
	if (s->label[0])
		dash_row_put(l, DASH_COL_LABEL, s->label, buf);
	else {
		snprintf(t, sizeof t, "%02d", index + 1);
		dash_row_put(l, DASH_COL_LABEL, t, buf);
	}
	dash_row_put(l, DASH_COL_USB, s->usb_path, buf);
	n = (int)strlen(s->imei);
	dash_row_put(l, DASH_COL_IMEI, s->imei + (n > 6 ? n - 6 : 0), buf);
	/* Results in capitals so a finished slot reads apart from a busy one without colour. */
	snprintf(t, sizeof t, "%s", slot_state_name(s->state));
	if (slot_state_table[s->state].final)
		for (char *p = t; *p; p++)
			*p = (char)toupper((unsigned char)*p);
	dash_row_put(l, DASH_COL_STATE, t, buf);
	if (s->percent >= 0) {
		int inner = l->w[DASH_COL_BAR] - 2;
		if (inner > 0) {
			int fill = s->percent * inner / 100;
			t[0] = '[';
			for (int i = 0; i < inner; i++)
				t[1 + i] = i < fill ? '#' : '.';
			t[inner + 1] = ']';
			t[inner + 2] = '\0';
			dash_row_put(l, DASH_COL_BAR, t, buf);
		}
		snprintf(t, sizeof t, "%3d%%", s->percent);
		dash_row_put(l, DASH_COL_PERCENT, t, buf);
	}
	if (s->attempt > 0) {
		snprintf(t, sizeof t, "%d/5", s->attempt);
		dash_row_put(l, DASH_COL_ATTEMPT, t, buf);
	}
	if (s->unit_started_ms > 0 && s->state != SLOT_EMPTY && s->state != SLOT_WAITING) {
		/* A finished unit keeps the time it took, not a clock that runs on. */
		int64_t end = slot_state_table[s->state].final ? s->state_since_ms : now_ms;
		dash_row_duration(end - s->unit_started_ms, t, sizeof t);
		dash_row_put(l, DASH_COL_ELAPSED, t, buf);
	}
	char fit[160];
	dash_row_detail(s, now_ms, t, sizeof t);
	dash_row_fit(t, l->w[DASH_COL_DETAIL], fit, sizeof fit);
	dash_row_put(l, DASH_COL_DETAIL, fit, buf);
}

void dash_row_titles(const struct dash_layout *l, char *buf)
{
	memset(buf, ' ', (size_t)l->width);
	buf[l->width] = '\0';
	for (int c = 0; c < DASH_COL_COUNT; c++)
		dash_row_put(l, (enum dash_col)c, dash_cols[c].title, buf);
}
