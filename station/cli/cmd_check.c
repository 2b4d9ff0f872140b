/* station check: validate the config, read every package once, make sure records could be
 * written, without changing anything; with --print the effective config. Exit 0 when the station
 * could run, 2 otherwise. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "config/config_doc.h"
#include "config/config_package.h"
#include "config/config_path.h"
#include "station/base/errcode.h"
#include "logs/db/db.h"
#include "station/cli/cmd.h"
#include "station/cli/run_guard.h"
#include "station/usb/port_access.h"
#include "station/base/xalloc.h"

static void cmd_check_usage(FILE *out)
{
	fprintf(out, "usage: station check [-c FILE] [--print]\n"
		"       station check --keys [--man] | --codes [--man] | --example\n\n"
		"Validates the station config (default: station.ini in the current folder) and its\n"
		"packages: each file exists, is readable and matches its sha256 when one is given.\n"
		"Prints each package's size, sha256 and the 16-bit checksum the module reports after\n"
		"AT+QFUPL (hex), and whether log_dir is writable (or can be created by `station run`),\n"
		"connects to the [database] (when there is one) and checks its schema version. A url\n"
		"package is fetched once from the station for its size and sha256; when the station\n"
		"cannot fetch it, that is a warning unless the package has a sha256 to check (the module\n"
		"downloads over its own network). URL passwords are shown as ***. Changes nothing: no\n"
		"folder or file is created. Paths are shown resolved (they are relative to the config\n"
		"file's folder). Problems come last, each as FILE:LINE: ... Warns (without failing) when\n"
		"ModemManager runs and no udev rule keeps it off the modules' ports.\n\n"
		"  -c, --config FILE  the config to check\n"
		"  -p, --print        also print the effective config, defaults filled in\n"
		"      --keys         print the reference of every config key (Markdown)\n"
		"      --codes        print the station's error codes and their meaning\n"
		"      --man          --keys or --codes as man(7) text (for the manual pages)\n"
		"      --example      print a fully annotated example config\n"
		"  -h, --help         this text\n\n"
		"exit status: 0 the config is usable, 2 it is not (every problem is listed)\n");
}

/* Whether dir can hold records: an existing folder takes a probe file (access() says yes to root
 * even on a read-only mount); a missing one needs its nearest existing parent to take one,
 * since `station run` creates it. Nothing is left behind. 0, or -1 with why. */
static int cmd_check_log_dir(const char *dir, bool *exists, char *why, size_t n)
{
	char *probe_dir = config_path_shown(dir, NULL);   /* absolute: every parent can be tried */
	struct stat st;
	int rc = -1;

	*exists = stat(dir, &st) == 0;
	if (*exists && !S_ISDIR(st.st_mode)) {
		snprintf(why, n, "found a file that is not a folder; expected a writable folder");
		goto out;
	}
	while (stat(probe_dir, &st) != 0) {
		char *slash = strrchr(probe_dir, '/');
		if (errno != ENOENT || !slash || slash == probe_dir) {
			snprintf(why, n, "cannot create: %s; expected a writable folder", strerror(errno));
			goto out;
		}
		*slash = '\0';
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, n, "cannot create: %s is not a folder; expected a writable folder", probe_dir);
		goto out;
	}
	char *probe = xasprintf("%s/.station-check-XXXXXX", probe_dir);
	int fd = mkstemp(probe);
	if (fd < 0) {
		snprintf(why, n, "%s: %s: %s; expected a writable folder", *exists ? "not writable" :
			 "cannot create", probe_dir, strerror(errno));
	} else {
		close(fd);
		unlink(probe);
		rc = 0;
	}
	free(probe);
out:
	free(probe_dir);
	return rc;
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

