/* Phase resume: watch again a unit a previous run started (its journal entry), from wherever the
 * module is now. SLOT_AGAIN: the journal's update never started; flash the unit from the start. */
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "station/at/at_ident.h"
#include "station/base/clock.h"
#include "station/base/xalloc.h"
#include "station/slot/slot_imeis.h"
#include "station/slot/slot_ledger.h"
#include "station/slot/slot_phase.h"

enum slot_outcome slot_resume(struct slot *s)
{
	const struct config *cfg = slot_svc_cfg(s);
	const struct journal_entry *e = &s->resume;
	int64_t deadline = clock_mono_ms() + cfg->reboot_ms;
	struct at_ident id = { 0 };
	char err[256];

	xstrlcpy(s->u.imei, e->imei, sizeof s->u.imei);
	xstrlcpy(s->u.fw_before, e->fw_before, sizeof s->u.fw_before);
	slot_ledger_restore(s, e);
	for (int i = 0; i < catalogue_count(s->sh->cat); i++)
		if (strcmp(catalogue_get(s->sh->cat, i)->cfg->name, e->package) == 0)
			s->u.pkg = catalogue_get(s->sh->cat, i);
	s->u.resumed = true;
	s->u.journaled = true;
	if (!s->u.update_started_ms)
		s->u.update_started_ms = clock_mono_ms();
	if (slot_ledger_resume_recorded(s))
		return SLOT_ENDED;
	slot_svc_attach_transcript(s);
	transcript_note(s->tr, "resuming a unit started %s (journal)", e->started_at);
	slot_imeis_claim(s->sh->imeis, s->index, s->u.imei);
	slot_svc_publish(s);
	if (!s->u.pkg)
		return slot_svc_fail(s, ERR_PACKAGE, NULL, "journal names a package the config no longer has");
	slot_svc_go(s, SLOT_REBOOTING, "resuming a unit from the journal");
	while (!s->present) {
		if (slot_svc_stopping(s))
			return slot_svc_aborted(s);
		if (clock_mono_ms() >= deadline)
			return slot_svc_fail(s, ERR_PORT_LOST, NULL, "module of the journaled unit did not appear");
		slot_wait(s, deadline, -1);
	}
	s->ch_arrival = s->arrivals - 1;
	/* The tty lags discovery: retry the open like the normal path does. */
	for (;;) {
		int rc = slot_module_reattach(s);
		if (rc < 0)
			return SLOT_ENDED;
		if (rc == 0)
			break;
		if (clock_mono_ms() >= deadline)
			return slot_access_fail(s, "cannot open the port of the journaled unit");
		slot_wait(s, clock_mono_ms() + 100 < deadline ? clock_mono_ms() + 100 : deadline, -1);
		if (slot_svc_stopping(s))
			return slot_svc_aborted(s);
		if (!s->present)
			return slot_svc_fail(s, ERR_PORT_LOST, NULL, "module of the journaled unit left");
	}
	/* The update may have finished while the station was down. */
	if (at_ident_version(s->ch, &id, cfg->command_ms, err, sizeof err) == 0 && id.version_complete &&
	    catalogue_at_target(s->u.pkg->cfg, id.version)) {
		xstrlcpy(s->u.fw_after, id.version, sizeof s->u.fw_after);
		slot_module_delete_package(s);
		slot_svc_set_result(s, SLOT_PASS, ERR_NONE, NULL, "updated to %s (resumed)", id.version);
		return SLOT_ENDED;
	}
	/* Written just before AT+QFOTADL and the module still on its old firmware: the command may
	 * never have reached it (slot_ledger_never_started watches for its reboot first). */
	if (strcmp(s->u.journal_phase, JOURNAL_PHASE_STARTING) == 0 && s->u.normal_fw && id.version_complete &&
	    strcmp(id.version, s->u.fw_before) == 0 && slot_ledger_never_started(s))
		return SLOT_AGAIN;
	return SLOT_NEXT;
}
