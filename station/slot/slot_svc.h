/* The services of a slot worker: what every phase of a unit uses (results, board, log, port,
 * AT commands, waits, the module's reboot and version). The lowest layer of the slot engine: its
 * functions call nothing above them (no phase, no driver). */
#ifndef SLOT_SVC_H
#define SLOT_SVC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "station/slot/slot_priv.h"

struct at_ident;

/* What a phase ended with; the driver (slot_run.c) decides which step comes next. */
enum slot_outcome {
	SLOT_NEXT,      /* the phase is done: go on to the next one */
	SLOT_AGAIN,     /* the phase must run again (the driver knows from where) */
	SLOT_ENDED,     /* the unit has its result */
	SLOT_GAVE_UP,   /* the unit has its result; the module gave up and must still be cleaned up */
};

/* What an AT step was doing, for slot_svc_errcode. */
enum slot_op {
	SLOT_OP_IDENTIFY,   /* ATE0, ATI, AT+QGMR, AT+CGSN */
	SLOT_OP_URC_PORT,   /* AT+QURCCFG */
	SLOT_OP_FILE,       /* AT+QFLDS, AT+QFDEL */
	SLOT_OP_UPLOAD,     /* AT+QFUPL and its data */
	SLOT_OP_UPDATE,     /* AT+QFOTADL and after */
};

/* slot_svc.c: results, board, log, port, AT commands */
enum errcode slot_svc_errcode(enum slot_op op, enum at_status st, int cme);
const struct config *slot_svc_cfg(const struct slot *s);
bool slot_svc_has_result(const struct slot *s);
bool slot_svc_stopping(struct slot *s);
enum slot_outcome slot_svc_aborted(struct slot *s);
enum slot_outcome slot_svc_fail(struct slot *s, enum errcode e, const char *module_code, const char *text);
/* The one way an AT failure ends a unit: ABORTED when cancelled, else FAIL with slot_svc_errcode. */
enum slot_outcome slot_svc_at_fail(struct slot *s, enum slot_op op, enum at_status st, int cme,
				   const char *module_code, const char *text);
/* The same for a step whose CME code is the channel's last one and that has no module code. */
enum slot_outcome slot_svc_engine_fail(struct slot *s, enum slot_op op, int rc, const char *text);
void slot_svc_set_result(struct slot *s, enum slot_state result, enum errcode err, const char *module_code,
			 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void slot_svc_go(struct slot *s, enum slot_state to, const char *why);
void slot_svc_detail(struct slot *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void slot_svc_publish(struct slot *s);
void slot_svc_log(struct slot *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void slot_svc_attach_transcript(struct slot *s);
/* The transcript's sink: its lines also go to the board's tail. */
void slot_svc_tail_sink(void *ctx, char dir, const char *text);
int slot_svc_open_port(struct slot *s, char *err, size_t errlen);
void slot_svc_close_port(struct slot *s);
enum at_status slot_svc_at(struct slot *s, const char *cmd, const char *const *prefixes, int64_t timeout_ms,
			   struct at_response *resp);

/* slot_wait.c: the worker's waits, its mailbox and the operator's commands */
unsigned slot_wait(struct slot *s, int64_t deadline_ms, int extra_fd);
void slot_wait_mail(struct slot *s);
void slot_wait_commands(struct slot *s);

/* slot_module.c: what several phases ask of the module */
int slot_module_open_retry(struct slot *s, char *err, size_t errlen);
int slot_module_version(struct slot *s, struct at_ident *id, char *err, size_t errlen);
int slot_module_reattach(struct slot *s);
int slot_module_await_reboot(struct slot *s, const char *why);
bool slot_module_runs_target(struct slot *s);
void slot_module_delete_package(struct slot *s);
/* slot_record.c: the unit's CSV record */
bool slot_record_write(struct slot *s, int64_t finished_wall_ms);
/* slot_access.c: the port would not open (err says how): E-PORT-ACCESS or E-PORT-BUSY with what
 * to do when that is why, else E-PORT-LOST with err. */
enum slot_outcome slot_access_fail(struct slot *s, const char *err);
#endif
