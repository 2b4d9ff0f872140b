/* The plain and JSON feeds: exact line formats, JSON escaping of any bytes, and 64 slots
 * publishing at once into two feeds sharing one stream: every line whole, in order per slot. */
#include "ui/feed.h"
#include "ui/feed_format.h"
#include "ui/json.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <time.h>

/* 2026-11-25T15:04:05.123Z */
static int64_t t_when(void)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 25, .tm_hour = 15, .tm_min = 4, .tm_sec = 5 };
	return (int64_t)timegm(&tm) * 1000 + 123;
}

static struct board_event t_event(int slot, const char *label, enum slot_state from, enum slot_state to,
				  int percent, enum errcode err, const char *mod, const char *text)
{
	struct board_event ev = { .seq = 7, .wall_ms = t_when(), .slot = slot, .from = from, .to = to,
				  .percent = percent, .err = err };
	snprintf(ev.label, sizeof ev.label, "%s", label);
	snprintf(ev.module_code, sizeof ev.module_code, "%s", mod);
	snprintf(ev.text, sizeof ev.text, "%s", text);
	return ev;
}

static void t_json_escape(void)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a\"b", "a\\\"b" },
		{ "back\\slash", "back\\\\slash" },
		{ "l1\nl2\r\t", "l1\\nl2\\r\\t" },
		{ "\b\f", "\\b\\f" },
		{ "\x01\x1f\x7f", "\\u0001\\u001f\\u007f" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
		{ "\xff", "\\ufffd" },
		{ "x\xc3", "x\\ufffd" },                         /* cut sequence at the end */
		{ "\xc3(", "\\ufffd(" },                         /* bad continuation */
		{ "\xc0\xaf", "\\ufffd\\ufffd" },                /* overlong */
		{ "\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd" },     /* a UTF-16 surrogate */
		{ "\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd" },  /* above U+10FFFF */
		{ "+QIND: \"FOTA\",\"END\",520", "+QIND: \\\"FOTA\\\",\\\"END\\\",520" },
	};
	char out[256];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_json_escape[%zu]", i);
		CHECK_INT(json_escape(out, sizeof out, rows[i].in), strlen(rows[i].want));
		CHECK_STR(out, rows[i].want);
	}
}

static void t_json_escape_small_buffer(void)
{
	char out[5];
	/* Never cut inside an escape: the \" does not fit whole after "abc", so it stops before it. */
	CHECK_INT(json_escape(out, sizeof out, "abc\"d"), -1);
	CHECK_STR(out, "abc");
	CHECK_INT(json_escape(out, sizeof out, "abcd"), 4);
	CHECK_INT(json_escape(out, sizeof out, "abcde"), -1);
	CHECK_STR(out, "abcd");
	CHECK_INT(json_escape(out, 1, "a"), -1);
	CHECK_STR(out, "");
}

static void t_line_format(void)
{
	static const struct {
		const char *usb, *want;
	} rows[] = {
		{ "1-1.3", "2026-11-25T15:04:05.123Z slot 03 1-1.3 uploading -> starting (upload verified)\n" },
		{ "1-1.3", "2026-11-25T15:04:05.123Z slot 03 1-1.3 uploading 30 % (upload 12.0/40.0 MB 3.1 MB/s)\n" },
		{ "1-1.6", "2026-11-25T15:04:05.123Z slot 06 1-1.6 updating -> fail E-MODULE 520 (FOTA END,520)\n" },
		{ "", "2026-11-25T15:04:05.123Z slot 05 identifying -> fail E-WRONG-BASE (firmware A02)\n" },
		{ "1-1.1", "2026-11-25T15:04:05.123Z slot 01 1-1.1 waiting -> identifying (two lines)\n" },
		{ "", "2026-11-25T15:04:05.123Z slot -- 12 events lost (reader too slow)\n" },
		{ "1-1.2", "2026-11-25T15:04:05.123Z slot 02 1-1.2 starting -> downloading (HTTPSTART)\n" },
		{ "1-1.2", "2026-11-25T15:04:05.123Z slot 02 1-1.2 downloading -> fail E-DOWNLOAD 701 (HTTPEND,701 after 3.250 s)\n" },
	};
	struct board_event evs[] = {
		t_event(2, "03", SLOT_UPLOADING, SLOT_STARTING, -1, ERR_NONE, "", "upload verified"),
		t_event(2, "03", SLOT_UPLOADING, SLOT_UPLOADING, 30, ERR_NONE, "", "upload 12.0/40.0 MB 3.1 MB/s"),
		t_event(5, "06", SLOT_UPDATING, SLOT_FAIL, -1, ERR_MODULE, "520", "FOTA END,520"),
		t_event(4, "", SLOT_IDENTIFYING, SLOT_FAIL, -1, ERR_WRONG_BASE, "", "firmware A02"),
		t_event(0, "01", SLOT_WAITING, SLOT_IDENTIFYING, -1, ERR_NONE, "", "two\nlines"),
		t_event(-1, "", SLOT_EMPTY, SLOT_EMPTY, -1, ERR_NONE, "", "12 events lost (reader too slow)"),
		t_event(1, "02", SLOT_STARTING, SLOT_DOWNLOADING, -1, ERR_NONE, "", "HTTPSTART"),
		t_event(1, "02", SLOT_DOWNLOADING, SLOT_FAIL, -1, ERR_DOWNLOAD, "701", "HTTPEND,701 after 3.250 s"),
	};
	char out[FEED_LINE_MAX];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_line_format[%zu]", i);
		CHECK_INT(feed_format_line(&evs[i], rows[i].usb, out, sizeof out), strlen(rows[i].want));
		CHECK_STR(out, rows[i].want);
	}
}

