/* Line routing: final result codes, echo, expected prefixes and URCs, as {line, expected} tables. */
#include "station/at/at_route.h"
#include "tests/unit/check.h"

static void t_final(void)
{
	static const struct { const char *line; bool final; enum at_status st; int cme; } rows[] = {
		{ "OK", true, AT_OK, -1 },
		{ "OK ", true, AT_OK, -1 },
		{ "ERROR", true, AT_ERROR, -1 },
		{ "+CME ERROR: 405", true, AT_CME, 405 },
		{ "+CME ERROR:420", true, AT_CME, 420 },
		{ "+CME ERROR: 3 ", true, AT_CME, 3 },
		{ "+CME ERROR: SIM not inserted", true, AT_CME, -1 },
		{ "+CME ERROR: 99999999", true, AT_CME, -1 },
		{ "+CME ERROR: 12x", true, AT_CME, -1 },
		{ "CONNECT", true, AT_CONNECT, -1 },
		{ "CONNECT 115200", true, AT_CONNECT, -1 },
		{ "CONNECTED", false, AT_OK, -1 },
		{ "OKAY", false, AT_OK, -1 },
		{ "ok", false, AT_OK, -1 },
		{ "ERRORS", false, AT_OK, -1 },
		{ " OK", false, AT_OK, -1 },
		{ "+CME ERRO", false, AT_OK, -1 },
		{ "", false, AT_OK, -1 },
		{ "+QFUPL: 10,3a", false, AT_OK, -1 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum at_status st = AT_OK;
		int cme = -7;
		bool f;

		check_case("t_final[%zu] %s", i, rows[i].line);
		f = at_route_final(rows[i].line, &st, &cme);
		CHECK_INT(f, rows[i].final);
		if (f && rows[i].final) {
			CHECK_INT(st, rows[i].st);
			CHECK_INT(cme, rows[i].cme);
		}
	}
}

static void t_route(void)
{
	static const char *const qgmr[] = { "", NULL };
	static const char *const qfupl[] = { "+QFUPL:", NULL };
	static const char *const none[] = { NULL };
	static const char *const cfun[] = { "+CFUN:", NULL };
	static const struct {
		const char *line, *cmd;
		const char *const *prefixes;
		enum at_route want;
	} rows[] = {
		{ "ATI", "ATI", NULL, AT_ROUTE_ECHO },
		{ "ati", "ATI", NULL, AT_ROUTE_ECHO },
		{ "ATE0", "ATE0", none, AT_ROUTE_ECHO },
		{ "AT+QGMR", "AT+QGMR", qgmr, AT_ROUTE_ECHO },
		{ "OK", "ATI", NULL, AT_ROUTE_FINAL },
		{ "+CME ERROR: 407", "AT+QFUPL=\"a\",1,5,0", qfupl, AT_ROUTE_FINAL },
		{ "Quectel", "ATI", NULL, AT_ROUTE_LINE },
		{ "RM500QGLABR11A06M4G_01.001.01.001", "AT+QGMR", qgmr, AT_ROUTE_LINE },
		{ "+QFUPL: 10,3a", "AT+QFUPL=\"a\",10,5,0", qfupl, AT_ROUTE_LINE },
		/* boot URCs and FOTA reports are never an answer, not even to a bare-line command */
		{ "RDY", "AT+QGMR", qgmr, AT_ROUTE_URC },
		{ "+CPIN: READY", "AT+QGMR", qgmr, AT_ROUTE_URC },
		{ "+QUSIM: 1", "AT+CGSN", qgmr, AT_ROUTE_URC },
		{ "+CFUN: 1", "ATI", NULL, AT_ROUTE_URC },
		{ "+QIND: SMS DONE", "ATI", NULL, AT_ROUTE_URC },
		{ "+QIND: PB DONE", "AT+QGMR", qgmr, AT_ROUTE_URC },
		{ "+QIND: \"FOTA\",\"UPDATING\",50", "AT+QFUPL=\"a\",10,5,0", qfupl, AT_ROUTE_URC },
		/* a line the command does not expect goes aside */
		{ "+QGMR: x", "AT+QFUPL=\"a\",10,5,0", qfupl, AT_ROUTE_URC },
		{ "garbage", "ATE0", none, AT_ROUTE_URC },
		/* a garbled line (control bytes) is never an answer, whatever the command takes */
		{ "\x01\xfe#?@\x7f", "AT+QGMR", qgmr, AT_ROUTE_URC },
		{ "\x01\xfe#?@\x7f", "ATI", NULL, AT_ROUTE_URC },
		{ "Rev\x7fision", "ATI", NULL, AT_ROUTE_URC },
		{ "Quectel\tRM500Q", "ATI", NULL, AT_ROUTE_LINE },
		/* ... unless the command names that prefix itself */
		{ "+CFUN: 1", "AT+CFUN?", cfun, AT_ROUTE_LINE },
		/* no command in flight: everything is unsolicited */
		{ "OK", NULL, NULL, AT_ROUTE_URC },
		{ "Quectel", NULL, NULL, AT_ROUTE_URC },
		/* the echo of another command is not this one's echo */
		{ "AT+CGSN", "ATI", NULL, AT_ROUTE_LINE },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum at_status st;
		int cme;

		check_case("t_route[%zu] %s", i, rows[i].line);
		CHECK_INT(at_route_line(rows[i].line, rows[i].cmd, rows[i].prefixes, &st, &cme), rows[i].want);
	}
}

static void t_urc_table(void)
{
	CHECK(at_route_is_urc("RDY"));
	CHECK(at_route_is_urc("+QIND: \"FOTA\",\"END\",0"));
	CHECK(!at_route_is_urc("OK"));
	CHECK(!at_route_is_urc("Quectel"));
	CHECK(!at_route_is_urc(""));
	CHECK_STR(at_status_name(AT_PORT_LOST), "port lost");
	CHECK_STR(at_status_name(AT_TIMEOUT), "timeout");
	CHECK_STR(at_status_name((enum at_status)42), "unknown");
	CHECK_STR(at_status_name(AT_CANCELLED), "cancelled");
	CHECK_STR(at_status_name(AT_MISMATCH), "mismatch");
	CHECK_STR(at_status_name((enum at_status)-9), "unknown");
}

int main(void)
{
	RUN(t_final);
	RUN(t_route);
	RUN(t_urc_table);
	return check_done();
}
