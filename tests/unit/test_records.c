/* The CSV record writer (header, one record per append, many threads) and unit transcripts. */
#include "logs/csv.h"
#include "logs/record_find.h"
#include "logs/record_writer.h"
#include "logs/transcript.h"
#include "tests/unit/check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void t_escape(void)
{
	static const struct { const char *in; size_t len; const char *want; } rows[] = {
		{ "AT+QGMR\r", 8, "AT+QGMR<CR>" },
		{ "\r\nOK\r\n", 6, "<CR><LF>OK<CR><LF>" },
		{ "a\\b", 3, "a\\\\b" },
		{ "\x00\xff\x1b", 3, "\\x00\\xFF\\x1B" },
		{ "", 0, "" },
	};
	char out[64];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		check_case("t_escape[%zu]", i);
		CHECK_INT(transcript_escape((const uint8_t *)rows[i].in, rows[i].len, out, sizeof out), rows[i].len);
		CHECK_STR(out, rows[i].want);
	}
	/* Never cuts an escape in half. */
	check_case("t_escape[cut]");
	CHECK_INT(transcript_escape((const uint8_t *)"ab\r", 3, out, 6), 2);
	CHECK_STR(out, "ab");
}

struct writer_job {
	struct record_writer *w;
	int id;
};

#define THREADS 8
#define PER_THREAD 150

static void *writer_thread(void *arg)
{
	struct writer_job *j = arg;
	char slot[16], imei[32], err[256];
	struct record r = { 0 };
	for (int i = 0; i < PER_THREAD; i++) {
		snprintf(slot, sizeof slot, "%02d", j->id);
		snprintf(imei, sizeof imei, "86612345%07d", j->id * 1000 + i);
		r.f[REC_SLOT] = slot;
		r.f[REC_IMEI] = imei;
		r.f[REC_RESULT] = "FAIL";
		r.f[REC_ERROR_CODE] = "E-MODULE";
		r.f[REC_ERROR_TEXT] = "=bad, \"quoted\"\nsecond line";
		r.f[REC_MODULE_CODE] = "520";
		if (record_writer_append(j->w, &r, 1764000000000LL, NULL, NULL, err, sizeof err) != 0)
			fprintf(stderr, "%s\n", err);
	}
	return NULL;
}

static void t_writer_threads(void)
{
	char err[256], path[512];
	struct record_writer *w = record_writer_open(tmpdir, "L3-ST07", err, sizeof err);
	pthread_t th[THREADS];
	struct writer_job jobs[THREADS];
	size_t len, used, off = 0;
	char **f;
	int n, records = 0, bad = 0;
	char *text;

	CHECK(w != NULL);
	if (!w)
		return;
	for (int i = 0; i < THREADS; i++) {
		jobs[i] = (struct writer_job){ w, i };
		pthread_create(&th[i], NULL, writer_thread, &jobs[i]);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	record_writer_path(w, 1764000000000LL, path, sizeof path);
	CHECK(strstr(path, "/L3-ST07-2025-11-24.csv") != NULL);
	text = slurp(path, &len);
	CHECK(text != NULL);
	if (!text)
		return;
	CHECK_INT(csv_read(text, len, &used, &f, &n), 1);
	CHECK_INT(n, REC_COLS);
	CHECK_STR(f[0], "started_at");
	CHECK_STR(f[REC_ERROR_TEXT], "error_text");
	csv_fields_free(f, n);
	off = used;
	while (off < len) {
		int rc = csv_read(text + off, len - off, &used, &f, &n);
		if (rc <= 0) {
			bad++;
			break;
		}
		off += used;
		records++;
		if (n != REC_COLS || strcmp(f[REC_ERROR_TEXT], "'=bad, \"quoted\"\nsecond line") != 0 ||
		    strcmp(f[REC_RESULT], "FAIL") != 0)
			bad++;
		csv_fields_free(f, n);
	}
	CHECK_INT(records, THREADS * PER_THREAD);
	CHECK_INT(bad, 0);
	free(text);
	record_writer_close(w);
}

/* Files 0640 in folders 0750 (records name operators: not for every account on the host), and a
 * symlink planted where today's file goes is refused, not followed. */
static void t_modes_nofollow(void)
{
	char err[256], dir[300], path[512], target[400];
	struct stat st;
	struct record r = { 0 };
	mode_t old = umask(022);

	snprintf(dir, sizeof dir, "%s/modes/logs", tmpdir);
	struct record_writer *w = record_writer_open(dir, "ST", err, sizeof err);
	CHECK(w != NULL);
	if (!w)
		return;
	r.f[REC_RESULT] = "PASS";
	CHECK_INT(record_writer_append(w, &r, 1764000000000LL, NULL, NULL, err, sizeof err), 0);
	record_writer_path(w, 1764000000000LL, path, sizeof path);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640);
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 07777) == 0750);
	/* The next day's file is a symlink to a file elsewhere: nothing may be written through it. */
	snprintf(target, sizeof target, "%s/modes/elsewhere", tmpdir);
	FILE *f = fopen(target, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	record_writer_path(w, 1764000000000LL + 86400000LL, path, sizeof path);
	CHECK(symlink(target, path) == 0);
	CHECK_INT(record_writer_append(w, &r, 1764000000000LL + 86400000LL, NULL, NULL, err, sizeof err), 1);
	CHECK(strstr(err, "cannot open") != NULL);
	CHECK(stat(target, &st) == 0 && st.st_size == 0);
	CHECK_INT(record_writer_held(w), 1);
	record_writer_close(w);
	umask(old);
}

