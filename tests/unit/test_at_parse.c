/* Identification, UFS, upload-result and +CME ERROR parsers: {answer, expected} tables with
 * malformed rows. */
#include "station/at/at_ident_parse.h"
#include "station/at/at_qfupl.h"
#include "station/at/at_route.h"
#include "station/at/at_ufs_parse.h"
#include "tests/unit/check.h"

#define MAXL 4

/* Splits "a|b|c" into answer lines. */
static int lines_of(const char *s, char (*lines)[1024])
{
	int n = 0;
	if (!*s)
		return 0;
	while (n < MAXL) {
		const char *bar = strchr(s, '|');
		size_t len = bar ? (size_t)(bar - s) : strlen(s);
		memcpy(lines[n], s, len);
		lines[n++][len] = '\0';
		if (!bar)
			break;
		s = bar + 1;
	}
	return n;
}

static void t_ati(void)
{
	static const struct { const char *in; int rc; const char *model, *rev; } rows[] = {
		{ "Quectel|RM500Q-GL|Revision: RM500QGLABR11A06M4G", 0, "RM500Q-GL", "RM500QGLABR11A06M4G" },
		{ "Quectel|RG502Q-EA|Revision:RG502QEAAAR11A05M4G", 0, "RG502Q-EA", "RG502QEAAAR11A05M4G" },
		{ "RM520N-GL|Revision: RM520NGLAAR01A07M4G", 0, "RM520N-GL", "RM520NGLAAR01A07M4G" },
		{ "Quectel|RM500Q-GL", -1, "", "" },
		{ "Quectel|Revision: X", -1, "", "" },
		{ "", -1, "", "" },
		{ "Quectel|RM500Q-GL|Revision: ", -1, "", "" },
		{ "Quectel|RM500Q-GL|Revision: a b", -1, "", "" },
		{ "Quectel|RM500Q-GL|Revision: A06,1", -1, "", "" },      /* one field only */
		{ "Quectel|RM500Q-GL|Revision: \"A06\"", -1, "", "" },
		{ "Quectel|RM500Q-GL|Revision:  RM500QGLABR11A06M4G  ", 0, "RM500Q-GL", "RM500QGLABR11A06M4G" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char lines[MAXL][1024], model[AT_IDENT_FIELD], rev[AT_IDENT_FIELD], err[128];
		int n = lines_of(rows[i].in, lines);

		check_case("t_ati[%zu]", i);
		CHECK_INT(at_ident_parse_ati(lines, n, model, rev, err, sizeof err), rows[i].rc);
		if (rows[i].rc == 0) {
			CHECK_STR(model, rows[i].model);
			CHECK_STR(rev, rows[i].rev);
		}
	}
}

static void t_qgmr(void)
{
	static const struct { const char *in; int rc; bool complete; } rows[] = {
		{ "RM500QGLABR11A06M4G_01.001.01.001", 0, true },
		{ "+QGMR: RM500QGLABR11A06M4G_01.001.01.001", 0, true },
		{ "RG500QEAAAR11A06M4G_01.003.01.003", 0, true },
		{ "RM500QGLABR11A06M4G_00.000.00.000", 0, false },   /* still coming up */
		{ "RM500QGLABR11A06M4G_01.001.00.000", 0, false },
		{ "RM500QGLABR11A06M4G", 0, false },                  /* no tail */
		{ "RM500QGLABR11A06M4G_01.001.0", 0, false },         /* cut off */
		{ "RM500QGLABR11A06M4G_01.001.01.00", 0, false },
		{ "RM500QGLABR11A06M4G_0a.001.01.001", 0, false },
		{ "_01.001.01.001", 0, false },
		{ "", -1, false },
		{ "A|B", -1, false },
		{ "RM500Q GL", -1, false },
		{ "+QGMR: RM500QGLABR11A06M4G_01.001.01.001,1", -1, false },   /* one field only */
		{ "RM500QGLABR11A06M4G_01.001.01.001,", -1, false },
		{ "+QGMR: \"RM500QGLABR11A06M4G_01.001.01.001\"", -1, false },
		{ "+QGMR:", -1, false },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char lines[MAXL][1024], v[AT_IDENT_FIELD], err[128];
		int n = lines_of(rows[i].in, lines);
		bool complete = !rows[i].complete;

		check_case("t_qgmr[%zu] %s", i, rows[i].in);
		CHECK_INT(at_ident_parse_qgmr(lines, n, v, &complete, err, sizeof err), rows[i].rc);
		CHECK_INT(complete, rows[i].complete);
	}
}

static void t_cgsn(void)
{
	static const struct { const char *in; int rc; const char *imei; } rows[] = {
		{ "490154203237518", 0, "490154203237518" },
		{ "866123456789018", 0, "866123456789018" },
		{ "+CGSN: 866123456789018", 0, "866123456789018" },
		{ "+CGSN: \"866123456789018\"", 0, "866123456789018" },
		{ "866123456789012", -1, "" },      /* Luhn fails */
		{ "86612345678901", -1, "" },       /* 14 digits */
		{ "8661234567890188", -1, "" },     /* 16 digits */
		{ "86612345678901A", -1, "" },
		{ "", -1, "" },
		{ "866123456789018|866123456789018", -1, "" },
		{ "\"866123456789018", -1, "" },
		{ "866123456789018\"", -1, "" },
		{ "+CGSN: \"866123456789018\" x", -1, "" },
		{ "+CGSN: 866123456789018,1", -1, "" },
		{ "+CGSN:  866123456789018 ", 0, "866123456789018" },
		{ "+CGSN: \"86612345678901\"", -1, "" },
		{ "+CGSN: \"8661234567890188\"", -1, "" },
		{ "+CGSN: \"86612345678901\r8\"", -1, "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char lines[MAXL][1024], imei[16], err[128];
		int n = lines_of(rows[i].in, lines);

		check_case("t_cgsn[%zu] %s", i, rows[i].in);
		CHECK_INT(at_ident_parse_cgsn(lines, n, imei, err, sizeof err), rows[i].rc);
		CHECK_STR(imei, rows[i].imei);
	}
}

static void t_urcport(void)
{
	static const struct { const char *in; int rc; const char *port; } rows[] = {
		{ "+QURCCFG: \"urcport\",\"usbat\"", 0, "usbat" },
		{ "+QURCCFG: \"urcport\",\"usbmodem\"", 0, "usbmodem" },
		{ "+QURCCFG: \"urcport\",\"uart1\"", 0, "uart1" },
		{ "+QURCCFG: \"urcport\",\"\"", -1, "" },
		{ "+QURCCFG: \"urcport\",\"usbat", -1, "" },
		{ "+QURCCFG: \"urcport\",\"usbat\",1", -1, "" },
		{ "+QURCCFG: \"other\",\"usbat\"", -1, "" },
		{ "usbat", -1, "" },
		{ "+QURCCFG:\"urcport\", \"usbat\"", 0, "usbat" },
		{ "+QURCCFG: \"urcport\",usbat", -1, "" },
		{ "+QURCCFG: \"urcport\",\"usb at\"", -1, "" },
		{ "+QURCCFG: \"urcport\",\"us\rbat\"", -1, "" },
		{ "+QURCCFG: \"urcport\"", -1, "" },
		{ "+QURCCFG: \"urcportx\",\"usbat\"", -1, "" },
		{ "+QURCCFG: \"urcport\",\"0123456789012345678901234567890123456789012345678901234567890123456789012345678901\"", -1, "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char port[AT_IDENT_FIELD], err[128];
		check_case("t_urcport[%zu]", i);
		CHECK_INT(at_ident_parse_urcport(rows[i].in, port, err, sizeof err), rows[i].rc);
		CHECK_STR(port, rows[i].port);
	}
}

static void t_qflds(void)
{
	static const struct { const char *in; int rc; uint64_t f, t; } rows[] = {
		{ "+QFLDS: 52428800,104857600", 0, 52428800, 104857600 },
		{ "+QFLDS:0,0", 0, 0, 0 },
		{ "+QFLDS: 10,5", -1, 0, 0 },               /* free > total */
		{ "+QFLDS: 10", -1, 0, 0 },
		{ "+QFLDS: 10,", -1, 0, 0 },
		{ "+QFLDS: -1,5", -1, 0, 0 },
		{ "+QFLDS: 1,5 x", -1, 0, 0 },
		{ "+QFLDS: 1234567890123,99999999999999", -1, 0, 0 },
		{ "+QFLST: 1,2", -1, 0, 0 },
		{ "+QFLDS: 1 , 5", 0, 1, 5 },
		{ "+QFLDS: 999999999999,999999999999", 0, 999999999999ULL, 999999999999ULL },
		{ "+QFLDS: 1,5,6", -1, 0, 0 },
		{ "+QFLDS: 1,5,", -1, 0, 0 },
		{ "+QFLDS: \"1\",5", -1, 0, 0 },
		{ "+QFLDS: 1,18446744073709551616", -1, 0, 0 },
		{ "+QFLDS:", -1, 0, 0 },
		{ "", -1, 0, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint64_t f = 0, t = 0;
		check_case("t_qflds[%zu]", i);
		CHECK_INT(at_ufs_parse_qflds(rows[i].in, &f, &t), rows[i].rc);
		if (rows[i].rc == 0) {
			CHECK_INT(f, rows[i].f);
			CHECK_INT(t, rows[i].t);
		}
	}
}

#define NAME80 "0123456789012345678901234567890123456789012345678901234567890123456789012345678X"

static void t_qflst(void)
{
	static const struct { const char *in; int rc; const char *name; uint64_t size; } rows[] = {
		{ "+QFLST: \"A04-A06.zip\",31457280", 0, "A04-A06.zip", 31457280 },
		{ "+QFLST: \"x\",0", 0, "x", 0 },
		{ "+QFLST: \"\",5", -1, "", 0 },
		{ "+QFLST: \"x\"", -1, "", 0 },
		{ "+QFLST: \"x\",", -1, "", 0 },
		{ "+QFLST: x,5", -1, "", 0 },
		{ "+QFLST: \"x,5", -1, "", 0 },
		{ "+QFLST: \"x\",5,6", -1, "", 0 },
		{ "+QFLST: \"a\tb\",5", -1, "", 0 },
		{ "+QFLST: \"a\rb\",5", -1, "", 0 },
		{ "+QFLST: \"x\" , 5", 0, "x", 5 },
		{ "+QFLST: \"x\"y,5", -1, "", 0 },
		{ "+QFLST: \"x\",5x", -1, "", 0 },
		{ "+QFLST: \"x\",-5", -1, "", 0 },
		{ "+QFLST: \"x\",1000000000000", -1, "", 0 },
		{ "+QFLST: \"a,b\",5", 0, "a,b", 5 },
		{ "+QFLST: \"" NAME80 "\",1", 0, NAME80, 1 },
		{ "+QFLST: \"" NAME80 "x\",1", -1, "", 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char name[AT_UFS_NAME_MAX] = "";
		uint64_t size = 0;
		check_case("t_qflst[%zu]", i);
		CHECK_INT(at_ufs_parse_qflst(rows[i].in, name, &size), rows[i].rc);
		if (rows[i].rc == 0) {
			CHECK_STR(name, rows[i].name);
			CHECK_INT(size, rows[i].size);
		}
	}
}

static void t_qfupl(void)
{
	static const struct { const char *in; int rc; uint64_t size; uint16_t sum; } rows[] = {
		{ "+QFUPL: 1024,3a2f", 0, 1024, 0x3a2f },
		{ "+QFUPL: 1024,3A2F", 0, 1024, 0x3a2f },
		{ "+QFUPL: 1024,0x3A2F", 0, 1024, 0x3a2f },
		{ "+QFUPL: 7,00af", 0, 7, 0x00af },
		{ "+QFUPL: 7,af", 0, 7, 0x00af },
		{ "+QFUPL: 7,0000000af", 0, 7, 0x00af },
		{ "+QFUPL: 7,0", 0, 7, 0 },
		{ "+QFUPL:7,ffff", 0, 7, 0xffff },
		{ "+QFUPL: 7,10000", -1, 0, 0 },   /* more than 16 bits */
		{ "+QFUPL: 7,", -1, 0, 0 },
		{ "+QFUPL: 7", -1, 0, 0 },
		{ "+QFUPL: ,12", -1, 0, 0 },
		{ "+QFUPL: 7,12g", -1, 0, 0 },
		{ "+QFUPL: 7,0x", -1, 0, 0 },
		{ "+QFUPL: -7,12", -1, 0, 0 },
		{ "+QFLST: 7,12", -1, 0, 0 },
		{ "", -1, 0, 0 },
		{ "+QFUPL: 7 , 12 ", 0, 7, 0x12 },
		{ "+QFUPL: 7,12 34", -1, 0, 0 },
		{ "+QFUPL: 7,\"12\"", -1, 0, 0 },
		{ "+QFUPL: 7,12,3", -1, 0, 0 },
		{ "+QFUPL: 7,0X00aF", 0, 7, 0xaf },
		{ "+QFUPL: 7,0x0x1", -1, 0, 0 },
		{ "+QFUPL: 7,0000000000000001", 0, 7, 1 },          /* 16 characters: taken */
		{ "+QFUPL: 7,00000000000000001", -1, 0, 0 },        /* a module never pads to 17 */
		{ "+QFUPL: 999999999999,1", 0, 999999999999ULL, 1 },
		{ "+QFUPL: 1000000000000,1", -1, 0, 0 },
		{ "+QFUPL: 7,1\r", -1, 0, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint64_t size = 0;
		uint16_t sum = 0;
		check_case("t_qfupl[%zu] %s", i, rows[i].in);
		CHECK_INT(at_qfupl_parse(rows[i].in, &size, &sum), rows[i].rc);
		if (rows[i].rc == 0) {
			CHECK_INT(size, rows[i].size);
			CHECK_INT(sum, rows[i].sum);
		}
	}
}

/* The number of +CME ERROR (read with the field iterator), -1 for the verbose form. */
static void t_cme(void)
{
	static const struct { const char *in; bool final; int cme; } rows[] = {
		{ "+CME ERROR: 405", true, 405 },
		{ "+CME ERROR:405", true, 405 },
		{ "+CME ERROR:  0 ", true, 0 },
		{ "+CME ERROR: 65535", true, 65535 },
		{ "+CME ERROR: 65536", true, -1 },
		{ "+CME ERROR: 99999999999999999999999", true, -1 },
		{ "+CME ERROR: SIM not inserted", true, -1 },
		{ "+CME ERROR: 40x", true, -1 },
		{ "+CME ERROR: 40,1", true, -1 },
		{ "+CME ERROR: -1", true, -1 },
		{ "+CME ERROR: \"405\"", true, -1 },
		{ "+CME ERROR:", true, -1 },
		{ "+CME ERRO: 405", false, -1 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum at_status st = AT_OK;
		int cme = -2;
		check_case("t_cme[%zu] %s", i, rows[i].in);
		CHECK_INT(at_route_final(rows[i].in, &st, &cme), rows[i].final);
		if (rows[i].final) {
			CHECK_INT(st, AT_CME);
			CHECK_INT(cme, rows[i].cme);
		}
	}
}

int main(void)
{
	RUN(t_ati);
	RUN(t_qgmr);
	RUN(t_cgsn);
	RUN(t_urcport);
	RUN(t_qflds);
	RUN(t_qflst);
	RUN(t_qfupl);
	RUN(t_cme);
	return check_done();
}
