/* One module's AT responder: line assembly with echo, the commands of PROTOCOL.md, the
 * AT+QFUPL data mode, and output that waits for room in the pty. */
#include "tests/sim/sim.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define OUT_MAX (256 * 1024)

int sim_tty_listening(struct sim_tty *tt)
{
	struct pollfd p = { .fd = tt->master, .events = POLLIN };
	if (tt->master < 0)
		return 0;
	if (poll(&p, 1, 0) < 0)
		return !tt->hup;
	tt->hup = (p.revents & POLLHUP) != 0;
	return !tt->hup;
}

/* Writes what fits; the rest waits for POLLOUT. Returns -1 when nobody listens. */
int sim_tty_flush(struct sim_tty *tt)
{
	size_t done = 0;
	while (done < tt->out_len) {
		ssize_t n = write(tt->master, tt->out + done, tt->out_len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EIO)
			tt->hup = 1;
		break;
	}
	memmove(tt->out, tt->out + done, tt->out_len - done);
	tt->out_len -= done;
	return tt->hup ? -1 : 0;
}

static void buf_append(uint8_t **buf, size_t *len, size_t *cap, const void *data, size_t n)
{
	if (*len + n > *cap) {
		size_t c = *cap ? *cap : 4096;
		while (c < *len + n)
			c *= 2;
		uint8_t *p = realloc(*buf, c);
		if (!p)
			abort();
		*buf = p;
		*cap = c;
	}
	memcpy(*buf + *len, data, n);
	*len += n;
}

/* The module's output is one stream: while half a split line is out, nothing else (an answer,
 * another URC) can come between its two halves, so it waits in hold. */
static void tty_queue(struct sim_tty *tt, const char *text, size_t len)
{
	if (tt->master < 0)
		return;
	if (tt->holding) {
		if (tt->hold_len + len <= OUT_MAX)
			buf_append(&tt->hold, &tt->hold_len, &tt->hold_cap, text, len);
		return;
	}
	if (tt->out_len + len > OUT_MAX)
		return;
	buf_append(&tt->out, &tt->out_len, &tt->out_cap, text, len);
	if (!tt->hup)
		sim_tty_flush(tt);
}

void sim_at_urc_tail(struct sim *s, struct sim_module *m, int t, const char *text)
{
	struct sim_tty *tt = &m->tty[t];
	(void)s;
	tt->holding = 0;
	if (!m->present)
		return;
	tty_queue(tt, text, strlen(text));
	size_t n = tt->hold_len;
	tt->hold_len = 0;
	tty_queue(tt, (const char *)tt->hold, n);
}

void sim_at_send(struct sim *s, struct sim_module *m, int t, const char *text, size_t len)
{
	(void)s;
	if (!m->present)
		return;
	tty_queue(&m->tty[t], text, len);
}

static void reply(struct sim *s, struct sim_module *m, int t, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void reply(struct sim *s, struct sim_module *m, int t, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	int n = snprintf(buf, sizeof buf, "\r\n");
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof buf - n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 3)
		n = (int)sizeof buf - 3;
	n += snprintf(buf + n, sizeof buf - n, "\r\n");
	sim_at_send(s, m, t, buf, (size_t)n);
}

static void ok(struct sim *s, struct sim_module *m, int t)
{
	reply(s, m, t, "OK");
}

static void cme(struct sim *s, struct sim_module *m, int t, int code)
{
	if (m->cmee == 0)
		reply(s, m, t, "ERROR");
	else if (m->cmee == 1)
		reply(s, m, t, "+CME ERROR: %d", code);
	else
		reply(s, m, t, "+CME ERROR: %s", code == 405 ? "file not found" :
			       code == 407 ? "file already exists" : code == 420 ? "no space" :
			       code == 403 ? "drive full" : code == 406 ? "invalid file name" :
			       "invalid input value");
}

/* A URC on the port URCs are routed to. Boot URCs nobody hears are lost, as on a host whose
 * port is not open; FOTA URCs wait in the buffer for a reader (see README.md). */