/* Finding a unit's last record again: by slot and IMEI (and start time), the last one wins, in a
 * file with reordered columns, in held records, and not in another slot. */
static void t_find(void)
{
	static const char text[] =
		"imei,slot,result,started_at,error_code,module_code,error_text\r\n"
		"866000000000001,01,FAIL,2025-11-24T10:00:00.000Z,E-MODULE,522,gave up\r\n"
		"866000000000001,01,\"broken\r\n"
		"866000000000002,01,PASS,2025-11-24T10:01:00.000Z,,,\r\n"
		"866000000000001,01,PASS,2025-11-24T10:05:00.000Z,,,\r\n"
		"866000000000003,02,SKIP,2025-11-24T10:06:00.000Z,,,\r\n";
	struct record_found got;
	CHECK_INT(record_find_in_text(text, sizeof text - 1, 1, "01", "866000000000001", NULL, &got), 1);
	CHECK_STR(got.result, "PASS");
	CHECK_INT(record_find_in_text(text, sizeof text - 1, 1, "01", "866000000000001",
				      "2025-11-24T10:00:00.000Z", &got), 1);
	CHECK_STR(got.result, "FAIL");
	CHECK_STR(got.error_code, "E-MODULE");
	CHECK_STR(got.module_code, "522");
	CHECK_INT(record_find_in_text(text, sizeof text - 1, 1, "02", "866000000000001", NULL, &got), 0);
	CHECK_INT(record_find_in_text(text, sizeof text - 1, 1, "01", "866000000000009", NULL, &got), 0);
	CHECK_INT(record_find_in_text("", 0, 1, "01", "1", NULL, &got), 0);

	char err[256], dir[300];
	snprintf(dir, sizeof dir, "%s/find/logs", tmpdir);
	struct record_writer *w = record_writer_open(dir, "ST", err, sizeof err);
	CHECK(w != NULL);
	if (!w)
		return;
	struct record r = { 0 };
	r.f[REC_SLOT] = "03";
	r.f[REC_IMEI] = "866000000000004";
	r.f[REC_STARTED_AT] = "2025-11-23T23:59:00.000Z";
	r.f[REC_RESULT] = "PASS";
	/* Finished yesterday, looked for today: still found. */
	CHECK_INT(record_writer_append(w, &r, 1764000000000LL - 86400000LL, NULL, NULL, err, sizeof err), 0);
	CHECK_INT(record_writer_find(w, 1764000000000LL, "03", "866000000000004", NULL, &got), 1);
	CHECK_STR(got.result, "PASS");
	CHECK_INT(record_writer_find(w, 1764000000000LL, "03", "866000000000004", "2025-11-23T23:59:00.000Z", &got), 1);
	CHECK_INT(record_writer_find(w, 1764000000000LL, "03", "866000000000004", "2025-11-24T00:00:00.000Z", &got), 0);
	CHECK_INT(record_writer_find(w, 1764000000000LL, "04", "866000000000004", NULL, &got), 0);
	CHECK_INT(record_writer_find(w, 1764000000000LL, "03", "", NULL, &got), 0);
	record_writer_close(w);
}

struct sink_log {
	int lines;
	char last[256];
};

static void sink(void *ctx, char dir, const char *text)
{
	struct sink_log *s = ctx;
	s->lines++;
	snprintf(s->last, sizeof s->last, "%c %s", dir, text);
}

/* The hook runs after each record is in its file (the line database's forwarder reads it then),
 * once per record, and not for a record that could not be written. */
struct hook_seen {
	struct record_writer *w;
	int calls, in_file;
};

static void on_written(void *ctx)
{
	struct hook_seen *h = ctx;
	char path[512];
	size_t len;
	record_writer_path(h->w, 1764000000000LL, path, sizeof path);
	char *text = slurp(path, &len);
	h->calls++;
	if (text && strstr(text, "HOOK-IMEI-") && len > 2 && text[len - 1] == '\n')
		h->in_file++;
	free(text);
}

