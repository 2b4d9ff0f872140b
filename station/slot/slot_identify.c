/* Phase identify: open the port, read model, version and IMEI, decide what to do with the module,
 * and make sure its update reports come on this port. */
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "station/at/at_ident.h"
#include "station/base/xalloc.h"
#include "station/slot/slot_imeis.h"
#include "station/slot/slot_ledger.h"
#include "station/slot/slot_phase.h"

enum slot_outcome slot_identify_open(struct slot *s)
{
	char err[256];
	int rc;

	slot_svc_go(s, SLOT_IDENTIFYING, "module found");
	if (!s->present)
		return slot_svc_fail(s, ERR_PORT_LOST, NULL, "module left before identification");
	if (!s->port.tty[0]) {
		/* discovery gave up waiting for the tty: the unit ends here, with its record */
		snprintf(err, sizeof err, "module found, no AT port on interface %d", slot_svc_cfg(s)->at_interface);
		return slot_svc_fail(s, ERR_NO_AT_PORT, NULL, err);
	}
	if (slot_module_open_retry(s, err, sizeof err) < 0)
		return slot_svc_has_result(s) ? SLOT_ENDED : slot_access_fail(s, err);
	rc = at_ident_prepare(s->ch, slot_svc_cfg(s)->command_ms, err, sizeof err);
	if (rc < 0)
		return slot_svc_engine_fail(s, SLOT_OP_IDENTIFY, rc, err);
	return SLOT_NEXT;
}

enum slot_outcome slot_identify_read(struct slot *s)
{
	struct at_ident id;
	char err[256];
	int rc, holder;

	rc = at_ident_read(s->ch, &id, slot_svc_cfg(s)->command_ms, err, sizeof err);
	if (rc == 0)
		rc = slot_module_version(s, &id, err, sizeof err);
	if (rc < 0)
		return slot_svc_engine_fail(s, SLOT_OP_IDENTIFY, rc, err);
	xstrlcpy(s->u.model, id.model, sizeof s->u.model);
	xstrlcpy(s->u.imei, id.imei, sizeof s->u.imei);
	xstrlcpy(s->u.fw_before, id.version, sizeof s->u.fw_before);
	slot_svc_attach_transcript(s);
	slot_svc_publish(s);
	holder = slot_imeis_claim(s->sh->imeis, s->index, s->u.imei);
	if (holder >= 0) {
		struct board_slot other;
		board_snapshot(s->sh->board, holder, &other);
		snprintf(err, sizeof err, "IMEI %s is already in slot %s", s->u.imei, other.label);
		return slot_svc_fail(s, ERR_DUPLICATE, NULL, err);
	}
	if (slot_ledger_recorded(s))
		return SLOT_ENDED;
	return SLOT_NEXT;
}

enum slot_outcome slot_identify_decide(struct slot *s)
{
	const struct package *pkg = NULL;
	char text[200];

	switch (catalogue_pick(s->sh->cat, s->u.fw_before, &pkg)) {
	case CATALOGUE_SKIP:
		s->u.pkg = pkg;
		xstrlcpy(s->u.fw_after, s->u.fw_before, sizeof s->u.fw_after);
		slot_svc_set_result(s, SLOT_SKIP, ERR_NONE, NULL, "already at %s", s->u.fw_before);
		return SLOT_ENDED;
	case CATALOGUE_NO_PACKAGE:
		snprintf(text, sizeof text, "no package for firmware %s", s->u.fw_before);
		return slot_svc_fail(s, ERR_NO_PACKAGE, NULL, text);
	case CATALOGUE_WRONG_BASE:
		snprintf(text, sizeof text, "firmware %s is not the base of any package for this model",
			 s->u.fw_before);
		return slot_svc_fail(s, ERR_WRONG_BASE, NULL, text);
	case CATALOGUE_FLASH:
		s->u.pkg = pkg;
		slot_svc_publish(s);
		return SLOT_NEXT;
	}
	return slot_svc_fail(s, ERR_INTERNAL, NULL, "unknown catalogue verdict");
}

enum slot_outcome slot_identify_urc_port(struct slot *s)
{
	char err[256];
	int rc = at_ident_ensure_urcport(s->ch, slot_svc_cfg(s)->command_ms, err, sizeof err);
	if (rc < 0)
		return slot_svc_engine_fail(s, SLOT_OP_URC_PORT, rc, err);
	return SLOT_NEXT;
}