void sim_at_urc(struct sim *s, struct sim_module *m, const char *text, int droppable)
{
	int t = m->urc_modem ? SIM_MODEM_IFACE : SIM_AT_IFACE;
	struct sim_tty *tt = &m->tty[t];
	char buf[256];
	if (!m->present)
		return;
	if (droppable && !sim_tty_listening(tt)) {
		sim_log(s, m, "urc-lost %s", text);
		return;
	}
	sim_log(s, m, "urc %s port=%s", text, t == SIM_AT_IFACE ? "usbat" : "usbmodem");
	int n = snprintf(buf, sizeof buf, "\r\n%s\r\n", text);
	if (sim_module_fault(m, FAULT_GARBAGE) && n > 6) {
		/* a noise line, then the URC in two writes some milliseconds apart */
		static const char noise[] = "\r\n\x01\xfe#?@\x7f\r\n";
		int cut = 2 + (int)sim_rand_range(&m->rng, 1, n - 5);
		tty_queue(tt, noise, sizeof noise - 1);
		if (!tt->holding) {
			tty_queue(tt, buf, (size_t)cut);
			tt->holding = 1;
			sim_module_event(s, m, sim_now() + 3000000, EV_URC, 2 | t << 4,
					 buf + cut);
			return;
		}
	}
	tty_queue(tt, buf, (size_t)n);
}

static struct sim_file *ufs_find(struct sim_module *m, const char *name)
{
	for (int i = 0; i < m->nfiles; i++)
		if (strcmp(m->files[i].name, name) == 0)
			return &m->files[i];
	return NULL;
}

static size_t ufs_used(const struct sim_module *m)
{
	size_t u = 0;
	for (int i = 0; i < m->nfiles; i++)
		u += m->files[i].size;
	return u;
}

static size_t ufs_free(const struct sim_module *m)
{
	size_t u = ufs_used(m);
	if (m->up.active)
		u += m->up.size;
	return u >= m->ufs_total ? 0 : m->ufs_total - u;
}

static void ufs_delete(struct sim_module *m, struct sim_file *f)
{
	free(f->data);
	*f = m->files[--m->nfiles];
	memset(&m->files[m->nfiles], 0, sizeof m->files[0]);
}

/* Reads a quoted string argument at *p; 0 on success. */
static int arg_str(const char **p, char *out, size_t len)
{
	const char *s = *p, *e;
	while (*s == ' ')
		s++;
	if (*s != '"' || !(e = strchr(s + 1, '"')) || (size_t)(e - s - 1) >= len)
		return -1;
	memcpy(out, s + 1, (size_t)(e - s - 1));
	out[e - s - 1] = '\0';
	*p = e + 1;
	return 0;
}

static int arg_num(const char **p, long *v)
{
	char *end;
	const char *s = *p;
	while (*s == ' ')
		s++;
	if (*s == ',')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	*v = strtol(s, &end, 10);
	*p = end;
	return 0;
}

