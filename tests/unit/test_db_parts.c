/* The database module's pure parts and its outbox files, without a server: a record checked and
 * typed for the table, CSV text read as an outbox (complete rows only, malformed rows passed
 * over), the confirmed offsets kept in the log folder, and the waiting line's text. */
#include "logs/db/db.h"
#include "logs/db/db_outbox.h"
#include "logs/db/db_priv.h"
#include "logs/record.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[64];

/* A record whose every column is valid, to change one field at a time. */
static void good_record(struct record *r)
{
	static const char *const v[REC_COLS] = {
		[REC_STARTED_AT] = "2026-11-25T15:04:05.123Z", [REC_FINISHED_AT] = "2026-11-25T15:09:00.000Z",
		[REC_STATION] = "L3-ST07", [REC_OPERATOR] = "OP-7", [REC_LOT] = "LOT-42", [REC_SLOT] = "03",
		[REC_USB_PATH] = "1-1.3", [REC_PORT] = "/dev/ttyUSB2", [REC_MODEL] = "RM500Q-GL",
		[REC_IMEI] = "866123428848694", [REC_FW_BEFORE] = "A04", [REC_FW_AFTER] = "A06",
		[REC_PACKAGE] = "p", [REC_PACKAGE_SHA256] = "ab", [REC_CONFIG_SHA256] = "cd",
		[REC_BYTES] = "4096", [REC_UPLOAD_S] = "2.50", [REC_UPDATE_S] = "300.1",
		[REC_MODULE_ATTEMPTS] = "1", [REC_RESULT] = "PASS", [REC_ERROR_CODE] = "",
		[REC_MODULE_CODE] = "", [REC_ERROR_TEXT] = "",
	};
	for (int c = 0; c < REC_COLS; c++)
		r->f[c] = v[c];
}

