/* Dashboard rows without a terminal: the column layout per width, the row text per state, the
 * detail words, durations, and the key table the footer and help screen read. */
#include "ui/dash_keys.h"
#include "ui/dash_row.h"
#include "tests/unit/check.h"

#include <curses.h>

static void t_layout_widths(void)
{
	static const struct { int width; bool imei, bar, usb; } rows[] = {
		{ 160, true, true, true },
		{ 100, true, true, true },
		{ 79, false, true, true },   /* two columns on a 160-wide terminal */
		{ 66, false, false, false },
		{ 60, false, false, false },
		{ DASH_ROW_MIN_WIDTH, false, false, false },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct dash_layout l;
		int end = 0;
		check_case("t_layout_widths[%d]", rows[i].width);
		dash_layout_compute(&l, rows[i].width, 2, 5);
		CHECK_INT(l.width, rows[i].width);
		CHECK_INT(l.w[DASH_COL_IMEI] > 0, rows[i].imei);
		CHECK_INT(l.w[DASH_COL_BAR] > 0, rows[i].bar);
		CHECK_INT(l.w[DASH_COL_USB] > 0, rows[i].usb);
		CHECK(l.w[DASH_COL_STATE] >= 11);       /* the state in words always fits */
		CHECK(l.w[DASH_COL_PERCENT] == 4);
		CHECK(l.w[DASH_COL_DETAIL] >= 14);
		for (int c = 0; c < DASH_COL_COUNT; c++)
			if (l.w[c]) {
				CHECK(l.x[c] >= end);
				end = l.x[c] + l.w[c];
			}
		CHECK_INT(end, rows[i].width);
	}
}

static struct board_slot t_slot(enum slot_state st, int64_t now)
{
	struct board_slot s = { .state = st, .percent = -1, .state_since_ms = now - 23500 };
	snprintf(s.label, sizeof s.label, "03");
	snprintf(s.usb_path, sizeof s.usb_path, "1-1.3");
	snprintf(s.imei, sizeof s.imei, "864390041200003");
	s.unit_started_ms = now - 754000;
	return s;
}

static void t_row_text(void)
{
	const int64_t now = 1000000;
	struct dash_layout l;
	char buf[200];
	struct board_slot s;

	dash_layout_compute(&l, 79, 2, 5);

	s = t_slot(SLOT_UPLOADING, now);
	s.percent = 31;
	snprintf(s.detail, sizeof s.detail, "upload 12.4/40.0 MB 3.1 MB/s");
	dash_row_render(&l, &s, 2, true, now, buf);
	CHECK_STR(buf, "> 03   1-1.3 uploading   [##......]  31%     12:34 upload 12.4/40.0 MB 3.1 MB/s");

	s = t_slot(SLOT_FAIL, now);
	s.err = ERR_MODULE;
	s.attempt = 5;
	s.needs_ack = true;
	snprintf(s.module_code, sizeof s.module_code, "520");
	snprintf(s.error_text, sizeof s.error_text, "FOTA END,520");
	dash_row_render(&l, &s, 2, false, now, buf);
	/* A finished unit shows the time it took (until its result), not a running clock. */
	/* What to do first; cut at a word's end with a marker. */
	CHECK_STR(buf, " !03   1-1.3 FAIL                        5/5 12:10 set aside; E-MODULE 520...  ");

	s = t_slot(SLOT_REBOOTING, now);
	s.label[0] = '\0';
	dash_row_render(&l, &s, 4, false, now, buf);
	CHECK_STR(buf, "  05   1-1.3 rebooting                       12:34 do not unplug; rebooting... ");
	CHECK_INT(strlen(buf), 79);

	/* Bytes that are not one printable column each never shift the columns after them. */
	s = t_slot(SLOT_FAIL, now);
	s.err = ERR_IDENTIFY;
	snprintf(s.label, sizeof s.label, "\t3");
	snprintf(s.error_text, sizeof s.error_text, "model \"R\xc3\xa9\x1b[2J\"");
	dash_layout_compute(&l, 120, 2, 5);
	dash_row_render(&l, &s, 2, false, now, buf);
	CHECK(strncmp(buf, "  ?3   1-1.3 200003 FAIL ", 24) == 0);
	CHECK(strstr(buf, " set aside; E-IDENTIFY model \"R???[2J\"") != NULL);
	CHECK_INT(strlen(buf), 120);

	s = t_slot(SLOT_WAITING, now);
	s.unit_started_ms = 0;
	dash_row_render(&l, &s, 2, false, now, buf);
	CHECK(strncmp(buf, "  03   1-1.3 200003 waiting     ", 32) == 0);
	CHECK(strstr(buf, " waiting 23 s ") != NULL);
	CHECK_INT(strlen(buf), 120);
}

