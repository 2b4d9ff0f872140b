/* The facts behind port_access_explain, from the system: the port's node, the user's groups,
 * /proc for other holders and ModemManager, the udev rule folders. */
#include "station/usb/port_access.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "station/base/dir.h"

/* Folders udev reads rules from, highest priority first: a file of the same name in an earlier
 * folder hides the later one (a /dev/null link in /etc disables a packaged rule). */
static const char *const port_access_rule_dirs[] = {
	"/etc/udev/rules.d", "/run/udev/rules.d", "/usr/local/lib/udev/rules.d",
	"/usr/lib/udev/rules.d", "/lib/udev/rules.d",
};

static bool port_access_is_pid(const char *name)
{
	if (!*name)
		return false;
	for (const char *p = name; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

/* /proc/PID/comm without its newline; empty when unreadable. */
static void port_access_comm(const char *pid, char *out, size_t size)
{
	char path[64];
	out[0] = '\0';
	snprintf(path, sizeof path, "/proc/%s/comm", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(out, (int)size, f))
		out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

int port_access_find_process(const char *comm)
{
	DIR *d = dir_open("/proc");
	struct dirent *e;
	char name[64];
	int found = 0;
	if (!d)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		if (!port_access_is_pid(e->d_name))
			continue;
		port_access_comm(e->d_name, name, sizeof name);
		if (strcmp(name, comm) == 0)
			found = atoi(e->d_name);
	}
	closedir(d);
	return found;
}

/* Whether one rules file mentions the vendor and the ModemManager flag. */
static bool port_access_rule_file(const char *path)
{
	static const size_t max = 65536;
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	char *text = malloc(max + 1);
	bool yes = false;
	if (text) {
		size_t n = fread(text, 1, max, f);
		text[n] = '\0';
		yes = strcasestr(text, "2c7c") && strstr(text, "ID_MM_DEVICE_IGNORE");
		free(text);
	}
	fclose(f);
	return yes;
}

bool port_access_rule_installed(void)
{
	char seen[128][NAME_MAX + 1];
	int n_seen = 0;
	for (size_t i = 0; i < sizeof port_access_rule_dirs / sizeof port_access_rule_dirs[0]; i++) {
		DIR *d = dir_open(port_access_rule_dirs[i]);
		struct dirent *e;
		if (!d)
			continue;
		while ((e = readdir(d)) != NULL) {
			size_t len = strlen(e->d_name);
			if (len < 7 || strcmp(e->d_name + len - 6, ".rules") != 0)
				continue;
			bool hidden = false;
			for (int k = 0; k < n_seen && !hidden; k++)
				hidden = strcmp(seen[k], e->d_name) == 0;
			if (hidden)
				continue;
			if (n_seen < (int)(sizeof seen / sizeof seen[0]))
				snprintf(seen[n_seen++], sizeof seen[0], "%s", e->d_name);
			char path[PATH_MAX];
			snprintf(path, sizeof path, "%s/%s", port_access_rule_dirs[i], e->d_name);
			if (port_access_rule_file(path)) {
				closedir(d);
				return true;
			}
		}
		closedir(d);
	}
	return false;
}

int port_access_mm_warning(char *out, size_t size)
{
	out[0] = '\0';
	int pid = port_access_find_process("ModemManager");
	if (pid <= 0 || port_access_rule_installed())
		return 0;
	snprintf(out, size, "ModemManager (pid %d) is running and no udev rule tells it to leave the "
		 "modules alone (ID_MM_DEVICE_IGNORE for vendor 2c7c): it may open their AT ports while "
		 "they reboot through an update. Install the station's udev rule (" PORT_ACCESS_RULE
		 ") or stop ModemManager (systemctl disable --now ModemManager).", pid);
	return 1;
}

/* Follows symbolic links by hand (realpath would not see a path rewriting library), at most 16. */
static void port_access_resolve(const char *path, char *out, size_t size)
{
	char cur[PATH_MAX], link[PATH_MAX];
	snprintf(cur, sizeof cur, "%s", path);
	for (int hop = 0; hop < 16; hop++) {
		ssize_t n = readlink(cur, link, sizeof link - 1);
		if (n <= 0)
			break;
		link[n] = '\0';
		if (link[0] == '/') {
			snprintf(cur, sizeof cur, "%s", link);
		} else {
			char *slash = strrchr(cur, '/');
			if (slash)
				slash[1] = '\0';
			size_t len = strlen(cur);
			snprintf(cur + len, sizeof cur - len, "%s", link);
		}
	}
	snprintf(out, size, "%s", cur);
}

/* Other processes with the port open: its resolved path or its device number in their fds. */
static void port_access_holders(const char *path, dev_t rdev, struct port_access_facts *f)
{
	char target[PATH_MAX], dir[300], fdpath[PATH_MAX], link[PATH_MAX];
	DIR *d = dir_open("/proc");
	struct dirent *e;
	pid_t me = getpid();
	port_access_resolve(path, target, sizeof target);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL && f->n_holders < PORT_ACCESS_HOLDERS_MAX) {
		if (!port_access_is_pid(e->d_name) || atoi(e->d_name) == me)
			continue;
		snprintf(dir, sizeof dir, "/proc/%s/fd", e->d_name);
		DIR *fds = dir_open(dir);
		if (!fds) {
			f->hidden += errno == EACCES || errno == EPERM;
			continue;
		}
		struct dirent *fe;
		bool holds = false;
		while (!holds && (fe = readdir(fds)) != NULL) {
			if (fe->d_name[0] == '.')
				continue;
			snprintf(fdpath, sizeof fdpath, "%s/%s", dir, fe->d_name);
			ssize_t n = readlink(fdpath, link, sizeof link - 1);
			if (n <= 0)
				continue;
			link[n] = '\0';
			if (strncmp(link, "/dev/", 5) != 0)
				continue;
			struct stat st;
			holds = strcmp(link, target) == 0 ||
				(rdev && stat(fdpath, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == rdev);
		}
		closedir(fds);
		if (holds) {
			struct port_access_holder *h = &f->holders[f->n_holders++];
			h->pid = atoi(e->d_name);
			port_access_comm(e->d_name, h->comm, sizeof h->comm);
			if (!h->comm[0])
				snprintf(h->comm, sizeof h->comm, "?");
		}
	}
	closedir(d);
}

/* The user's name and whether it has gid, in this process and in the group database. */
static void port_access_user(gid_t gid, struct port_access_facts *f)
{
	char buf[16384];
	struct passwd pw, *pwp = NULL;
	struct group gr, *grp = NULL;
	uid_t uid = geteuid();
	gid_t groups[256];

	if (getpwuid_r(uid, &pw, buf, sizeof buf, &pwp) == 0 && pwp)
		snprintf(f->user, sizeof f->user, "%s", pw.pw_name);
	else
		snprintf(f->user, sizeof f->user, "%u", (unsigned)uid);
	f->in_group = getegid() == gid;
	int n = getgroups(sizeof groups / sizeof groups[0], groups);
	for (int i = 0; i < n && !f->in_group; i++)
		f->in_group = groups[i] == gid;
	f->in_group_db = pwp && pw.pw_gid == gid;
	if (!f->in_group_db && getgrgid_r(gid, &gr, buf, sizeof buf, &grp) == 0 && grp)
		for (char **m = gr.gr_mem; m && *m && !f->in_group_db; m++)
			f->in_group_db = strcmp(*m, f->user) == 0;
}

static void port_access_names(const struct stat *st, struct port_access_facts *f)
{
	char buf[16384];
	struct passwd pw, *pwp = NULL;
	struct group gr, *grp = NULL;
	if (getpwuid_r(st->st_uid, &pw, buf, sizeof buf, &pwp) == 0 && pwp)
		snprintf(f->owner, sizeof f->owner, "%s", pw.pw_name);
	else
		snprintf(f->owner, sizeof f->owner, "%u", (unsigned)st->st_uid);
	if (getgrgid_r(st->st_gid, &gr, buf, sizeof buf, &grp) == 0 && grp)
		snprintf(f->group, sizeof f->group, "%s", gr.gr_name);
	else
		snprintf(f->group, sizeof f->group, "%u", (unsigned)st->st_gid);
}

enum port_access_kind port_access_diagnose(const char *path, struct port_access *out)
{
	struct port_access_facts f = { .path = path };
	struct stat st;

	/* stat first: a failed open of a node that does not exist is not worth making. */
	if (stat(path, &st) < 0) {
		f.err = errno;
		port_access_user((gid_t)-1, &f);
		port_access_explain(&f, out);
		return out->kind;
	}
	f.stat_ok = true;
	f.mode = (unsigned)(st.st_mode & 07777);
	port_access_names(&st, &f);
	port_access_user(st.st_gid, &f);
	f.user_is_owner = st.st_uid == geteuid();
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
	else
		f.err = errno;
	if (f.err == EBUSY) {
		port_access_holders(path, S_ISCHR(st.st_mode) ? st.st_rdev : 0, &f);
		f.mm_pid = port_access_find_process("ModemManager");
		f.rule_installed = port_access_rule_installed();
	}
	port_access_explain(&f, out);
	return out->kind;
}
