/* A module's life: boots, the AT+QFOTADL update with its reboots and progress URCs, the
 * module's own retries, and the faults that change that course. Driven by timed events. */
#include "tests/sim/sim.h"

#include <stdlib.h>
#include <string.h>

#define FOTA_RETRIES 5

struct sim_fault *sim_module_fault(struct sim_module *m, enum sim_fault_kind k)
{
	for (int i = 0; i < m->nfaults; i++)
		if (m->faults[i].kind == k)
			return &m->faults[i];
	return NULL;
}

void sim_module_event(struct sim *s, struct sim_module *m, int64_t at, enum sim_ev ev, int arg,
		      const char *text)
{
	if (m->nevents == SIM_MAX_EVENTS) {
		sim_log(s, m, "error event queue full");
		return;
	}
	struct sim_event *e = &m->events[m->nevents++];
	e->at = at;
	e->ev = ev;
	e->arg = arg;
	snprintf(e->text, sizeof e->text, "%s", text ? text : "");
}

int64_t sim_module_next(const struct sim_module *m)
{
	int64_t t = INT64_MAX;
	for (int i = 0; i < m->nevents; i++)
		if (m->events[i].at < t)
			t = m->events[i].at;
	return t;
}

static void clear_events(struct sim_module *m, enum sim_ev ev)
{
	for (int i = 0; i < m->nevents;)
		if (m->events[i].ev == ev)
			m->events[i] = m->events[--m->nevents];
		else
			i++;
}

static int64_t ms_ns(int ms)
{
	return (int64_t)ms * 1000000;
}

static int scaled_ms(struct sim *s, struct sim_module *m, double lo, double hi)
{
	return (int)(sim_scaled(s, m, lo, hi) / 1000000);
}

/* at, but not before ms of real time from now (not scaled: these are for the host, which does not
 * run faster when module time does). */
static int64_t not_before(int64_t at, int ms)
{
	int64_t soon = sim_now() + ms_ns(ms);
	return at > soon ? at : soon;
}

/* What the module just wrote has 20 ms to leave before an unplug drops the port's output (its own
 * clock may run behind the fixture's: sim_module_run_events). */
#define OUTPUT_MS 20
/* After an END the host has a second to read it: a module does not drop off the bus the instant
 * it reports the end of its update, and with module time scaled to a few ms a host slowed by a
 * loaded machine or a sanitizer lost the END to the hang-up (a timeout recorded, not the code). */
#define END_MS 1000

/* Leaves the bus at at and, unless replug_ms < 0, comes back that much later. A time already
 * past (the module's clock behind the fixture's) becomes 20 ms from now: what the module wrote
 * on its way (START, UPDATING) leaves first. */
static void reboot(struct sim *s, struct sim_module *m, int64_t at, int replug_ms)
{
	if (at < sim_now())
		at = not_before(at, OUTPUT_MS);
	sim_module_event(s, m, at, EV_UNPLUG, replug_ms, NULL);
}

/* +QIND: "FOTA","<what>"[,<v>] */
static void fota_urc(struct sim *s, struct sim_module *m, const char *what, int v)
{
	char buf[64];
	snprintf(buf, sizeof buf, "+QIND: \"FOTA\",\"%s\",%d", what, v);
	sim_at_urc(s, m, buf, 0);
}

static void boot_urcs(struct sim *s, struct sim_module *m, int64_t now)
{
	const char *urc[] = { "+CPIN: READY", "+QUSIM: 1", "+CFUN: 1", "+QIND: SMS DONE",
			      "+QIND: PB DONE" };
	int n = 5;
	int64_t t = now + sim_scaled(s, m, 2, 6);
	sim_module_event(s, m, t, EV_URC, 1, "RDY");
	for (int i = n - 1; i > 0; i--) {
		int j = (int)sim_rand_range(&m->rng, 0, i);
		const char *x = urc[i];
		urc[i] = urc[j];
		urc[j] = x;
	}
	for (int i = 0; i < n; i++) {
		t += sim_scaled(s, m, 0.2, 2.5);
		sim_module_event(s, m, t, EV_URC, 1, urc[i]);
	}
}

static void fota_begin_attempt(struct sim *s, struct sim_module *m, int64_t now, int resume)
{
	struct sim_fota *f = &m->fota;
	int64_t t = now + sim_scaled(s, m, 3, 10);
	if (!resume) {
		f->percent = 0;
		if (sim_module_fault(m, FAULT_NOSTART))
			sim_log(s, m, "fault nostart");
		else
			sim_module_event(s, m, t, EV_URC, 0, "+QIND: \"FOTA\",\"START\"");
	}
	f->in_progress = 1;
	sim_module_event(s, m, t + sim_scaled(s, m, 1, 3), EV_FOTA_STEP, 0, NULL);
}