static void t_detail_words(void)
{
	const int64_t now = 1000000;
	static const struct {
		enum slot_state st;
		const char *detail;
		int percent;
		enum errcode err;
		const char *want;
	} rows[] = {
		{ SLOT_REBOOTING, "", -1, ERR_NONE, "do not unplug; rebooting 23 s" },
		{ SLOT_QUEUED, "", -1, ERR_NONE, "queued 23 s" },
		{ SLOT_DOWNLOADING, "", -1, ERR_NONE, "downloading 23 s" },
		{ SLOT_UPLOADING, "", 31, ERR_NONE, "upload 12.4/40.0 MB 3.1 MB/s" },
		{ SLOT_UPDATING, "", 47, ERR_NONE, "do not unplug; updating 47 %" },
		{ SLOT_UPDATING, "updating 47 % (attempt 2)", 47, ERR_NONE, "do not unplug; updating 47 % (attempt 2)" },
		{ SLOT_VERIFYING, "", -1, ERR_NONE, "do not unplug; verifying 23 s" },
		{ SLOT_PASS, "stale words", -1, ERR_NONE, "remove module; now RM500QGLABR11A06M4G" },
		{ SLOT_SKIP, "", -1, ERR_NONE, "remove module; already at RM500QGLABR11A04M4G" },
		{ SLOT_FAIL, "", -1, ERR_WRONG_BASE, "set aside; E-WRONG-BASE module firmware is not a base any package applies to" },
		{ SLOT_ABORTED, "", -1, ERR_ABORTED, "set aside; E-ABORTED stopped before the unit finished" },
		{ SLOT_FAIL, "", -1, ERR_DOWNLOAD, "set aside; E-DOWNLOAD module could not download the package: check the server, the module's network registration, and no host data call on its first APN" },
		{ SLOT_EMPTY, "", -1, ERR_NONE, "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct board_slot s = t_slot(rows[i].st, now);
		char out[200];
		check_case("t_detail_words[%zu]", i);
		snprintf(s.detail, sizeof s.detail, "%s", rows[i].detail);
		s.percent = rows[i].percent;
		s.err = rows[i].err;
		s.bytes_done = 12400000;
		s.bytes_total = 40000000;
		s.bytes_per_s = 3100000;
		snprintf(s.fw_before, sizeof s.fw_before, "RM500QGLABR11A04M4G");
		snprintf(s.fw_after, sizeof s.fw_after, "RM500QGLABR11A06M4G");
		dash_row_detail(&s, now, out, sizeof out);
		CHECK_STR(out, rows[i].want);
	}
	/* a module on USB without its AT tty: the row says which interface */
	struct board_slot s = t_slot(SLOT_FAIL, now);
	char out[200];
	s.err = ERR_NO_AT_PORT;
	snprintf(s.error_text, sizeof s.error_text, "module found, no AT port on interface 2");
	dash_row_detail(&s, now, out, sizeof out);
	CHECK_STR(out, "set aside; E-NO-AT-PORT module found, no AT port on interface 2");
}

static void t_duration(void)
{
	static const struct { int64_t ms; const char *want; } rows[] = {
		{ 0, "00:00" }, { 999, "00:00" }, { 754000, "12:34" }, { 3599000, "59:59" },
		{ 3720000, "1h02" }, { 99 * 3600000LL + 59 * 60000, "99h59" }, { 400 * 3600000LL, ">99h" },
		{ -5, "" },
	};
	char out[16];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_duration[%zu]", i);
		dash_row_duration(rows[i].ms, out, sizeof out);
		CHECK_STR(out, rows[i].want);
	}
}

static void t_keys_table(void)
{
	bool described[DASH_ACT_COUNT] = { false };
	char footer[200];

	for (int i = 0; i < dash_keys_count; i++) {
		check_case("t_keys_table[%s]", dash_keys[i].name);
		CHECK(dash_keys[i].act != DASH_ACT_NONE);
		CHECK_INT(dash_keys_action(dash_keys[i].key), dash_keys[i].act);
		for (int j = i + 1; j < dash_keys_count; j++)
			CHECK(dash_keys[j].key != dash_keys[i].key);
		if (dash_keys[i].help)
			described[dash_keys[i].act] = true;
		/* A pair shares one help line: "Up/Down" describes Down too. */
		for (int j = 0; j < dash_keys_count; j++)
			if (j != i && dash_keys[j].help && !dash_keys[i].help &&
			    strstr(dash_keys[j].name, dash_keys[i].name))
				described[dash_keys[i].act] = true;
	}
	for (int a = DASH_ACT_NONE + 1; a < DASH_ACT_COUNT; a++) {
		check_case("t_keys_table[action %d has help]", a);
		CHECK(described[a]);
	}
	check_case("t_keys_table[footer]");
	CHECK_INT(dash_keys_action('Z'), DASH_ACT_NONE);
	dash_keys_footer(footer, 160);
	CHECK_STR(footer, " Enter details  s start  S all  A auto  x abort  r retry  a ack  f failed  ? help  q quit");
	/* f always shows; when two spaces do not fit, one does, before any entry gives way. */
	dash_keys_footer(footer, 80);
	CHECK_STR(footer, " Enter details s start S all A auto x abort r retry a ack f failed ? help q quit");
	dash_keys_footer(footer, 40);
	CHECK_STR(footer, " Enter details f failed ? help q quit");
}

int main(void)
{
	RUN(t_layout_widths);
	RUN(t_row_text);
	RUN(t_detail_words);
	RUN(t_duration);
	RUN(t_keys_table);
	return check_done();
}