static void upload_begin(struct sim *s, struct sim_module *m, int t, const char *args)
{
	char name[128];
	long size = 0, timeout = 5, ack = 0;
	const char *p = args;
	if (arg_str(&p, name, sizeof name) < 0 || strlen(name) > 80 || strchr(name, '/') ||
	    !name[0]) {
		cme(s, m, t, 406);
		return;
	}
	if (*p != ',' || (p++, arg_num(&p, &size)) < 0 || size <= 0) {
		cme(s, m, t, 400);
		return;
	}
	if (*p == ',' && (p++, arg_num(&p, &timeout)) < 0) {
		cme(s, m, t, 400);
		return;
	}
	if (*p == ',' && (p++, arg_num(&p, &ack)) < 0) {
		cme(s, m, t, 400);
		return;
	}
	if (*p || ack < 0 || ack > 1 || timeout <= 0) {
		cme(s, m, t, 400);
		return;
	}
	if (ufs_find(m, name)) {
		cme(s, m, t, 407);
		return;
	}
	size_t fr = ufs_free(m);
	if ((size_t)size > fr || m->nfiles >= SIM_MAX_FILES) {
		sim_log(s, m, "upload-refused name=%s size=%ld free=%zu", name, size, fr);
		cme(s, m, t, fr == 0 ? 403 : 420);
		return;
	}
	struct sim_upload *u = &m->up;
	memset(u, 0, sizeof *u);
	u->active = 1;
	snprintf(u->name, sizeof u->name, "%.*s", (int)sizeof u->name - 1, name);
	u->size = (size_t)size;
	u->ackmode = (int)ack;
	/* the module's own data timeout, scaled like everything else but never below 0.2 of it */
	double sc = s->scale < 0.2 ? 0.2 : s->scale > 1 ? 1 : s->scale;
	u->timeout_ns = (int64_t)(timeout * sc * 1e9);
	u->last_byte = sim_now();
	u->data = malloc(u->size);
	if (!u->data)
		abort();
	struct sim_fault *f = sim_module_fault(m, FAULT_CORRUPT);
	if (f && !f->used) {
		f->used++;
		u->corrupt = 1;
		sim_log(s, m, "fault corrupt name=%s", name);
	}
	f = sim_module_fault(m, FAULT_SLOW);
	u->rate = f ? f->a : 0;
	u->start_ns = u->last_byte;
	sim_log(s, m, "upload-start name=%s size=%zu ackmode=%d timeout=%ld", name, u->size,
		u->ackmode, timeout);
	reply(s, m, t, "CONNECT");
}

static void upload_end(struct sim *s, struct sim_module *m, int t, const char *why)
{
	struct sim_upload *u = &m->up;
	uint16_t sum = sim_xor16(u->data, u->got);
	if (u->got == 0) {
		sim_log(s, m, "upload-end name=%s size=0 result=%s", u->name, why);
		cme(s, m, t, 421);
	} else {
		struct sim_file *f = &m->files[m->nfiles++];
		snprintf(f->name, sizeof f->name, "%s", u->name);
		f->data = u->data;
		f->size = u->got;
		u->data = NULL;
		sim_log(s, m, "upload name=%s size=%zu checksum=%x ackmode=%d result=%s", f->name,
			f->size, sum, u->ackmode, why);
		reply(s, m, t, "+QFUPL: %zu,%x", f->size, sum);
		ok(s, m, t);
	}
	free(u->data);
	u->data = NULL;
	u->active = 0;
	u->stalled = 0;
}

int64_t sim_upload_ready_at(const struct sim_module *m)
{
	const struct sim_upload *u = &m->up;
	if (!u->active || !u->rate)
		return 0;
	/* the bytes taken so far are due at start + got / rate */
	int64_t due = u->start_ns + (int64_t)((double)u->got / (double)u->rate * 1e9);
	return due > sim_now() ? due : 0;
}

/* Takes upload bytes; returns how many of buf it consumed. */
static size_t upload_feed(struct sim *s, struct sim_module *m, int t, const uint8_t *buf,
			  size_t len)
{
	struct sim_upload *u = &m->up;
	size_t n = u->size - u->got;
	if (n > len)
		n = len;
	if (u->ackmode && n > 1024 - u->since_ack)
		n = 1024 - u->since_ack;
	memcpy(u->data + u->got, buf, n);
	if (u->corrupt && u->got <= u->size / 3 && u->got + n > u->size / 3) {
		u->data[u->size / 3] ^= 0x5a;
		u->corrupt = 0;
	}
	u->got += n;
	u->since_ack += n;
	u->last_byte = sim_now();
	/* a slow module is still taking these bytes until they are due: its idle time starts then */
	int64_t due = sim_upload_ready_at(m);
	if (due)
		u->last_byte = due;
	if (u->ackmode && u->since_ack == 1024) {
		u->since_ack = 0;
		sim_at_send(s, m, t, "A", 1);
	}
	if (u->got == u->size) {
		upload_end(s, m, t, "ok");
		return n;
	}
	struct sim_fault *f = sim_module_fault(m, FAULT_STALL);
	if (f && !f->used && u->got >= u->size / 2) {
		f->used++;
		u->stalled = 1;
		sim_log(s, m, "fault stall at=%zu", u->got);
	}
	f = sim_module_fault(m, FAULT_UNPLUG);
	if (f && f->a == PHASE_UPLOAD && !f->used && u->got >= u->size / 2) {
		f->used++;
		sim_log(s, m, "fault unplug phase=upload");
		sim_module_event(s, m, sim_now(), EV_UNPLUG, f->b, NULL);
		u->stalled = 1;
	}
	return n;
}