/* The module is on the bus again: what it does depends on the update mark. */
static void plugged(struct sim *s, struct sim_module *m, int64_t now)
{
	m->echo = 1;
	m->cmee = 0;
	m->version_reads = 0;
	switch (m->boot) {
	case BOOT_NORMAL:
		boot_urcs(s, m, now);
		break;
	case BOOT_FOTA:
		if (sim_module_fault(m, FAULT_SILENT)) {
			/* the update mark is lost: the old firmware boots and says nothing of FOTA */
			sim_log(s, m, "fault silent");
			m->fota.active = 0;
			m->boot = BOOT_NORMAL;
			boot_urcs(s, m, now);
			break;
		}
		fota_begin_attempt(s, m, now, 0);
		break;
	case BOOT_FOTA_RESUME:
		m->boot = BOOT_FOTA;
		fota_begin_attempt(s, m, now, 1);
		break;
	}
}

/* An attempt ended with err: retry after a reboot, or give up and boot the old firmware. */
static void fota_failed(struct sim *s, struct sim_module *m, int64_t now, int err)
{
	struct sim_fota *f = &m->fota;
	int retry = err == 502 || (err >= 520 && err <= 530) || (err >= 540 && err <= 546);
	f->in_progress = 0;
	f->attempt++;
	now = not_before(now + ms_ns(OUTPUT_MS), OUTPUT_MS);
	if (retry && f->attempt < FOTA_RETRIES) {
		sim_log(s, m, "fota-retry attempt=%d err=%d", f->attempt, err);
		m->boot = BOOT_FOTA;
	} else {
		sim_log(s, m, "fota-giveup attempts=%d err=%d fw=%s", f->attempt, err, m->fw);
		f->active = 0;
		m->boot = BOOT_NORMAL;
	}
	reboot(s, m, not_before(now + sim_scaled(s, m, 1, 3), END_MS), scaled_ms(s, m, 5, 10));
}

static void fota_step(struct sim *s, struct sim_module *m, int64_t now, int end)
{
	struct sim_fota *f = &m->fota;
	struct sim_fault *fl;
	if (end) {
		fota_urc(s, m, "END", 0);
		f->in_progress = 0;
		f->active = 0;
		fl = sim_module_fault(m, FAULT_WRONGVER);
		snprintf(m->fw, sizeof m->fw, "%s", fl ? fl->s : f->to_full);
		if (fl)
			sim_log(s, m, "fault wrongver fw=%s", m->fw);
		m->boot = BOOT_NORMAL;
		m->updated = 1;
		sim_log(s, m, "fota-done fw=%s", m->fw);
		fl = sim_module_fault(m, FAULT_UNPLUG);
		int back = scaled_ms(s, m, 5, 10);
		if (fl && fl->a == PHASE_END && !fl->used) {
			fl->used++;
			sim_log(s, m, "fault unplug phase=end");
			back = fl->b;
		}
		/* a moment for END to leave and be read, even when time is scaled to nothing */
		reboot(s, m, not_before(now + sim_scaled(s, m, 1, 3), END_MS), back);
		return;
	}
	if (f->err) {
		fota_urc(s, m, "END", f->err);
		fota_failed(s, m, now, f->err);
		return;
	}
	fl = sim_module_fault(m, FAULT_ENDFAIL);
	if (fl && fl->used < fl->b && f->percent >= 30) {
		fl->used++;
		sim_log(s, m, "fault endfail err=%d (%d of %d)", fl->a, fl->used, fl->b);
		fota_urc(s, m, "END", fl->a);
		fota_failed(s, m, now, fl->a);
		return;
	}
	fl = sim_module_fault(m, FAULT_POWERLOSS);
	if (fl && !fl->used && f->percent >= fl->a) {
		fl->used++;
		sim_log(s, m, "fault powerloss percent=%d", f->percent);
		m->boot = BOOT_FOTA_RESUME;
		f->in_progress = 0;
		reboot(s, m, now, scaled_ms(s, m, 5, 10));
		return;
	}
	fl = sim_module_fault(m, FAULT_UNPLUG);
	if (fl && fl->a == PHASE_UPDATING && !fl->used && f->percent >= 50) {
		fl->used++;
		sim_log(s, m, "fault unplug phase=updating percent=%d", f->percent);
		m->boot = BOOT_FOTA_RESUME;
		f->in_progress = 0;
		reboot(s, m, now, fl->b);
		return;
	}
	int step = (int)sim_rand_range(&m->rng, 1, 17), before = f->percent;
	f->percent = f->percent + step > 100 ? 100 : f->percent + step;
	fota_urc(s, m, "UPDATING", f->percent);
	/* 3 to 5 minutes for the whole update, spread over the steps by the percent each one made
	 * (the last step is cut at 100 %): with --no-jitter every module's update takes the same
	 * time, however its steps fell */
	int64_t per = sim_scaled(s, m, 1.8, 3.0) * (f->percent - before);
	fl = sim_module_fault(m, FAULT_GAP);
	if (fl && !fl->used && f->percent >= fl->a && f->percent < 100) {
		/* a big partition being written: no report for a long while, or never again */
		fl->used++;
		sim_log(s, m, "fault gap percent=%d ms=%d", f->percent, fl->b);
		if (fl->b < 0)
			return;
		per = ms_ns(fl->b);
	}
	sim_module_event(s, m, now + per, EV_FOTA_STEP, f->percent == 100, NULL);
}

