/* The emulated USB fixture: builds an umockdev USB tree of modules, runs COMMAND inside it,
 * and answers for every module on one thread until COMMAND exits (tests/sim/README.md).
 *   fixture [--modules N] [--population FILE|mixed|all-good|demo] [--time-scale F] [--seed N]
 *           [--faults FILE] [--write-config DIR] [--log FILE] [--package-size BYTES]
 *           [--tty-group GROUP] [--ufs-size BYTES] [--no-jitter] -- COMMAND [ARGS...] */
#include "tests/sim/sim.h"

#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <umockdev.h>
#include <unistd.h>

#define UMOCKDEV_PRELOAD "libumockdev-preload.so.0"

static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
	got_term = sig;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: fixture [--modules N] [--population FILE|mixed|all-good|demo]\n"
		   "               [--time-scale F] [--seed N] [--faults FILE] [--write-config DIR]\n"
		   "               [--log FILE] [--package-size BYTES] [--tty-group GROUP]\n"
		   "               [--ufs-size BYTES] [--no-jitter] -- COMMAND [ARGS...]\n");
}

/* umockdev's uevents only reach the child when the fixture itself runs under the preload
 * library (TESTBED.md), so the fixture starts itself again under it once. */
static void reexec_under_umockdev(char **argv)
{
	const char *pre = getenv("LD_PRELOAD");
	if (pre && strstr(pre, "libumockdev-preload"))
		return;
	char *v = g_strdup_printf("%s%s%s", UMOCKDEV_PRELOAD, pre && *pre ? ":" : "",
				  pre ? pre : "");
	setenv("LD_PRELOAD", v, 1);
	g_free(v);
	execv("/proc/self/exe", argv);
	fprintf(stderr, "fixture: cannot start itself under %s: %s\n", UMOCKDEV_PRELOAD,
		strerror(errno));
	exit(3);
}

/* The child's LD_PRELOAD: our modem-line shim first, then umockdev's, then what was there. */
static char *child_preload(const char *shim)
{
	const char *pre = getenv("LD_PRELOAD");
	GString *g = g_string_new(shim);
	g_string_append(g, ":" UMOCKDEV_PRELOAD);
	if (pre) {
		gchar **parts = g_strsplit_set(pre, ": ", -1);
		for (int i = 0; parts[i]; i++)
			if (*parts[i] && !strstr(parts[i], "libumockdev-preload"))
				g_string_append_printf(g, ":%s", parts[i]);
		g_strfreev(parts);
	}
	return g_string_free(g, FALSE);
}

static pid_t spawn(char **cmd, const char *preload)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	setenv("LD_PRELOAD", preload, 1);
	execvp(cmd[0], cmd);
	fprintf(stderr, "fixture: %s: %s\n", cmd[0], strerror(errno));
	_exit(127);
}

struct pfd_ref {
	struct sim_module *m;
	int t;
};

/* One pass: reads what hosts wrote, writes what waits, notices hosts opening a port. */
static void io_pass(struct sim *s, int timeout_ms)
{
	int cap = s->nmods * SIM_TTYS;
	struct pollfd *p = calloc((size_t)cap * 2 + 1, sizeof *p);
	struct pfd_ref *ref = calloc((size_t)cap * 2 + 1, sizeof *ref);
	int n = 0, nh = 0;
	if (!p || !ref)
		abort();
	struct pollfd *h = p + cap;
	struct pfd_ref *href = ref + cap;
	for (int i = 0; i < s->nmods; i++) {
		struct sim_module *m = &s->mods[i];
		if (!m->present || m->kind != SIM_KIND_MODULE)
			continue;
		for (int t = 0; t < SIM_TTYS; t++) {
			struct sim_tty *tt = &m->tty[t];
			if (tt->master < 0)
				continue;
			if (tt->hup) {
				h[nh] = (struct pollfd){ .fd = tt->master, .events = POLLIN };
				href[nh++] = (struct pfd_ref){ m, t };
				continue;
			}
			short ev = POLLIN;
			if (t == SIM_AT_IFACE && m->up.active &&
			    (m->up.stalled || sim_upload_ready_at(m)))
				ev = 0;
			if (tt->out_len)
				ev |= POLLOUT;
			p[n] = (struct pollfd){ .fd = tt->master, .events = ev };
			ref[n++] = (struct pfd_ref){ m, t };
		}
	}
	if (nh) {
		/* a closed slave makes the master report POLLHUP all the time: look, never wait */
		poll(h, (nfds_t)nh, 0);
		for (int i = 0; i < nh; i++)
			if (!(h[i].revents & POLLHUP)) {
				struct sim_tty *tt = &href[i].m->tty[href[i].t];
				tt->hup = 0;
				if (tt->out_len)
					sim_tty_flush(tt);
			}
		if (timeout_ms > 5)
			timeout_ms = 5;
	}
	if (poll(p, (nfds_t)n, timeout_ms) > 0) {
		for (int i = 0; i < n; i++) {
			struct sim_module *m = ref[i].m;
			struct sim_tty *tt = &m->tty[ref[i].t];
			if (!p[i].revents || tt->master != p[i].fd || !m->present)
				continue;
			if (p[i].revents & POLLIN) {
				uint8_t buf[8192];
				ssize_t r = read(tt->master, buf, sizeof buf);
				if (r > 0)
					sim_at_input(s, m, ref[i].t, buf, (size_t)r);
				else if (r < 0 && errno == EIO)
					tt->hup = 1;
			} else if (p[i].revents & (POLLHUP | POLLERR)) {
				tt->hup = 1;
			}
			if (m->present && tt->master >= 0 && (p[i].revents & POLLOUT) && tt->out_len)
				sim_tty_flush(tt);
		}
	}
	free(p);
	free(ref);
}

