/* Port diagnosis: the words for each cause (table), and the probe on real files (a node that is
 * gone, one that opens, one this process may not open). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "station/usb/port_access.h"
#include "tests/unit/check.h"

static void t_explain(void)
{
	static const struct {
		struct port_access_facts f;
		enum port_access_kind kind;
		enum errcode err;
		const char *brief;
		const char *advice_has;
	} rows[] = {
		/* no rule: only root may open it */
		{ { .path = "/dev/ttyUSB2", .err = EACCES, .stat_ok = true, .mode = 0600, .owner = "root",
		    .group = "root", .user = "op" }, PORT_ACCESS_DENIED, ERR_PORT_ACCESS,
		  "/dev/ttyUSB2 is root:root 0600: no udev rule gave it to group dialout", "60-station.rules" },
		/* group access but the group is root: still the rule's job, never "join root" */
		{ { .path = "/dev/ttyUSB2", .err = EACCES, .stat_ok = true, .mode = 0660, .owner = "root",
		    .group = "root", .user = "op" }, PORT_ACCESS_DENIED, ERR_PORT_ACCESS,
		  "/dev/ttyUSB2 is root:root 0660: no udev rule gave it to group dialout", "udevadm" },
		/* the usual Debian case: dialout, and the user is not in it */
		{ { .path = "/dev/ttyUSB2", .err = EACCES, .stat_ok = true, .mode = 0660, .owner = "root",
		    .group = "dialout", .user = "op" }, PORT_ACCESS_DENIED, ERR_PORT_ACCESS,
		  "/dev/ttyUSB2 is root:dialout 0660; user op is not in group dialout", "usermod -aG dialout op" },
		/* added to the group, not logged in again */
		{ { .path = "/dev/ttyUSB2", .err = EACCES, .stat_ok = true, .mode = 0660, .owner = "root",
		    .group = "dialout", .user = "op", .in_group_db = true }, PORT_ACCESS_DENIED, ERR_PORT_ACCESS,
		  "/dev/ttyUSB2 is root:dialout 0660; user op joined group dialout after this login", "log in again" },
		/* in the group and still refused */
		{ { .path = "/dev/ttyUSB2", .err = EPERM, .stat_ok = true, .mode = 0660, .owner = "root",
		    .group = "dialout", .user = "op", .in_group = true }, PORT_ACCESS_DENIED, ERR_PORT_ACCESS,
		  "/dev/ttyUSB2 is root:dialout 0660 and user op is in group dialout, yet the open was refused",
		  "kernel log" },
		/* the node could not even be looked at */
		{ { .path = "/dev/ttyUSB2", .err = EACCES, .user = "op" }, PORT_ACCESS_DENIED, ERR_PORT_ACCESS,
		  "no permission to open /dev/ttyUSB2 (user op)", "group dialout" },
		/* held, holder visible */
		{ { .path = "/dev/ttyUSB6", .err = EBUSY, .stat_ok = true, .user = "op", .n_holders = 1,
		    .holders = { { 4242, "minicom" } } }, PORT_ACCESS_BUSY, ERR_PORT_BUSY,
		  "/dev/ttyUSB6 is held by pid 4242 (minicom)", "kill 4242" },
		{ { .path = "/dev/ttyUSB6", .err = EBUSY, .stat_ok = true, .user = "op", .n_holders = 2,
		    .holders = { { 7, "ModemManager" }, { 9, "cat" } } }, PORT_ACCESS_BUSY, ERR_PORT_BUSY,
		  "/dev/ttyUSB6 is held by pid 7 (ModemManager), pid 9 (cat)", "ID_MM_DEVICE_IGNORE" },
		/* held by someone this user cannot see, ModemManager running */
		{ { .path = "/dev/ttyUSB6", .err = EBUSY, .stat_ok = true, .user = "op", .hidden = 3, .mm_pid = 812 },
		  PORT_ACCESS_BUSY, ERR_PORT_BUSY,
		  "/dev/ttyUSB6 is held by a process user op cannot see; ModemManager (pid 812) is running",
		  "systemctl disable --now ModemManager" },
		{ { .path = "/dev/ttyUSB6", .err = EBUSY, .stat_ok = true, .user = "op", .hidden = 3 },
		  PORT_ACCESS_BUSY, ERR_PORT_BUSY, "/dev/ttyUSB6 is held by a process user op cannot see",
		  "fuser -v /dev/ttyUSB6" },
		/* not access problems */
		{ { .path = "/dev/ttyUSB2", .err = ENOENT }, PORT_ACCESS_GONE, ERR_PORT_LOST, "/dev/ttyUSB2 is gone", "" },
		{ { .path = "/dev/ttyUSB2", .err = ENXIO }, PORT_ACCESS_GONE, ERR_PORT_LOST, "/dev/ttyUSB2 is gone", "" },
		{ { .path = "/dev/ttyUSB2", .err = 0 }, PORT_ACCESS_USABLE, ERR_NONE, "/dev/ttyUSB2 opens now", "" },
		{ { .path = "/dev/ttyUSB2", .err = EIO }, PORT_ACCESS_OTHER, ERR_PORT_LOST,
		  "cannot open /dev/ttyUSB2: Input/output error", "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct port_access pa;
		check_case("t_explain[%zu]", i);
		port_access_explain(&rows[i].f, &pa);
		CHECK_INT(pa.kind, rows[i].kind);
		CHECK_INT(pa.err, rows[i].err);
		CHECK_STR(pa.brief, rows[i].brief);
		CHECK(strstr(pa.advice, rows[i].advice_has) != NULL);
		CHECK(strlen(pa.brief) < sizeof pa.brief - 1);   /* never cut in a record */
	}
}

/* Paths near the buffer sizes are cut, never overrun. */
static void t_explain_long(void)
{
	char path[300];
	memset(path, 'x', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	struct port_access_facts f = { .path = path, .err = EBUSY, .n_holders = 4,
		.holders = { { 1, "a" }, { 2, "b" }, { 3, "c" }, { 4, "d" } } };
	struct port_access pa;
	port_access_explain(&f, &pa);
	CHECK_INT(pa.kind, PORT_ACCESS_BUSY);
	CHECK(strlen(pa.brief) == sizeof pa.brief - 1);
}

static void t_probe(void)
{
	struct port_access pa;
	char dir[] = "/tmp/port-access-XXXXXX", path[64];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/node", dir);
	CHECK_INT(port_access_diagnose(path, &pa), PORT_ACCESS_GONE);
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK_INT(port_access_diagnose(path, &pa), PORT_ACCESS_USABLE);
	if (geteuid() != 0) {
		chmod(path, 0);
		CHECK_INT(port_access_diagnose(path, &pa), PORT_ACCESS_DENIED);
	}
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	RUN(t_explain);
	RUN(t_explain_long);
	RUN(t_probe);
	return check_done();
}