static int manifest_get(const uint8_t *p, size_t len, const char *key, char *out, size_t olen)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i < len;) {
		const uint8_t *nl = memchr(p + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - p) : len;
		if (e - i > kl && memcmp(p + i, key, kl) == 0 && p[i + kl] == '=') {
			size_t vl = e - i - kl - 1;
			if (vl >= olen)
				return -1;
			memcpy(out, p + i + kl + 1, vl);
			out[vl] = '\0';
			return 0;
		}
		i = e + 1;
	}
	return -1;
}

/* AT+QFOTADL answered OK: check the package as the module would, then reboot into the update. */
void sim_module_fotadl(struct sim *s, struct sim_module *m, const struct sim_file *file,
		       int after_urc)
{
	struct sim_fota *f = &m->fota;
	const uint8_t *man;
	size_t mlen;
	char from[64] = "", to[64] = "";
	memset(f, 0, sizeof *f);
	f->active = 1;
	if (sim_zip_find(file->data, file->size, "manifest.txt", &man, &mlen) < 0 ||
	    manifest_get(man, mlen, "from", from, sizeof from) < 0 ||
	    manifest_get(man, mlen, "to", to, sizeof to) < 0) {
		f->err = 504;
	} else if (strncmp(m->fw, from, strlen(from)) != 0) {
		f->err = 510;
	} else if (manifest_get(man, mlen, "to_full", f->to_full, sizeof f->to_full) < 0) {
		snprintf(f->to_full, sizeof f->to_full, "%s", to);
	}
	sim_log(s, m, "fotadl name=%s size=%zu from=%s to=%s check=%d", file->name, file->size,
		from, to, f->err);
	m->boot = BOOT_FOTA;
	int back = scaled_ms(s, m, 5, 10);
	struct sim_fault *fl = sim_module_fault(m, FAULT_UNPLUG);
	if (fl && fl->a == PHASE_FOTADL && !fl->used) {
		fl->used++;
		sim_log(s, m, "fault unplug phase=fotadl");
		back = fl->b;
	}
	int64_t at = sim_now() + sim_scaled(s, m, 0.2, 1.0);
	/* the download's END URC, like the update's, is read before the module leaves the bus */
	reboot(s, m, after_urc ? not_before(at, END_MS) : at, back);
}

/* Takes the module off the bus as an unplug does (remove uevents, hang-up, leaf to root). */
static void pull(struct sim *s, struct sim_module *m)
{
	clear_events(m, EV_URC);
	clear_events(m, EV_FOTA_STEP);
	if (m->up.active) {
		free(m->up.data);
		memset(&m->up, 0, sizeof m->up);
	}
	sim_tree_unplug(s, m);
}

void sim_module_deleted(struct sim *s, struct sim_module *m)
{
	struct sim_fault *fl = sim_module_fault(m, FAULT_REPLACE);
	if (!fl || (fl->a > 0 && fl->used >= fl->a) || !m->updated || m->boot != BOOT_NORMAL)
		return;
	fl->used++;
	sim_module_event(s, m, sim_now() + ms_ns(50), EV_REPLACE, 0, NULL);
}

