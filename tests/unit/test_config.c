/* config_load on temporary INI files: one row per error class, each message checked for the
 * file:line (or section and key), what was found and what is expected. */
#include "config/config.h"
#include "station/base/sha256.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PKG "[package]\nfile = p.zip\nfrom = A04\nto = A06\n"  /* 4 lines */

static char tmpdir[64];

static char *write_ini(const char *name, const char *text, size_t len)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	fwrite(text, 1, len, f);
	fclose(f);
	return path;
}

/* Loads text; returns the rc and the error output (caller frees). */
static int load_text(const char *text, size_t len, struct config *cfg, char **errs)
{
	size_t n;
	FILE *err = open_memstream(errs, &n);
	int rc = config_load(cfg, write_ini("t.ini", text, len), err);
	fclose(err);
	return rc;
}

static void t_errors(void)
{
	char longline[1200];
	snprintf(longline, sizeof longline, "[station]\nname = %01100d\n" PKG, 7);
	static const struct { const char *ini; const char *want[3]; } rows[] = {
		/* unknown section and key */
		{ PKG "[stations]\nname = x\n", { "t.ini:5:", "unknown section [stations]", "expected [station]" } },
		{ "[station]\nnmae = x\n" PKG, { "t.ini:2:", "unknown key 'nmae' in [station]", "expected one of: name" } },
		{ PKG "[usb]\nvendor = 1\n", { "t.ini:6:", "unknown key 'vendor'", "vendor_id" } },
		/* duplicates: keys (case-insensitive, as iniparser folds them), sections, labels, paths */
		{ "[station]\nname = a\nNAME = b\n" PKG, { "t.ini:3:", "key 'NAME' in [station] again", "first at line 2" } },
		{ PKG PKG, { "t.ini:5:", "section [package] again", "first at line 1" } },
		{ PKG "[package X]\nfile=q.zip\nfrom=B\nto=C\n[package x]\n", { "t.ini:9:", "[package x] again", "line 5" } },
		{ PKG "[slots]\nA1 = usb:1-1.1\na1 = usb:1-1.2\n", { "t.ini:7:", "key 'a1' in [slots] again", "first at line 6" } },
		{ PKG "[slots]\n01 = usb:1-1.1\n02 = usb:1-1.1\n", { "t.ini:7:", "[slots] 02: found usb:1-1.1, already slot 01", "line 6" } },
		/* numbers iniparser would read wrongly */
		{ PKG "[usb]\nat_interface = 010\n", { "t.ini:6:", "[usb] at_interface: found '010' with a leading zero", "expected" } },
		{ PKG "[station]\nmax_parallel_uploads = 12abc\n", { "t.ini:6:", "max_parallel_uploads: found '12abc'", "expected a plain decimal" } },
		{ PKG "[usb]\nvendor_id = 0x\n", { "t.ini:6:", "[usb] vendor_id: found '0x'", "expected a 16-bit hex" } },
		{ PKG "[usb]\nat_interface = 16\n", { "t.ini:6:", "found 16", "from 0 to 15" } },
		{ PKG "[usb]\nproduct_ids = 0x0800,,0x0801\n", { "t.ini:6:", "[usb] product_ids: found an empty entry", "expected hex ids" } },
		{ PKG "[timing]\ncommand = 0.0001\n", { "t.ini:6:", "[timing] command: found '0.0001'", "expected seconds" } },
		{ PKG "[timing]\nreboot = 0.5\n", { "t.ini:6:", "[timing] reboot: found 0.5 s", "expected 1 to 3600 seconds" } },
		/* [database]: a usable libpq string without a password, and url required in it */
		{ PKG "[database]\nurl = postgresql://st:pw@db/line\n", { "t.ini:6:", "[database] url: found a password", "~/.pgpass" } },
		{ PKG "[database]\nurl = host=db password=pw\n", { "t.ini:6:", "found a password", "expected none" } },
		{ PKG "[database]\nurl = postgresql://%zz/line\n", { "t.ini:6:", "libpq refuses", "expected a URI" } },
		{ PKG "[database]\nurl = host=db nosuchkey=1\n", { "t.ini:6:", "libpq refuses", "nosuchkey" } },
		{ PKG "[database]\n", { "t.ini:5:", "[database] url: missing", "expected" } },
		{ PKG "[databases]\nurl = x\n", { "t.ini:5:", "unknown section [databases]", "or [database]" } },
		/* empty values, booleans */
		{ "[station]\nname =\n" PKG, { "t.ini:2:", "[station] name: found an empty value", "expected" } },
		{ "[station]\nname = \"\"\n" PKG, { "t.ini:2:", "found an empty value", "expected" } },
		{ "[station]\nauto_start = yup\n" PKG, { "t.ini:2:", "[station] auto_start: found 'yup'", "expected yes or no" } },
		{ "[station]\nbell = 2\n" PKG, { "t.ini:2:", "[station] bell: found '2'", "expected yes or no" } },
		/* USB paths and slot labels */
		{ PKG "[slots]\n01 = usb:1-1.256\n", { "t.ini:6:", "[slots] 01: found 'usb:1-1.256'", "1 to 255" } },
		{ PKG "[slots]\n01 = 1-1.2\n", { "t.ini:6:", "[slots] 01: found '1-1.2'", "expected usb:BUS-PORT" } },
		{ PKG "[slots]\n01 = usb:1-1.2.3.4.5.6.7.8\n", { "t.ini:6:", "with 8 ports", "at most 7" } },
		{ PKG "[slots]\na.b = usb:1-1.2\n", { "t.ini:6:", "slot label 'a.b'", "expected 1 to 16 letters" } },
		{ PKG "[slots]\nauto = yes\n01 = usb:1-1\n", { "t.ini:7:", "[slots]: found auto = yes and slot lines", "one or the other" } },
		{ PKG "[slots]\nauto = no\n", { "t.ini:5:", "[slots]: found no slot", "expected LABEL = usb:PATH" } },
		/* syntax iniparser gives up on, or reads differently */
		{ "[station]\nname L3\n" PKG, { "t.ini:2:", "found 'name L3'", "expected 'key = value'" } },
		{ "[station] x\nname = a\n" PKG, { "t.ini:1:", "found 'x' after the section header", "but a comment" } },
		{ "[station\nname = a\n" PKG, { "t.ini:1:", "no closing ']'", "expected a section header" } },
		{ "name = a\n" PKG, { "t.ini:1:", "key 'name' before any section", "expected a section header" } },
		{ "[station]\nname = a \\\n" PKG, { "t.ini:2:", "ending in '\\'", "expected each key on one line" } },
		{ "[]\n" PKG, { "t.ini:1:", "empty section name", "expected a name" } },
		{ "\xef\xbb\xbf[station]\n" PKG, { "t.ini:1:", "byte order mark", "expected plain text" } },
		{ "[station]\nname = ST#7\n" PKG, { "t.ini:2:", "found '#' inside the value of 'name'", "expected a space before a comment" } },
		{ "[station]\n= a\n" PKG, { "t.ini:2:", "no key before it", "expected 'key = value'" } },
		/* packages */
		{ "[package A]\nfrom = A04\nto = A06\n", { "t.ini:1:", "[package A] file: missing", "expected exactly one of file" } },
		/* URL packages */
		{ "[package]\nfile = p.zip\nurl = http://h/p.zip\nfrom = A04\nto = A06\n", { "t.ini:3:", "[package] url: found both file (line 2) and url", "expected exactly one" } },
		{ "[package]\nurl = file:///p.zip\nfrom = A04\nto = A06\n", { "t.ini:2:", "[package] url: found 'file:///p.zip'", "expected ftp://" } },
		{ "[package]\nurl = http://h:0/p.zip\nfrom = A04\nto = A06\n", { "t.ini:2:", "with a bad port", "expected a port 1..65535" } },
		{ "[package]\nurl = http://h:65536/p.zip\nfrom = A04\nto = A06\n", { "t.ini:2:", "with a bad port", "1..65535" } },
		{ "[package]\nurl = http://h/p'q.zip\nfrom = A04\nto = A06\n", { "t.ini:2:", "with a quote", "no quotes" } },
		{ "[package]\nurl = http://h/\x01.zip\nfrom = A04\nto = A06\n", { "t.ini:2:", "control character (0x01)", "expected" } },
		{ "[package]\nurl = http://h/\nfrom = A04\nto = A06\n", { "t.ini:2:", "whose path names a folder", "expected a path to the package file" } },
		{ "[package]\nurl = http://h\nfrom = A04\nto = A06\n", { "t.ini:2:", "without a path", "expected a path" } },
		{ "[package]\nfile = p.zip\nto = A06\n", { "t.ini:1:", "[package] from: missing", "expected" } },
		{ "[package]\nfile = p.zip\nfrom = A04\nto = A04\n", { "t.ini:4:", "[package] to: found 'A04', the same as its from", "expected the version after" } },
		{ PKG "[package B]\nfile = q.zip\nfrom = A04\nto = A07\n", { "t.ini:7:", "[package B] from: found 'A04', already the from of the package at line 1", "expected one package per source" } },
		{ PKG "[package B]\nfile = q.zip\nfrom = A04M4G\nto = A07\n", { "t.ini:7:", "[package B] from: found 'A04M4G', which overlaps the from 'A04' of the package at line 1", "expected froms that cannot both match" } },
		{ PKG "[package B]\nfile = q.zip\nfrom = A06\nto = A07\n", { "t.ini:4:", "[package] to: found 'A06', which the from 'A06' of the package at line 5 starts with", "expected no chained packages" } },
		{ "[package]\nfile = pk/a\"b.zip\nfrom = A04\nto = A06\n", { "t.ini:2:", "[package] file: found a quote", "expected a name without quotes" } },
		{ "[package]\nfile = pk/\x01.zip\nfrom = A04\nto = A06\n", { "t.ini:2:", "found a control character", "expected" } },
		{ "[package]\nfile = pk/" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.zip\nfrom = A04\nto = A06\n",
		  { "t.ini:2:", "[package] file: found 82 bytes", "expected at most 80" } },
		{ "[package]\nfile = p.zip\nfrom = A04\nto = A06\nsha256 = abc\n", { "t.ini:5:", "[package] sha256: found 'abc'", "expected 64 hex digits" } },
		{ "[station]\nname = L3\n", { "t.ini:", "found no [package] section", "expected at least one package" } },
		{ "[station]\nname = L3/ST07\n" PKG, { "t.ini:2:", "[station] name: found '/'", "without path separators" } },
		{ "[station]\nname = L3\"7\n" PKG, { "t.ini:2:", "[station] name: found a quote", "expected" } },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct config cfg;
		char *errs = NULL;
		check_case("t_errors[%zu]", i);
		CHECK_INT(load_text(rows[i].ini, strlen(rows[i].ini), &cfg, &errs), -1);
		for (int k = 0; k < 3 && rows[i].want[k]; k++)
			if (!strstr(errs, rows[i].want[k]))
				check_fail(__FILE__, __LINE__, "no '%s' in: %s", rows[i].want[k], errs);
		free(errs);
	}
	/* A line iniparser cannot hold: the whole file would be rejected without a line number. */
	struct config cfg;
	char *errs = NULL;
	check_case("t_errors[long line]");
	CHECK_INT(load_text(longline, strlen(longline), &cfg, &errs), -1);
	CHECK(strstr(errs, "t.ini:2: found a line of 1107 bytes") != NULL);
	free(errs);
	/* A NUL byte inside the file. */
	check_case("t_errors[nul]");
	static const char nul[] = "[station]\nname = a\0b\n" PKG;
	CHECK_INT(load_text(nul, sizeof nul - 1, &cfg, &errs), -1);
	CHECK(strstr(errs, "t.ini:2: found a NUL byte") != NULL);
	free(errs);
	/* A missing file. */
	size_t n;
	FILE *err = open_memstream(&errs, &n);
	check_case("t_errors[missing file]");
	CHECK_INT(config_load(&cfg, "/nonexistent/station.ini", err), -1);
	fclose(err);
	CHECK(strstr(errs, "/nonexistent/station.ini: cannot open") != NULL);
	free(errs);
}