static void t_writer_hook(void)
{
	char err[256], dir[300];
	snprintf(dir, sizeof dir, "%s/hook", tmpdir);
	struct record_writer *w = record_writer_open(dir, "L3-HOOK", err, sizeof err);
	struct hook_seen h = { w, 0, 0 };
	struct record r = { 0 };
	CHECK(w != NULL);
	if (!w)
		return;
	record_writer_on_written(w, on_written, &h);
	r.f[REC_IMEI] = "HOOK-IMEI-1";
	r.f[REC_RESULT] = "PASS";
	CHECK_INT(record_writer_append(w, &r, 1764000000000LL, NULL, NULL, err, sizeof err), 0);
	CHECK_INT(record_writer_append(w, &r, 1764000000000LL, NULL, NULL, err, sizeof err), 0);
	CHECK_INT(h.calls, 2);
	CHECK_INT(h.in_file, 2);
	/* A record that cannot be written (its folder is gone) is held and calls nothing. */
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	CHECK_INT(system(cmd), 0);
	CHECK_INT(record_writer_append(w, &r, 1764000000000LL, NULL, NULL, err, sizeof err), 1);
	CHECK_INT(h.calls, 2);
	record_writer_on_written(w, NULL, NULL);
	record_writer_close(w);
}

static void t_transcript(void)
{
	struct sink_log sl = { 0 };
	struct transcript *t = transcript_new("07", sink, &sl);
	char err[256];
	size_t len;
	char *text;

	transcript_set_port(t, "/dev/ttyUSB9");
	transcript_bytes(t, TRANSCRIPT_TX, (const uint8_t *)"ATI\r", 4);
	transcript_bytes(t, TRANSCRIPT_RX, (const uint8_t *)"\r\nQuec", 6);
	transcript_bytes(t, TRANSCRIPT_RX, (const uint8_t *)"tel\r\n\r\nOK\r\n", 11);
	CHECK_STR(sl.last, "< OK<CR><LF>");
	uint8_t blob[3] = { 0xAB, 'A', '\n' };
	transcript_bytes(t, TRANSCRIPT_RX, blob, sizeof blob);
	CHECK_INT(transcript_attach(t, tmpdir, "866123456789012", 1764000000000LL, err, sizeof err), 0);
	transcript_note(t, "after attach");
	/* a URL package's password: masked in what is sent, echoed, received and noted */
	static const char fotadl[] = "AT+QFOTADL=\"ftp://fota:Hunter22@10.0.0.2:21/p.zip\"\r";
	transcript_bytes(t, TRANSCRIPT_TX, (const uint8_t *)fotadl, sizeof fotadl - 1);
	CHECK_STR(sl.last, "> AT+QFOTADL=\"ftp://fota:***@10.0.0.2:21/p.zip\"<CR>");
	transcript_bytes(t, TRANSCRIPT_RX, (const uint8_t *)fotadl, sizeof fotadl - 1);
	transcript_bytes(t, TRANSCRIPT_RX, (const uint8_t *)"\n", 1);
	transcript_note(t, "download of ftp://fota:Hunter22@10.0.0.2:21/p.zip");
	CHECK(strstr(transcript_path(t), "/transcripts/2025-11-24/866123456789012-160000-slot07.log") != NULL);
	text = slurp(transcript_path(t), &len);
	transcript_close(t);
	CHECK(text != NULL);
	if (!text)
		return;
	CHECK(strstr(text, " slot07 ttyUSB9 > ATI<CR>\n") != NULL);
	CHECK(strstr(text, " slot07 ttyUSB9 < <CR><LF>\n") != NULL);
	CHECK(strstr(text, " slot07 ttyUSB9 < Quectel<CR><LF>\n") != NULL);
	CHECK(strstr(text, "# after attach\n") != NULL);
	CHECK(strstr(text, " < \\xABA<LF>\n") != NULL);
	CHECK(strstr(text, "> AT+QFOTADL=\"ftp://fota:***@10.0.0.2:21/p.zip\"<CR>\n") != NULL);
	CHECK(strstr(text, "< AT+QFOTADL=\"ftp://fota:***@10.0.0.2:21/p.zip\"<CR><LF>\n") != NULL);
	CHECK(strstr(text, "# download of ftp://fota:***@") != NULL);
	CHECK(strstr(text, "Hunter22") == NULL);
	free(text);
}

/* Too many lines before the file is named: the file starts with a note, and holds no NUL byte. */
static void t_transcript_cut(void)
{
	struct transcript *t = transcript_new("08", NULL, NULL);
	char err[256], line[200];
	size_t len;
	char *text;

	memset(line, 'x', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	for (int i = 0; i < 4000; i++)
		transcript_note(t, "%s", line);
	CHECK_INT(transcript_attach(t, tmpdir, "866123456789013", 1764000000000LL, err, sizeof err), 0);
	text = slurp(transcript_path(t), &len);
	transcript_close(t);
	CHECK(text != NULL);
	if (!text)
		return;
	CHECK(strncmp(text, "# (earlier lines dropped", 24) == 0);
	CHECK(memchr(text, '\0', len) == NULL);
	free(text);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_records.%d/logs", (int)getpid());
	RUN(t_escape);
	RUN(t_writer_threads);
	RUN(t_modes_nofollow);
	RUN(t_find);
	RUN(t_writer_hook);
	RUN(t_transcript);
	RUN(t_transcript_cut);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf /tmp/test_records.%d", (int)getpid());
	if (system(cmd) != 0)
		return 1;
	return check_done();
}