/* The package lines and their problems; problems are kept for the end of the output. */
static int cmd_check_packages(const struct config *cfg, char **problems)
{
	int bad = 0;
	for (int i = 0; i < cfg->n_packages; i++) {
		const struct config_package *p = &cfg->packages[i];
		struct config_package_info info = { 0 };
		char why[800];
		char *file = p->url ? NULL : config_path_shown(p->file, NULL);
		const char *sp = p->name[0] ? " " : "", *down = p->downgrade ? " (downgrade)" : "";
		struct config_package shown_p = *p;
		if (file)
			shown_p.file = file;
		int st = config_package_inspect(&shown_p, cfg->max_package_bytes, &info, why, sizeof why);
		if (st < 0 && config_package_fatal(p, st)) {
			char *was = *problems;
			*problems = xasprintf("%s%s:%d: [package%s%s] %s: %s\n", was ? was : "", cfg->path,
					      p->file_line ? p->file_line : p->line, sp, p->name,
					      p->url ? "url" : "file", why);
			free(was);
			bad = 1;
		} else if (st < 0) {
			printf("package %s: %s -> %s%s\n  url %s (the module downloads it)\n"
			       "  warning: %s; the module may still reach it over its own network\n",
			       config_package_label(p), p->from, p->to, down, p->url_shown, why);
		} else if (p->url) {
			printf("package %s: %s -> %s%s\n  url %s (the module downloads it)\n"
			       "  size %" PRIu64 " bytes  sha256 %s%s  fetched in %" PRId64 ".%03" PRId64
			       " s\n", config_package_label(p), p->from, p->to, down, p->url_shown, info.size,
			       info.sha256, p->sha256[0] ? " (matches)" : "", info.fetch_ms / 1000,
			       info.fetch_ms % 1000);
		} else {
			printf("package %s: %s -> %s%s\n  file %s (on the module: %s)\n"
			       "  size %" PRIu64 " bytes  sha256 %s%s  AT+QFUPL checksum %x\n",
			       config_package_label(p), p->from, p->to, down, file, p->file_name, info.size,
			       info.sha256, p->sha256[0] ? " (matches)" : "", info.xor16);
		}
		free(file);
	}
	return bad;
}

int cmd_check(int argc, char **argv)
{
	static const struct option own[] = {
		{ "print", no_argument, NULL, 'p' },
		{ "keys", no_argument, NULL, 'k' },
		{ "example", no_argument, NULL, 'e' },
		{ "codes", no_argument, NULL, 'C' },
		{ "man", no_argument, NULL, 'm' },
		{ 0 },
	};
	struct cmd_opts o = { .name = "check", .usage = cmd_check_usage, .own = own, .own_short = "p",
			      .config = true };
	struct config cfg;
	char *problems = NULL, why[400];
	int c, bad = 0;
	bool print = false, exists, keys = false, codes = false, man = false;

	while ((c = cmd_opts_next(&o, argc, argv)) >= 0) {
		switch (c) {
		case 'p':
			print = true;
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
		}
	}
	if (c == CMD_OPTS_EXIT)
		return o.exit;
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
	if (cmd_opts_config(&o, argc, argv, &cfg) != 0)
		return CMD_EXIT_USAGE;
	char *shown = config_path_shown(cfg.path, NULL);
	printf("config %s: sha256 %s\n", shown, cfg.sha256);
	free(shown);
	bad |= cmd_check_packages(&cfg, &problems);
	/* The same limit station run applies before it starts a slot (run lifts the soft limit to the
	 * hard one first; with auto = yes the slot count is known only at run time). */
	char fds[300];
	if (!cfg.slots_auto && run_guard_fds(cfg.n_slots, false, fds, sizeof fds) < 0) {
		char *was = problems;
		problems = xasprintf("%s%s: [slots]: %s\n", was ? was : "", cfg.path, fds);
		free(was);
		bad = 1;
	}
	shown = config_path_shown(cfg.log_dir, NULL);
	if (cmd_check_log_dir(cfg.log_dir, &exists, why, sizeof why) < 0) {
		char *was = problems;
		problems = xasprintf("%s%s: [station] log_dir %s: %s\n", was ? was : "", cfg.path, shown, why);
		free(was);
		bad = 1;
	} else {
		printf("log_dir %s: %s\n", shown, exists ? "writable" :
		       "not there yet; station run creates it (its parent is writable)");
	}
	free(shown);
	if (cfg.db_url) {
		char dbwhy[512];
		if (db_check(cfg.db_url, dbwhy, sizeof dbwhy) < 0) {
			char *was = problems;
			problems = xasprintf("%s%s: [database] url %s: %s (the station would still record to "
					     "CSV)\n", was ? was : "", cfg.path, cfg.db_url, dbwhy);
			free(was);
			bad = 1;
		} else {
			printf("database %s: connected, schema version %d, may insert and select\n",
			       cfg.db_url, DB_SCHEMA_VERSION);
		}
	}
	if (print) {
		printf("\n");
		config_print(&cfg, stdout);
	}
	config_free(&cfg);
	fflush(stdout);
	if (bad) {
		fprintf(stderr, "%sstation check: %s is not usable\n", problems ? problems : "", o.config_path);
		free(problems);
		cmd_check_mm();
		return CMD_EXIT_USAGE;
	}
	printf("\nstation check: %s is usable\n", o.config_path);
	cmd_check_mm();
	return CMD_EXIT_OK;
}