static int run(struct sim *s, pid_t child)
{
	int status = 0, turn = 0;
	for (;;) {
		int64_t now = sim_now(), next = now + 50 * 1000000LL;
		sim_fetch_run(s);
		/* downloads are driven between polls: look often while one runs */
		if (sim_fetch_pending())
			next = now + 5 * 1000000LL;
		/* One plug or unplug per pass, then the I/O of every module; the modules take turns
		 * at it (a real hub enumerates its ports side by side: a burst of reboots must not
		 * stop the other ports for the whole burst). */
		s->usb_budget = 1;
		turn = s->nmods ? (turn + 1) % s->nmods : 0;
		for (int k = 0; k < s->nmods; k++) {
			struct sim_module *m = &s->mods[(turn + k) % s->nmods];
			sim_module_run_events(s, m, now);
			sim_upload_check(s, m, now);
			int64_t t = sim_module_next(m);
			if (t < next)
				next = t;
			if (m->up.active && m->up.last_byte + m->up.timeout_ns < next)
				next = m->up.last_byte + m->up.timeout_ns;
			int64_t ready = sim_upload_ready_at(m);
			if (ready && ready < next)
				next = ready;
		}
		int ms = next <= now ? 0 : (int)((next - now + 999999) / 1000000);
		io_pass(s, ms);
		if (got_term) {
			kill(child, (int)got_term);
			got_term = 0;
		}
		pid_t w = waitpid(child, &status, WNOHANG);
		if (w == child)
			break;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

/* The testbed is thousands of small files and symlinks: on tmpfs building it is several
 * times faster than on a disk. A testbed under /dev/shm confuses the preload library (paths
 * under /dev/ are device nodes to it: it overflows a table and aborts) and one behind a symlink
 * breaks its path rewriting, so when allowed the fixture mounts a private tmpfs in its own
 * mount namespace (inherited by the command); otherwise the testbed stays on disk. */
static char tb_dir[4096];

static void *testbed_new(void)
{
	const char *old = getenv("TMPDIR");
	char *keep = old ? g_strdup(old) : NULL;
	tb_dir[0] = '\0';
	if (!getenv("FIXTURE_TESTBED_DISK")) {
		snprintf(tb_dir, sizeof tb_dir, "%s/fixture-tb.XXXXXX", old && *old ? old : "/tmp");
		if (!mkdtemp(tb_dir)) {
			tb_dir[0] = '\0';
		} else if (unshare(CLONE_NEWNS) < 0 ||
			   mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
			   mount("tmpfs", tb_dir, "tmpfs", 0, "mode=0700") < 0) {
			rmdir(tb_dir);
			tb_dir[0] = '\0';
		} else {
			setenv("TMPDIR", tb_dir, 1);
		}
	}
	void *tb = umockdev_testbed_new();
	if (keep)
		setenv("TMPDIR", keep, 1);
	else
		unsetenv("TMPDIR");
	g_free(keep);
	return tb;
}

/* --tty-group: a command running as another user must read the emulated sysfs and create its
 * uevent socket in the testbed, as any user may on a real host. */
static void testbed_share(void)
{
	const char *dir = getenv("UMOCKDEV_DIR");
	if (tb_dir[0])
		chmod(tb_dir, 0755);
	if (dir)
		chmod(dir, 01777);
}

static void testbed_free(void *tb)
{
	g_object_unref(tb);
	if (tb_dir[0]) {
		umount2(tb_dir, MNT_DETACH);
		rmdir(tb_dir);
	}
}

static void raise_fd_limit(void)
{
	struct rlimit r;
	if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "modules", required_argument, NULL, 'n' },
		{ "population", required_argument, NULL, 'p' },
		{ "time-scale", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "faults", required_argument, NULL, 'f' },
		{ "write-config", required_argument, NULL, 'w' },
		{ "log", required_argument, NULL, 'l' },
		{ "package-size", required_argument, NULL, 'z' },
		{ "ufs-size", required_argument, NULL, 'u' },
		{ "no-jitter", no_argument, NULL, 'j' },
		{ "tty-group", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sim s = { .scale = 1.0, .seed = 1, .pkg_payload = 96 * 1024, .tty_gid = -1,
			 .ufs_size = 8u << 20 };
	const char *pop = "all-good", *faults = NULL, *cfgdir = NULL, *logfile = NULL;
	int n = 4, c;
	char err[512], exe[PATH_MAX], shim[PATH_MAX + 32];
	char *end;

	reexec_under_umockdev(argv);
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			n = (int)strtol(optarg, &end, 10);
			if (*end || n < 1) {
				fprintf(stderr, "fixture: --modules takes a positive number\n");
				return 2;
			}
			break;
		case 'p':
			pop = optarg;
			break;
		case 't':
			s.scale = strtod(optarg, &end);
			if (*end || !(s.scale > 0) || s.scale > 100) {
				fprintf(stderr, "fixture: --time-scale takes a number > 0\n");
				return 2;
			}
			break;
		case 's':
			s.seed = strtoull(optarg, &end, 10);
			if (*end) {
				fprintf(stderr, "fixture: --seed takes a number\n");
				return 2;
			}
			break;
		case 'f':
			faults = optarg;
			break;
		case 'w':
			cfgdir = optarg;
			break;
		case 'l':
			logfile = optarg;
			break;
		case 'z':
			s.pkg_payload = strtoul(optarg, &end, 10);
			if (*end || s.pkg_payload < 16 || s.pkg_payload > (64u << 20)) {
				fprintf(stderr, "fixture: --package-size takes 16..67108864\n");
				return 2;
			}
			break;
		case 'u':
			s.ufs_size = strtoul(optarg, &end, 10);
			if (*end || s.ufs_size < 1024 || s.ufs_size > (1u << 30)) {
				fprintf(stderr, "fixture: --ufs-size takes 1024..1073741824\n");
				return 2;
			}
			break;
		case 'j':
			s.no_jitter = 1;
			break;
		case 'g': {
			struct group *g = getgrnam(optarg);
			long gid = strtol(optarg, &end, 10);
			if (g)
				s.tty_gid = (int)g->gr_gid;
			else if (!*end && gid >= 0)
				s.tty_gid = (int)gid;
			else {
				fprintf(stderr, "fixture: --tty-group: no group '%s'\n", optarg);
				return 2;
			}
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (el <= 0) {
		fprintf(stderr, "fixture: cannot find its own path\n");
		return 3;
	}
	exe[el] = '\0';
	*strrchr(exe, '/') = '\0';
	snprintf(shim, sizeof shim, "%s/libsimtty.so", exe);
	if (access(shim, R_OK) != 0) {
		fprintf(stderr, "fixture: %s: %s\n", shim, strerror(errno));
		return 3;
	}
	if (logfile && !(s.log = fopen(logfile, "w"))) {
		fprintf(stderr, "fixture: %s: %s\n", logfile, strerror(errno));
		return 2;
	}
	if (sim_pop_load(&s, pop, n, err, sizeof err) < 0 ||
	    (faults && sim_pop_faults(&s, faults, err, sizeof err) < 0)) {
		fprintf(stderr, "fixture: %s\n", err);
		return 2;
	}
	sim_pop_finish(&s);
	sim_pkgs_make(&s);
	if (cfgdir && sim_config_write(&s, cfgdir, err, sizeof err) < 0) {
		fprintf(stderr, "fixture: %s\n", err);
		return 2;
	}
	raise_fd_limit();
	s.tb = testbed_new();
	s.next_tty = 0;
	if (s.tty_gid >= 0)
		testbed_share();
	for (int i = 0; i < s.nmods; i++) {
		struct sim_module *m = &s.mods[i];
		sim_log(&s, m, "module index=%d model=%s vid=%04x pid=%04x fw=%s faults=%d",
			m->index, m->model, m->vid, m->pid, m->kind == SIM_KIND_EDL ? "edl" : m->fw,
			m->nfaults);
		for (int k = 0; k < m->nfaults; k++)
			sim_log(&s, m, "fault-armed %s %d %d %s", sim_fault_name(m->faults[k].kind),
				m->faults[k].a, m->faults[k].b, m->faults[k].s);
	}
	if (sim_tree_build(&s, err, sizeof err) < 0) {
		fprintf(stderr, "fixture: %s\n", err);
		testbed_free(s.tb);
		return 3;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTERM, on_term);
	signal(SIGHUP, on_term);
	char *pre = child_preload(shim);
	sim_log(&s, NULL, "run %s", argv[optind]);
	pid_t child = spawn(argv + optind, pre);
	g_free(pre);
	if (child < 0) {
		fprintf(stderr, "fixture: fork: %s\n", strerror(errno));
		testbed_free(s.tb);
		return 3;
	}
	int rc = run(&s, child);
	sim_fetch_cleanup();
	sim_log(&s, NULL, "exit status=%d", rc);
	testbed_free(s.tb);
	for (int i = 0; i < s.nmods; i++) {
		struct sim_module *m = &s.mods[i];
		for (int k = 0; k < m->nfiles; k++)
			free(m->files[k].data);
		free(m->up.data);
		for (int t = 0; t < SIM_TTYS; t++) {
			free(m->tty[t].out);
			free(m->tty[t].hold);
		}
	}
	for (int i = 0; i < s.npkgs; i++)
		free(s.pkgs[i].zip);
	free(s.mods);
	if (s.log)
		fclose(s.log);
	return rc;
}