static void t_json_format(void)
{
	struct board_event evs[] = {
		t_event(2, "03", SLOT_UPLOADING, SLOT_STARTING, -1, ERR_NONE, "", "upload verified"),
		t_event(5, "06", SLOT_UPDATING, SLOT_UPDATING, 40, ERR_NONE, "", "updating 40 %"),
		t_event(5, "06", SLOT_UPDATING, SLOT_FAIL, -1, ERR_MODULE, "520", "said \"END\",520\n\xff"),
		t_event(-1, "", SLOT_EMPTY, SLOT_EMPTY, -1, ERR_NONE, "", "3 events lost (reader too slow)"),
	};
	const char *usb[] = { "1-1.3", "", "1-1.6", "" };
	const char *want[] = {
		"{\"time\":\"2026-11-25T15:04:05.123Z\",\"seq\":7,\"slot\":\"03\",\"usb_path\":\"1-1.3\","
		"\"from\":\"uploading\",\"to\":\"starting\",\"percent\":null,\"error_code\":null,"
		"\"module_code\":null,\"text\":\"upload verified\"}\n",
		"{\"time\":\"2026-11-25T15:04:05.123Z\",\"seq\":7,\"slot\":\"06\","
		"\"from\":\"updating\",\"to\":\"updating\",\"percent\":40,\"error_code\":null,"
		"\"module_code\":null,\"text\":\"updating 40 %\"}\n",
		"{\"time\":\"2026-11-25T15:04:05.123Z\",\"seq\":7,\"slot\":\"06\",\"usb_path\":\"1-1.6\","
		"\"from\":\"updating\",\"to\":\"fail\",\"percent\":null,\"error_code\":\"E-MODULE\","
		"\"module_code\":\"520\",\"text\":\"said \\\"END\\\",520\\n\\ufffd\"}\n",
		"{\"time\":\"2026-11-25T15:04:05.123Z\",\"seq\":7,\"slot\":null,\"from\":null,\"to\":null,"
		"\"percent\":null,\"error_code\":null,\"module_code\":null,"
		"\"text\":\"3 events lost (reader too slow)\"}\n",
	};
	char out[FEED_LINE_MAX];
	for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) {
		check_case("t_json_format[%zu]", i);
		CHECK_INT(feed_format_json(&evs[i], usb[i], out, sizeof out), strlen(want[i]));
		CHECK_STR(out, want[i]);
	}
}

/* The longest fields, every byte needing the longest escape: the object still closes. */
static void t_json_worst_case_fits(void)
{
	struct board_event ev = t_event(1, "", SLOT_UPDATING, SLOT_FAIL, -1, ERR_MODULE, "", "");
	char usb[32], out[FEED_LINE_MAX];
	int n;
	memset(ev.label, 0x01, sizeof ev.label - 1);
	memset(ev.module_code, 0x02, sizeof ev.module_code - 1);
	memset(ev.text, 0x03, sizeof ev.text - 1);
	memset(usb, 0x04, sizeof usb - 1);
	usb[sizeof usb - 1] = '\0';
	n = feed_format_json(&ev, usb, out, sizeof out);
	CHECK(n > 1200);
	CHECK(n < FEED_LINE_MAX - 1);
	CHECK(out[n - 2] == '}' && out[n - 1] == '\n');
}

/* A small JSON checker: one object of string keys to strings, integers or null. */
static const char *t_json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 4;
			} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
		p++;
	}
	return *p == '"' ? p + 1 : NULL;
}

static bool t_json_object(const char *p)
{
	if (*p++ != '{')
		return false;
	for (;;) {
		if (!(p = t_json_string(p)) || *p++ != ':')
			return false;
		if (*p == '"')
			p = t_json_string(p);
		else if (!strncmp(p, "null", 4))
			p += 4;
		else if (*p >= '0' && *p <= '9')
			while (*p >= '0' && *p <= '9')
				p++;
		else
			return false;
		if (!p)
			return false;
		if (*p == '}')
			return p[1] == '\0';
		if (*p++ != ',')
			return false;
	}
}

#define T_SLOTS 64
#define T_STEPS 30

struct t_pub {
	struct board *b;
	int slot;
};