/* The operator pulls the module once the station has let go of its port (or after 3 s, as
 * an operator does not wait for ever) and puts a new one into the same port. */
static void replace(struct sim *s, struct sim_module *m, const struct sim_event *e, int64_t now)
{
	struct sim_fault *fl = sim_module_fault(m, FAULT_REPLACE);
	char old[16];
	if (!m->present || !fl)
		return;
	if (!m->tty[SIM_AT_IFACE].hup && e->arg < 60) {
		sim_module_event(s, m, now + ms_ns(50), EV_REPLACE, e->arg + 1, NULL);
		return;
	}
	int away = fl->b;
	sim_log(s, m, "fault replace-after-pass port=%s", m->tty[SIM_AT_IFACE].hup ? "closed" : "open");
	pull(s, m);
	snprintf(old, sizeof old, "%s", m->imei);
	struct sim_fault keep = *fl;
	sim_pop_renew(s, m);
	/* More newcomers to come: the next one is pulled after its own PASS as well. */
	if (keep.a == 0 || keep.used < keep.a)
		m->faults[m->nfaults++] = keep;
	sim_log(s, m, "replace old=%s new=%s serial=%s fw=%s", old, m->imei, m->serial, m->fw);
	sim_module_event(s, m, now + ms_ns(away), EV_PLUG, 0, NULL);
}

static void run_event(struct sim *s, struct sim_module *m, struct sim_event *e, int64_t now)
{
	switch (e->ev) {
	case EV_PLUG:
		if (m->present)
			break;
		if (m->plugs > 0 && sim_module_fault(m, FAULT_IMEICHANGE) && m->imei2[0] &&
		    strcmp(m->imei, m->imei2) != 0 && m->fota.active) {
			sim_log(s, m, "fault imeichange new=%s", m->imei2);
			snprintf(m->imei, sizeof m->imei, "%s", m->imei2);
		}
		if (sim_tree_plug(s, m) == 0)
			plugged(s, m, now);
		break;
	case EV_UNPLUG:
		if (!m->present)
			break;
		pull(s, m);
		if (e->arg >= 0)
			sim_module_event(s, m, now + ms_ns(e->arg), EV_PLUG, 0, NULL);
		else
			sim_log(s, m, "gone for good");
		break;
	case EV_URC:
		if (e->arg & 2) {
			/* the tail of a split line, then what waited behind it */
			sim_at_urc_tail(s, m, e->arg >> 4, e->text);
		} else {
			sim_at_urc(s, m, e->text, e->arg & 1);
		}
		break;
	case EV_FOTA_STEP:
		fota_step(s, m, now, e->arg);
		break;
	case EV_REPLACE:
		replace(s, m, e, now);
		break;
	case EV_TTY_SHOW:
		if (m->present && m->plugs == e->arg)
			sim_tree_tty_node(s, m, 1);
		break;
	case EV_TTY_BIND:
		if (m->present && m->plugs == e->arg)
			sim_tree_tty_bind(s, m);
		break;
	}
}

/* Runs the module's due events, in order. A module keeps its own clock: what an event starts
 * (the next update step, the return after a reboot, the boot URCs) is timed from when the event
 * was due, not from when the fixture's one thread got to it, so the fixture running late (a
 * burst of re-plugs, a loaded machine) does not stretch a module's update. The operator's wait
 * for a closed port (EV_REPLACE) polls from now, and a module is away for its whole reboot from
 * when it really left the bus (EV_UNPLUG run late does not shorten its absence: a test that
 * keeps a module away longer than the host's reboot budget relies on it). A plug or unplug (tens of ms of umockdev work)
 * waits while this pass of the loop has spent its s->usb_budget: the next I/O pass comes first,
 * so a burst of reboots does not hold every other module's answers and upload acks. */
void sim_module_run_events(struct sim *s, struct sim_module *m, int64_t now)
{
	for (;;) {
		int best = -1;
		for (int i = 0; i < m->nevents; i++)
			if (m->events[i].at <= now && (best < 0 || m->events[i].at < m->events[best].at))
				best = i;
		if (best < 0)
			return;
		struct sim_event e = m->events[best];
		int usb = e.ev == EV_PLUG || e.ev == EV_UNPLUG || e.ev == EV_REPLACE;
		if (usb && s->usb_budget <= 0)
			return;
		s->usb_budget -= usb;
		m->events[best] = m->events[--m->nevents];
		run_event(s, m, &e, e.ev == EV_REPLACE || e.ev == EV_UNPLUG ? now : e.at);
	}
}
