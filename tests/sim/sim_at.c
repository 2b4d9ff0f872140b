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
	if (!n)
		return;  /* nothing held: data may be a buffer never allocated */
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

void sim_at_reply(struct sim *s, struct sim_module *m, int t, const char *fmt, ...)
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

void sim_at_ok(struct sim *s, struct sim_module *m, int t)
{
	sim_at_reply(s, m, t, "OK");
}

void sim_at_cme(struct sim *s, struct sim_module *m, int t, int code)
{
	if (m->cmee == 0)
		sim_at_reply(s, m, t, "ERROR");
	else if (m->cmee == 1)
		sim_at_reply(s, m, t, "+CME ERROR: %d", code);
	else
		sim_at_reply(s, m, t, "+CME ERROR: %s", code == 405 ? "file not found" :
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

int sim_at_arg_str(const char **p, char *out, size_t len)
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

int sim_at_arg_num(const char **p, long *v)
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

int sim_at_cmd_is(const char *line, const char *cmd, const char **rest)
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
	if (*r == '?' || (*r == '=' && (r++, sim_at_arg_str(&r, key, sizeof key)) == 0 && !*r &&
			  strcasecmp(key, "urcport") == 0)) {
		sim_at_reply(s, m, t, "+QURCCFG: \"urcport\",\"%s\"", m->urc_modem ? "usbmodem" : "usbat");
		sim_at_ok(s, m, t);
		return;
	}
	if (strcasecmp(key, "urcport") != 0 || *r != ',' || (r++, sim_at_arg_str(&r, val, sizeof val)) ||
	    *r) {
		sim_at_reply(s, m, t, "ERROR");
		return;
	}
	if (f && f->a) {
		sim_log(s, m, "fault urcport-locked wanted=%s", val);
		sim_at_reply(s, m, t, "ERROR");
		return;
	}
	if (strcasecmp(val, "usbat") == 0)
		m->urc_modem = 0;
	else if (strcasecmp(val, "usbmodem") == 0 || strcasecmp(val, "uart1") == 0)
		m->urc_modem = 1;
	else {
		sim_at_reply(s, m, t, "ERROR");
		return;
	}
	sim_at_ok(s, m, t);
}

static void cmd_fotadl(struct sim *s, struct sim_module *m, int t, const char *r)
{
	char path[600];
	struct sim_file *f;
	if (strcmp(r, "=?") == 0) {
		sim_at_ok(s, m, t);
		return;
	}
	if (*r != '=' || (r++, sim_at_arg_str(&r, path, sizeof path)) < 0 || *r || strlen(path) > 512) {
		sim_at_reply(s, m, t, "ERROR");
		return;
	}
	if (sim_fetch_url(s, m, t, path))
		return;
	struct sim_fault *fe = sim_module_fault(m, FAULT_FOTADLERR);
	if (fe) {
		sim_log(s, m, "fault fotadlerr code=%d", fe->a);
		if (fe->a && m->cmee)
			sim_at_reply(s, m, t, "+CME ERROR: %d", fe->a);
		else
			sim_at_reply(s, m, t, "ERROR");
		return;
	}
	if (strncmp(path, "/cache/ufs/", 11) != 0 || !(f = sim_ufs_find(m, path + 11))) {
		sim_log(s, m, "fotadl-refused path=%s", path);
		sim_at_reply(s, m, t, "ERROR");
		return;
	}
	sim_at_ok(s, m, t);
	sim_module_fotadl(s, m, f, 0);
}

/* One complete command line from the AT port. */
static void at_command(struct sim *s, struct sim_module *m, int t, const char *line)
{
	const char *r;
	char buf[128], v[96];
	if (sim_at_cmd_is(line, "ATE", &r) && (!*r || ((*r == '0' || *r == '1') && !r[1]))) {
		m->echo = *r == '1';
		sim_at_ok(s, m, t);
	} else if (strcasecmp(line, "AT") == 0) {
		sim_at_ok(s, m, t);
	} else if (sim_at_cmd_is(line, "AT+CMEE", &r)) {
		if (*r == '?') {
			sim_at_reply(s, m, t, "+CMEE: %d", m->cmee);
		} else if (*r == '=' && r[1] >= '0' && r[1] <= '2' && !r[2]) {
			m->cmee = r[1] - '0';
		} else {
			sim_at_reply(s, m, t, "ERROR");
			return;
		}
		sim_at_ok(s, m, t);
	} else if (m->boot != BOOT_NORMAL) {
		/* the recovery image runs the update and answers nothing else */
		sim_at_reply(s, m, t, "ERROR");
	} else if (strcasecmp(line, "ATI") == 0) {
		short_version(sim_module_version(m, v, sizeof v), buf, sizeof buf);
		sim_at_reply(s, m, t, "Quectel\r\n%s\r\nRevision: %s", m->model, buf);
		sim_at_ok(s, m, t);
	} else if (strcasecmp(line, "AT+QGMR") == 0) {
		sim_at_reply(s, m, t, "%s", sim_module_version(m, v, sizeof v));
		sim_at_ok(s, m, t);
	} else if (strcasecmp(line, "AT+CGMR") == 0 || strcasecmp(line, "AT+GMR") == 0) {
		short_version(sim_module_version(m, v, sizeof v), buf, sizeof buf);
		sim_at_reply(s, m, t, "%s", buf);
		sim_at_ok(s, m, t);
	} else if (strcasecmp(line, "AT+CGSN") == 0 || strcasecmp(line, "AT+GSN") == 0) {
		struct sim_fault *f = sim_module_fault(m, FAULT_UNPLUG);
		if (f && f->a == PHASE_IDENTIFY && !f->used) {
			f->used++;
			sim_log(s, m, "fault unplug phase=identify");
			sim_module_event(s, m, sim_now(), EV_UNPLUG, f->b, NULL);
			return;
		}
		sim_at_reply(s, m, t, "%s", m->imei);
		sim_at_ok(s, m, t);
	} else if (strcasecmp(line, "AT+QCCID") == 0) {
		sim_at_reply(s, m, t, "+QCCID: %s", m->iccid);
		sim_at_ok(s, m, t);
	} else if (strcasecmp(line, "AT+ICCID") == 0) {
		sim_at_reply(s, m, t, "+ICCID: %s", m->iccid);
		sim_at_ok(s, m, t);
	} else if (strcasecmp(line, "AT+CGMM") == 0 || strcasecmp(line, "AT+GMM") == 0) {
		sim_at_reply(s, m, t, "%s", m->model);
		sim_at_ok(s, m, t);
	} else if (strcasecmp(line, "AT+CGMI") == 0 || strcasecmp(line, "AT+GMI") == 0) {
		sim_at_reply(s, m, t, "Quectel");
		sim_at_ok(s, m, t);
	} else if (sim_at_cmd_is(line, "AT+QURCCFG", &r)) {
		cmd_urccfg(s, m, t, r);
	} else if (sim_at_cmd_is(line, "AT+QFOTADL", &r)) {
		cmd_fotadl(s, m, t, r);
	} else if (sim_at_cmd_is(line, "AT+QF", &r)) {
		sim_ufs_command(s, m, t, line);
	} else {
		sim_at_reply(s, m, t, "ERROR");
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
		if (strcasecmp(line, "AT") == 0 || (sim_at_cmd_is(line, "ATE", &r) && strlen(r) <= 1) ||
		    sim_at_cmd_is(line, "AT+CMEE=", &r))
			sim_at_ok(s, m, t);
		else if (sim_at_cmd_is(line, "AT+QURCCFG", &r))
			cmd_urccfg(s, m, t, r);
		else
			sim_at_reply(s, m, t, "ERROR");
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
			size_t n = sim_ufs_feed(s, m, t, buf, len);
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
