/* Fuzzes the whole config loader: config_load() on a file made of the input, then, for a config it
 * takes, the effective-config printer and the package inspection of each [package] section.
 *
 * Nothing outside a private temporary folder is touched: the input is written to <tmp>/station.ini,
 * a small <tmp>/pkg.zip is there to inspect, and a package is inspected only when its file
 * resolves to a plain name inside <tmp> (no '/', not "." or ".."); config_load itself reads only
 * the file it is given. The folder is removed at exit (see fuzz_sweep for a run that crashed). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "config/config_package.h"
#include "tests/fuzz/fuzz.h"

static char fuzz_dir[64], fuzz_ini[96], fuzz_pkg[96];
static int fuzz_fd = -1;
static FILE *fuzz_null;

static void fuzz_cleanup(void)
{
	if (fuzz_fd >= 0)
		close(fuzz_fd);
	unlink(fuzz_ini);
	unlink(fuzz_pkg);
	rmdir(fuzz_dir);
}

/* A run stopped by a crash or a timeout cannot clean up (libFuzzer exits at once): the folder is
 * named after the pid, and the next run removes the folders of processes that are gone. */
static void fuzz_sweep(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char dir[300], f[320];
		int pid;

		if (sscanf(e->d_name, "station-fuzz-%d", &pid) != 1 || pid <= 0 ||
		    kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(dir, sizeof dir, "%s/%s", base, e->d_name);
		snprintf(f, sizeof f, "%s/station.ini", dir);
		unlink(f);
		snprintf(f, sizeof f, "%s/pkg.zip", dir);
		unlink(f);
		rmdir(dir);
	}
	closedir(d);
}

static void fuzz_setup(void)
{
	static const char pkg[] = "PK\x05\x06 a delta package stand-in";
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	int fd;

	fuzz_sweep(base);
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/station-fuzz-%d", base, (int)getpid());
	MUST(mkdir(fuzz_dir, 0700) == 0);
	snprintf(fuzz_ini, sizeof fuzz_ini, "%s/station.ini", fuzz_dir);
	snprintf(fuzz_pkg, sizeof fuzz_pkg, "%s/pkg.zip", fuzz_dir);
	fd = open(fuzz_pkg, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	MUST(fd >= 0 && write(fd, pkg, sizeof pkg - 1) == (ssize_t)(sizeof pkg - 1));
	close(fd);
	fuzz_fd = open(fuzz_ini, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	MUST(fuzz_fd >= 0);
	fuzz_null = fopen("/dev/null", "w");
	MUST(fuzz_null != NULL);
	atexit(fuzz_cleanup);
}

/* The package file is a plain name in the private folder. */
static bool fuzz_inside(const char *file)
{
	size_t n = strlen(fuzz_dir);
	const char *rest = file + n + 1;

	return strncmp(file, fuzz_dir, n) == 0 && file[n] == '/' && rest[0] && !strchr(rest, '/') &&
	       strcmp(rest, ".") != 0 && strcmp(rest, "..") != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;

	if (!fuzz_null)
		fuzz_setup();
	/* Written over the last input, then cut to this one's size: truncating to 0 first would free
	 * the file's page and fault a new one in for every input. */
	MUST(pwrite(fuzz_fd, data, size, 0) == (ssize_t)size);
	MUST(ftruncate(fuzz_fd, (off_t)size) == 0);
	if (config_load(&cfg, fuzz_ini, fuzz_null) != 0) {
		/* A refused config is freed by config_load. */
		MUST(cfg.path == NULL && cfg.packages == NULL && cfg.slots == NULL);
		return 0;
	}
	MUST(cfg.n_packages >= 1 && cfg.name && cfg.log_dir);
	config_print(&cfg, fuzz_null);
	for (int i = 0; i < cfg.n_packages; i++) {
		const struct config_package *p = &cfg.packages[i];
		struct config_package_info info;
		char why[512];

		MUST(p->from && p->to);
		if (p->file && fuzz_inside(p->file))
			(void)config_package_inspect(p, cfg.max_package_bytes, &info, why, sizeof why);
	}
	config_free(&cfg);
	return 0;
}