/* Several problems in one file are all reported, each with its own line. */
static void t_all_reported(void)
{
	const char *ini = "[station]\nbell = maybe\n[usb]\nat_interface = 99\n" PKG "[timing]\nupdate = x\n";
	struct config cfg;
	char *errs = NULL;
	CHECK_INT(load_text(ini, strlen(ini), &cfg, &errs), -1);
	CHECK(strstr(errs, "t.ini:2:") != NULL);
	CHECK(strstr(errs, "t.ini:4:") != NULL);
	CHECK(strstr(errs, "t.ini:10:") != NULL);
	free(errs);
}

static void t_good(void)
{
	const char *ini =
		"; a comment\n# another\n[station]\nname = L3-ST07 ; trailing comment\n"
		"log_dir = out/records\nauto_start = no\nmax_parallel_uploads = 4\nbell = yes\n"
		"[usb]\nvendor_id = 2C7C\nproduct_ids = 0x0800, 0x0900, 0x0a00\nat_interface = 3\n"
		"[package A04-to-A06]            ; one section per package\nfile = packages/A04-to-A06.zip\nfrom = RM500QGLABR11A04M4G\n"
		"to = RM500QGLABR11A06M4G\n"
		"sha256 = BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD\n"
		"[package]\nfile = /abs/b.zip\nfrom = RM500QGLABR11A03M4G\nto = RM500QGLABR11A06M4G\n"
		"[slots]   # label = USB path\nS01 = usb:1-1.1\n02 = usb:1-1.4.2\n"
		"[timing]\ncommand = 0.5\nupload_idle = 7\nreboot = 120.25\nupdate = 600\n"
		"[database]\nurl = postgresql://station@db.line3/line?connect_timeout=3\n";
	struct config cfg;
	char *errs = NULL, want[65];
	int rc = load_text(ini, strlen(ini), &cfg, &errs);
	CHECK_INT(rc, 0);
	CHECK_STR(errs, "");
	free(errs);
	if (rc)
		return;
	sha256_hex(ini, strlen(ini), want);
	CHECK_STR(cfg.sha256, want);
	CHECK_STR(cfg.dir, tmpdir);
	CHECK_STR(cfg.name, "L3-ST07");
	char *p = NULL;
	if (asprintf(&p, "%s/out/records", tmpdir) > 0)
		CHECK_STR(cfg.log_dir, p);
	free(p);
	CHECK(!cfg.auto_start);
	CHECK(cfg.bell);
	CHECK_INT(cfg.max_parallel_uploads, 4);
	CHECK_INT(cfg.vendor_id, 0x2c7c);
	CHECK_INT(cfg.n_product_ids, 3);
	CHECK_INT(cfg.product_ids[2], 0x0a00);
	CHECK_INT(cfg.at_interface, 3);
	CHECK_INT(cfg.n_packages, 2);
	if (cfg.n_packages == 2) {
		CHECK_STR(cfg.packages[0].name, "A04-to-A06");
		CHECK_STR(cfg.packages[0].file_name, "A04-to-A06.zip");
		CHECK(strstr(cfg.packages[0].file, tmpdir) == cfg.packages[0].file);
		CHECK_STR(cfg.packages[0].sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		CHECK_STR(cfg.packages[1].name, "");
		CHECK_STR(cfg.packages[1].file, "/abs/b.zip");
		CHECK_STR(cfg.packages[1].sha256, "");
	}
	CHECK_INT(cfg.n_slots, 2);
	if (cfg.n_slots == 2) {
		CHECK_STR(cfg.slots[0].label, "S01");
		CHECK_STR(cfg.slots[1].usb_path, "1-1.4.2");
	}
	CHECK(!cfg.slots_auto);
	CHECK_STR(cfg.db_url, "postgresql://station@db.line3/line?connect_timeout=3");
	CHECK_INT(cfg.command_ms, 500);
	CHECK_INT(cfg.upload_idle_ms, 7000);
	CHECK_INT(cfg.reboot_ms, 120250);
	CHECK_INT(cfg.update_ms, 600000);
	config_free(&cfg);
}

static void t_defaults(void)
{
	struct config cfg;
	char *errs = NULL;
	int rc = load_text(PKG, strlen(PKG), &cfg, &errs);
	CHECK_INT(rc, 0);
	free(errs);
	if (rc)
		return;
	CHECK_STR(cfg.name, "station");
	CHECK(cfg.db_url == NULL);  /* no [database]: no database at all */
	CHECK(cfg.auto_start);
	CHECK(!cfg.bell);
	CHECK(cfg.slots_auto);
	CHECK_INT(cfg.vendor_id, 0x2c7c);
	CHECK_INT(cfg.n_product_ids, 2);
	CHECK_INT(cfg.product_ids[1], 0x0801);
	CHECK_INT(cfg.at_interface, 2);
	CHECK_INT(cfg.command_ms, 5000);
	CHECK_INT(cfg.upload_idle_ms, 5000);
	CHECK_INT(cfg.reboot_ms, 90000);
	CHECK_INT(cfg.update_ms, 1800000);
	/* config_print writes every key, defaults included, and reads back the same. */
	char *text = NULL;
	size_t n;
	FILE *out = open_memstream(&text, &n);
	config_print(&cfg, out);
	fclose(out);
	CHECK(strstr(text, "update       = 1800\n") != NULL);
	CHECK(strstr(text, "product_ids = 0x0800, 0x0801\n") != NULL);
	CHECK(strstr(text, "auto = yes\n") != NULL);
	struct config again;
	char *errs2 = NULL;
	CHECK_INT(load_text(text, n, &again, &errs2), 0);
	if (errs2 && errs2[0])
		check_fail(__FILE__, __LINE__, "reload: %s", errs2);
	free(errs2);
	if (again.path) {
		CHECK_INT(again.update_ms, cfg.update_ms);
		config_free(&again);
	}
	free(text);
	config_free(&cfg);
}

/* The size limit (1 MB) holds at its edge whatever buffer the file is read into: a config padded
 * with comments to exactly the limit loads, one byte more is refused, also when read from a pipe
 * (no size known in advance). */
static void t_size_limit(void)
{
	const size_t max = 1 << 20;
	const char head[] = "[station]\nname = BIG\n" PKG;
	char *text = malloc(max + 1), *errs = NULL;
	struct config cfg;

	memcpy(text, head, sizeof head - 1);
	for (size_t i = sizeof head - 1; i <= max; i++)
		text[i] = i % 100 == 99 ? '\n' : ';';  /* comment lines iniparser takes */
	text[max - 1] = '\n';
	CHECK_INT(load_text(text, max, &cfg, &errs), 0);
	CHECK_STR(errs, "");
	free(errs);
	config_free(&cfg);
	text[max] = '\n';
	CHECK_INT(load_text(text, max + 1, &cfg, &errs), -1);
	CHECK(errs && strstr(errs, "over 1048576 bytes") != NULL);
	free(errs);

	/* Through a pipe: the size is unknown, the buffer grows to the whole config. */
	int fds[2];
	char path[64];
	pid_t pid;

	text[max - 1] = '\n';
	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (size_t off = 0; off < max;) {
			ssize_t n = write(fds[1], text + off, max - off);
			if (n <= 0)
				_exit(1);
			off += (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fds[0]);
	{
		size_t n;
		FILE *err = open_memstream(&errs, &n);
		CHECK_INT(config_load(&cfg, path, err), 0);
		fclose(err);
	}
	CHECK_STR(errs, "");
	CHECK_STR(cfg.name, "BIG");
	free(errs);
	config_free(&cfg);
	close(fds[0]);
	waitpid(pid, NULL, 0);
	free(text);
}

/* A URL package: kept as written for the module, masked for everything shown, and exactly one
 * of file and url; its password never appears in an error message. */
static void t_url(void)
{
	const char *ini = "[package A]\nurl = ftp://fota:Pa55word@10.0.0.2:2121/dir/A04-to-A06.zip\n"
			  "from = A04\nto = A06\n[package]\nurl = https://[::1]:8443/b.zip?x=1\nfrom = B\nto = C\n";
	struct config cfg;
	char *errs = NULL;
	int rc = load_text(ini, strlen(ini), &cfg, &errs);
	CHECK_INT(rc, 0);
	CHECK_STR(errs, "");
	free(errs);
	if (rc == 0) {
		CHECK_STR(cfg.packages[0].url, "ftp://fota:Pa55word@10.0.0.2:2121/dir/A04-to-A06.zip");
		CHECK_STR(cfg.packages[0].url_shown, "ftp://fota:***@10.0.0.2:2121/dir/A04-to-A06.zip");
		CHECK_STR(cfg.packages[0].file_name, "A04-to-A06.zip");
		CHECK(cfg.packages[0].file == NULL);
		CHECK_STR(config_package_label(&cfg.packages[1]), "b.zip");
		char *text = NULL;
		size_t n;
		FILE *out = open_memstream(&text, &n);
		config_print(&cfg, out);
		fclose(out);
		CHECK(strstr(text, "url = ftp://fota:***@10.0.0.2:2121/dir/A04-to-A06.zip\n") != NULL);
		CHECK(strstr(text, "Pa55word") == NULL);
		free(text);
		config_free(&cfg);
	}
	static const char *const bad[] = {
		"[package]\nurl = ftp://fota:Pa55word@h:99999/p.zip\nfrom = A04\nto = A06\n",
		"[package]\nurl = ftp://fota:Pa55/word@h/p.zip\nfrom = A04\nto = A06\n",
		"[package]\nurl = ftp://fota:Pa55word@h/p\x7f.zip\nfrom = A04\nto = A06\n",
		"[package]\nurl = ftp://fota:Pa55word@h/\nfrom = A04\nto = A06\nfile = x.zip\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		check_case("t_url[bad %zu]", i);
		CHECK_INT(load_text(bad[i], strlen(bad[i]), &cfg, &errs), -1);
		CHECK(strstr(errs, "fota:***@") != NULL);
		if (strstr(errs, "Pa55"))
			check_fail(__FILE__, __LINE__, "password in: %s", errs);
		free(errs);
	}
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_config.XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	RUN(t_errors);
	RUN(t_all_reported);
	RUN(t_url);
	RUN(t_good);
	RUN(t_defaults);
	RUN(t_size_limit);
	unlink(write_ini("t.ini", "", 0));
	rmdir(tmpdir);
	return check_done();
}
