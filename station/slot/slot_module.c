/* What several phases ask of the module: open its port (the tty lags discovery), read a complete
 * version, follow a reboot to the module's new port, check it runs the target, delete the
 * package from its UFS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "station/at/at_ident.h"
#include "station/at/at_ufs.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "station/slot/slot_svc.h"

/* The tty may appear a moment after discovery reports the device: retry opening it for up to
 * [timing] command.
 * Returns 0, or -1 with a reason (or with the result set when aborted). */
int slot_module_open_retry(struct slot *s, char *err, size_t errlen)
{
	int64_t deadline = clock_mono_ms() + slot_svc_cfg(s)->command_ms;
	for (;;) {
		if (slot_svc_open_port(s, err, errlen) == 0)
			return 0;
		if (clock_mono_ms() >= deadline || !s->present)
			return -1;
		slot_wait(s, clock_mono_ms() + 100, -1);
		if (slot_svc_stopping(s)) {
			slot_svc_aborted(s);
			return -1;
		}
	}
}

/* Reads AT+QGMR until the version is complete (a module still booting answers a short one). */
int slot_module_version(struct slot *s, struct at_ident *id, char *err, size_t errlen)
{
	int64_t deadline = clock_mono_ms() + slot_svc_cfg(s)->reboot_ms;
	int rc = 0;

	while (!id->version_complete) {
		if (clock_mono_ms() >= deadline) {
			snprintf(err, errlen, "version still incomplete after %lld s: %s",
				 (long long)(slot_svc_cfg(s)->reboot_ms / 1000), id->version);
			return AT_TIMEOUT;
		}
		slot_svc_detail(s, "version incomplete (%s), asking again", id->version);
		if (slot_wait(s, clock_mono_ms() + 1000, -1) & SLOT_WOKE_CMD && slot_svc_stopping(s))
			return AT_CANCELLED;
		rc = at_ident_version(s->ch, id, slot_svc_cfg(s)->command_ms, err, errlen);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The IMEI among the answer's lines: noise or a cut URC may sit beside it. */
static bool slot_module_find_imei(struct at_response *r, char *imei)
{
	char err[160];
	for (int i = 0; i < r->n_lines; i++)
		if (at_ident_parse_cgsn(&r->lines[i], 1, imei, err, sizeof err) == 0)
			return true;
	return false;
}

/* The port came back: a new tty, echo on again. Checks it is still the same unit. Returns 0, or -1
 * with the result set (E-IDENTITY, E-PORT-LOST, aborted). */
int slot_module_reattach(struct slot *s)
{
	static const char *const bare[] = { "", NULL };
	struct at_response *r;
	char err[256], imei[24];
	int rc;

	if (!s->port.tty[0] || slot_svc_open_port(s, err, sizeof err) < 0) {
		if (!s->reopen_noted && !s->port.tty[0])
			slot_svc_log(s, "module back, no AT port on interface %d yet (trying again)",
				     slot_svc_cfg(s)->at_interface);
		else if (!s->reopen_noted)
			slot_svc_log(s, "reopen %s: %s (trying again)", s->port.tty, err);
		s->reopen_noted = true;
		return 1;   /* not there yet: the caller tries again shortly */
	}
	s->reopen_noted = false;
	slot_svc_publish(s);
	rc = at_ident_prepare(s->ch, slot_svc_cfg(s)->command_ms, err, sizeof err);
	if (rc == AT_CANCELLED) {
		slot_svc_aborted(s);
		return -1;
	}
	if (rc < 0)
		slot_svc_log(s, "after reboot: %s", err);
	r = xmalloc(sizeof *r);
	s->u.normal_fw = false;
	if (slot_svc_at(s, "AT+CGSN", bare, slot_svc_cfg(s)->command_ms, r) == AT_OK &&
	    slot_module_find_imei(r, imei) && (s->u.normal_fw = true) && strcmp(imei, s->u.imei) != 0) {
		snprintf(err, sizeof err, "module %s came back in this slot instead of %s", imei, s->u.imei);
		slot_svc_fail(s, ERR_IDENTITY, NULL, err);
		free(r);
		return -1;
	}
	free(r);
	if (slot_svc_stopping(s)) {
		slot_svc_aborted(s);
		return -1;
	}
	return 0;
}

/* Waits for the module's reboot: the port goes (if it is still open) and comes back on this
 * slot's path. Returns 0 when reattached, -1 with the result set. */
int slot_module_await_reboot(struct slot *s, const char *why)
{
	const struct config *cfg = slot_svc_cfg(s);
	int64_t deadline = clock_mono_ms() + cfg->reboot_ms;
	char text[200];

	while (s->ch) {
		enum at_status st = at_chan_wait_urc(s->ch, clock_left_ms(deadline));
		if (st == AT_PORT_LOST) {
			slot_svc_close_port(s);
			break;
		}
		if (st == AT_CANCELLED) {
			slot_svc_aborted(s);
			return -1;
		}
		if (st == AT_TIMEOUT) {
			/* It did not reboot (or did so before we looked): go on with this port. */
			slot_svc_log(s, "no reboot seen within %lld s; reading on the same port",
				 (long long)(cfg->reboot_ms / 1000));
			return 0;
		}
	}
	slot_svc_go(s, SLOT_REBOOTING, why);
	deadline = clock_mono_ms() + cfg->reboot_ms;
	for (;;) {
		slot_wait_mail(s);
		bool retry = false;
		if (s->present && s->arrivals != s->ch_arrival) {
			int rc = slot_module_reattach(s);
			if (rc <= 0)
				return rc;
			retry = true;
		}
		if (slot_svc_stopping(s)) {
			slot_svc_aborted(s);
			return -1;
		}
		if (clock_mono_ms() >= deadline && s->present && !s->port.tty[0]) {
			/* back on USB, but its AT interface never got a tty */
			snprintf(text, sizeof text, "module back, no AT port on interface %d within %lld s",
				 cfg->at_interface, (long long)(cfg->reboot_ms / 1000));
			slot_svc_fail(s, ERR_NO_AT_PORT, NULL, text);
			return -1;
		}
		if (clock_mono_ms() >= deadline) {
			snprintf(text, sizeof text, "port did not come back within %lld s",
				 (long long)(cfg->reboot_ms / 1000));
			slot_svc_fail(s, ERR_PORT_LOST, NULL, text);
			return -1;
		}
		slot_wait(s, retry && clock_mono_ms() + 100 < deadline ? clock_mono_ms() + 100 : deadline, -1);
	}
}

/* After a reattach: whether the module answers as normal firmware (not the recovery image that
 * runs the update) with a complete version that is the package's target. */
bool slot_module_runs_target(struct slot *s)
{
	static const char *const bare[] = { "", NULL };
	const char *to = s->u.pkg ? s->u.pkg->cfg->to : NULL;
	struct at_response *r;
	bool yes = false;

	if (!s->u.normal_fw || !to)
		return false;
	r = xmalloc(sizeof *r);
	/* Line by line: noise or a cut URC may sit beside the version. */
	if (slot_svc_at(s, "AT+QGMR", bare, slot_svc_cfg(s)->command_ms, r) == AT_OK)
		for (int i = 0; i < r->n_lines && !yes; i++)
			yes = catalogue_at_target(s->u.pkg->cfg, r->lines[i]) && at_ident_version_complete(r->lines[i]);
	free(r);
	return yes;
}

/* Deletes the package from the module's UFS; a failure is only noted (the unit's result stands). */
void slot_module_delete_package(struct slot *s)
{
	char err[256];
	/* a URL package was never in UFS: the module keeps its download where it likes */
	if (!s->ch || !s->u.pkg || s->u.pkg->cfg->url)
		return;
	if (at_ufs_delete(s->ch, s->u.pkg->cfg->file_name, NULL, slot_svc_cfg(s)->command_ms, err, sizeof err) < 0)
		slot_svc_log(s, "delete %s: %s", s->u.pkg->cfg->file_name, err);
	else
		s->u.file_on_module = false;
}