static void t_record_from(void)
{
	/* want: the text sent, NULL for SQL NULL, "!" for a refused record */
	static const struct { enum record_col col; const char *in, *want; } rows[] = {
		{ REC_STARTED_AT, "2026-11-25T15:04:05.123Z", "2026-11-25T15:04:05.123Z" },
		{ REC_STARTED_AT, "2026-11-25 16:04:05+01:00", "2026-11-25T15:04:05.000Z" },
		{ REC_STARTED_AT, "2026-11-25T15:04:05", "2026-11-25T15:04:05.000Z" },  /* no zone: UTC */
		{ REC_STARTED_AT, "2026-11-25", "!" },
		{ REC_STARTED_AT, "", "!" },
		{ REC_STARTED_AT, "yesterday", "!" },
		{ REC_FINISHED_AT, "", NULL },
		{ REC_FINISHED_AT, "2026-13-01T00:00:00Z", "!" },
		{ REC_BYTES, "", NULL },
		{ REC_BYTES, "12", "12" },
		{ REC_BYTES, "-1", "!" },
		{ REC_BYTES, "1e3", "!" },
		{ REC_BYTES, "99999999999999999999", "!" },
		{ REC_MODULE_ATTEMPTS, "2147483647", "2147483647" },
		{ REC_MODULE_ATTEMPTS, "2147483648", "!" },
		{ REC_UPLOAD_S, "2.50", "2.50" },
		{ REC_UPLOAD_S, "", NULL },
		{ REC_UPLOAD_S, "-0.1", "!" },
		{ REC_UPLOAD_S, "nan", "!" },
		{ REC_UPLOAD_S, "inf", "!" },
		{ REC_UPLOAD_S, " 1", "!" },
		{ REC_RESULT, "ABORTED", "ABORTED" },
		{ REC_RESULT, "pass", "!" },
		{ REC_RESULT, "", "!" },
		{ REC_LOT, "", "" },                 /* text stays text, empty stays empty */
		{ REC_ERROR_TEXT, "a,\"b\"\nc", "a,\"b\"\nc" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct record r;
		struct db_record d;
		char why[200] = "";
		check_case("t_record_from[%zu] %s '%s'", i, record_col_names[rows[i].col], rows[i].in);
		good_record(&r);
		r.f[rows[i].col] = rows[i].in;
		int rc = db_record_from(&r, &d, why, sizeof why);
		if (rows[i].want && strcmp(rows[i].want, "!") == 0) {
			CHECK_INT(rc, -1);
			CHECK(strstr(why, record_col_names[rows[i].col]) != NULL);
			CHECK(strstr(why, "expected") != NULL);
			continue;
		}
		CHECK_INT(rc, 0);
		if (rc == 0) {
			if (rows[i].want)
				CHECK_STR(d.v[rows[i].col], rows[i].want);
			else
				CHECK(d.v[rows[i].col] == NULL);
			db_record_free(&d);
		}
	}
}

struct got {
	char text[1024];
	long long ends[16];
	int lines[16];
	int n;
};

static void collect(void *ctx, const struct record *r, long long end, int line)
{
	struct got *g = ctx;
	size_t len = strlen(g->text);
	snprintf(g->text + len, sizeof g->text - len, "%s%s/%s", g->n ? "|" : "", r->f[REC_IMEI],
		 r->f[REC_LOT]);
	if (g->n < 16) {
		g->ends[g->n] = end;
		g->lines[g->n] = line;
	}
	g->n++;
}

#define HDR "started_at,imei,lot,result\r\n"
#define R1 "2026-11-25T15:00:00Z,1,a,PASS\r\n"
#define R2 "2026-11-25T15:01:00Z,2,\"'=b\",FAIL\r\n"

static void t_outbox_parse(void)
{
	static const struct {
		const char *text;
		long long from;
		const char *want;     /* imei/lot of each record, | between */
		long long ret;        /* -1: refused */
		const char *msg;      /* in the messages, or "" for none */
	} rows[] = {
		{ HDR R1 R2, 0, "1/a|2/=b", sizeof HDR R1 R2 - 1, "" },
		{ HDR R1 R2, sizeof HDR R1 - 1, "2/=b", sizeof HDR R1 R2 - 1, "" },
		{ HDR R1 R2, sizeof HDR R1 R2 - 1, "", sizeof HDR R1 R2 - 1, "" },
		/* a row being written: not yet */
		{ HDR R1 "2026-11-25T15:01:00Z,2,b,FA", 0, "1/a", sizeof HDR R1 - 1, "" },
		{ HDR R1 "2026-11-25T15:01:00Z,2,\"b\r\nc", 0, "1/a", sizeof HDR R1 - 1, "" },
		/* a malformed row between two good ones: reported with its line, passed over */
		{ HDR R1 "x,y\r\n" R2, 0, "1/a|2/=b", sizeof HDR R1 "x,y\r\n" R2 - 1, "t.csv:3: found 2 fields" },
		{ HDR "\"x\"y,1,a,PASS\r\n" R2, 0, "2/=b", sizeof HDR "\"x\"y,1,a,PASS\r\n" R2 - 1, "t.csv:2: malformed CSV" },
		/* blank lines and a header written again are not records */
		{ HDR "\r\n" HDR R1, 0, "1/a", sizeof HDR "\r\n" HDR R1 - 1, "" },
		{ "\xef\xbb\xbf" HDR R1, 0, "1/a", sizeof "\xef\xbb\xbf" HDR R1 - 1, "" },
		/* a file that is not ours */
		{ "a,b\r\n1,2\r\n", 0, "", -1, "" },
		{ "", 0, "", -1, "" },
		/* from past the end (the file shrank) */
		{ HDR R1, 999, "", sizeof HDR R1 - 1, "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct got g = { .text = "" };
		char *msgs = NULL, err[200] = "";
		size_t mlen;
		FILE *msg = open_memstream(&msgs, &mlen);
		check_case("t_outbox_parse[%zu]", i);
		long long ret = db_outbox_parse("t.csv", rows[i].text, strlen(rows[i].text), rows[i].from, -1,
						collect, &g, msg, err, sizeof err);
		fclose(msg);
		CHECK_INT(ret, rows[i].ret);
		CHECK_STR(g.text, rows[i].want);
		if (rows[i].msg[0])
			CHECK(strstr(msgs, rows[i].msg) != NULL);
		else
			CHECK_STR(msgs, "");
		if (ret < 0)
			CHECK(strstr(err, "header") != NULL);
		free(msgs);
	}
	/* Ends and lines point at the records. */
	check_case("t_outbox_parse[ends]");
	struct got g = { .text = "" };
	char err[200];
	db_outbox_parse("t.csv", HDR R1 R2, strlen(HDR R1 R2), 0, -1, collect, &g, NULL, err, sizeof err);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.ends[0], sizeof HDR R1 - 1);
	CHECK_INT(g.lines[0], 2);
	CHECK_INT(g.lines[1], 3);
	/* Rows ending before quiet are not reported again. */
	check_case("t_outbox_parse[quiet]");
	char *msgs = NULL;
	size_t mlen;
	FILE *msg = open_memstream(&msgs, &mlen);
	db_outbox_parse("t.csv", HDR "x\r\n" R1, strlen(HDR "x\r\n" R1), 0, sizeof HDR "x\r\n" - 1, collect,
			&g, msg, err, sizeof err);
	fclose(msg);
	CHECK_STR(msgs, "");
	free(msgs);
}

static void write_file(const char *name, const char *text, const char *mode)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, mode);
	fputs(text, f);
	fclose(f);
}

