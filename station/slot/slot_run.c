/* The driver of one unit: the steps of station/README.md's flow, in order. Each phase (slot_phase.h) says
 * how it ended; this function alone decides what comes next, so the flow reads top to bottom. */
#include "station/slot/slot_run.h"

#include "config/config.h"
#include "station/slot/slot_phase.h"

enum slot_run_step {
	STEP_OPEN,          /* open the AT port, echo off, numeric errors */
	STEP_IDENTIFY,      /* model, version, IMEI; one slot per IMEI */
	STEP_DECIDE,        /* skip, flash, or refuse without writing anything */
	STEP_URC_PORT,      /* the module must report its update on this port */
	STEP_QUEUE,         /* wait for an upload turn */
	STEP_UPLOAD,        /* free space, stale copy, AT+QFUPL */
	STEP_START_UPDATE,  /* journal, AT+QFOTADL */
	STEP_DOWNLOAD,      /* a URL package: the module downloads it over its own network */
	STEP_FOLLOW,        /* reboots and +QIND: "FOTA" reports until the module's verdict */
	STEP_VERIFY,        /* the new firmware boots: version, IMEI, delete the package */
	STEP_GAVE_UP,       /* the module gave up: wait for it to boot the old firmware, clean up */
	STEP_RESUME,        /* a journal entry: watch a unit a previous run started */
	STEP_DONE,
};

/* The step after one that ended with o: next when it went on, again when it must run again. */
static enum slot_run_step slot_run_next(enum slot_outcome o, enum slot_run_step next, enum slot_run_step again)
{
	switch (o) {
	case SLOT_NEXT:    return next;
	case SLOT_AGAIN:   return again;
	case SLOT_GAVE_UP: return STEP_GAVE_UP;
	case SLOT_ENDED:   break;
	}
	return STEP_DONE;
}

/* A URL package is not uploaded: the module downloads it after AT+QFOTADL. */
static bool slot_run_url(const struct slot *s)
{
	return s->u.pkg && s->u.pkg->cfg->url;
}

void slot_run(struct slot *s)
{
	enum slot_run_step step = s->has_resume ? STEP_RESUME : STEP_OPEN;

	while (step != STEP_DONE) {
		if (slot_svc_stopping(s) && !slot_svc_has_result(s) && step != STEP_GAVE_UP) {
			slot_svc_aborted(s);
			break;
		}
		switch (step) {
		case STEP_OPEN:         step = slot_run_next(slot_identify_open(s), STEP_IDENTIFY, STEP_OPEN); break;
		case STEP_IDENTIFY:     step = slot_run_next(slot_identify_read(s), STEP_DECIDE, STEP_IDENTIFY); break;
		case STEP_DECIDE:       step = slot_run_next(slot_identify_decide(s), STEP_URC_PORT, STEP_DECIDE); break;
		case STEP_URC_PORT:     step = slot_run_next(slot_identify_urc_port(s),
							 slot_run_url(s) ? STEP_START_UPDATE : STEP_QUEUE, STEP_URC_PORT); break;
		case STEP_QUEUE:        step = slot_run_next(slot_upload_queue(s), STEP_UPLOAD, STEP_QUEUE); break;
		case STEP_UPLOAD:       step = slot_run_next(slot_upload_send(s), STEP_START_UPDATE, STEP_QUEUE); break;
		case STEP_START_UPDATE: step = slot_run_next(slot_update_start(s),
							 slot_run_url(s) ? STEP_DOWNLOAD : STEP_FOLLOW, STEP_DONE); break;
		case STEP_DOWNLOAD:     step = slot_run_next(slot_download(s), STEP_FOLLOW, STEP_DONE); break;
		case STEP_FOLLOW:       step = slot_run_next(slot_update_follow(s), STEP_VERIFY, STEP_FOLLOW); break;
		case STEP_VERIFY:       step = slot_run_next(slot_verify(s), STEP_DONE, STEP_VERIFY); break;
		case STEP_GAVE_UP:      step = slot_run_next(slot_update_gave_up(s), STEP_DONE, STEP_DONE); break;
		/* again: the journaled update never reached the module; it is flashed from the start */
		case STEP_RESUME:       step = slot_run_next(slot_resume(s), STEP_FOLLOW, STEP_URC_PORT); break;
		case STEP_DONE:         break;
		}
	}
	if (!slot_svc_has_result(s))
		slot_svc_set_result(s, SLOT_FAIL, ERR_INTERNAL, NULL, "unit ended without a result");
	/* A unit that failed before the module took AT+QFOTADL leaves no delta file behind. */
	if (s->u.result == SLOT_FAIL && s->u.file_on_module && !s->u.update_started_ms && s->ch)
		slot_module_delete_package(s);
}
