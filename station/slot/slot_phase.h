/* The phases of one unit, each in its own file; the driver (slot_run.c) runs them in order. A
 * phase calls only the services (slot_svc.h), never another phase or the driver. */
#ifndef SLOT_PHASE_H
#define SLOT_PHASE_H
#include "station/slot/slot_svc.h"

/* slot_identify.c */
enum slot_outcome slot_identify_open(struct slot *s);     /* open the AT port, echo off, numeric errors */
enum slot_outcome slot_identify_read(struct slot *s);     /* model, version, IMEI; one slot per IMEI */
enum slot_outcome slot_identify_decide(struct slot *s);   /* skip, flash, or refuse */
enum slot_outcome slot_identify_urc_port(struct slot *s); /* reports must come on this port */
/* slot_upload.c */
enum slot_outcome slot_upload_queue(struct slot *s);      /* wait for an upload turn */
enum slot_outcome slot_upload_send(struct slot *s);       /* free space, stale copy, AT+QFUPL */
/* slot_update.c */
enum slot_outcome slot_update_start(struct slot *s);      /* journal, AT+QFOTADL */
enum slot_outcome slot_update_follow(struct slot *s);     /* reboots and reports until the verdict */
enum slot_outcome slot_update_gave_up(struct slot *s);    /* the module gave up: clean up */
/* slot_download.c */
enum slot_outcome slot_download(struct slot *s);          /* a URL package: the module downloads it */
/* slot_verify.c */
enum slot_outcome slot_verify(struct slot *s);            /* new firmware: version, delete the package */
/* slot_resume.c */
enum slot_outcome slot_resume(struct slot *s);            /* a unit a previous run started */
#endif
