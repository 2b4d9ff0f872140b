#include "station/usb/port_access.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* snprintf whose cut is intended: a brief longer than a record's field ends short. */
static void port_access_put(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void port_access_put(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, size, fmt, ap);
	va_end(ap);
}

/* What to do when ModemManager is (or may be) the other user of a port. */
static const char port_access_mm_advice[] =
	"ModemManager probes modem ports: install the station's udev rule (" PORT_ACCESS_RULE
	", which sets ID_MM_DEVICE_IGNORE for vendor 2c7c) and replug the modules, or stop it "
	"(systemctl disable --now ModemManager)";

static bool port_access_is_mm(const char *comm)
{
	return strcmp(comm, "ModemManager") == 0;
}

static void port_access_denied(const struct port_access_facts *f, struct port_access *o)
{
	o->kind = PORT_ACCESS_DENIED;
	o->err = ERR_PORT_ACCESS;
	if (!f->stat_ok) {
		port_access_put(o->brief, sizeof o->brief, "no permission to open %s (user %s)", f->path, f->user);
		port_access_put(o->advice, sizeof o->advice, "give user %s access to the modules' ports: install "
			 "the station's udev rule (" PORT_ACCESS_RULE ", group " PORT_ACCESS_GROUP ") and add "
			 "the user to group " PORT_ACCESS_GROUP, f->user);
		return;
	}
	bool group_rw = (f->mode & 060) == 060 && f->group[0] && strcmp(f->group, "root") != 0;
	if (!group_rw) {
		/* Nobody but the owner may use it: no rule gave the port to a group. */
		port_access_put(o->brief, sizeof o->brief, "%s is %s:%s %04o: no udev rule gave it to group "
			 PORT_ACCESS_GROUP, f->path, f->owner, f->group, f->mode);
		port_access_put(o->advice, sizeof o->advice, "install the station's udev rule ("
			 PORT_ACCESS_RULE ": group " PORT_ACCESS_GROUP ", mode 0660), then run `udevadm "
			 "control --reload && udevadm trigger` or replug the modules; user %s needs group "
			 PORT_ACCESS_GROUP, f->user);
	} else if (f->in_group) {
		port_access_put(o->brief, sizeof o->brief, "%s is %s:%s %04o and user %s is in group %s, yet "
			 "the open was refused", f->path, f->owner, f->group, f->mode, f->user, f->group);
		port_access_put(o->advice, sizeof o->advice, "something beyond the file mode refuses it (a "
			 "security module, a container's device rules): see the kernel log");
	} else if (f->in_group_db) {
		port_access_put(o->brief, sizeof o->brief, "%s is %s:%s %04o; user %s joined group %s after "
			 "this login", f->path, f->owner, f->group, f->mode, f->user, f->group);
		port_access_put(o->advice, sizeof o->advice, "log in again (or restart the station's service) "
			 "so the process has group %s", f->group);
	} else {
		port_access_put(o->brief, sizeof o->brief, "%s is %s:%s %04o; user %s is not in group %s",
			 f->path, f->owner, f->group, f->mode, f->user, f->group);
		port_access_put(o->advice, sizeof o->advice, "add the user to the group: `usermod -aG %s %s`, "
			 "then log in again (or restart the station's service)", f->group, f->user);
	}
}

static void port_access_busy(const struct port_access_facts *f, struct port_access *o)
{
	o->kind = PORT_ACCESS_BUSY;
	o->err = ERR_PORT_BUSY;
	if (f->n_holders > 0) {
		port_access_put(o->brief, sizeof o->brief, "%s is held by", f->path);
		bool mm = false;
		for (int i = 0; i < f->n_holders; i++) {
			size_t n = strlen(o->brief);
			port_access_put(o->brief + n, sizeof o->brief - n, "%s pid %d (%s)", i ? "," : "",
					f->holders[i].pid, f->holders[i].comm);
			mm = mm || port_access_is_mm(f->holders[i].comm);
		}
		if (mm)
			port_access_put(o->advice, sizeof o->advice, "%s", port_access_mm_advice);
		else
			port_access_put(o->advice, sizeof o->advice, "end that program (kill %d) or wait until it "
				 "closes the port, then start the slot again", f->holders[0].pid);
		return;
	}
	if (f->mm_pid > 0) {
		port_access_put(o->brief, sizeof o->brief, "%s is held by a process user %s cannot see; "
			 "ModemManager (pid %d) is running", f->path, f->user, f->mm_pid);
		port_access_put(o->advice, sizeof o->advice, "%s", port_access_mm_advice);
		return;
	}
	port_access_put(o->brief, sizeof o->brief, "%s is held by a process user %s cannot see",
		 f->path, f->user);
	port_access_put(o->advice, sizeof o->advice, "find it as root (`fuser -v %s`), end it, then start "
		 "the slot again", f->path);
}

void port_access_explain(const struct port_access_facts *f, struct port_access *o)
{
	char buf[96];
	memset(o, 0, sizeof *o);
	switch (f->err) {
	case 0:
		o->kind = PORT_ACCESS_USABLE;
		o->err = ERR_NONE;
		port_access_put(o->brief, sizeof o->brief, "%s opens now", f->path);
		return;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		o->kind = PORT_ACCESS_GONE;
		o->err = ERR_PORT_LOST;
		port_access_put(o->brief, sizeof o->brief, "%s is gone", f->path);
		return;
	case EACCES:
	case EPERM:
		port_access_denied(f, o);
		return;
	case EBUSY:
		port_access_busy(f, o);
		return;
	default:
		o->kind = PORT_ACCESS_OTHER;
		o->err = ERR_PORT_LOST;
		port_access_put(o->brief, sizeof o->brief, "cannot open %s: %s", f->path,
			 strerror_r(f->err, buf, sizeof buf));
		return;
	}
}
