/* The +QIND: "FOTA" parser ({line, expected} with malformed rows), the module code tables, and the
 * update tracker's decisions over scripted sequences. */
#include "station/at/fota.h"
#include "station/at/fota_tracker.h"
#include "station/at/modcode.h"
#include "tests/unit/check.h"

#include <stdlib.h>

static void t_parse(void)
{
	static const struct { const char *in; int rc; enum fota_word w; int n; } rows[] = {
		{ "+QIND: \"FOTA\",\"START\"", 0, FOTA_START, -1 },
		{ "+QIND: \"FOTA\",\"UPDATING\",45", 0, FOTA_UPDATING, 45 },
		{ "+QIND: \"FOTA\",\"UPDATING\",45%", 0, FOTA_UPDATING, 45 },
		{ "+QIND:\"FOTA\", \"UPDATING\", 100", 0, FOTA_UPDATING, 100 },
		{ "+QIND: \"FOTA\",\"UPDATING\",0", 0, FOTA_UPDATING, 0 },
		{ "+QIND: \"FOTA\",\"END\",0", 0, FOTA_END, 0 },
		{ "+QIND: \"FOTA\",\"END\",520", 0, FOTA_END, 520 },
		{ "+QIND: \"FOTA\",\"RESTORE\",30", 0, FOTA_RESTORE, 30 },
		{ "+QIND: \"FOTA\",\"RESTORE\"", 0, FOTA_RESTORE, -1 },
		{ "+QIND: \"FOTA\",\"HTTPSTART\"", 0, FOTA_HTTPSTART, -1 },
		{ "+QIND: \"FOTA\",\"HTTPEND\",701", 0, FOTA_HTTPEND, 701 },
		{ "+QIND: \"FOTA\",\"FTPSTART\"", 0, FOTA_FTPSTART, -1 },
		{ "+QIND: \"FOTA\",\"FTPEND\",0", 0, FOTA_FTPEND, 0 },
		{ "+QIND: \"FOTA\",\"CHECKING\"", 0, FOTA_UNKNOWN, -1 },      /* unknown word: reported */
		{ "+QIND: \"FOTA\",\"CHECKING\",7", 0, FOTA_UNKNOWN, 7 },
		{ "+QIND: \"FOTA\",\"UPDATING\"", -1, 0, 0 },        /* percent missing */
		{ "+QIND: \"FOTA\",\"UPDATING\",101", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING\",-1", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING\",4x", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING\",", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING\",99999999999999999999", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"END\"", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"END\",520%", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"HTTPSTART\",3", -1, 0, 0 },
		{ "+QIND: \"FOTA\",UPDATING,5", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING,5", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"\",5", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UP DATING\",5", -1, 0, 0 },
		{ "+QIND: \"FOTA\"", -1, 0, 0 },
		{ "+QIND: FOTA,\"START\"", -1, 0, 0 },
		{ "+QIND: SMS DONE", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"START\" junk", -1, 0, 0 },
		{ "OK", -1, 0, 0 },
		{ "", -1, 0, 0 },
		/* the download forms of AT+QFOTADL (PROTOCOL.md: FTPEND 601, HTTPEND 701) */
		{ "+QIND: \"FOTA\",\"FTPEND\",601", 0, FOTA_FTPEND, 601 },
		{ "+QIND: \"FOTA\",\"HTTPEND\",0", 0, FOTA_HTTPEND, 0 },
		{ "+QIND: \"FOTA\",\"HTTPSTART\" ", 0, FOTA_HTTPSTART, -1 },
		{ "+QIND: \"FOTA\",\"FTPSTART\",0", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"FTPEND\"", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"HTTPEND\"", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"FTPEND\",601%", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"HTTPEND\",701,1", -1, 0, 0 },
		/* numbers: range, the percent sign, the fields after */
		{ "+QIND: \"FOTA\",\"END\",99999", 0, FOTA_END, 99999 },
		{ "+QIND: \"FOTA\",\"END\",100000", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING\",045", 0, FOTA_UPDATING, 45 },
		{ "+QIND: \"FOTA\",\"UPDATING\",5 %", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING\",5%%", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING\",45,1", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING\",\"45\"", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"START\",", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"RESTORE\",7%", 0, FOTA_RESTORE, 7 },
		/* quoting and the word */
		{ "+QIND: \"FOTA\" , \"START\"", 0, FOTA_START, -1 },
		{ "+QIND: \"fota\",\"START\"", -1, 0, 0 },
		{ "+QIND: \"FOTAX\",\"START\"", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPD\rATING\",4", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"UPDATING", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"END\"0", -1, 0, 0 },
		{ "+QIND: \"FOTA\",\"A_VERY_LONG_WORD_OF_THIRTY_CHARS\"", 0, FOTA_UNKNOWN, -1 },
		{ "+QIND:", -1, 0, 0 },
		{ "+QIND: \"FOTA\",", -1, 0, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fota_event ev;
		check_case("t_parse[%zu] %s", i, rows[i].in);
		CHECK_INT(fota_parse(rows[i].in, &ev), rows[i].rc);
		if (rows[i].rc == 0) {
			CHECK_INT(ev.word, rows[i].w);
			CHECK_INT(ev.n, rows[i].n);
			CHECK_INT(ev.percent_sign, strchr(rows[i].in, '%') != NULL);  /* no row has another % */
			CHECK(strlen(ev.word_text) < sizeof ev.word_text);
		}
	}
}

/* The word as sent is kept, cut to fit, also for a word the table does not know. */
static void t_word_text(void)
{
	struct fota_event ev;

	CHECK_INT(fota_parse("+QIND: \"FOTA\",\"A_VERY_LONG_WORD_OF_THIRTY_CHARS\"", &ev), 0);
	CHECK_STR(ev.word_text, "A_VERY_LONG_WORD_OF_THI");
	CHECK_STR(fota_word_name(ev.word), "?");
	CHECK_INT(fota_parse("+QIND: \"FOTA\",\"FTPEND\",601", &ev), 0);
	CHECK_STR(ev.word_text, "FTPEND");
	CHECK_STR(fota_word_name(ev.word), "FTPEND");
}

static void t_modcode(void)
{
	static const struct { int code; bool retry, success; const char *name; } fota[] = {
		{ 0, false, true, "ok" }, { 502, true, false, "exception" }, { 504, false, false, "bad-zip" },
		{ 505, false, false, "version-mismatch" }, { 510, false, false, "wrong-source" },
		{ 511, false, false, "no-space" }, { 519, false, false, "unknown" },
		{ 520, true, false, "upgrade-failed" }, { 525, true, false, "upgrade-failed" },
		{ 530, true, false, "upgrade-failed" }, { 531, false, false, "unknown" },
		{ 539, false, false, "unknown" }, { 540, true, false, "upgrade-failed" },
		{ 546, true, false, "upgrade-failed" }, { 547, false, false, "unknown" },
		{ 550, false, false, "package-too-large" }, { 601, false, false, "ftp-failed" },
		{ 701, false, false, "http-failed" }, { -3, false, false, "unknown" },
	};
	for (size_t i = 0; i < sizeof fota / sizeof fota[0]; i++) {
		const struct modcode_fota *m = modcode_fota(fota[i].code);
		check_case("t_modcode fota %d", fota[i].code);
		CHECK_INT(m->retry, fota[i].retry);
		CHECK_INT(m->success, fota[i].success);
		CHECK_INT(m->download, fota[i].code == 601 || fota[i].code == 701);
		CHECK_STR(m->name, fota[i].name);
		CHECK(m->text && m->text[0]);
	}
	static const struct { int code; enum modcode_kind kind; const char *name; } cme[] = {
		{ 403, MODCODE_NO_SPACE, "drive-full" }, { 405, MODCODE_FILE, "not-found" },
		{ 407, MODCODE_FILE, "exists" }, { 409, MODCODE_FILE, "write-failed" },
		{ 420, MODCODE_NO_SPACE, "no-space" }, { 421, MODCODE_TRANSFER, "timeout" },
		{ 423, MODCODE_NO_SPACE, "too-large" }, { 426, MODCODE_FILE, "already-open" },
		{ 404, MODCODE_OTHER, "unknown" }, { 10, MODCODE_OTHER, "unknown" },
	};
	for (size_t i = 0; i < sizeof cme / sizeof cme[0]; i++) {
		const struct modcode_cme *m = modcode_cme(cme[i].code);
		check_case("t_modcode cme %d", cme[i].code);
		CHECK_INT(m->kind, cme[i].kind);
		CHECK_STR(m->name, cme[i].name);
	}
}

/* A tracker script: "S" START, "U<n>" UPDATING, "E<n>" END, "L" port lost, "B" port back,
 * "T<ms>" time passes (then a tick), "H<n>" HTTPEND, "?" an unknown word; space-separated. */
struct tscript {
	const char *steps;
	enum fota_verdict verdict;
	int attempt, percent, last_code;
};

static void play(const struct tscript *t, struct fota_tracker *tr)
{
	int64_t now = 1000;
	const char *s = t->steps;

	fota_tracker_init(tr, now, 90000);
	fota_tracker_set_progress(tr, 300000);
	while (*s) {
		struct fota_event ev = { .n = -1 };
		char op = *s++, *end;
		long n = strtol(s, &end, 10);

		s = end;
		if (op != 'T')
			now += 10;
		switch (op) {
		case 'S': ev.word = FOTA_START; fota_tracker_event(tr, &ev, now); break;
		case 'U': ev.word = FOTA_UPDATING; ev.n = (int)n; fota_tracker_event(tr, &ev, now); break;
		case 'E': ev.word = FOTA_END; ev.n = (int)n; fota_tracker_event(tr, &ev, now); break;
		case 'H': ev.word = FOTA_HTTPEND; ev.n = (int)n; fota_tracker_event(tr, &ev, now); break;
		case '?': ev.word = FOTA_UNKNOWN; fota_tracker_event(tr, &ev, now); break;
		case 'L': fota_tracker_port(tr, false, now); break;
		case 'B': fota_tracker_port(tr, true, now); break;
		case 'T': now += n; fota_tracker_tick(tr, now); break;
		}
		while (*s == ' ')
			s++;
	}
}

static void t_tracker(void)
{
	static const struct tscript rows[] = {
		/* the plain path */
		{ "L B S U0 U50 U100 E0", FOTA_SUCCESS, 1, 100, 0 },
		/* START missing: UPDATING proves the update began */
		{ "L B U10 U60 E0", FOTA_SUCCESS, 1, 60, 0 },
		/* START and UPDATING missing: END alone */
		{ "L B E0", FOTA_SUCCESS, 1, -1, 0 },
		/* progress jumps, repeats and restarts */
		{ "S U0 U0 U90 U30 U30 U100 E0", FOTA_SUCCESS, 1, 100, 0 },
		/* 502 then success on the module's second attempt */
		{ "S U20 E502 L B S U40 E0", FOTA_SUCCESS, 2, 40, 0 },
		/* a retry range code, second attempt without START */
		{ "S U20 E520 L B U10 U100 E0", FOTA_SUCCESS, 2, 100, 0 },
		/* five failed attempts: the module gives up */
		{ "S E520 L B S E521 L B S E540 L B U5 E546 L B S U99 E502", FOTA_FAILED, 5, 99, 502 },
		/* four failures then a success */
		{ "S E520 S E520 S E520 S E520 S U1 E0", FOTA_SUCCESS, 5, 1, 0 },
		/* still going after four failures */
		{ "S E520 S E520 S E520 S E520 S U7", FOTA_PENDING, 5, 7, 520 },
		/* a final code at once */
		{ "S U10 E510", FOTA_FAILED, 1, 10, 510 },
		{ "S E504", FOTA_FAILED, 1, -1, 504 },
		{ "S E505", FOTA_FAILED, 1, -1, 505 },
		{ "S U3 E511", FOTA_FAILED, 1, 3, 511 },
		{ "S E502 S E550", FOTA_FAILED, 2, -1, 550 },
		/* power loss: UPDATING after a reboot without END is the same attempt */
		{ "S U30 L B U30 U60 E0", FOTA_SUCCESS, 1, 60, 0 },
		{ "S U30 L B S U31 L B U40 E0", FOTA_SUCCESS, 1, 40, 0 },
		/* power loss after a retry code's reboot still counts right */
		{ "S U30 E520 L B U1 L B U2 E0", FOTA_SUCCESS, 2, 2, 0 },
		/* the 90 s rule: silence after the port came back */
		{ "L B T90001", FOTA_TIMEOUT, 0, -1, -1 },
		{ "L B T90000", FOTA_PENDING, 0, -1, -1 },
		{ "S U50 T89000 U60 T89000 U70 E0", FOTA_SUCCESS, 1, 70, 0 },
		{ "S U50 E520 L T95000", FOTA_TIMEOUT, 1, 50, 520 },
		/* the gap rule: between progress reports up to 300 s (2.5 x 90 s here), not 90 s */
		{ "L B S U40 T225000 U60 E0", FOTA_SUCCESS, 1, 60, 0 },
		{ "L B S U40 T299000", FOTA_PENDING, 1, 40, -1 },
		{ "L B S U40 T300001", FOTA_TIMEOUT, 1, 40, -1 },
		/* ... but the first report after the module came back is the 90 s rule again */
		{ "S U40 L B T90001", FOTA_TIMEOUT, 1, 40, -1 },
		{ "S U40 E520 T90001", FOTA_TIMEOUT, 1, 40, 520 },
		/* the port never comes back */
		{ "L T100000", FOTA_TIMEOUT, 0, -1, -1 },
		/* reports after the verdict change nothing */
		{ "S E0 E520 U5", FOTA_SUCCESS, 1, -1, 0 },
		/* an unknown word keeps it alive but decides nothing */
		{ "? T50000 ? T50000 S E0", FOTA_SUCCESS, 1, -1, 0 },
		/* a download error */
		{ "H701", FOTA_FAILED, 0, -1, 701 },
		{ "H0 S U100 E0", FOTA_SUCCESS, 1, 100, 0 },
		/* an unknown END code is final */
		{ "S E999", FOTA_FAILED, 1, -1, 999 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fota_tracker tr;
		check_case("t_tracker[%zu] %s", i, rows[i].steps);
		play(&rows[i], &tr);
		CHECK_STR(fota_verdict_name(tr.verdict), fota_verdict_name(rows[i].verdict));
		CHECK_INT(tr.done, rows[i].verdict != FOTA_PENDING);
		CHECK_INT(tr.attempt, rows[i].attempt);
		CHECK_INT(tr.percent, rows[i].percent);
		CHECK_INT(tr.last_code, rows[i].last_code);
	}
}

static void t_wait_ms(void)
{
	struct fota_tracker tr;
	struct fota_event ev = { .word = FOTA_START, .n = -1 };

	fota_tracker_init(&tr, 0, 90000);
	CHECK_INT(fota_tracker_wait_ms(&tr, 1000), 89001);
	fota_tracker_event(&tr, &ev, 5000);
	CHECK_INT(fota_tracker_wait_ms(&tr, 5000), 90001);
	CHECK_INT(fota_tracker_tick(&tr, 5000 + 90001), FOTA_TIMEOUT);
	CHECK_INT(fota_tracker_wait_ms(&tr, 5000), 0);
}

int main(void)
{
	RUN(t_parse);
	RUN(t_word_text);
	RUN(t_modcode);
	RUN(t_tracker);
	RUN(t_wait_ms);
	return check_done();
}