/* The module's data timeout: no byte for that long ends data mode with what arrived. */
void sim_upload_check(struct sim *s, struct sim_module *m, int64_t now)
{
	struct sim_upload *u = &m->up;
	if (!u->active || now - u->last_byte < u->timeout_ns)
		return;
	if (u->stalled) {
		/* what the host wrote meanwhile never reached the module */
		uint8_t junk[4096];
		struct sim_tty *tt = &m->tty[SIM_AT_IFACE];
		while (tt->master >= 0 && read(tt->master, junk, sizeof junk) > 0)
			;
	}
	sim_log(s, m, "upload-timeout name=%s got=%zu of=%zu", u->name, u->got, u->size);
	upload_end(s, m, SIM_AT_IFACE, "timeout");
}

const char *sim_module_version(struct sim_module *m, char *buf, size_t len)
{
	struct sim_fault *f = sim_module_fault(m, FAULT_BADVER);
	m->version_reads++;
	if (f && m->version_reads <= f->a) {
		const char *u = strchr(m->fw, '_');
		size_t base = u ? (size_t)(u - m->fw) : strlen(m->fw);
		if (m->version_reads % 2)
			snprintf(buf, len, "%.*s_00.000.00.000", (int)base, m->fw);
		else
			snprintf(buf, len, "%.*s", (int)(base * 2 / 3), m->fw);
		return buf;
	}
	snprintf(buf, len, "%s", m->fw);
	return buf;
}

static void short_version(const char *full, char *buf, size_t len)
{
	const char *u = strchr(full, '_');
	snprintf(buf, len, "%.*s", (int)(u ? u - full : (long)strlen(full)), full);
}

static int cmd_is(const char *line, const char *cmd, const char **rest)
{
	size_t n = strlen(cmd);
	if (strncasecmp(line, cmd, n) != 0)
		return 0;
	*rest = line + n;
	return 1;
}

static void cmd_urccfg(struct sim *s, struct sim_module *m, int t, const char *r)
{
	char key[32], val[32];
	struct sim_fault *f = sim_module_fault(m, FAULT_URCPORT);
	if (*r == '?' || (*r == '=' && (r++, arg_str(&r, key, sizeof key)) == 0 && !*r &&
			  strcasecmp(key, "urcport") == 0)) {
		reply(s, m, t, "+QURCCFG: \"urcport\",\"%s\"", m->urc_modem ? "usbmodem" : "usbat");
		ok(s, m, t);
		return;
	}
	if (strcasecmp(key, "urcport") != 0 || *r != ',' || (r++, arg_str(&r, val, sizeof val)) ||
	    *r) {
		reply(s, m, t, "ERROR");
		return;
	}
	if (f && f->a) {
		sim_log(s, m, "fault urcport-locked wanted=%s", val);
		reply(s, m, t, "ERROR");
		return;
	}
	if (strcasecmp(val, "usbat") == 0)
		m->urc_modem = 0;
	else if (strcasecmp(val, "usbmodem") == 0 || strcasecmp(val, "uart1") == 0)
		m->urc_modem = 1;
	else {
		reply(s, m, t, "ERROR");
		return;
	}
	ok(s, m, t);
}

