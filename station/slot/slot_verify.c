/* Phase verify: the new firmware boots; its version must be the package's target. */
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "station/at/at_ident.h"
#include "station/base/xalloc.h"
#include "station/slot/slot_phase.h"

enum slot_outcome slot_verify(struct slot *s)
{
	struct at_ident id = { 0 };
	char err[256];
	int rc;

	/* One reboot budget: once the module is back, a second pass (if any) does not wait again. */
	if (!s->u.booted_new && slot_module_await_reboot(s, "update done; module boots the new firmware") < 0)
		return SLOT_ENDED;
	s->u.booted_new = true;
	slot_svc_go(s, SLOT_VERIFYING, "module back; reading its version");
	rc = at_ident_version(s->ch, &id, slot_svc_cfg(s)->command_ms, err, sizeof err);
	if (rc == 0)
		rc = slot_module_version(s, &id, err, sizeof err);
	if (rc < 0)
		return slot_svc_engine_fail(s, SLOT_OP_IDENTIFY, rc, err);
	xstrlcpy(s->u.fw_after, id.version, sizeof s->u.fw_after);
	slot_svc_publish(s);
	if (!catalogue_at_target(s->u.pkg->cfg, id.version)) {
		snprintf(err, sizeof err, "module runs %s after the update, expected %s", id.version,
			 s->u.pkg->cfg->to);
		slot_module_delete_package(s);
		return slot_svc_fail(s, ERR_VERSION, NULL, err);
	}
	slot_module_delete_package(s);
	slot_svc_set_result(s, SLOT_PASS, ERR_NONE, NULL, "updated to %s", id.version);
	return SLOT_ENDED;
}