#define FHDR "started_at,finished_at,station,operator,lot,slot,usb_path,port,model,imei,fw_before,fw_after,package,package_sha256,config_sha256,bytes,upload_s,update_s,module_attempts,result,error_code,module_code,error_text\r\n"
#define FREC(imei) "2026-11-25T15:00:00.000Z,2026-11-25T15:05:00.000Z,ST,,,01,,,,"imei",,,,,,,,,,PASS,,,\r\n"

static void t_outbox_files(void)
{
	struct db_outbox o;
	struct db_outbox_batch b;
	char err[300];

	/* First start: what is there is history. */
	write_file("ST-2026-11-24.csv", FHDR FREC("1"), "w");
	write_file("other-2026-11-24.csv", FHDR FREC("9"), "w");   /* another station's: not ours */
	write_file("ST-notes.csv", FHDR FREC("8"), "w");
	CHECK_INT(db_outbox_open(&o, tmpdir, "ST", err, sizeof err), 0);
	CHECK_INT(db_outbox_collect(&o, 10, &b, NULL, err, sizeof err), 0);
	CHECK_INT(b.n, 0);
	CHECK_INT(b.waiting, 0);
	db_outbox_batch_free(&b);
	db_outbox_free(&o);

	/* New records in the old file and a new day's file wait, oldest file first. */
	write_file("ST-2026-11-24.csv", FREC("2"), "a");
	write_file("ST-2026-11-25.csv", FHDR FREC("3") "bad\r\n" FREC("4"), "w");
	CHECK_INT(db_outbox_open(&o, tmpdir, "ST", err, sizeof err), 0);
	char *msgs = NULL;
	size_t mlen;
	FILE *msg = open_memstream(&msgs, &mlen);
	CHECK_INT(db_outbox_collect(&o, 2, &b, msg, err, sizeof err), 0);
	fclose(msg);
	CHECK(strstr(msgs, "ST-2026-11-25.csv:3: found 1 fields") != NULL);
	free(msgs);
	CHECK_INT(b.waiting, 3);
	CHECK_INT(b.n, 2);
	if (b.n == 2) {
		CHECK_STR(b.recs[0].d->v[REC_IMEI], "2");
		CHECK_STR(b.recs[1].d->v[REC_IMEI], "3");
	}
	CHECK_INT(b.oldest_ms, 1795619100000LL);   /* 2026-11-25T15:05:00Z: the first one's finish */
	/* Only the first is confirmed; the state survives a restart. */
	db_outbox_confirm(&o, &b, 1);
	db_outbox_batch_free(&b);
	CHECK_INT(db_outbox_save(&o, err, sizeof err), 0);
	db_outbox_free(&o);
	CHECK_INT(db_outbox_open(&o, tmpdir, "ST", err, sizeof err), 0);
	CHECK_INT(db_outbox_collect(&o, 10, &b, NULL, err, sizeof err), 0);
	CHECK_INT(b.n, 2);
	if (b.n == 2) {
		CHECK_STR(b.recs[0].d->v[REC_IMEI], "3");
		CHECK_STR(b.recs[1].d->v[REC_IMEI], "4");
	}
	/* All confirmed, the malformed row passed over with them: nothing waits. */
	db_outbox_confirm(&o, &b, b.n);
	db_outbox_batch_free(&b);
	CHECK_INT(db_outbox_collect(&o, 10, &b, NULL, err, sizeof err), 0);
	CHECK_INT(b.waiting, 0);
	db_outbox_batch_free(&b);
	db_outbox_free(&o);
}

static void t_status_text(void)
{
	struct db_forward_status st = { 0 };
	char buf[160];
	db_forward_status_text(&st, buf, sizeof buf);
	CHECK_STR(buf, "");
	st.waiting = 1;
	st.since_ms = 1795619100000LL;  /* 15:05 UTC */
	db_forward_status_text(&st, buf, sizeof buf);
	CHECK_STR(buf, "database: 1 record waiting since 15:05 UTC");
	st.waiting = 12;
	db_forward_status_text(&st, buf, sizeof buf);
	CHECK_STR(buf, "database: 12 records waiting since 15:05 UTC");
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_db_parts.XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	RUN(t_record_from);
	RUN(t_outbox_parse);
	RUN(t_outbox_files);
	RUN(t_status_text);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		return 1;
	return check_done();
}
