/* station check: validate the config, read every package once, make sure records can be written,
 * then print the effective config. Exit 0 when the station could run, 2 otherwise. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "config/config_doc.h"
#include "config/config_package.h"
#include "station/cli/cmd.h"
#include "station/usb/port_access.h"
#include "station/base/xalloc.h"

static void cmd_check_usage(FILE *out)
{
	fprintf(out, "usage: station check [-c FILE]\n"
		"       station check --keys [--man] | --codes [--man] | --example\n\n"
		"Validates the station config (default: station.ini in the current folder) and its\n"
		"packages: each file exists, is readable and matches its sha256 when one is given.\n"
		"Prints each package's size, sha256 and the 16-bit checksum the module reports after\n"
		"AT+QFUPL (hex), makes sure log_dir is writable (creating it), then prints the\n"
		"effective config with defaults. A url package is fetched once from the station for\n"
		"its size and sha256; when the station cannot fetch it, that is a warning unless the\n"
		"package has a sha256 to check (the module downloads over its own network). URL\n"
		"passwords are shown as ***. Warns (without failing) when ModemManager runs and no\n"
		"udev rule keeps it off the modules' ports.\n\n"
		"  -c, --config FILE  the config to check\n"
		"      --keys         print the reference of every config key (Markdown)\n"
		"      --codes        print the station's error codes and their meaning\n"
		"      --man          --keys or --codes as man(7) text (for the manual pages)\n"
		"      --example      print a fully annotated example config\n"
		"  -h, --help         this text\n\n"
		"exit status: 0 the config is usable, 2 it is not (every problem is listed)\n");
}

/* mkdir -p for log_dir; 0 or -1 with errno. */
static int cmd_check_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;
	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0775) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0775) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* Creates and removes a file in log_dir: access() says yes to root even on a read-only mount. */
static int cmd_check_log_dir(const char *dir)
{
	if (cmd_check_mkdirs(dir) < 0) {
		fprintf(stderr, "station check: log_dir %s: cannot create: %s; expected a writable "
			"folder\n", dir, strerror(errno));
		return -1;
	}
	char *probe = xasprintf("%s/.station-check-XXXXXX", dir);
	int fd = mkstemp(probe);
	if (fd < 0) {
		fprintf(stderr, "station check: log_dir %s: not writable: %s; expected a writable "
			"folder\n", dir, strerror(errno));
		free(probe);
		return -1;
	}
	close(fd);
	unlink(probe);
	free(probe);
	return 0;
}

/* The station's error codes from their table (station/base/errcode.c), so station(1) and the
 * table cannot differ. */
static void cmd_check_codes(bool man)
{
	for (int e = ERR_NONE + 1; e < ERR_COUNT; e++) {
		if (!man) {
			printf("%-14s %s\n", errcode_name((enum errcode)e), errcode_text((enum errcode)e));
			continue;
		}
		fputs(".TP\n.B ", stdout);
		config_doc_roff(stdout, errcode_name((enum errcode)e));
		fputc('\n', stdout);
		config_doc_roff(stdout, errcode_text((enum errcode)e));
		fputc('\n', stdout);
	}
}

/* ModemManager opening a module's AT port while it reboots through an update can break it. */
static void cmd_check_mm(void)
{
	char warning[600];
	if (port_access_mm_warning(warning, sizeof warning))
		fprintf(stderr, "station check: warning: %s\n", warning);
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "keys", no_argument, NULL, 'k' },
		{ "example", no_argument, NULL, 'e' },
		{ "codes", no_argument, NULL, 'C' },
		{ "man", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *path = "station.ini";
	struct config cfg;
	int c, bad = 0;
	bool keys = false, codes = false, man = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'k':
			keys = true;
			break;
		case 'C':
			codes = true;
			break;
		case 'm':
			man = true;
			break;
		case 'e':
			config_doc_ini(stdout);
			return CMD_EXIT_OK;
		case 'h':
			cmd_check_usage(stdout);
			return CMD_EXIT_OK;
		default:
			cmd_check_usage(stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (keys || codes) {
		if (keys && man)
			config_doc_man(stdout);
		else if (keys)
			config_doc_markdown(stdout);
		if (codes)
			cmd_check_codes(man);
		return CMD_EXIT_OK;
	}
	if (man) {
		fprintf(stderr, "station check: --man goes with --keys or --codes\n");
		return CMD_EXIT_USAGE;
	}
	if (cmd_config_load("check", argc, argv, optind, cmd_check_usage, path, &cfg) != 0)
		return CMD_EXIT_USAGE;
	printf("config %s: sha256 %s\n", cfg.path, cfg.sha256);
	for (int i = 0; i < cfg.n_packages; i++) {
		const struct config_package *p = &cfg.packages[i];
		struct config_package_info info;
		char why[800];
		int st = config_package_inspect(p, &info, why, sizeof why);
		if (st < 0 && config_package_fatal(p, st)) {
			fprintf(stderr, "%s: [package%s%s] %s: %s\n", cfg.path, p->name[0] ? " " : "",
				p->name, p->url ? "url" : "file", why);
			bad = 1;
			continue;
		}
		if (st < 0) {
			printf("package %s: %s -> %s\n  url %s (the module downloads it)\n"
			       "  warning: %s; the module may still reach it over its own network\n",
			       config_package_label(p), p->from, p->to, p->url_shown, why);
			continue;
		}
		if (p->url) {
			printf("package %s: %s -> %s\n  url %s (the module downloads it)\n"
			       "  size %" PRIu64 " bytes  sha256 %s%s  fetched in %" PRId64 ".%03" PRId64
			       " s\n", config_package_label(p), p->from, p->to, p->url_shown, info.size,
			       info.sha256, p->sha256[0] ? " (matches)" : "", info.fetch_ms / 1000,
			       info.fetch_ms % 1000);
			continue;
		}
		printf("package %s: %s -> %s\n  file %s (on the module: %s)\n"
		       "  size %" PRIu64 " bytes  sha256 %s%s  AT+QFUPL checksum %x\n",
		       config_package_label(p), p->from, p->to, p->file, p->file_name,
		       info.size, info.sha256, p->sha256[0] ? " (matches)" : "", info.xor16);
	}
	if (cmd_check_log_dir(cfg.log_dir) < 0)
		bad = 1;
	else
		printf("log_dir %s: writable\n", cfg.log_dir);
	printf("\n");
	config_print(&cfg, stdout);
	config_free(&cfg);
	if (bad) {
		fprintf(stderr, "station check: %s is not usable\n", path);
		cmd_check_mm();
		return CMD_EXIT_USAGE;
	}
	printf("\nstation check: %s is usable\n", path);
	cmd_check_mm();
	return CMD_EXIT_OK;
}