static void cmd_ufs(struct sim *s, struct sim_module *m, int t, const char *line)
{
	const char *r;
	char name[128];
	if (cmd_is(line, "AT+QFLDS", &r)) {
		if (*r && strcasecmp(r, "=\"UFS\"") != 0) {
			cme(s, m, t, 400);
			return;
		}
		reply(s, m, t, "+QFLDS: %zu,%zu", ufs_free(m), m->ufs_total);
		ok(s, m, t);
	} else if (cmd_is(line, "AT+QFLST", &r)) {
		if (*r && strcmp(r, "=\"*\"") != 0) {
			cme(s, m, t, 400);
			return;
		}
		for (int i = 0; i < m->nfiles; i++)
			reply(s, m, t, "+QFLST: \"%s\",%zu", m->files[i].name, m->files[i].size);
		ok(s, m, t);
	} else if (cmd_is(line, "AT+QFDEL=", &r)) {
		struct sim_file *f;
		if (arg_str(&r, name, sizeof name) < 0 || *r) {
			cme(s, m, t, 400);
			return;
		}
		if (strcmp(name, "*") == 0) {
			while (m->nfiles)
				ufs_delete(m, &m->files[0]);
		} else if (!(f = ufs_find(m, name))) {
			cme(s, m, t, 405);
			return;
		} else {
			ufs_delete(m, f);
		}
		sim_log(s, m, "delete name=%s", name);
		ok(s, m, t);
		sim_module_deleted(s, m);
	} else if (cmd_is(line, "AT+QFUPL=", &r)) {
		upload_begin(s, m, t, r);
	} else {
		reply(s, m, t, "ERROR");
	}
}

static void cmd_fotadl(struct sim *s, struct sim_module *m, int t, const char *r)
{
	char path[600];
	struct sim_file *f;
	if (strcmp(r, "=?") == 0) {
		ok(s, m, t);
		return;
	}
	if (*r != '=' || (r++, arg_str(&r, path, sizeof path)) < 0 || *r || strlen(path) > 512) {
		reply(s, m, t, "ERROR");
		return;
	}
	if (sim_fetch_url(s, m, t, path))
		return;
	if (strncmp(path, "/cache/ufs/", 11) != 0 || !(f = ufs_find(m, path + 11))) {
		sim_log(s, m, "fotadl-refused path=%s", path);
		reply(s, m, t, "ERROR");
		return;
	}
	ok(s, m, t);
	sim_module_fotadl(s, m, f);
}

/* One complete command line from the AT port. */
static void at_command(struct sim *s, struct sim_module *m, int t, const char *line)
{
	const char *r;
	char buf[128], v[96];
	if (cmd_is(line, "ATE", &r) && (!*r || ((*r == '0' || *r == '1') && !r[1]))) {
		m->echo = *r == '1';
		ok(s, m, t);
	} else if (strcasecmp(line, "AT") == 0) {
		ok(s, m, t);
	} else if (cmd_is(line, "AT+CMEE", &r)) {
		if (*r == '?') {
			reply(s, m, t, "+CMEE: %d", m->cmee);
		} else if (*r == '=' && r[1] >= '0' && r[1] <= '2' && !r[2]) {
			m->cmee = r[1] - '0';
		} else {
			reply(s, m, t, "ERROR");
			return;
		}
		ok(s, m, t);
	} else if (m->boot != BOOT_NORMAL) {
		/* the recovery image runs the update and answers nothing else */
		reply(s, m, t, "ERROR");
	} else if (strcasecmp(line, "ATI") == 0) {
		short_version(sim_module_version(m, v, sizeof v), buf, sizeof buf);
		reply(s, m, t, "Quectel\r\n%s\r\nRevision: %s", m->model, buf);
		ok(s, m, t);
	} else if (strcasecmp(line, "AT+QGMR") == 0) {
		reply(s, m, t, "%s", sim_module_version(m, v, sizeof v));
		ok(s, m, t);
	} else if (strcasecmp(line, "AT+CGMR") == 0 || strcasecmp(line, "AT+GMR") == 0) {
		short_version(sim_module_version(m, v, sizeof v), buf, sizeof buf);
		reply(s, m, t, "%s", buf);
		ok(s, m, t);
	} else if (strcasecmp(line, "AT+CGSN") == 0 || strcasecmp(line, "AT+GSN") == 0) {
		struct sim_fault *f = sim_module_fault(m, FAULT_UNPLUG);
		if (f && f->a == PHASE_IDENTIFY && !f->used) {
			f->used++;
			sim_log(s, m, "fault unplug phase=identify");
			sim_module_event(s, m, sim_now(), EV_UNPLUG, f->b, NULL);
			return;
		}
		reply(s, m, t, "%s", m->imei);
		ok(s, m, t);
	} else if (strcasecmp(line, "AT+QCCID") == 0) {
		reply(s, m, t, "+QCCID: %s", m->iccid);
		ok(s, m, t);
	} else if (strcasecmp(line, "AT+ICCID") == 0) {
		reply(s, m, t, "+ICCID: %s", m->iccid);
		ok(s, m, t);
	} else if (strcasecmp(line, "AT+CGMM") == 0 || strcasecmp(line, "AT+GMM") == 0) {
		reply(s, m, t, "%s", m->model);
		ok(s, m, t);
	} else if (strcasecmp(line, "AT+CGMI") == 0 || strcasecmp(line, "AT+GMI") == 0) {
		reply(s, m, t, "Quectel");
		ok(s, m, t);
	} else if (cmd_is(line, "AT+QURCCFG", &r)) {
		cmd_urccfg(s, m, t, r);
	} else if (cmd_is(line, "AT+QFOTADL", &r)) {
		cmd_fotadl(s, m, t, r);
	} else if (cmd_is(line, "AT+QF", &r)) {
		cmd_ufs(s, m, t, line);
	} else {
		reply(s, m, t, "ERROR");
	}
}

