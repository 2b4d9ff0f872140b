/* One module's UFS: its files, the file commands (AT+QFLDS, AT+QFLST, AT+QFDEL, AT+QFUPL) and
 * the AT+QFUPL data mode with its ack, timeout, stall, corrupt and slow faults. */
#include "tests/sim/sim.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static void upload_begin(struct sim *s, struct sim_module *m, int t, const char *args);

struct sim_file *sim_ufs_find(struct sim_module *m, const char *name)
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

void sim_ufs_command(struct sim *s, struct sim_module *m, int t, const char *line)
{
	const char *r;
	char name[128];
	if (sim_at_cmd_is(line, "AT+QFLDS", &r)) {
		if (*r && strcasecmp(r, "=\"UFS\"") != 0) {
			sim_at_cme(s, m, t, 400);
			return;
		}
		sim_at_reply(s, m, t, "+QFLDS: %zu,%zu", ufs_free(m), m->ufs_total);
		sim_at_ok(s, m, t);
	} else if (sim_at_cmd_is(line, "AT+QFLST", &r)) {
		if (*r && strcmp(r, "=\"*\"") != 0) {
			sim_at_cme(s, m, t, 400);
			return;
		}
		for (int i = 0; i < m->nfiles; i++)
			sim_at_reply(s, m, t, "+QFLST: \"%s\",%zu", m->files[i].name, m->files[i].size);
		sim_at_ok(s, m, t);
	} else if (sim_at_cmd_is(line, "AT+QFDEL=", &r)) {
		struct sim_file *f;
		if (sim_at_arg_str(&r, name, sizeof name) < 0 || *r) {
			sim_at_cme(s, m, t, 400);
			return;
		}
		if (strcmp(name, "*") == 0) {
			while (m->nfiles)
				ufs_delete(m, &m->files[0]);
		} else if (!(f = sim_ufs_find(m, name))) {
			sim_at_cme(s, m, t, 405);
			return;
		} else {
			ufs_delete(m, f);
		}
		sim_log(s, m, "delete name=%s", name);
		sim_at_ok(s, m, t);
		sim_module_deleted(s, m);
	} else if (sim_at_cmd_is(line, "AT+QFUPL=", &r)) {
		upload_begin(s, m, t, r);
	} else {
		sim_at_reply(s, m, t, "ERROR");
	}
}

static void upload_begin(struct sim *s, struct sim_module *m, int t, const char *args)
{
	char name[128];
	long size = 0, timeout = 5, ack = 0;
	const char *p = args;
	if (sim_at_arg_str(&p, name, sizeof name) < 0 || strlen(name) > 80 || strchr(name, '/') ||
	    !name[0]) {
		sim_at_cme(s, m, t, 406);
		return;
	}
	if (*p != ',' || (p++, sim_at_arg_num(&p, &size)) < 0 || size <= 0) {
		sim_at_cme(s, m, t, 400);
		return;
	}
	if (*p == ',' && (p++, sim_at_arg_num(&p, &timeout)) < 0) {
		sim_at_cme(s, m, t, 400);
		return;
	}
	if (*p == ',' && (p++, sim_at_arg_num(&p, &ack)) < 0) {
		sim_at_cme(s, m, t, 400);
		return;
	}
	if (*p || ack < 0 || ack > 1 || timeout <= 0) {
		sim_at_cme(s, m, t, 400);
		return;
	}
	if (sim_ufs_find(m, name)) {
		sim_at_cme(s, m, t, 407);
		return;
	}
	size_t fr = ufs_free(m);
	if ((size_t)size > fr || m->nfiles >= SIM_MAX_FILES) {
		sim_log(s, m, "upload-refused name=%s size=%ld free=%zu", name, size, fr);
		sim_at_cme(s, m, t, fr == 0 ? 403 : 420);
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
	sim_at_reply(s, m, t, "CONNECT");
}

static void upload_end(struct sim *s, struct sim_module *m, int t, const char *why)
{
	struct sim_upload *u = &m->up;
	uint16_t sum = sim_xor16(u->data, u->got);
	if (u->got == 0) {
		sim_log(s, m, "upload-end name=%s size=0 result=%s", u->name, why);
		sim_at_cme(s, m, t, 421);
	} else {
		struct sim_file *f = &m->files[m->nfiles++];
		snprintf(f->name, sizeof f->name, "%s", u->name);
		f->data = u->data;
		f->size = u->got;
		u->data = NULL;
		sim_log(s, m, "upload name=%s size=%zu checksum=%x ackmode=%d result=%s", f->name,
			f->size, sum, u->ackmode, why);
		sim_at_reply(s, m, t, "+QFUPL: %zu,%x", f->size, sum);
		sim_at_ok(s, m, t);
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
size_t sim_ufs_feed(struct sim *s, struct sim_module *m, int t, const uint8_t *buf,
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
