/* Why a module's AT port cannot be used, in words an engineer can act on: permission (which group
 * or udev rule is missing), another process holding it (pid and command, found through
 * /proc/PID/fd), and whether ModemManager may probe the ports because no udev rule tells it not
 * to. Called after an open failed; it never opens a port it could use. */
#ifndef PORT_ACCESS_H
#define PORT_ACCESS_H
#include <stdbool.h>
#include <stddef.h>

#include "station/base/errcode.h"

/* The group the station's udev rule gives the modules' ttys, and the rule's file name. */
#define PORT_ACCESS_GROUP "dialout"
#define PORT_ACCESS_RULE "60-station.rules"
#define PORT_ACCESS_HOLDERS_MAX 4

enum port_access_kind {
	PORT_ACCESS_USABLE,   /* it opens now: the failure was something else (or passed) */
	PORT_ACCESS_GONE,     /* no such node (the module left): not an access problem */
	PORT_ACCESS_DENIED,   /* EACCES / EPERM */
	PORT_ACCESS_BUSY,     /* EBUSY: held exclusively (TIOCEXCL) by another process */
	PORT_ACCESS_OTHER,    /* another errno: reported as is */
};

struct port_access_holder {
	int pid;
	char comm[32];
};

/* What was found about the port, the user and the host; filled by port_access_probe, or by a
 * test. Strings are empty when unknown. */
struct port_access_facts {
	const char *path;
	int err;                      /* errno of the open, 0 when it opened */
	bool stat_ok;                 /* mode, owner and group below are known */
	unsigned mode;                /* permission bits */
	char owner[32], group[32];
	bool user_is_owner;
	bool in_group;                /* the process has the port's group */
	bool in_group_db;             /* the group database lists the user in it (a new login takes it) */
	char user[32];
	struct port_access_holder holders[PORT_ACCESS_HOLDERS_MAX];
	int n_holders;
	int hidden;                   /* processes whose open files this user may not see */
	int mm_pid;                   /* a running ModemManager, 0 if none */
	bool rule_installed;          /* a udev rule marks vendor 2c7c ID_MM_DEVICE_IGNORE */
};

struct port_access {
	enum port_access_kind kind;
	enum errcode err;             /* ERR_PORT_ACCESS, ERR_PORT_BUSY, or ERR_PORT_LOST */
	char brief[128];              /* one line for the record and the dashboard (fits error_text) */
	char advice[400];             /* what to do, in full */
};

/* Pure: the verdict and its words from the facts. */
void port_access_explain(const struct port_access_facts *f, struct port_access *out);
/* Looks at path (an open of it failed): tries an open itself, then gathers the facts and explains
 * them. Thread-safe; reads /proc, the group database and the udev rule folders. */
enum port_access_kind port_access_diagnose(const char *path, struct port_access *out);

/* The pid of a running process whose command name is comm (/proc/PID/comm), or 0. */
int port_access_find_process(const char *comm);
/* Whether a udev rule file mentions vendor 2c7c and ID_MM_DEVICE_IGNORE (the folders udev reads). */
bool port_access_rule_installed(void);
/* Writes a warning when ModemManager runs and no such rule is installed; returns 1 then, else 0
 * with out empty. */
int port_access_mm_warning(char *out, size_t size);
#endif