/* One slot's worker: transitions carrying a step number, and progress through every decile. */
static void *t_publisher(void *arg)
{
	struct t_pub *p = arg;
	struct board_slot *s = board_lock(p->b, p->slot);
	snprintf(s->label, sizeof s->label, "%02d", p->slot + 1);
	snprintf(s->usb_path, sizeof s->usb_path, "1-%d.%d", p->slot / 8 + 1, p->slot % 8 + 1);
	board_unlock(p->b, p->slot);
	for (int k = 0; k < T_STEPS; k++)
		board_transition(p->b, p->slot, k & 1 ? SLOT_UPLOADING : SLOT_QUEUED,
				 "step %03d \"quoted\" and long enough to need several pipe buffers when many "
				 "threads write at once %0*d", k, 60, p->slot);
	for (int pct = 0; pct <= 100; pct += 5)
		board_progress(p->b, p->slot, pct, "upload 12.4/40.0 MB 3.1 MB/s");
	return NULL;
}

static void t_feed_concurrent_whole_lines(void)
{
	struct board *b = board_new(T_SLOTS);
	FILE *out = tmpfile();
	struct t_pub pubs[T_SLOTS];
	pthread_t th[T_SLOTS];
	struct feed *lines, *json;
	int next_line[T_SLOTS] = { 0 }, next_json[T_SLOTS] = { 0 };
	int n_lines = 0, n_json = 0, bad = 0, disorder = 0;
	char buf[FEED_LINE_MAX + 2];

	CHECK(out != NULL);
	if (!out)
		return;
	lines = feed_start(b, out, FEED_LINES);
	json = feed_start(b, out, FEED_JSON);
	for (int i = 0; i < T_SLOTS; i++) {
		pubs[i] = (struct t_pub){ b, i };
		pthread_create(&th[i], NULL, t_publisher, &pubs[i]);
	}
	for (int i = 0; i < T_SLOTS; i++)
		pthread_join(th[i], NULL);
	feed_stop(lines);
	feed_stop(json);

	rewind(out);
	while (fgets(buf, sizeof buf, out)) {
		size_t n = strlen(buf);
		int slot, step;
		const char *at;
		if (n == 0 || buf[n - 1] != '\n') {
			bad++;
			continue;
		}
		buf[n - 1] = '\0';
		if (buf[0] == '{') {
			n_json++;
			if (!t_json_object(buf) || !(at = strstr(buf, "\"slot\":\"")) || sscanf(at + 8, "%d", &slot) != 1) {
				bad++;
				continue;
			}
			slot--;
			if ((at = strstr(buf, "step ")) && sscanf(at + 5, "%d", &step) == 1) {
				disorder += step != next_json[slot];
				next_json[slot] = step + 1;
			}
		} else {
			char when[32], label[8], usb[16];
			n_lines++;
			if (sscanf(buf, "%31s slot %7s %15s", when, label, usb) != 3 || strlen(when) != 24 ||
			    (slot = atoi(label) - 1) < 0 || slot >= T_SLOTS || strstr(buf + 24, "Z slot ") ||
			    strstr(buf, "{")) {
				bad++;
				continue;
			}
			if ((at = strstr(buf, "step ")) && sscanf(at + 5, "%d", &step) == 1) {
				disorder += step != next_line[slot];
				next_line[slot] = step + 1;
			}
		}
	}
	/* Per slot: T_STEPS transitions and 11 progress deciles, in each feed. */
	CHECK_INT(n_lines, T_SLOTS * (T_STEPS + 11));
	CHECK_INT(n_json, T_SLOTS * (T_STEPS + 11));
	CHECK_INT(bad, 0);
	CHECK_INT(disorder, 0);
	for (int i = 0; i < T_SLOTS; i++) {
		check_case("t_feed_concurrent_whole_lines[slot %d]", i);
		CHECK_INT(next_line[i], T_STEPS);
		CHECK_INT(next_json[i], T_STEPS);
	}
	fclose(out);
	board_free(b);
}

/* A closed board ends the feed's thread by itself; feed_stop then only joins. */
static void t_feed_ends_when_closed(void)
{
	struct board *b = board_new(1);
	FILE *out = tmpfile();
	struct feed *f;
	char buf[FEED_LINE_MAX];
	int n = 0;

	if (!out)
		return;
	f = feed_start(b, out, FEED_LINES);
	board_transition(b, 0, SLOT_WAITING, "module present");
	board_close_events(b);
	feed_stop(f);
	rewind(out);
	while (fgets(buf, sizeof buf, out))
		n++;
	CHECK_INT(n, 1);
	CHECK(strstr(buf, "slot 01 empty -> waiting (module present)") != NULL);
	fclose(out);
	board_free(b);
}

int main(void)
{
	RUN(t_json_escape);
	RUN(t_json_escape_small_buffer);
	RUN(t_line_format);
	RUN(t_json_format);
	RUN(t_json_worst_case_fits);
	RUN(t_feed_concurrent_whole_lines);
	RUN(t_feed_ends_when_closed);
	return check_done();
}
