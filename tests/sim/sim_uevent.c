/* Hotplug events that wait for a slow listener instead of killing the fixture.
 *
 * umockdev's uevent sender (libumockdev 0.17) writes each event to every listener's socket with
 * a non-blocking send and aborts the whole process when one listener's queue is full (EAGAIN):
 * a station or test client that reads its hotplug events late on a loaded machine took the
 * fixture down with every module in it. A real udev monitor has a large receive buffer and
 * loses nothing in such a burst, so the fixture waits for room (at most 30 s per event) the
 * way a blocking send would. This definition in the fixture executable comes before libc's
 * (and umockdev's preload) for every caller in the process; only sends to a testbed's event
 * sockets are changed. */
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

typedef ssize_t (*sendmsg_fn)(int, const struct msghdr *, int);

static sendmsg_fn next_sendmsg(void)
{
	static sendmsg_fn next;
	sendmsg_fn f = __atomic_load_n(&next, __ATOMIC_ACQUIRE);
	if (!f) {
		f = (sendmsg_fn)dlsym(RTLD_NEXT, "sendmsg");
		__atomic_store_n(&next, f, __ATOMIC_RELEASE);
	}
	return f;
}

/* umockdev's listener sockets are <testbed>/event<fd> (it sets msg_name, not msg_namelen: the
 * socket is connected). */
static int to_event_socket(const struct msghdr *msg)
{
	const struct sockaddr_un *a = msg ? msg->msg_name : NULL;
	if (!a || a->sun_family != AF_UNIX)
		return 0;
	const char *slash = strrchr(a->sun_path, '/');
	return slash && strncmp(slash + 1, "event", 5) == 0;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	sendmsg_fn next = next_sendmsg();
	if (!next) {
		errno = ENOSYS;
		return -1;
	}
	for (int waited_ms = 0;; waited_ms += 50) {
		ssize_t r = next(fd, msg, flags);
		if (r >= 0 || errno != EAGAIN || waited_ms >= 30000 || !to_event_socket(msg))
			return r;
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		poll(&p, 1, 50);
	}
}