void sim_at_line(struct sim *s, struct sim_module *m, int t, const char *line)
{
	while (*line == ' ' || *line == '\n')
		line++;
	if (!*line)
		return;
	if (t == SIM_AT_IFACE)
		sim_log(s, m, "cmd %s", line);
	if (t == SIM_MODEM_IFACE) {
		/* the modem port is for data calls: it knows the basics and nothing else */
		const char *r;
		if (strcasecmp(line, "AT") == 0 || (cmd_is(line, "ATE", &r) && strlen(r) <= 1) ||
		    cmd_is(line, "AT+CMEE=", &r))
			ok(s, m, t);
		else if (cmd_is(line, "AT+QURCCFG", &r))
			cmd_urccfg(s, m, t, r);
		else
			reply(s, m, t, "ERROR");
		return;
	}
	at_command(s, m, t, line);
}

/* Bytes the host wrote to tty t of module m. */
void sim_at_input(struct sim *s, struct sim_module *m, int t, const uint8_t *buf, size_t len)
{
	struct sim_tty *tt = &m->tty[t];
	if (t == 0) {
		/* the diagnostics port speaks a binary framing: AT gets garbage back */
		static const char diag[] = "\x7e\x13\x4b\x00\xc8\x7f\x7e";
		if (memchr(buf, '\r', len))
			sim_at_send(s, m, t, diag, sizeof diag - 1);
		return;
	}
	if (t == 1)
		return;
	while (len) {
		if (t == SIM_AT_IFACE && m->up.active) {
			if (m->up.stalled)
				return;
			size_t n = upload_feed(s, m, t, buf, len);
			buf += n;
			len -= n;
			continue;
		}
		const uint8_t *cr = memchr(buf, '\r', len);
		size_t n = cr ? (size_t)(cr - buf) + 1 : len;
		if (m->echo)
			sim_at_send(s, m, t, (const char *)buf, n);
		for (size_t i = 0; i < n; i++) {
			if (buf[i] == '\r') {
				tt->line[tt->line_len] = '\0';
				tt->line_len = 0;
				sim_at_line(s, m, t, tt->line);
			} else if (tt->line_len < SIM_LINE_MAX - 1) {
				tt->line[tt->line_len++] = (char)buf[i];
			}
		}
		buf += n;
		len -= n;
	}
}
