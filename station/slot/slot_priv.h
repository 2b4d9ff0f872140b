/* Inside a slot worker: shared by slot.c (thread, mailbox, waits, records) and slot_flow.c (the
 * unit's steps). Everything here belongs to the slot's worker thread unless marked. */
#ifndef SLOT_PRIV_H
#define SLOT_PRIV_H
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "logs/transcript.h"
#include "station/at/at_chan.h"
#include "station/board/board.h"
#include "station/slot/catalogue.h"
#include "station/base/errcode.h"
#include "station/slot/slot.h"

#define SLOT_MAIL_MAX 32

struct slot_mail {
	enum discovery_event ev;
	struct discovery_port port;
};

/* One unit: a module from identification to its record. */
struct slot_unit {
	int64_t started_wall_ms, started_mono_ms;
	char port[64];
	char model[32];
	char imei[24];
	char fw_before[80];
	char fw_after[80];
	const struct package *pkg;
	uint64_t bytes;
	int64_t upload_ms;            /* -1 when there was no upload */
	int64_t update_started_ms;    /* monotonic, at AT+QFOTADL; 0 before */
	int64_t update_ms;            /* -1 when there was no update */
	int64_t download_ms;          /* a URL package: AT+QFOTADL to the module's download end */
	int attempts;                 /* the module's own update attempts */
	enum slot_state result;       /* SLOT_PASS, SKIP, FAIL or ABORTED once decided */
	enum errcode err;
	char module_code[16];
	char error_text[128];
	bool resumed;                 /* watching again from a journal entry */
	bool journaled;               /* a journal entry is on disk for this unit */
	bool file_on_module;          /* the delta file may be in the module's UFS */
	bool normal_fw;               /* the module answered AT+CGSN after its last reattach */
	bool booted_new;              /* it is already back on the new firmware: no reboot to wait */
	char stage[24];               /* the state the unit was in when it ended, for messages */
};

struct slot {
	struct slot_shared *sh;
	int index;
	char label[16];
	char usb_path[32];
	pthread_t thread;

	/* The mailbox: discovery thread -> worker. */
	pthread_mutex_t mail_lock;           /* guards mail, mail_n */
	struct slot_mail mail[SLOT_MAIL_MAX];
	int mail_n;
	bool mail_overflow;
	int mail_pipe[2];

	/* Worker-owned from here. */
	bool present;                        /* discovery says a module is in the slot */
	struct discovery_port port;          /* the latest ARRIVED */
	unsigned arrivals;                   /* ARRIVED events seen so far */
	unsigned departures;                 /* LEFT events seen so far */
	bool present_now;                    /* once mode: a module was there at start */
	bool has_resume;
	struct journal_entry resume;
	unsigned cmds;                       /* operator commands not yet acted on */
	bool abort_req;                      /* BOARD_CMD_ABORT during a unit */

	struct at_chan *ch;                  /* open AT port, or NULL */
	unsigned ch_arrival;                 /* arrivals when ch was opened */
	bool reopen_noted;                   /* the latest arrival's tty did not open yet */
	struct transcript *tr;
	struct slot_unit u;
	char urc[16][AT_LINE_MAX];           /* URC lines not yet handled, oldest first */
	int urc_n;
};

/* What a wait ended with (bits). */
enum slot_wake {
	SLOT_WOKE_TIMEOUT = 1 << 0,
	SLOT_WOKE_MAIL    = 1 << 1,
	SLOT_WOKE_CMD     = 1 << 2,
	SLOT_WOKE_GATE    = 1 << 3,
};

/* slot.c */
unsigned slot_wait(struct slot *s, int64_t deadline_ms, int extra_fd);
void slot_take_mail(struct slot *s);
void slot_take_commands(struct slot *s);
bool slot_stop(struct slot *s);
void slot_detail(struct slot *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void slot_publish_unit(struct slot *s);
void slot_log(struct slot *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int slot_open_port(struct slot *s, char *err, size_t errlen);
void slot_close_port(struct slot *s);
enum at_status slot_at(struct slot *s, const char *cmd, const char *const *prefixes, int64_t timeout_ms,
		       struct at_response *resp);
void slot_set_result(struct slot *s, enum slot_state result, enum errcode err, const char *module_code,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

struct at_ident;

/* The steps of one unit (slot_flow.c runs them; the update ones are in slot_follow.c). */
enum slot_step {
	STEP_OPEN,          /* open the AT port, echo off, numeric errors */
	STEP_IDENTIFY,      /* model, version, IMEI; one slot per IMEI */
	STEP_DECIDE,        /* skip, flash, or refuse without writing anything */
	STEP_URC_PORT,      /* the module must report its update on this port */
	STEP_QUEUE,         /* wait for an upload turn */
	STEP_UPLOAD,        /* free space, stale copy, AT+QFUPL */
	STEP_START_UPDATE,  /* journal, AT+QFOTADL */
	STEP_DOWNLOAD,      /* a URL package: the module downloads it (slot_download.c) */
	STEP_FOLLOW,        /* reboots and +QIND: "FOTA" reports until the module's verdict */
	STEP_VERIFY,        /* the new firmware boots: version, IMEI, delete the package */
	STEP_GAVE_UP,       /* the module gave up: wait for it to boot the old firmware, clean up */
	STEP_RESUME,        /* a journal entry: watch a unit a previous run started */
	STEP_DONE,
};

const struct config *slot_cfg(const struct slot *s);
bool slot_has_result(const struct slot *s);
enum slot_step slot_aborted(struct slot *s);
enum slot_step slot_fail(struct slot *s, enum errcode e, const char *module_code, const char *text);
enum slot_step slot_engine_fail(struct slot *s, int rc, const char *text, enum slot_step again);
void slot_go(struct slot *s, enum slot_state to, const char *why);
void slot_attach_transcript(struct slot *s);
int slot_read_version(struct slot *s, struct at_ident *id, char *err, size_t errlen);
enum slot_step slot_start_update(struct slot *s);
enum slot_step slot_download(struct slot *s);
enum slot_step slot_follow(struct slot *s);
enum slot_step slot_verify(struct slot *s);
enum slot_step slot_gave_up(struct slot *s);
enum slot_step slot_resume(struct slot *s);

/* slot_flow.c: runs one unit from identification to its result (s->u.result). */
void slot_flow_run(struct slot *s);
/* slot_record.c: the unit's CSV record. */
void slot_record_write(struct slot *s, int64_t finished_wall_ms);
#endif
